using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace OAuthGuard.Processes;

/// <summary>Why a child process gave no usable result.</summary>
public enum ChildProcessFailure
{
    /// <summary>The program could not be started.</summary>
    NotStarted,

    /// <summary>It ran longer than allowed and was stopped.</summary>
    Timeout,

    /// <summary>It wrote more than allowed and was stopped.</summary>
    OutputTooLarge,

    /// <summary>It stopped while its input was being written.</summary>
    Crashed,
}

/// <summary>A child process that could not run to the end.</summary>
public sealed class ChildProcessException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChildProcessException(ChildProcessFailure failure, string message)
        : base(message) => Failure = failure;

    /// <summary>Creates the exception (for serializers; <see cref="Failure"/> is <see cref="ChildProcessFailure.NotStarted"/>).</summary>
    public ChildProcessException()
    {
    }

    /// <summary>Creates the exception (for serializers; <see cref="Failure"/> is <see cref="ChildProcessFailure.NotStarted"/>).</summary>
    public ChildProcessException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception (for serializers; <see cref="Failure"/> is <see cref="ChildProcessFailure.NotStarted"/>).</summary>
    public ChildProcessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>What went wrong.</summary>
    public ChildProcessFailure Failure { get; }
}

/// <summary>What a child process did.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="StandardOutput">Standard output, as bytes (git prints file contents, which need not be UTF-8).</param>
/// <param name="StandardError">Standard error, decoded as UTF-8.</param>
public sealed record ChildProcessResult(int ExitCode, byte[] StandardOutput, string StandardError)
{
    /// <summary>Standard output decoded as UTF-8.</summary>
    public string OutputText => Encoding.UTF8.GetString(StandardOutput);
}

/// <summary>Limits for one child process.</summary>
/// <param name="Timeout">Wall-clock limit; the process tree is killed after it.</param>
/// <param name="MaxOutputBytes">Limit on standard output and on standard error (each).</param>
/// <param name="WorkingDirectory">The folder the process starts in; the current one when null.</param>
public sealed record ChildProcessOptions(TimeSpan Timeout, int MaxOutputBytes, string? WorkingDirectory = null);

/// <summary>
/// Runs a program without a shell: the executable is an absolute path (see <see cref="ExecutableLocator"/>), the
/// arguments go through <see cref="ProcessStartInfo.ArgumentList"/> (no quoting, no expansion), the environment is
/// reduced to what a program needs to run (no tokens or other secrets), and time and output are bounded; on either
/// limit the whole process tree is killed. Used for git; the opa engine has its own runner with OPA-specific errors.
/// </summary>
public static class ChildProcess
{
    private static readonly string[] KeptVariables = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL"];

    /// <summary>Runs <paramref name="executable"/> to the end and returns what it did.</summary>
    /// <param name="executable">Absolute path of the program.</param>
    /// <param name="arguments">Its arguments, each passed as is.</param>
    /// <param name="standardInput">Bytes written to its standard input, which is then closed; null for none.</param>
    /// <param name="options">Limits and the working folder.</param>
    /// <param name="extraEnvironment">Variables set on top of the minimal environment.</param>
    /// <param name="cancellationToken">Stops the process.</param>
    /// <exception cref="ChildProcessException">The process could not start, or hit a limit.</exception>
    public static async Task<ChildProcessResult> RunAsync(
        string executable,
        IReadOnlyList<string> arguments,
        byte[]? standardInput,
        ChildProcessOptions options,
        IReadOnlyDictionary<string, string>? extraEnvironment = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(options);
        if (!Path.IsPathFullyQualified(executable))
        {
            // A bare name would make Process.Start search the current folder (maybe the scanned checkout) before PATH.
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
        if (options.WorkingDirectory is not null)
        {
            startInfo.WorkingDirectory = options.WorkingDirectory;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var inherited = startInfo.Environment.ToDictionary(StringComparer.Ordinal);
        startInfo.Environment.Clear();
        foreach (var name in KeptVariables)
        {
            if (inherited.TryGetValue(name, out var value))
            {
                startInfo.Environment[name] = value;
            }
        }

        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var display = $"{Path.GetFileName(executable)} {(arguments.Count > 0 ? arguments[0] : string.Empty)}".TrimEnd();
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ChildProcessException(ChildProcessFailure.NotStarted, $"cannot run '{executable}': {ex.Message}");
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
                throw new ChildProcessException(ChildProcessFailure.OutputTooLarge, $"'{display}' wrote more than {options.MaxOutputBytes} bytes; stopped it.");
            }

            return new ChildProcessResult(process.ExitCode, output, Encoding.UTF8.GetString(error));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            if (stdout.IsCompletedSuccessfully && stdout.Result is null)
            {
                throw new ChildProcessException(ChildProcessFailure.OutputTooLarge, $"'{display}' wrote more than {options.MaxOutputBytes} bytes; stopped it.");
            }

            throw new ChildProcessException(ChildProcessFailure.Timeout, $"'{display}' did not finish within {options.Timeout.TotalSeconds:0.#} s; stopped it.");
        }
        catch (IOException ex)
        {
            Kill(process);
            throw new ChildProcessException(ChildProcessFailure.Crashed, $"'{display}' stopped while receiving its input: {ex.Message}");
        }
        finally
        {
            Kill(process);
        }
    }

    /// <summary>Reads a stream to the end; returns null (and cancels the call) once it exceeds the limit.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(Stream stream, int limit, CancellationTokenSource onOverflow)
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
            catch (Exception e) when (e is ObjectDisposedException or IOException)
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

        return buffer.ToArray();
    }

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
