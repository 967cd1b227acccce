// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

namespace OAuthGuard.Salesforce.Model;

/// <summary>A resolved source position for an element path.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="ResolvedPath">The path actually found: the one asked for, or its nearest existing parent ("" = root element).</param>
public readonly record struct SourcePosition(int Line, int Column, string ResolvedPath);

/// <summary>
/// Maps (file, element path) to the line and column of the element's <c>&lt;</c>. A path that
/// does not exist resolves to its nearest existing parent, then to line 1, column 1 of the file.
/// </summary>
public sealed class PositionIndex
{
    private readonly Dictionary<string, Dictionary<string, (int Line, int Column)>> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hidden = new(StringComparer.Ordinal);

    /// <summary>For an overlay (another version of the repository): where files this index does not hold are looked up.</summary>
    internal PositionIndex? Fallback { get; init; }

    /// <summary>Finds the position of <paramref name="elementPath"/> in <paramref name="file"/> (repository-relative, forward slashes).</summary>
    /// <remarks><c>scopes[1]</c> is the same as <c>scopes</c>; a leading or trailing '/' is ignored.</remarks>
    public SourcePosition Locate(string file, string elementPath)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(elementPath);
        file = file.Replace('\\', '/');
        if (!_files.TryGetValue(file, out var paths))
        {
            return Fallback is not null && !_hidden.Contains(file) ? Fallback.Locate(file, elementPath) : new SourcePosition(1, 1, string.Empty);
        }

        var segments = elementPath.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.EndsWith("[1]", StringComparison.Ordinal) ? s[..^3] : s)
            .ToList();
        while (true)
        {
            var candidate = string.Join('/', segments);
            if (paths.TryGetValue(candidate, out var pos))
            {
                return new SourcePosition(pos.Line, pos.Column, candidate);
            }

            if (segments.Count == 0)
            {
                return new SourcePosition(1, 1, string.Empty);
            }

            segments.RemoveAt(segments.Count - 1);
        }
    }

    /// <summary>True when the index holds positions for <paramref name="file"/>.</summary>
    public bool Contains(string file) => _files.ContainsKey(file) || (Fallback is not null && !_hidden.Contains(file) && Fallback.Contains(file));

    /// <summary>Stops <see cref="Fallback"/> answering for <paramref name="file"/> (it changed or is absent in the overlay).</summary>
    internal void Hide(string file) => _hidden.Add(file);

    internal void Add(string file, string path, int line, int column)
    {
        if (!_files.TryGetValue(file, out var paths))
        {
            paths = new Dictionary<string, (int, int)>(StringComparer.Ordinal);
            _files[file] = paths;
        }

        paths.TryAdd(path, (line, column));
    }

    internal void Remove(string file) => _files.Remove(file);

    /// <summary>Takes over the files of <paramref name="other"/> (an index built for one file on another thread).</summary>
    internal void Merge(PositionIndex other)
    {
        foreach (var (file, paths) in other._files)
        {
            _files[file] = paths;
        }
    }
}
