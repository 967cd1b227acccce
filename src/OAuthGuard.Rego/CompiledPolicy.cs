using System.Collections.Immutable;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego;

/// <summary>
/// A compiled, immutable policy: modules, base data and annotations. Safe to share across threads; each
/// <see cref="Evaluate"/> call has its own state.
/// </summary>
public sealed partial class CompiledPolicy
{
    /// <summary>Gets every annotation, attached to its target path, ordered by path then location.</summary>
    public ImmutableArray<AnnotationEntry> Annotations { get; private init; } = [];

    /// <summary>Evaluates a query such as <c>data.a.b</c> or <c>x := data.p[_]; x &gt; 1</c>.</summary>
    /// <param name="query">The Rego query text.</param>
    /// <param name="input">The input document, or null for none (then <c>input</c> is undefined).</param>
    /// <param name="options">Limits and evaluation options.</param>
    /// <param name="cancellationToken">Cancels the evaluation (<c>eval_cancel_error</c>).</param>
    /// <returns>The solutions.</returns>
    /// <exception cref="Diagnostics.RegoException">The query does not parse or compile, or evaluation failed.</exception>
    public QueryResult Evaluate(string query, RegoValue? input = null, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = query;
        _ = input;
        _ = options;
        _ = cancellationToken;
        _ = Annotations;
        throw new NotImplementedException("the evaluator is being written");
    }
}
