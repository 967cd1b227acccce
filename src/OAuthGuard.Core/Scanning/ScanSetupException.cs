using System.Collections.Immutable;
using OAuthGuard.Findings;

namespace OAuthGuard.Scanning;

/// <summary>
/// The scan cannot run: a bad configuration file, a policy that does not compile, a missing
/// folder or an unknown engine. Carries every problem found (each with file and line where
/// known) so the user fixes them in one go. The CLI maps it to exit code 2.
/// </summary>
public sealed class ScanSetupException : Exception
{
    /// <summary>Creates the exception from one or more problems.</summary>
    public ScanSetupException(IEnumerable<ToolNotification> errors)
        : base(Describe(errors))
    {
        Errors = [.. errors];
    }

    /// <summary>Creates the exception from a single message without a location.</summary>
    public ScanSetupException(string code, string message)
        : this([new ToolNotification(code, "error", message, null, null, null)])
    {
    }

    /// <summary>Creates an exception without details (required by the analyzers; prefer the other constructors).</summary>
    public ScanSetupException()
        : this("setup_error", "The scan could not be set up.")
    {
    }

    /// <summary>Creates the exception from a message (prefer the other constructors).</summary>
    public ScanSetupException(string message)
        : this("setup_error", message)
    {
    }

    /// <summary>Creates the exception from a message and a cause.</summary>
    public ScanSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new ToolNotification("setup_error", "error", message, null, null, null)];
    }

    /// <summary>Every problem found, in file and line order.</summary>
    public ImmutableArray<ToolNotification> Errors { get; }

    /// <summary>Formats a notification as <c>file:line:col: code: message</c>.</summary>
    public static string Format(ToolNotification n)
    {
        ArgumentNullException.ThrowIfNull(n);
        var where = n.File is null ? "" : n.Line is null ? $"{n.File}: " : n.Column is null ? $"{n.File}:{n.Line}: " : $"{n.File}:{n.Line}:{n.Column}: ";
        return $"{where}{n.Level}: {n.Message} [{n.Code}]";
    }

    private static string Describe(IEnumerable<ToolNotification> errors) =>
        string.Join(Environment.NewLine, errors.Select(Format));
}
