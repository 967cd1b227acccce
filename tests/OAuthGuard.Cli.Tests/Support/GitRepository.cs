using System.Diagnostics;

namespace OAuthGuard.Cli.Tests.Support;

/// <summary>
/// A real git repository in a temporary folder, for the change-aware tests: files are written,
/// committed and changed with the git on PATH (run with an argument list, never a shell).
/// </summary>
internal sealed class GitRepository : IDisposable
{
    public GitRepository()
    {
        Root = Path.Combine(Path.GetTempPath(), "oauthguard-git-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@example.com");
        Git("config", "user.name", "OAuthGuard tests");
        Git("config", "commit.gpgsign", "false");
    }

    public string Root { get; }

    /// <summary>The PATH the tests hand to the CLI (the process's own, where git is).</summary>
    public static string? Path_ => Environment.GetEnvironmentVariable("PATH");

    public GitRepository Write(string relative, string text)
    {
        var full = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return this;
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public GitRepository Replace(string relative, string from, string to)
    {
        var text = Read(relative);
        Assert.Contains(from, text, StringComparison.Ordinal);
        return Write(relative, text.Replace(from, to, StringComparison.Ordinal));
    }

    public GitRepository Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
        return this;
    }

    public string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)} failed: {error}");
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
