// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Findings;

namespace OAuthGuard.GitHub.Actions;

/// <summary>
/// The scan reports paths relative to the folder it scanned; GitHub (annotations, review comments,
/// code scanning) wants them relative to the repository root, which is the workspace. When the
/// action scans a subfolder (<c>path: salesforce</c>), every path gets that folder as a prefix.
/// </summary>
internal static class WorkspacePaths
{
    /// <summary>
    /// The scanned folder relative to the workspace with forward slashes, "" when it is the
    /// workspace itself, or null when it lies outside (then paths cannot be mapped).
    /// </summary>
    public static string? Prefix(string workspace, string scanRoot)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(workspace), Path.GetFullPath(scanRoot)).Replace('\\', '/');
        if (relative == ".")
        {
            return "";
        }

        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? null
            : relative.TrimEnd('/') + "/";
    }

    /// <summary>Prefixes every relative path in the result; fingerprints do not change.</summary>
    public static ScanResult Rebase(ScanResult result, string prefix)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (prefix.Length == 0)
        {
            return result;
        }

        string Map(string file) => file.Length == 0 || Path.IsPathRooted(file) ? file : prefix + file;
        return result with
        {
            Findings = [.. result.Findings.Select(f => f with
            {
                File = Map(f.File),
                Suppression = f.Suppression is { } s ? s with { Location = Map(s.Location) } : null,
            })],
            Absent = [.. result.Absent.Select(f => f with { File = Map(f.File) })],
            Notifications = [.. result.Notifications.Select(n => n.File is { } file ? n with { File = Map(file) } : n)],
        };
    }
}
