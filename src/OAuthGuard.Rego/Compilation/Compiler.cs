using System.Collections.Immutable;
using System.Diagnostics;
using OAuthGuard.Rego.Compilation.Stages;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation;

/// <summary>Runs the compiler's stages, in order, over the added modules and data.</summary>
internal static class Compiler
{
    /// <summary>The stages, in the order they run. Adding a stage means one file and one line here.</summary>
    public static readonly ImmutableArray<ICompilerStage> Stages =
    [
        new ParseModules(),
        new MergeBaseData(),
        new ResolveImportsAndRefs(),
        new BuildRuleTree(),
        new CheckRuleConflicts(),
        new CheckUndefinedFunctions(),
        new CheckSafety(),
        new CheckRecursion(),
        new AttachAnnotations(),
    ];

    public static CompilationResult Compile(ImmutableArray<(string Path, string Source)> modules, ImmutableArray<RegoValue> data, CompilerOptions options) =>
        Compile(modules, data, options, stopAfter: null).Result;

    /// <summary>Runs the stages up to and including <paramref name="stopAfter"/> (all when null).</summary>
    public static (CompilationResult Result, CompilationContext Context) Compile(
        ImmutableArray<(string Path, string Source)> modules,
        ImmutableArray<RegoValue> data,
        CompilerOptions options,
        string? stopAfter)
    {
        var context = new CompilationContext(modules, data, options);
        foreach (var stage in Stages)
        {
            var sw = Stopwatch.StartNew();
            stage.Run(context);
            context.Timings.Add((stage.Name, sw.Elapsed));
            if (context.ErrorCount > 0 || stage.Name == stopAfter)
            {
                break;
            }
        }

        var diagnostics = context.Diagnostics
            .OrderBy(d => d.File, StringComparer.Ordinal)
            .ThenBy(d => d.Span?.Start ?? -1)
            .Take(Math.Max(1, options.MaxErrors))
            .ToImmutableArray();
        if (context.ErrorCount > 0 || stopAfter is not null)
        {
            return (new CompilationResult(null, diagnostics), context);
        }

        var policy = new CompiledPolicy(context);
        return (new CompilationResult(policy, diagnostics), context);
    }
}
