using System.Collections.Concurrent;
using System.Collections.Immutable;
using OAuthGuard.Rego.Compilation;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Evaluation;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego;

/// <summary>
/// A compiled, immutable policy: modules, base data and annotations. Safe to share across threads; each
/// <see cref="Evaluate"/> call has its own state. Compiled queries are cached, so repeating a query is cheap.
/// </summary>
public sealed partial class CompiledPolicy
{
    private readonly ConcurrentDictionary<string, CompiledQuery> _queries = new(StringComparer.Ordinal);

    internal CompiledPolicy(CompilationContext context)
    {
        Model = new PolicyModel(context);
        Annotations = [.. context.Annotations];
        StageTimings = [.. context.Timings];
    }

    /// <summary>Gets every annotation, attached to its target path, ordered by path then location.</summary>
    public ImmutableArray<AnnotationEntry> Annotations { get; private init; } = [];

    /// <summary>Gets how long each compiler stage took, in run order.</summary>
    public ImmutableArray<(string Stage, TimeSpan Elapsed)> StageTimings { get; }

    internal PolicyModel Model { get; }

    /// <summary>Evaluates a query such as <c>data.a.b</c> or <c>x := data.p[_]; x &gt; 1</c>.</summary>
    /// <param name="query">The Rego query text.</param>
    /// <param name="input">The input document, or null for none (then <c>input</c> is undefined).</param>
    /// <param name="options">Limits and evaluation options.</param>
    /// <param name="cancellationToken">Cancels the evaluation (<c>eval_cancel_error</c>).</param>
    /// <returns>The solutions.</returns>
    /// <exception cref="RegoException">The query does not parse or compile, or evaluation failed.</exception>
    public QueryResult Evaluate(string query, RegoValue? input = null, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var compiled = PrepareQuery(query);
        var evaluator = new Evaluator(Model, input, options ?? EvaluationOptions.Default, cancellationToken);
        return evaluator.Run(compiled);
    }

    private CompiledQuery PrepareQuery(string query)
    {
        if (_queries.TryGetValue(query, out var cached))
        {
            return cached;
        }

        var diagnostics = new List<Diagnostic>();
        var compiled = QueryCompiler.Compile(Model, query, diagnostics);
        if (diagnostics.Count > 0)
        {
            throw new RegoException(diagnostics[0]);
        }

        _queries.TryAdd(query, compiled);
        return compiled;
    }
}
