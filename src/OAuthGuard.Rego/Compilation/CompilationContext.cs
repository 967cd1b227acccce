using System.Collections.Immutable;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation;

/// <summary>A compiler stage: one step of the pipeline, reading and extending the shared context.</summary>
internal interface ICompilerStage
{
    /// <summary>Gets the stage's name, as timings and stop-after options name it.</summary>
    string Name { get; }

    /// <summary>Runs the stage; problems go to <see cref="CompilationContext.Diagnostics"/>.</summary>
    /// <param name="context">The compilation so far.</param>
    void Run(CompilationContext context);
}

/// <summary>Everything the stages share: sources, parsed modules, lowered rules, the data tree and diagnostics.</summary>
internal sealed class CompilationContext(ImmutableArray<(string Path, string Source)> sources, ImmutableArray<RegoValue> data, CompilerOptions options)
{
    public ImmutableArray<(string Path, string Source)> Sources { get; } = sources;

    public ImmutableArray<RegoValue> Data { get; } = data;

    public CompilerOptions Options { get; } = options;

    public Syntax.NodeIdGenerator Ids { get; } = new();

    public List<Diagnostic> Diagnostics { get; } = [];

    public List<RegoModule> Modules { get; } = [];

    public List<IrRule> Rules { get; } = [];

    public RuleTree Tree { get; } = new();

    /// <summary>Gets or sets the merged base documents.</summary>
    public RegoObject BaseData { get; set; } = RegoObject.Empty;

    public List<AnnotationEntry> Annotations { get; } = [];

    public AnnotationIndex AnnotationIndex { get; } = new();

    /// <summary>Gets per-stage timings, in run order.</summary>
    public List<(string Stage, TimeSpan Elapsed)> Timings { get; } = [];

    public int ErrorCount
    {
        get
        {
            var n = 0;
            foreach (var d in Diagnostics)
            {
                if (d.Severity == DiagnosticSeverity.Error)
                {
                    n++;
                }
            }

            return n;
        }
    }

    public void Error(string code, string message, SourceSpan? span) =>
        Diagnostics.Add(Diagnostic.Error(code, message, span));
}
