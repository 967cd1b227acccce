using System.Globalization;
using System.Text;
using OAuthGuard.Findings;
using OAuthGuard.Processes;
using OAuthGuard.Scanning;

namespace OAuthGuard.Baselines;

/// <summary>
/// Builds a <see cref="ComparisonBase"/> from git (<c>oauthguard scan --base REV</c>): the difference between
/// a revision and the working tree under the scanned folder (<c>git diff --name-status -M</c>, plus untracked
/// files), and the revision's version of the files that matter (one <c>git cat-file --batch</c>). git is found
/// on PATH by <see cref="ExecutableLocator"/> (never in the scanned folder) and run by absolute path, with an
/// argument list, a minimal environment and time/output limits; nothing is checked out.
/// </summary>
public static class GitBase
{
    private static readonly ChildProcessOptions Limits = new(TimeSpan.FromSeconds(120), 512 * 1024 * 1024);

    // NOTE: settings that would make git run a program named by the repository's own configuration
    // (fsmonitor hooks, external diff drivers, textconv filters) are switched off on every call.
    private static readonly string[] SafeConfig = ["-c", "core.fsmonitor=false", "-c", "core.quotePath=false", "-c", "diff.external="];

    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal)
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_OPTIONAL_LOCKS"] = "0",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    };

    /// <summary>Reads the base for a scan of <paramref name="scanRoot"/> against <paramref name="revision"/>.</summary>
    /// <param name="scanRoot">The absolute folder being scanned (a repository root or a folder inside one).</param>
    /// <param name="revision">Any revision git understands: a branch, a tag, a sha, <c>HEAD~1</c>, <c>origin/main</c>.</param>
    /// <param name="pathVariable">The PATH to find git on.</param>
    /// <param name="cancellationToken">Stops the git processes.</param>
    /// <exception cref="ScanSetupException">No git, not a repository, or an unknown revision (code <c>base_error</c>).</exception>
    public static async Task<ComparisonBase> ReadAsync(string scanRoot, string revision, string? pathVariable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scanRoot);
        ArgumentNullException.ThrowIfNull(revision);
        if (revision.Length == 0 || revision.StartsWith('-') || revision.Contains('\0', StringComparison.Ordinal) || revision.Contains('\n', StringComparison.Ordinal))
        {
            throw Error($"--base: '{revision}' is not a git revision");
        }

        if (!Directory.Exists(scanRoot))
        {
            throw new ScanSetupException("usage_error", $"'{scanRoot}' is not a folder");
        }

        var git = ExecutableLocator.Find("git", pathVariable, [scanRoot])
            ?? throw Error("--base needs git, and no 'git' program was found on PATH (folders inside the scanned repository and relative PATH entries are not searched). Install git, or compare with a baseline file (--baseline FILE).");

        var top = await RunAsync(git, scanRoot, ["rev-parse", "--show-toplevel", "--show-prefix"], null, cancellationToken).ConfigureAwait(false);
        var lines = top.OutputText.Split('\n');
        if (top.ExitCode != 0 || lines.Length < 2)
        {
            throw Error($"--base: '{scanRoot}' is not inside a git work tree ({FirstLine(top.StandardError)})");
        }

        // NOTE: the work tree's root is derived from the scanned folder and git's prefix rather than taken
        // from --show-toplevel, so that a scanned path reached through a symbolic link still lines up.
        var scope = lines[1].TrimEnd('\r').TrimEnd('/');
        var depth = scope.Length == 0 ? 0 : scope.Split('/').Length;
        var root = Path.GetFullPath(Path.Combine([Path.GetFullPath(scanRoot), .. Enumerable.Repeat("..", depth)]));
        var verify = await RunAsync(git, root, ["rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"], null, cancellationToken).ConfigureAwait(false);
        var sha = verify.OutputText.Trim();
        if (verify.ExitCode != 0 || sha.Length == 0)
        {
            throw Error($"--base: unknown revision '{revision}' in the git repository at {lines[0].TrimEnd('\r')} (a shallow clone may lack it: fetch it first, e.g. git fetch --depth=1 origin {revision})");
        }

        var pathspec = scope.Length == 0 ? ":/" : ":/" + scope;
        var diff = await RunAsync(git, root, ["diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-textconv", "--ignore-submodules", sha, "--", pathspec], null, cancellationToken).ConfigureAwait(false);
        if (diff.ExitCode != 0)
        {
            throw Error($"--base: git diff against '{revision}' failed: {FirstLine(diff.StandardError)}");
        }

        var files = new SortedDictionary<string, byte[]?>(StringComparer.Ordinal);
        var renames = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var fromBase = new List<string>();
        var fields = diff.OutputText.Split('\0');
        for (var i = 0; i + 1 < fields.Length;)
        {
            var status = fields[i];
            if (status.Length == 0)
            {
                break;
            }

            if (status[0] is 'R' or 'C' && i + 2 < fields.Length)
            {
                var (old, now) = (fields[i + 1], fields[i + 2]);
                i += 3;
                if (ComparisonBase.IsRelevant(now))
                {
                    files[now] = null;
                }

                if (status[0] == 'R')
                {
                    renames[now] = old;
                    if (ComparisonBase.IsRelevant(old))
                    {
                        fromBase.Add(old);
                    }
                }

                continue;
            }

            var path = fields[i + 1];
            i += 2;
            if (!ComparisonBase.IsRelevant(path))
            {
                continue;
            }

            if (status[0] == 'A')
            {
                files[path] = null;
            }
            else
            {
                fromBase.Add(path);
            }
        }

        var untracked = await RunAsync(git, root, ["ls-files", "-z", "--others", "--exclude-standard", "--", pathspec], null, cancellationToken).ConfigureAwait(false);
        if (untracked.ExitCode == 0)
        {
            foreach (var path in untracked.OutputText.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(ComparisonBase.IsRelevant))
            {
                files[path] = null;
            }
        }

        foreach (var (path, bytes) in await ReadBlobsAsync(git, root, sha, fromBase, cancellationToken).ConfigureAwait(false))
        {
            files[path] = bytes;
        }

        var shortSha = sha.Length > 12 ? sha[..12] : sha;
        var description = string.Equals(revision, sha, StringComparison.OrdinalIgnoreCase) ? shortSha : $"{revision} ({shortSha})";
        return new ComparisonBase(new BaseInfo("git", description), root, files, renames);
    }

    /// <summary>Reads <c>sha:path</c> for every path with one <c>git cat-file --batch</c>.</summary>
    private static async Task<List<(string Path, byte[]? Bytes)>> ReadBlobsAsync(string git, string root, string sha, List<string> paths, CancellationToken ct)
    {
        var result = new List<(string, byte[]?)>();
        var batch = paths.Where(p => !p.Contains('\n', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (batch.Count == 0)
        {
            return result;
        }

        var input = Encoding.UTF8.GetBytes(string.Concat(batch.Select(p => sha + ":" + p + "\n")));
        var run = await RunAsync(git, root, ["cat-file", "--batch"], input, ct).ConfigureAwait(false);
        if (run.ExitCode != 0)
        {
            throw Error($"--base: git cat-file failed: {FirstLine(run.StandardError)}");
        }

        var output = run.StandardOutput;
        var at = 0;
        foreach (var path in batch)
        {
            var end = Array.IndexOf(output, (byte)'\n', at);
            if (end < 0)
            {
                throw Error("--base: git cat-file gave a truncated answer");
            }

            var header = Encoding.UTF8.GetString(output, at, end - at).Split(' ');
            at = end + 1;
            if (header.Length == 3 && header[1] == "blob" && int.TryParse(header[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && at + size <= output.Length)
            {
                result.Add((path, output.AsSpan(at, size).ToArray()));
                at += size + 1;
            }
            else if (header.Length == 3 && int.TryParse(header[2], NumberStyles.None, CultureInfo.InvariantCulture, out var other))
            {
                // Not a blob (a submodule or a folder): nothing to read in the base.
                result.Add((path, null));
                at += other + 1;
            }
            else
            {
                // "<name> missing": the base has no such file.
                result.Add((path, null));
            }
        }

        return result;
    }

    private static async Task<ChildProcessResult> RunAsync(string git, string workingDirectory, string[] arguments, byte[]? input, CancellationToken ct)
    {
        try
        {
            return await ChildProcess.RunAsync(git, [.. SafeConfig, .. arguments], input, Limits with { WorkingDirectory = workingDirectory }, Environment, ct).ConfigureAwait(false);
        }
        catch (ChildProcessException e)
        {
            throw Error("--base: " + e.Message);
        }
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return string.IsNullOrEmpty(line) ? "no message from git" : line;
    }

    private static ScanSetupException Error(string message) => new("base_error", message);
}
