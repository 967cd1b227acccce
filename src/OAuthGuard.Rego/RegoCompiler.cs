using System.Collections.Immutable;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego;

/// <summary>
/// Collects modules and base data, then compiles them into an immutable <see cref="CompiledPolicy"/> that can be
/// evaluated many times, from many threads. Parse and compile problems come back as diagnostics, never exceptions.
/// </summary>
public sealed class RegoCompiler
{
    private readonly List<(string Path, string Source)> _modules = [];
    private readonly List<RegoValue> _data = [];

    /// <summary>Initializes a new instance of the <see cref="RegoCompiler"/> class.</summary>
    /// <param name="options">Compilation options (default: <see cref="CompilerOptions.Default"/>).</param>
    public RegoCompiler(CompilerOptions? options = null) => Options = options ?? CompilerOptions.Default;

    /// <summary>Gets the compilation options.</summary>
    public CompilerOptions Options { get; }

    /// <summary>Adds a Rego module.</summary>
    /// <param name="path">The path shown in diagnostics.</param>
    /// <param name="source">The Rego text.</param>
    /// <returns>This compiler.</returns>
    public RegoCompiler AddModule(string path, string source)
    {
        _modules.Add((path, source));
        return this;
    }

    /// <summary>Adds base documents, merged into <c>data</c> at the root.</summary>
    /// <param name="data">An object; nested objects merge with earlier ones.</param>
    /// <returns>This compiler.</returns>
    public RegoCompiler AddData(RegoValue data)
    {
        _data.Add(data);
        return this;
    }

    /// <summary>Parses and compiles everything added so far.</summary>
    /// <returns>The policy, or the diagnostics that prevented it.</returns>
    public CompilationResult Compile() =>
        Compilation.Compiler.Compile([.. _modules], [.. _data], Options);

    internal ImmutableArray<(string Path, string Source)> Modules => [.. _modules];
}
