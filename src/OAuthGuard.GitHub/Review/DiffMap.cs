// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Frozen;
using System.Globalization;

namespace OAuthGuard.GitHub.Review;

/// <summary>How a right-side line appears in a pull request's diff.</summary>
internal enum DiffLineKind
{
    /// <summary>Not in the diff: GitHub rejects review comments on it.</summary>
    None,

    /// <summary>An unchanged line shown as context around a change.</summary>
    Context,

    /// <summary>A line the pull request adds.</summary>
    Added,
}

/// <summary>
/// Which lines of the pull request's new files (the RIGHT side) can carry review comments, built
/// from the <c>patch</c> of each entry of <c>GET /repos/{owner}/{repo}/pulls/{number}/files</c>.
/// A file without a patch (binary, or too large for GitHub to diff) is changed but has no
/// commentable lines.
/// </summary>
internal sealed class DiffMap
{
    private readonly FrozenDictionary<string, FrozenDictionary<int, DiffLineKind>> _files;

    private DiffMap(FrozenDictionary<string, FrozenDictionary<int, DiffLineKind>> files) => _files = files;

    /// <summary>A map with no changed files (no pull request).</summary>
    public static DiffMap Empty { get; } = new(FrozenDictionary<string, FrozenDictionary<int, DiffLineKind>>.Empty);

    /// <summary>Builds the map from (file name, patch) pairs; a removed file contributes nothing.</summary>
    public static DiffMap Build(IEnumerable<(string File, string? Status, string? Patch)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var map = new Dictionary<string, FrozenDictionary<int, DiffLineKind>>(StringComparer.Ordinal);
        foreach (var (file, status, patch) in files)
        {
            if (status == "removed")
            {
                continue;
            }

            map[file] = ParsePatch(patch).ToFrozenDictionary();
        }

        return new DiffMap(map.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>True when the pull request changes <paramref name="file"/>.</summary>
    public bool IsChanged(string file) => _files.ContainsKey(file);

    /// <summary>How line <paramref name="line"/> of <paramref name="file"/> appears on the right side of the diff.</summary>
    public DiffLineKind Kind(string file, int line) =>
        _files.TryGetValue(file, out var lines) && lines.TryGetValue(line, out var kind) ? kind : DiffLineKind.None;

    /// <summary>The changed files, ordered.</summary>
    public IEnumerable<string> Files => _files.Keys.Order(StringComparer.Ordinal);

    /// <summary>
    /// Reads one unified-diff patch as GitHub returns it (hunks only, no file headers). Malformed
    /// hunks end the parse: what was read so far stays, nothing is guessed.
    /// </summary>
    internal static Dictionary<int, DiffLineKind> ParsePatch(string? patch)
    {
        var lines = new Dictionary<int, DiffLineKind>();
        if (string.IsNullOrEmpty(patch))
        {
            return lines;
        }

        var right = 0;
        var inHunk = false;
        foreach (var raw in patch.Split('\n'))
        {
            if (raw.StartsWith("@@", StringComparison.Ordinal))
            {
                if (!TryParseHunkStart(raw, out right))
                {
                    return lines;
                }

                inHunk = true;
                continue;
            }

            if (!inHunk || raw.Length == 0)
            {
                // An empty string can only be the end of the text (a context line keeps its space).
                continue;
            }

            switch (raw[0])
            {
                case '+':
                    lines[right++] = DiffLineKind.Added;
                    break;
                case ' ':
                    lines[right++] = DiffLineKind.Context;
                    break;
                case '-':
                case '\\': // "\ No newline at end of file"
                    break;
                default:
                    return lines;
            }
        }

        return lines;
    }

    /// <summary>Reads the new-side start line from <c>@@ -a,b +c,d @@ section</c>.</summary>
    private static bool TryParseHunkStart(string header, out int start)
    {
        start = 0;
        var plus = header.IndexOf(" +", StringComparison.Ordinal);
        if (plus < 0)
        {
            return false;
        }

        var begin = plus + 2;
        var end = begin;
        while (end < header.Length && char.IsAsciiDigit(header[end]))
        {
            end++;
        }

        return int.TryParse(header.AsSpan(begin, end - begin), NumberStyles.None, CultureInfo.InvariantCulture, out start)
            && (start > 0 || header.AsSpan(end).StartsWith(",0", StringComparison.Ordinal));
    }
}
