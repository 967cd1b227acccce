using OAuthGuard.Findings;

namespace OAuthGuard.Baselines;

/// <summary>
/// The version of the repository a scan is compared with, as the difference to the scanned tree:
/// for every file that differs, its bytes in the base (null when the base does not have it). The
/// base is this overlay on the scanned tree: changed files replaced, added files removed, deleted
/// files restored. Built from git (<see cref="GitBase"/>) or from GitHub's API (the action).
/// </summary>
/// <param name="Info">What the base is, for reports.</param>
/// <param name="Root">The absolute folder the paths are relative to (the git work tree, or the action's workspace).</param>
/// <param name="Files">Relative path (forward slashes) → the file's bytes in the base, or null when the base does not have it.
/// Only files that matter are listed: metadata files, <c>.oauthguard.yml</c>, <c>sfdx-project.json</c> and <c>.forceignore</c>.</param>
/// <param name="Renames">Relative path in the scanned tree → relative path in the base, for files the change renamed.</param>
public sealed record ComparisonBase(
    BaseInfo Info,
    string Root,
    IReadOnlyDictionary<string, byte[]?> Files,
    IReadOnlyDictionary<string, string> Renames)
{
    /// <summary>True for the paths whose base version the scan needs: metadata files, the configuration, the project file and <c>.forceignore</c>.</summary>
    public static bool IsRelevant(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name is Configuration.ConfigLoader.DefaultFileName or "sfdx-project.json" or Salesforce.Discovery.ForceIgnore.FileName
            || Salesforce.Discovery.MetadataKind.TryMatch(name, out _, out _, out _);
    }

    /// <summary>
    /// The overlay for a scan of <paramref name="scanRoot"/> (a folder at or below <see cref="Root"/>):
    /// the files under it, with paths relative to it.
    /// </summary>
    public (Dictionary<string, byte[]?> Files, Dictionary<string, string> Renames) For(string scanRoot)
    {
        var prefix = Path.GetRelativePath(Root, scanRoot).Replace('\\', '/');
        prefix = prefix == "." ? string.Empty : prefix + "/";
        if (prefix.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(prefix))
        {
            return ([], []);
        }

        string? Strip(string path) => path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : null;
        var files = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var (path, bytes) in Files)
        {
            if (Strip(path) is { } relative)
            {
                files[relative] = bytes;
            }
        }

        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (head, old) in Renames)
        {
            if (Strip(head) is { } h && Strip(old) is { } o)
            {
                renames[h] = o;
            }
        }

        return (files, renames);
    }
}
