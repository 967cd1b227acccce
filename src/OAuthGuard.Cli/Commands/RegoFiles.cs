using System.Text.Json;
using OAuthGuard.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Cli.Commands;

/// <summary>A problem with one file given to <c>eval</c> or <c>test</c>.</summary>
/// <param name="File">The file.</param>
/// <param name="Line">1-based line, when known (0 otherwise).</param>
/// <param name="Column">1-based column, when known (0 otherwise).</param>
/// <param name="Message">What is wrong.</param>
internal sealed record LoadError(string File, int Line, int Column, string Message);

/// <summary>What <c>-d</c> paths hold: Rego modules and one merged data document.</summary>
internal sealed class RegoFiles
{
    private readonly DataNode _root = new();

    /// <summary>Gets the modules as (display path, text), in load order.</summary>
    public List<(string Path, string Source)> Modules { get; } = [];

    /// <summary>Gets the problems met while loading (loading goes on past them).</summary>
    public List<LoadError> Errors { get; } = [];

    /// <summary>Gets the merged data document.</summary>
    public RegoValue Data => ToValue(_root);

    /// <summary>
    /// Loads paths like <c>opa eval -d</c>: a .rego file is a module; a .json/.yaml/.yml file is data at the root; a folder
    /// is walked recursively (in ordinal order) and each data file is merged at the path of its folder relative to the
    /// given folder, as OPA's loader does.
    /// </summary>
    /// <param name="paths">The paths.</param>
    /// <param name="workingDirectory">What relative paths are relative to.</param>
    /// <param name="includeTests">False to leave out <c>*_test.rego</c> files.</param>
    /// <returns>The loaded files.</returns>
    public static RegoFiles Load(IEnumerable<string> paths, string workingDirectory, bool includeTests = true)
    {
        var files = new RegoFiles();
        foreach (var given in paths)
        {
            var full = Path.GetFullPath(given, workingDirectory);
            if (Directory.Exists(full))
            {
                var all = Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
                foreach (var file in all)
                {
                    var rel = Path.GetRelativePath(full, Path.GetDirectoryName(file) ?? full);
                    var prefix = rel == "." ? [] : rel.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
                    var display = Path.Combine(given, Path.GetRelativePath(full, file));
                    files.LoadFile(file, display, prefix, includeTests, quietOnUnknown: true);
                }
            }
            else if (File.Exists(full))
            {
                files.LoadFile(full, given, [], includeTests, quietOnUnknown: false);
            }
            else
            {
                files.Errors.Add(new LoadError(given, 0, 0, "no such file or folder"));
            }
        }

        return files;
    }

    /// <summary>Reads a JSON or YAML document (by extension; other names try JSON, then YAML).</summary>
    /// <param name="path">The full path.</param>
    /// <param name="display">The path shown in errors.</param>
    /// <param name="error">The problem, when reading failed.</param>
    /// <returns>The value, or null on error.</returns>
    public static RegoValue? ReadDocument(string path, string display, out LoadError? error)
    {
        error = null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = new LoadError(display, 0, 0, e.Message);
            return null;
        }

        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext != ".yaml" && ext != ".yml")
        {
            try
            {
                return RegoJson.Parse(text);
            }
            catch (JsonException e)
            {
                if (ext == ".json")
                {
                    error = new LoadError(display, (int)(e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? -1) + 1, $"invalid JSON: {e.Message}");
                    return null;
                }
            }
        }

        try
        {
            var stream = RegoYaml.Load(text);
            return stream.Documents.Count == 0 ? RegoNull.Instance : RegoYaml.FromNode(stream.Documents[0].RootNode);
        }
        catch (YamlException e) when (e.InnerException is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these on some malformed input (NUL in a plain scalar, a tag that is not a URI); fuzzing.
            var (line, column) = OAuthGuard.Configuration.ConfigLoader.FirstControlCharacter(text);
            error = new LoadError(display, line, column, "invalid YAML: " + OAuthGuard.Configuration.ConfigLoader.YamlProblem(e.InnerException));
            return null;
        }
        catch (YamlException e)
        {
            error = new LoadError(display, (int)e.Start.Line, (int)e.Start.Column, $"invalid YAML: {e.Message}");
            return null;
        }
    }

    private void LoadFile(string full, string display, string[] prefix, bool includeTests, bool quietOnUnknown)
    {
        var ext = Path.GetExtension(full).ToLowerInvariant();
        switch (ext)
        {
            case ".rego":
                if (includeTests || !full.EndsWith("_test.rego", StringComparison.Ordinal))
                {
                    try
                    {
                        Modules.Add((display, File.ReadAllText(full)));
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        Errors.Add(new LoadError(display, 0, 0, e.Message));
                    }
                }

                break;
            case ".json" or ".yaml" or ".yml":
                if (ReadDocument(full, display, out var error) is { } value)
                {
                    Merge(prefix, value, display);
                }
                else if (error is not null)
                {
                    Errors.Add(error);
                }

                break;
            default:
                if (!quietOnUnknown)
                {
                    Errors.Add(new LoadError(display, 0, 0, "not a .rego, .json, .yaml or .yml file"));
                }

                break;
        }
    }

    private void Merge(string[] prefix, RegoValue value, string display)
    {
        if (value is not RegoObject obj)
        {
            Errors.Add(new LoadError(display, 0, 0, $"data files must hold an object, not {value.TypeName}"));
            return;
        }

        var node = _root;
        for (var i = 0; i < prefix.Length; i++)
        {
            if (!node.Children.TryGetValue(prefix[i], out var child))
            {
                node.Children[prefix[i]] = child = new DataNode();
            }
            else if (child.Leaf is not null)
            {
                Errors.Add(new LoadError(display, 0, 0, $"merge error: data.{string.Join('.', prefix[..(i + 1)])} is defined by more than one data file"));
                return;
            }

            node = child;
        }

        MergeInto(node, obj, display, string.Join('.', prefix));
    }

    private void MergeInto(DataNode node, RegoObject obj, string display, string path)
    {
        foreach (var (k, v) in obj)
        {
            var key = k is RegoString s ? s.Value : k.ToString();
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (!node.Children.TryGetValue(key, out var child))
            {
                node.Children[key] = child = v is RegoObject ? new DataNode() : new DataNode { Leaf = v };
                if (v is RegoObject o)
                {
                    MergeInto(child, o, display, childPath);
                }
            }
            else if (child.Leaf is null && v is RegoObject o)
            {
                MergeInto(child, o, display, childPath);
            }
            else
            {
                Errors.Add(new LoadError(display, 0, 0, $"merge error: data.{childPath} is defined by more than one data file"));
            }
        }
    }

    private static RegoValue ToValue(DataNode node) =>
        node.Leaf ?? RegoObject.Create(node.Children.Select(kv => new KeyValuePair<RegoValue, RegoValue>(new RegoString(kv.Key), ToValue(kv.Value))));

    /// <summary>A node of the data tree being merged: a leaf value, or named children.</summary>
    private sealed class DataNode
    {
        public RegoValue? Leaf { get; init; }

        public Dictionary<string, DataNode> Children { get; } = new(StringComparer.Ordinal);
    }
}
