// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text.Json;
using OAuthGuard.Salesforce.Diagnostics;

namespace OAuthGuard.Salesforce.Discovery;

/// <summary>
/// What <c>sfdx-project.json</c> says: the package directories and the source API version.
/// Discovery still looks in every folder (metadata outside package directories is real and
/// worth checking); the package directories are reported so findings can say where a file sits.
/// </summary>
/// <param name="File">Repository-relative path of the project file.</param>
/// <param name="PackageDirectories">The <c>packageDirectories[].path</c> values, normalised to forward slashes without "./" or a trailing '/'.</param>
/// <param name="SourceApiVersion">The <c>sourceApiVersion</c>, when declared.</param>
public sealed record SfdxProject(string File, IReadOnlyList<string> PackageDirectories, string? SourceApiVersion)
{
    /// <summary>The project file name.</summary>
    public const string FileName = "sfdx-project.json";

    /// <summary>True when <paramref name="relativePath"/> is inside one of the package directories.</summary>
    public bool Contains(string relativePath) =>
        PackageDirectories.Any(d => d.Length == 0 || relativePath.StartsWith(d + "/", StringComparison.Ordinal));

    /// <summary>Reads the project file at the repository root; returns null (with a diagnostic when it is broken) otherwise.</summary>
    internal static SfdxProject? Read(string root, List<MetadataDiagnostic> diagnostics)
    {
        var path = Path.Combine(root, FileName);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        try
        {
            return Parse(System.IO.File.ReadAllBytes(path), diagnostics);
        }
        catch (IOException ex)
        {
            diagnostics.Add(new MetadataDiagnostic(DiagnosticCodes.UnreadableFile, DiagnosticLevel.Warning, "sfdx-project.json could not be read: " + ex.Message, FileName));
        }
        catch (UnauthorizedAccessException ex)
        {
            diagnostics.Add(new MetadataDiagnostic(DiagnosticCodes.UnreadableFile, DiagnosticLevel.Warning, "sfdx-project.json could not be read: " + ex.Message, FileName));
        }

        return null;
    }

    /// <summary>Parses the project file's bytes (from disk, or the base version of a comparison).</summary>
    internal static SfdxProject? Parse(byte[] bytes, List<MetadataDiagnostic> diagnostics)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var directories = new List<string>();
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("packageDirectories", out var dirs) && dirs.ValueKind == JsonValueKind.Array)
            {
                foreach (var dir in dirs.EnumerateArray())
                {
                    if (dir.ValueKind == JsonValueKind.Object && dir.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String)
                    {
                        directories.Add(Normalise(p.GetString() ?? string.Empty));
                    }
                }
            }

            string? version = null;
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("sourceApiVersion", out var v))
            {
                version = v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Number => v.GetRawText(),
                    _ => null,
                };
            }

            return new SfdxProject(FileName, directories, version);
        }
        catch (JsonException ex)
        {
            diagnostics.Add(new MetadataDiagnostic(
                DiagnosticCodes.ProjectFileError,
                DiagnosticLevel.Warning,
                "sfdx-project.json is not valid JSON (" + ex.Message.Split(" Path:")[0].TrimEnd('.') + "); package directories are unknown",
                FileName,
                (int)(ex.LineNumber ?? 0) + 1,
                (int)(ex.BytePositionInLine ?? 0) + 1));
        }

        return null;
    }

    private static string Normalise(string path)
    {
        var p = path.Replace('\\', '/').Trim();
        while (p.StartsWith("./", StringComparison.Ordinal))
        {
            p = p[2..];
        }

        return p.TrimEnd('/') is "." ? string.Empty : p.TrimEnd('/');
    }
}
