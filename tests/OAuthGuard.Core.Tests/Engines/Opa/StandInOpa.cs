using System.Diagnostics;

namespace OAuthGuard.Core.Tests.Engines.Opa;

/// <summary>
/// A stand-in for the opa executable: a small bash script whose behaviour each test chooses, so the engine's
/// failure handling is exercised without a real OPA (none can be installed here).
/// </summary>
public sealed class StandInOpa : IDisposable
{
    private readonly string _dir;

    public StandInOpa(string versionLine, string evalBody)
    {
        _dir = Path.Combine(Path.GetTempPath(), "oauthguard-opa-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        ArgsFile = Path.Combine(_dir, "args.txt");
        StdinFile = Path.Combine(_dir, "stdin.txt");
        ExecutablePath = Path.Combine(_dir, "opa");
        var script = $$"""
            #!/usr/bin/env bash
            if [ "$1" = "version" ]; then
              {{versionLine}}
              exit 0
            fi
            printf '%s\n' "$@" > '{{ArgsFile}}'
            cat > '{{StdinFile}}'
            {{evalBody}}
            """;
        File.WriteAllText(ExecutablePath, script.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(ExecutablePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string ExecutablePath { get; }

    public string ArgsFile { get; }

    public string StdinFile { get; }

    public string[] RecordedArguments() => File.ReadAllLines(ArgsFile);

    /// <summary>The recorded arguments without <c>--capabilities FILE</c> (the file's path is random), and that file.</summary>
    public string[] RecordedArgumentsWithoutCapabilities(out string? capabilitiesFile)
    {
        var args = RecordedArguments().ToList();
        var at = args.IndexOf("--capabilities");
        capabilitiesFile = at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
        if (at >= 0)
        {
            args.RemoveRange(at, Math.Min(2, args.Count - at));
        }

        return [.. args];
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            Debug.WriteLine($"could not delete {_dir}");
        }
    }
}
