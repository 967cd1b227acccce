using System.Collections.Immutable;
using OAuthGuard.Rego.Values;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Conformance.Tests;

/// <summary>One case of a YAML case file, in OPA's compliance-case format (see the cases' README).</summary>
internal sealed record ConformanceCase
{
    /// <summary>Gets the unique name: the note, with " #2", " #3"… added when a note repeats.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the note as written.</summary>
    public required string Note { get; init; }

    /// <summary>Gets the folder the file sits in (the table groups by it).</summary>
    public required string Folder { get; init; }

    /// <summary>Gets the file path relative to the case root.</summary>
    public required string File { get; init; }

    /// <summary>Gets the original YAML text of the case (for reproductions).</summary>
    public required string SourceText { get; init; }

    /// <summary>Gets why the case could not be read (then it fails), or null.</summary>
    public string? LoadError { get; init; }

    /// <summary>Gets the query.</summary>
    public string Query { get; init; } = string.Empty;

    /// <summary>Gets the Rego modules.</summary>
    public ImmutableArray<string> Modules { get; init; } = [];

    /// <summary>Gets the base documents, or null.</summary>
    public RegoValue? Data { get; init; }

    /// <summary>Gets the input given as a plain value, or null.</summary>
    public RegoValue? Input { get; init; }

    /// <summary>Gets the input written as a Rego term, or null.</summary>
    public string? InputTerm { get; init; }

    /// <summary>Gets the expected solutions (each an object from variable to JSON-like value), or null.</summary>
    public ImmutableArray<RegoValue>? WantResult { get; init; }

    /// <summary>Gets a value indicating whether array values in bindings are sorted before comparing.</summary>
    public bool SortBindings { get; init; }

    /// <summary>Gets the expected error code, or null.</summary>
    public string? WantErrorCode { get; init; }

    /// <summary>Gets text the expected error message contains, or null.</summary>
    public string? WantError { get; init; }

    /// <summary>Gets a value indicating whether builtin errors are strict.</summary>
    public bool StrictError { get; init; }

    /// <summary>Gets a value indicating whether the case expects an error.</summary>
    public bool ExpectsError => WantErrorCode is not null || WantError is not null;
}

/// <summary>Reads case files with YamlDotNet's representation model.</summary>
internal static class CaseLoader
{
    /// <summary>Loads every case under a folder (recursively, files in ordinal order), with unique ids.</summary>
    /// <param name="root">The case root.</param>
    /// <returns>The cases.</returns>
    public static ImmutableArray<ConformanceCase> LoadAll(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var all = ImmutableArray.CreateBuilder<ConformanceCase>();
        foreach (var rel in files)
        {
            foreach (var c in LoadFile(root, rel))
            {
                var n = seen[c.Note] = seen.GetValueOrDefault(c.Note) + 1;
                all.Add(n == 1 ? c : c with { Id = $"{c.Note} #{n}" });
            }
        }

        return all.ToImmutable();
    }

    /// <summary>Loads the cases of one file; a file that cannot be read yields one failing case.</summary>
    /// <param name="root">The case root.</param>
    /// <param name="rel">The file path relative to the root.</param>
    /// <returns>The cases.</returns>
    public static IEnumerable<ConformanceCase> LoadFile(string root, string rel)
    {
        var text = System.IO.File.ReadAllText(Path.Combine(root, rel));
        var folder = Path.GetDirectoryName(rel)?.Replace('\\', '/') is { Length: > 0 } d ? d.Split('/')[^1] : ".";
        var stream = new YamlStream();
        string? error = null;
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            error = $"{rel}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {e.Message}";
        }

        var cases = stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode rootMap &&
            rootMap.Children.TryGetValue(new YamlScalarNode("cases"), out var list) && list is YamlSequenceNode seq
            ? seq
            : null;
        if (cases is null)
        {
            var note = $"{folder}/{Path.GetFileName(rel)}";
            yield return new ConformanceCase
            {
                Id = note, Note = note, Folder = folder, File = rel, SourceText = text,
                LoadError = error ?? $"{rel}: no top-level 'cases' list",
            };
            yield break;
        }

        var lines = text.Split('\n');
        for (var i = 0; i < cases.Children.Count; i++)
        {
            var node = cases.Children[i];
            var endLine = i + 1 < cases.Children.Count ? (int)cases.Children[i + 1].Start.Line - 1 : lines.Length;
            yield return ReadCase(node, Slice(lines, node, endLine), folder, rel, i + 1);
        }
    }

    private static ConformanceCase ReadCase(YamlNode node, string source, string folder, string rel, int index)
    {
        var fallbackNote = $"{folder}/{Path.GetFileName(rel)}#{index}";
        if (node is not YamlMappingNode map)
        {
            return new ConformanceCase { Id = fallbackNote, Note = fallbackNote, Folder = folder, File = rel, SourceText = source, LoadError = $"{rel}:{node.Start.Line}: case is not a mapping" };
        }

        YamlNode? Get(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;
        string? Str(string key) => Get(key) is YamlScalarNode s ? s.Value : null;
        var note = Str("note") ?? fallbackNote;
        try
        {
            var modules = Get("modules") is YamlSequenceNode ms
                ? ms.Children.Select(m => (m as YamlScalarNode)?.Value ?? throw new FormatException($"{rel}:{m.Start.Line}: a module must be a string")).ToImmutableArray()
                : [];
            ImmutableArray<RegoValue>? want = Get("want_result") switch
            {
                null => null,
                YamlSequenceNode ws => [.. ws.Children.Select(YamlValues.ToValue)],
                YamlScalarNode { Value: null or "" or "null" } => null,
                var other => throw new FormatException($"{rel}:{other.Start.Line}: want_result must be a list"),
            };
            return new ConformanceCase
            {
                Id = note,
                Note = note,
                Folder = folder,
                File = rel,
                SourceText = source,
                Query = Str("query") ?? throw new FormatException($"{rel}:{map.Start.Line}: case '{note}' has no query"),
                Modules = modules,
                // As OPA's runner (a pointer to a map): an empty "data:" means no base documents.
                Data = Get("data") is { } data && YamlValues.ToValue(data) is not RegoNull and var dataValue ? dataValue : null,
                Input = Get("input") is { } input ? YamlValues.ToValue(input) : null,
                InputTerm = Str("input_term"),
                WantResult = want,
                SortBindings = YamlValues.AsBool(Get("sort_bindings")) ?? false,
                WantErrorCode = Str("want_error_code"),
                WantError = Str("want_error"),
                StrictError = YamlValues.AsBool(Get("strict_error")) ?? false,
            };
        }
        catch (FormatException e)
        {
            return new ConformanceCase { Id = note, Note = note, Folder = folder, File = rel, SourceText = source, LoadError = e.Message };
        }
    }

    /// <summary>Cuts a case's lines out of its file (from its first line to the line before the next case) as a one-case file.</summary>
    private static string Slice(string[] lines, YamlNode node, int endLine)
    {
        var first = Math.Clamp((int)node.Start.Line, 1, lines.Length);
        var column = Math.Max(1, (int)node.Start.Column);
        var body = lines[(first - 1)..Math.Clamp(endLine, first, lines.Length)];
        var head = body[0].Length >= column - 1 ? body[0][(column - 1)..] : body[0].TrimStart();
        var indent = new string(' ', Math.Max(0, column - 3));
        return $"cases:\n{indent}- {head}\n{string.Join('\n', body[1..]).TrimEnd()}\n";
    }
}
