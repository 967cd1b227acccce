using OAuthGuard.Processes;

namespace OAuthGuard.Engines.Opa;

/// <summary>What a child process did.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Standard output, decoded as UTF-8.</param>
/// <param name="StandardError">Standard error, decoded as UTF-8.</param>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs opa through the shared <see cref="ChildProcess"/> runner (no shell, argument list, minimal environment,
/// bounded time and output, process tree killed on a limit) and turns its failures into <see cref="OpaException"/>s
/// with opa-specific advice.
/// </summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string executable,
        IReadOnlyList<string> arguments,
        byte[]? standardInput,
        OpaOptions options,
        CancellationToken cancellationToken)
    {
        // NOTE: a bare name would make Process.Start search the application and current folders before PATH, and the
        // current folder may be the checkout being scanned; callers resolve with ExecutableLocator first.
        if (!Path.IsPathFullyQualified(executable))
        {
            throw new ArgumentException($"'{executable}' must be an absolute path (resolve it with ExecutableLocator)", nameof(executable));
        }

        // NOTE: Rego's opa.runtime() shows a policy the process environment, and policies may come from the
        // repository being scanned; the shared runner gives opa only what it needs to run, never tokens.
        ChildProcessResult result;
        try
        {
            result = await ChildProcess.RunAsync(executable, arguments, standardInput, new ChildProcessOptions(options.Timeout, options.MaxOutputBytes), null, cancellationToken).ConfigureAwait(false);
        }
        catch (ChildProcessException ex)
        {
            throw ex.Failure switch
            {
                ChildProcessFailure.NotStarted => new OpaException(
                    OpaFailure.NotFound,
                    $"{ex.Message}. Install OPA 1.x (https://www.openpolicyagent.org/docs/#running-opa) and put it on PATH, pass --opa-path, or use --engine embedded."),
                ChildProcessFailure.Timeout => new OpaException(OpaFailure.Timeout, ex.Message),
                ChildProcessFailure.OutputTooLarge => new OpaException(OpaFailure.OutputTooLarge, ex.Message),
                _ => new OpaException(OpaFailure.Crashed, ex.Message),
            };
        }

        return new ProcessResult(result.ExitCode, result.OutputText, result.StandardError);
    }
}
