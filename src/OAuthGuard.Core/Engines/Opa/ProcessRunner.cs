using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace OAuthGuard.Engines.Opa;

/// <summary>What a child process did.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Standard output, decoded as UTF-8.</param>
/// <param name="StandardError">Standard error, decoded as UTF-8.</param>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs a child process without a shell: arguments go through <see cref="ProcessStartInfo.ArgumentList"/>, so no
/// quoting or expansion applies. Time and output are bounded; on either limit the whole process tree is killed.
/// </summary>
internal static class ProcessRunner
{
    private static readonly string[] KeptVariables = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL"];

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

        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // NOTE: Rego's opa.runtime() shows a policy the process environment, and policies may come from the
        // repository being scanned; so opa gets only what it needs to run, never tokens or other secrets.
        var inherited = startInfo.Environment.ToDictionary(StringComparer.Ordinal);
        startInfo.Environment.Clear();
        foreach (var name in KeptVariables)
        {
            if (inherited.TryGetValue(name, out var value))
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new OpaException(
                OpaFailure.NotFound,
                $"cannot run '{executable}': {ex.Message}. Install OPA 1.x (https://www.openpolicyagent.org/docs/#running-opa) and put it on PATH, pass --opa-path, or use --engine embedded.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream, options.MaxOutputBytes, timeout);
        var stderr = ReadBoundedAsync(process.StandardError.BaseStream, options.MaxOutputBytes, timeout);
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(standardInput, timeout.Token).ConfigureAwait(false);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            if (output is null || error is null)
            {
                Kill(process);
                throw new OpaException(OpaFailure.OutputTooLarge, $"'{executable} {CommandName(arguments)}' wrote more than {options.MaxOutputBytes} bytes; stopped it.");
            }

            return new ProcessResult(process.ExitCode, output, error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            if (stdout.IsCompletedSuccessfully && stdout.Result is null)
            {
                throw new OpaException(OpaFailure.OutputTooLarge, $"'{executable} {CommandName(arguments)}' wrote more than {options.MaxOutputBytes} bytes; stopped it.");
            }

            throw new OpaException(OpaFailure.Timeout, $"'{executable} {CommandName(arguments)}' did not finish within {options.Timeout.TotalSeconds:0.#} s; stopped it.");
        }
        catch (IOException ex)
        {
            // The child closed standard input early (it crashed or does not read input).
            Kill(process);
            throw new OpaException(OpaFailure.Crashed, $"'{executable}' stopped while receiving its input: {ex.Message}");
        }
        finally
        {
            Kill(process);
        }
    }

    /// <summary>Reads a stream to the end; returns null (and cancels the call) once it exceeds the limit.</summary>
    private static async Task<string?> ReadBoundedAsync(Stream stream, int limit, CancellationTokenSource onOverflow)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(chunk).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (IOException)
            {
                break;
            }

            if (read == 0)
            {
                break;
            }

            if (buffer.Length + read > limit)
            {
                await onOverflow.CancelAsync().ConfigureAwait(false);
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string CommandName(IReadOnlyList<string> arguments) => arguments.Count > 0 ? arguments[0] : string.Empty;

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
