using System.Collections.Immutable;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation;

/// <summary>Runs the compiler's stages over parsed modules.</summary>
internal static class Compiler
{
    public static CompilationResult Compile(ImmutableArray<(string Path, string Source)> modules, ImmutableArray<RegoValue> data, CompilerOptions options)
    {
        _ = modules;
        _ = data;
        _ = options;
        throw new NotImplementedException("the compiler is being written");
    }
}
