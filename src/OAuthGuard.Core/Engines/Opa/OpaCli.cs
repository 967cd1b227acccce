using System.Text;
using OAuthGuard.Processes;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Engines.Opa;

/// <summary>
/// The Open Policy Agent CLI as a child process: <c>opa version</c>, <c>opa eval</c> and <c>opa test</c>, with
/// bounded time and output. Every failure is an <see cref="OpaException"/> with a message for the user; a failed
/// call never looks like an empty result.
/// </summary>
public sealed class OpaCli
{
    private readonly OpaOptions _options;
    private OpaVersion? _version;
    private string? _resolved;

    /// <summary>Initializes a new instance of the <see cref="OpaCli"/> class.</summary>
    /// <param name="options">Where the executable is and the limits of each call.</param>
    public OpaCli(OpaOptions? options = null) => _options = options ?? OpaOptions.Default;

    /// <summary>Gets the executable that is run: its absolute path once found, else the name or path that was asked for.</summary>
    public string ExecutablePath => _resolved ?? _options.ExecutablePath;

    /// <summary>
    /// Returns the absolute path of the executable when it can be found: an explicit path that exists, or a bare name
    /// on an absolute PATH entry that is neither the current folder nor inside <paramref name="untrustedFolders"/>.
    /// </summary>
    /// <param name="executable">A path or a bare name.</param>
    /// <param name="path">The PATH variable to search.</param>
    /// <param name="untrustedFolders">Folders never searched (the scanned repository).</param>
    /// <returns>The absolute path, or null when not found.</returns>
    public static string? Locate(string executable, string? path, IEnumerable<string>? untrustedFolders = null) =>
        ExecutableLocator.Find(executable, path, untrustedFolders);

    /// <summary>Finds the executable once (see <see cref="Locate"/>); a miss is <see cref="OpaFailure.NotFound"/>.</summary>
    /// <returns>The absolute path that is started.</returns>
    public string ResolveExecutable()
    {
        if (_resolved is not null)
        {
            return _resolved;
        }

        var asked = _options.ExecutablePath;
        _resolved = Locate(asked, _options.SearchPath ?? Environment.GetEnvironmentVariable("PATH"), _options.UntrustedFolders)
            ?? throw new OpaException(OpaFailure.NotFound, NotFoundMessage(asked));
        return _resolved;
    }

    /// <summary>The message for an opa that cannot be found, shared with the CLI's engine choice.</summary>
    /// <param name="asked">The name or path that was looked for.</param>
    /// <returns>The message.</returns>
    public static string NotFoundMessage(string asked) =>
        (asked.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || asked.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal)
            ? $"cannot run '{asked}': no such executable file"
            : $"cannot run '{asked}': not found on PATH (only absolute PATH entries are searched, never the current folder or the scanned repository)")
        + ". Install OPA 1.x (https://www.openpolicyagent.org/docs/#running-opa) and put it on PATH, pass --opa-path, or use --engine embedded.";

    /// <summary>Runs <c>opa version</c> once and checks that it is 1.0 or newer.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version.</returns>
    public async Task<OpaVersion> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        if (_version is not null)
        {
            return _version;
        }

        var result = await RunAsync(OpaArguments.Version(), null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new OpaException(OpaFailure.Crashed, $"'{ExecutablePath} version' exited with code {result.ExitCode}: {OpaOutput.Excerpt(result.StandardError + result.StandardOutput)}");
        }

        var version = OpaOutput.ParseVersion(result.StandardOutput);
        if (version.Major < 1)
        {
            throw new OpaException(OpaFailure.UnsupportedVersion, $"'{ExecutablePath}' is OPA {version.Text}; OAuthGuard's policies are Rego v1 and need OPA 1.0 or newer.");
        }

        _version = version;
        return version;
    }

    /// <summary>Evaluates a single-expression query; returns its value, or null when it is undefined.</summary>
    /// <param name="dataPaths">Policy and data files.</param>
    /// <param name="query">The query, e.g. <c>data.oauthguard.rules</c>.</param>
    /// <param name="input">The input document, or null for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The value.</returns>
    public async Task<RegoValue?> EvalAsync(IReadOnlyList<string> dataPaths, string query, RegoValue? input, CancellationToken cancellationToken = default)
    {
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var stdin = input is null ? null : Encoding.UTF8.GetBytes(RegoJson.Serialize(input));
        var result = await RunAsync(OpaArguments.Eval(dataPaths, query, stdin is not null, CapabilitiesFile()), stdin, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw FailureFrom("opa eval", result);
        }

        return OpaOutput.ParseEval(result.StandardOutput);
    }

    /// <summary>
    /// Runs <c>opa eval --format json</c> with an input file and returns OPA's JSON output unchanged (results or
    /// <c>{"errors":…}</c>); for comparing whole result sets. Only a crash, a timeout or non-JSON output throws.
    /// </summary>
    /// <param name="dataPaths">Policy and data files.</param>
    /// <param name="query">The query.</param>
    /// <param name="inputFile">An input file, or null.</param>
    /// <param name="strictBuiltinErrors">Passes <c>--strict-builtin-errors</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The JSON text.</returns>
    public async Task<string> EvalJsonAsync(IReadOnlyList<string> dataPaths, string query, string? inputFile, bool strictBuiltinErrors, CancellationToken cancellationToken = default)
    {
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var args = new List<string>(OpaArguments.Eval(dataPaths, query, withInput: false, CapabilitiesFile()));
        var at = args.IndexOf("--");
        if (inputFile is not null)
        {
            args.InsertRange(at, ["--input", inputFile]);
            at += 2;
        }

        if (strictBuiltinErrors)
        {
            args.Insert(at, "--strict-builtin-errors");
        }

        var result = await RunAsync(args, null, cancellationToken).ConfigureAwait(false);
        var text = result.StandardOutput.TrimStart().StartsWith('{') ? result.StandardOutput : result.StandardError;
        if (OpaOutput.TryParseErrors(text).Count == 0 && result.ExitCode != 0)
        {
            throw FailureFrom("opa eval", result);
        }

        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            throw new OpaException(OpaFailure.UnreadableOutput, $"opa eval printed something that is not OPA's JSON output: {OpaOutput.Excerpt(text)}");
        }

        return text;
    }

    /// <summary>Runs <c>opa check</c>: parses and compiles the policies; compile errors raise <see cref="OpaFailure.PolicyErrors"/>.</summary>
    /// <param name="paths">Policy files.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the policies compiled.</returns>
    public async Task CheckAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var result = await RunAsync(OpaArguments.Check(paths, CapabilitiesFile()), null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw FailureFrom("opa check", result);
        }
    }

    /// <summary>Runs <c>opa test</c> and returns every result (exit code 2 means "some tests failed" and is not an error).</summary>
    /// <param name="paths">Policy, test and data paths.</param>
    /// <param name="runPattern">Only tests matching this regular expression, when given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The results.</returns>
    public async Task<IReadOnlyList<OpaTestResult>> TestAsync(IReadOnlyList<string> paths, string? runPattern, CancellationToken cancellationToken = default)
    {
        await GetVersionAsync(cancellationToken).ConfigureAwait(false);
        var result = await RunAsync(OpaArguments.Test(paths, runPattern, CapabilitiesFile()), null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode is not (0 or 2))
        {
            throw FailureFrom("opa test", result);
        }

        var results = OpaOutput.ParseTest(result.StandardOutput);
        if (result.ExitCode == 2 && results.All(r => r.Passed))
        {
            throw new OpaException(OpaFailure.UnreadableOutput, "opa test exited with code 2 (tests failed) but reported no failing test.");
        }

        return results;
    }

    /// <summary>
    /// Writes the capabilities file once per process into a private temporary folder (never a predictable shared
    /// path another user could plant), and returns its path; null when <see cref="OpaOptions.RestrictToEmbeddedBuiltins"/> is off.
    /// </summary>
    private string? CapabilitiesFile() => _options.RestrictToEmbeddedBuiltins ? SharedCapabilities.Value : null;

    private static readonly Lazy<string> SharedCapabilities = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("oauthguard-capabilities-").FullName;
        var file = Path.Combine(folder, "capabilities.json");
        File.WriteAllText(file, OpaCapabilities.Json(Rego.Builtins.BuiltinRegistry.Default));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temporary folder; harmless.
            }
        };
        return file;
    });

    private Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, byte[]? stdin, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(ResolveExecutable(), arguments, stdin, _options, cancellationToken);

    private static OpaException FailureFrom(string command, ProcessResult result)
    {
        var errors = OpaOutput.TryParseErrors(result.StandardOutput);
        if (errors.Count == 0)
        {
            errors = OpaOutput.TryParseErrors(result.StandardError);
        }

        return errors.Count > 0
            ? new OpaException(OpaFailure.PolicyErrors, $"{command} reported errors: " + string.Join("; ", errors), errors)
            : new OpaException(OpaFailure.Crashed, $"{command} exited with code {result.ExitCode}: {OpaOutput.Excerpt(result.StandardError.Length > 0 ? result.StandardError : result.StandardOutput)}");
    }
}
