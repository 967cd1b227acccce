using System.Text.RegularExpressions;
using OAuthGuard.Reporters;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// Finds the repository and commit a scan ran on, for SARIF's <c>versionControlProvenance</c>:
/// from GitHub Actions' <c>GITHUB_SERVER_URL</c>, <c>GITHUB_REPOSITORY</c> and <c>GITHUB_SHA</c> when the
/// scanned folder is <c>GITHUB_WORKSPACE</c> or inside it, otherwise from the files of the nearest
/// <c>.git</c> at or above the scanned folder (HEAD and the <c>origin</c> remote; git itself is not run).
/// When the scan started below the repository root, <see cref="VersionControlDetails.ScannedFolder"/> says
/// where, so SARIF can map the repository onto a base above <c>%SRCROOT%</c>. Credentials in a remote URL
/// are dropped; a remote that is no web address is left out.
/// </summary>
internal static partial class Provenance
{
    public static VersionControlDetails? Detect(string root, Func<string, string?> env)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (env("GITHUB_REPOSITORY") is { Length: > 0 } repository && env("GITHUB_SHA") is { Length: > 0 } sha
            && env("GITHUB_WORKSPACE") is { Length: > 0 } workspace
            && Inside(full, Path.TrimEndingDirectorySeparator(Path.GetFullPath(workspace))) is { } folder)
        {
            var server = env("GITHUB_SERVER_URL") is { Length: > 0 } s ? s.TrimEnd('/') : "https://github.com";
            var branch = env("GITHUB_REF") is { } gitRef && gitRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? gitRef["refs/heads/".Length..] : null;
            return new VersionControlDetails($"{server}/{repository}", sha, branch, folder.Length == 0 ? null : folder);
        }

        for (var dir = full; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var git = Path.Combine(dir, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                var below = Inside(full, dir);
                return FromGitFolder(git) is { } details && below is not null
                    ? details with { ScannedFolder = below.Length == 0 ? null : below }
                    : null;
            }
        }

        return null;
    }

    // The path of `folder` below `root` as a relative URI ending in '/', "" when they are the same, null when outside.
    private static string? Inside(string folder, string root)
    {
        if (string.Equals(folder, root, StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var relative = Path.GetRelativePath(root, folder);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        return string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString)) + "/";
    }

    internal static VersionControlDetails? FromGitFolder(string gitDir)
    {
        try
        {
            // A linked worktree's .git is a file naming its own folder; refs and config live in the common folder.
            var commonDir = gitDir;
            if (File.Exists(gitDir) && ReadSmall(gitDir) is { } link && link.StartsWith("gitdir:", StringComparison.Ordinal))
            {
                gitDir = Path.GetFullPath(link["gitdir:".Length..].Trim(), Path.GetDirectoryName(gitDir) ?? ".");
                commonDir = ReadSmall(Path.Combine(gitDir, "commondir")) is { } common ? Path.GetFullPath(common.Trim(), gitDir) : gitDir;
            }

            if (!Directory.Exists(gitDir) || ReadSmall(Path.Combine(commonDir, "config")) is not { } config
                || OriginUrl(config) is not { } url || WebAddress(url) is not { } web)
            {
                return null;
            }

            var head = ReadSmall(Path.Combine(gitDir, "HEAD"))?.Trim();
            string? branch = null, sha = null;
            if (head is not null && head.StartsWith("ref: refs/heads/", StringComparison.Ordinal))
            {
                branch = head["ref: refs/heads/".Length..];
                sha = ReadSmall(Path.Combine(commonDir, "refs", "heads", branch))?.Trim() ?? PackedRef(commonDir, "refs/heads/" + branch);
            }
            else if (head is not null)
            {
                sha = head;
            }

            return new VersionControlDetails(web, sha is not null && Sha().IsMatch(sha) ? sha : null, branch);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>An https address for a remote URL, without credentials; null for local paths and other schemes.</summary>
    internal static string? WebAddress(string url)
    {
        url = url.Trim();
        if (ScpLike().Match(url) is { Success: true } scp)
        {
            url = $"https://{scp.Groups["host"].Value}/{scp.Groups["path"].Value}";
        }
        else if (url.StartsWith("ssh://", StringComparison.Ordinal) && Uri.TryCreate(url, UriKind.Absolute, out var ssh))
        {
            url = $"https://{ssh.Host}{ssh.AbsolutePath}";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return null;
        }

        var path = uri.AbsolutePath.EndsWith(".git", StringComparison.Ordinal) ? uri.AbsolutePath[..^4] : uri.AbsolutePath;
        return $"{uri.Scheme}://{uri.Authority[(uri.Authority.IndexOf('@', StringComparison.Ordinal) + 1)..]}{path.TrimEnd('/')}";
    }

    private static string? OriginUrl(string config)
    {
        var inOrigin = false;
        foreach (var raw in config.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inOrigin = line == "[remote \"origin\"]";
            }
            else if (inOrigin && line.StartsWith("url", StringComparison.Ordinal) && line.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                return line[(eq + 1)..].Trim();
            }
        }

        return null;
    }

    private static string? PackedRef(string gitDir, string name)
    {
        var packed = ReadSmall(Path.Combine(gitDir, "packed-refs"));
        return packed?.Split('\n').Select(l => l.Trim().Split(' ')).FirstOrDefault(p => p.Length == 2 && p[1] == name)?[0];
    }

    private static string? ReadSmall(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && info.Length < 256 * 1024 ? File.ReadAllText(path) : null;
    }

    [GeneratedRegex("^[0-9a-f]{40}([0-9a-f]{24})?$")]
    private static partial Regex Sha();

    [GeneratedRegex(@"^[A-Za-z0-9._-]+@(?<host>[A-Za-z0-9.-]+):(?<path>[^/].*)$")]
    private static partial Regex ScpLike();
}
