using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The policy cannot be compiled or evaluated.</summary>
    Error,

    /// <summary>Suspicious but not fatal.</summary>
    Warning,
}

/// <summary>
/// One problem found while parsing, compiling or evaluating, with OPA's error code (see <see cref="ErrorCodes"/>).
/// </summary>
/// <param name="Code">OPA's error code, e.g. <c>rego_parse_error</c>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">The message, in OPA's wording where OPA has one.</param>
/// <param name="Span">Where it happened, when known.</param>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, SourceSpan? Span)
{
    /// <summary>Creates an error diagnostic.</summary>
    /// <param name="code">OPA's error code.</param>
    /// <param name="message">The message.</param>
    /// <param name="span">Where, when known.</param>
    /// <returns>The diagnostic.</returns>
    public static Diagnostic Error(string code, string message, SourceSpan? span = null) =>
        new(code, DiagnosticSeverity.Error, message, span);

    /// <summary>Gets the file path, when known.</summary>
    public string? File => Span?.Source.Path;

    /// <summary>Gets the 1-based line, when known.</summary>
    public int? Line => Span?.Line;

    /// <summary>Gets the 1-based column, when known.</summary>
    public int? Column => Span?.Column;

    /// <inheritdoc/>
    public override string ToString() =>
        Span is { } s ? $"{s.Source.Path}:{s.Line}:{s.Column}: {Code}: {Message}" : $"{Code}: {Message}";
}

/// <summary>OPA's error codes, so expected errors in OPA's compliance cases match unchanged.</summary>
public static class ErrorCodes
{
    /// <summary>The text is not valid Rego.</summary>
    public const string ParseError = "rego_parse_error";

    /// <summary>A general compile error (conflicting rules, bad imports, …).</summary>
    public const string CompileError = "rego_compile_error";

    /// <summary>A type error found at compile time (e.g. wrong number of arguments).</summary>
    public const string TypeError = "rego_type_error";

    /// <summary>A variable is not bound by any positive expression.</summary>
    public const string UnsafeVarError = "rego_unsafe_var_error";

    /// <summary>Rules depend on each other recursively.</summary>
    public const string RecursionError = "rego_recursion_error";

    /// <summary>Complete rules or functions produced different values for the same input.</summary>
    public const string ConflictError = "eval_conflict_error";

    /// <summary>A builtin received an operand of the wrong type.</summary>
    public const string EvalTypeError = "eval_type_error";

    /// <summary>A builtin failed for another reason (strict mode).</summary>
    public const string BuiltinError = "eval_builtin_error";

    /// <summary>Evaluation was cancelled or exceeded its limits.</summary>
    public const string CancelError = "eval_cancel_error";

    /// <summary>An internal evaluation error.</summary>
    public const string InternalError = "eval_internal_error";
}

/// <summary>An evaluation error: carries exactly one <see cref="Diagnostic"/>.</summary>
public sealed class RegoException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="RegoException"/> class.</summary>
    /// <param name="diagnostic">What went wrong.</param>
    public RegoException(Diagnostic diagnostic)
        : base(diagnostic.ToString()) => Diagnostic = diagnostic;

    /// <summary>Initializes a new instance of the <see cref="RegoException"/> class.</summary>
    public RegoException()
        : this(Diagnostic.Error(ErrorCodes.InternalError, "unknown error"))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RegoException"/> class.</summary>
    /// <param name="message">The message (code <c>eval_internal_error</c>).</param>
    public RegoException(string message)
        : this(Diagnostic.Error(ErrorCodes.InternalError, message))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="RegoException"/> class.</summary>
    /// <param name="message">The message (code <c>eval_internal_error</c>).</param>
    /// <param name="innerException">The cause.</param>
    public RegoException(string message, Exception innerException)
        : base(message, innerException) => Diagnostic = Diagnostic.Error(ErrorCodes.InternalError, message);

    /// <summary>Gets the diagnostic.</summary>
    public Diagnostic Diagnostic { get; }
}
