namespace OAuthGuard.Engines.Opa;

/// <summary>How OAuthGuard runs the Open Policy Agent CLI.</summary>
public sealed record OpaOptions
{
    /// <summary>Gets the default options: <c>opa</c> from PATH, one minute per call, 64 MiB of output at most.</summary>
    public static OpaOptions Default { get; } = new();

    /// <summary>
    /// Gets the executable: a path the user chose, or a bare name looked up with
    /// <see cref="Processes.ExecutableLocator"/> on the absolute entries of PATH only (never the current folder nor
    /// <see cref="UntrustedFolders"/>). Either way it is started by its absolute path.
    /// </summary>
    public string ExecutablePath { get; init; } = "opa";

    /// <summary>Gets the PATH searched for a bare <see cref="ExecutablePath"/>; null means this process's PATH.</summary>
    public string? SearchPath { get; init; }

    /// <summary>Gets folders whose content is untrusted (the scanned repository): PATH entries inside them are skipped.</summary>
    public IReadOnlyList<string> UntrustedFolders { get; init; } = [];

    /// <summary>
    /// Gets a value indicating whether opa is given a capabilities file listing exactly the embedded engine's builtins
    /// (<see cref="OpaCapabilities"/>), so no network builtin is reachable; on by default.
    /// </summary>
    public bool RestrictToEmbeddedBuiltins { get; init; } = true;

    /// <summary>Gets how long one call may run before it is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the most bytes read from standard output or standard error of one call.</summary>
    public int MaxOutputBytes { get; init; } = 64 * 1024 * 1024;
}

/// <summary>Why a call of the OPA CLI failed; never turned into "no findings".</summary>
public enum OpaFailure
{
    /// <summary>The executable was not found or could not be started.</summary>
    NotFound,

    /// <summary>The executable is older than OPA 1.0, or its version could not be read.</summary>
    UnsupportedVersion,

    /// <summary>The call ran longer than <see cref="OpaOptions.Timeout"/>.</summary>
    Timeout,

    /// <summary>The process exited with an unexpected code and no error report.</summary>
    Crashed,

    /// <summary>The process wrote more than <see cref="OpaOptions.MaxOutputBytes"/>.</summary>
    OutputTooLarge,

    /// <summary>The output was not the JSON OPA documents.</summary>
    UnreadableOutput,

    /// <summary>OPA reported errors (parse, compile or evaluation) in its JSON error format.</summary>
    PolicyErrors,
}

/// <summary>One error as OPA reports it in <c>{"errors":[…]}</c>.</summary>
/// <param name="Code">OPA's error code, e.g. <c>rego_parse_error</c>.</param>
/// <param name="Message">OPA's message.</param>
/// <param name="File">The file, when OPA gave a location.</param>
/// <param name="Row">The 1-based line, when given.</param>
/// <param name="Column">The 1-based column, when given.</param>
public sealed record OpaError(string Code, string Message, string? File, int? Row, int? Column)
{
    /// <inheritdoc/>
    public override string ToString() =>
        File is null ? $"{Code}: {Message}" : $"{File}:{Row ?? 0}:{Column ?? 0}: {Code}: {Message}";
}

/// <summary>A failed call of the OPA CLI, with a message fit for the user.</summary>
public sealed class OpaException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OpaException"/> class.</summary>
    /// <param name="failure">What kind of failure.</param>
    /// <param name="message">A message that says what happened and what to do.</param>
    /// <param name="errors">OPA's own errors, for <see cref="OpaFailure.PolicyErrors"/>.</param>
    public OpaException(OpaFailure failure, string message, IReadOnlyList<OpaError>? errors = null)
        : base(message)
    {
        Failure = failure;
        Errors = errors ?? [];
    }

    /// <summary>Initializes a new instance of the <see cref="OpaException"/> class.</summary>
    public OpaException()
        : this(OpaFailure.Crashed, "the opa command failed")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OpaException"/> class.</summary>
    /// <param name="message">The message.</param>
    public OpaException(string message)
        : this(OpaFailure.Crashed, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OpaException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OpaException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = OpaFailure.Crashed;
        Errors = [];
    }

    /// <summary>Gets what kind of failure this is.</summary>
    public OpaFailure Failure { get; }

    /// <summary>Gets OPA's own errors, when it reported any.</summary>
    public IReadOnlyList<OpaError> Errors { get; }
}
