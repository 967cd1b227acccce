using System.Collections.Concurrent;

namespace OAuthGuard.Reporters;

/// <summary>
/// The text of the scanned files, line by line, for reports that quote the source (SARIF region
/// snippets). Paths are repository-relative with forward slashes, as in findings. A path that
/// leaves the root, a symbolic link, a file over <see cref="MaxFileBytes"/> or one that cannot be
/// read gives no lines, so a report simply goes without the quote. Committed secrets are redacted
/// (<see cref="SecretRedaction"/>): a quote never repeats a consumer secret or a private key.
/// </summary>
public sealed class SourceLines
{
    /// <summary>Files larger than this are not quoted.</summary>
    public const long MaxFileBytes = 1024 * 1024;

    private readonly Func<string, string?> _read;
    private readonly ConcurrentDictionary<string, string[]?> _cache = new(StringComparer.Ordinal);

    private SourceLines(Func<string, string?> read) => _read = read;

    /// <summary>Reads files under <paramref name="root"/> (the folder the finding paths are relative to).</summary>
    public static SourceLines FromDirectory(string root)
    {
        var full = Path.GetFullPath(root);
        return new SourceLines(relative => ReadUnder(full, relative));
    }

    /// <summary>Serves the given texts (for tests and callers that hold the files already).</summary>
    public static SourceLines FromTexts(IReadOnlyDictionary<string, string> files) =>
        new(relative => files.TryGetValue(relative, out var text) ? text : null);

    /// <summary>The text of 1-based <paramref name="line"/> without its line break, or null when unknown.</summary>
    public string? Line(string file, int line)
    {
        var lines = _cache.GetOrAdd(file, f => _read(f) is { } text ? Split(text) : null);
        return lines is not null && line >= 1 && line <= lines.Length ? lines[line - 1] : null;
    }

    // Committed secrets (consumer secrets, private keys) are redacted before anything can quote them.
    private static string[] Split(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        SecretRedaction.RedactLines(lines);
        return lines;
    }

    private static string? ReadUnder(string root, string relative)
    {
        try
        {
            var path = Path.GetFullPath(Path.Combine(root, relative));
            var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
            if (!path.StartsWith(rootWithSeparator, StringComparison.Ordinal))
            {
                return null;
            }

            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || info.Length > MaxFileBytes)
            {
                return null;
            }

            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>
/// Where the scanned files come from in version control, for SARIF's <c>versionControlProvenance</c>.
/// </summary>
/// <param name="RepositoryUri">The repository's web address, e.g. <c>https://github.com/octo-org/app</c> (never with credentials).</param>
/// <param name="RevisionId">The commit scanned, when known.</param>
/// <param name="Branch">The branch scanned, when known.</param>
/// <param name="ScannedFolder">The scanned folder inside the repository, as a relative URI ending in <c>/</c>
/// (e.g. <c>samples/</c>); null when the scan started at the repository root.</param>
public sealed record VersionControlDetails(string RepositoryUri, string? RevisionId, string? Branch, string? ScannedFolder = null);
