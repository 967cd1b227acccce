using System.Collections.Immutable;
using OAuthGuard.Rego.Evaluation;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// A builtin's implementation: returns the result, or null for "undefined". Type errors are reported by throwing
/// <see cref="OperandException"/> (operand helpers throw it with OPA's wording), other failures by <see cref="BuiltinException"/>.
/// </summary>
/// <param name="context">Per-call context: cancellation, clock, print sink, caches.</param>
/// <param name="args">The evaluated arguments.</param>
/// <returns>The result, or null when undefined.</returns>
internal delegate RegoValue? BuiltinFunction(BuiltinContext context, ReadOnlySpan<RegoValue> args);

/// <summary>A declared parameter.</summary>
/// <param name="Name">The parameter name, as OPA's capabilities list it.</param>
/// <param name="Type">The accepted types, in OPA's notation (e.g. <c>any</c>, <c>string</c>, <c>array[number]|set[number]</c>).</param>
public sealed record BuiltinParameter(string Name, string Type);

/// <summary>A builtin's declaration, apart from its implementation.</summary>
/// <param name="Name">The dotted name, e.g. <c>strings.replace_n</c>.</param>
/// <param name="Parameters">The parameters.</param>
/// <param name="Result">The result type in OPA's notation.</param>
/// <param name="Category">The family, e.g. <c>strings</c>.</param>
/// <param name="Description">One sentence.</param>
public sealed record BuiltinDeclaration(string Name, ImmutableArray<BuiltinParameter> Parameters, string Result, string Category, string Description)
{
    /// <summary>Gets a value indicating whether results may differ between calls with equal arguments (cached once per query).</summary>
    public bool Nondeterministic { get; init; }

    /// <summary>Gets a value indicating whether the builtin takes any number of arguments (like <c>print</c>).</summary>
    public bool Variadic { get; init; }

    /// <summary>Gets a value indicating whether the builtin is a relation that may yield several results (like <c>walk</c>); the implementation then returns an array of results.</summary>
    public bool Relation { get; init; }

    /// <summary>
    /// Gets why OAuthGuard deliberately declares this builtin without providing it (it would reach the network, a
    /// resolver or cloud credentials: <c>http.send</c>, <c>net.lookup_ip_addr</c>, <c>providers.aws.sign_req</c>), or
    /// null for a builtin it provides. A policy may call a withheld builtin only where a <c>with</c> replaces it (a mock
    /// in a test); any other call is a compile error, and an unreplaced call reached at run time an error.
    /// </summary>
    public string? Withheld { get; init; }

    /// <summary>Gets the link to OPA's policy reference.</summary>
    public string SpecUrl => $"https://www.openpolicyagent.org/docs/policy-reference/#builtin-{Category}-{Name.Replace(".", string.Empty, StringComparison.Ordinal)}";
}

/// <summary>A declared builtin with its implementation.</summary>
/// <param name="Declaration">The declaration.</param>
/// <param name="Function">The implementation.</param>
internal sealed record Builtin(BuiltinDeclaration Declaration, BuiltinFunction Function);

/// <summary>What a builtin may use while it runs.</summary>
internal sealed class BuiltinContext
{
    private readonly Dictionary<string, RegoValue> _cache;

    /// <summary>Initializes a new instance of the <see cref="BuiltinContext"/> class.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="print">Where <c>print</c> writes, or null to discard.</param>
    /// <param name="cache">A per-query cache shared by every call in the query.</param>
    /// <param name="cancellationToken">Cancels long-running builtins.</param>
    /// <param name="budget">The query's size budget (none when null).</param>
    public BuiltinContext(TimeProvider time, TextWriter? print, Dictionary<string, RegoValue> cache, CancellationToken cancellationToken, SizeBudget? budget = null)
    {
        Budget = budget ?? SizeBudget.Unbounded;
        CancellationToken = cancellationToken;
        Time = time;
        Print = print;
        _cache = cache;
    }

    /// <summary>Gets the cancellation token.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Gets the query's size budget: builtins whose result can be far larger than their arguments check it first.</summary>
    public SizeBudget Budget { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets where <c>print</c> writes.</summary>
    public TextWriter? Print { get; }

    /// <summary>Gets or sets where the current call stands in the source (for print and trace).</summary>
    public SourceSpan? Location { get; set; }

    /// <summary>Returns a cached value for the query, computing it on first use (for <c>time.now_ns</c> and the like).</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="compute">Computes the value.</param>
    /// <returns>The cached value.</returns>
    public RegoValue GetOrAdd(string key, Func<RegoValue> compute)
    {
        if (!_cache.TryGetValue(key, out var value))
        {
            value = compute();
            _cache[key] = value;
        }

        return value;
    }
}

/// <summary>An operand of the wrong type; turned into <c>eval_type_error</c> with OPA's wording.</summary>
internal sealed class OperandException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OperandException"/> class.</summary>
    /// <param name="message">The message without the builtin name prefix, e.g. <c>operand 1 must be string but got number</c>.</param>
    public OperandException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OperandException"/> class.</summary>
    public OperandException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OperandException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OperandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A builtin failure other than a type error (<c>eval_builtin_error</c>); undefined unless strict.</summary>
internal sealed class BuiltinException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="BuiltinException"/> class.</summary>
    /// <param name="message">The message without the builtin name prefix.</param>
    public BuiltinException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BuiltinException"/> class.</summary>
    public BuiltinException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BuiltinException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BuiltinException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
