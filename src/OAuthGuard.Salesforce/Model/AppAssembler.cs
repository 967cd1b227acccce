// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Document;
using OAuthGuard.Salesforce.Parsing;

namespace OAuthGuard.Salesforce.Model;

/// <summary>
/// Turns parsed files into apps: one Connected App per file; External Client App parts joined
/// to their parent by the <c>&lt;externalClientApplication&gt;</c> element (never by file name).
/// A component present in both formats is kept once: the metadata-API copy is dropped when it
/// sits in the same folder as the source copy or holds the same settings.
/// </summary>
internal static class AppAssembler
{
    public static (List<ConnectedApp> ConnectedApps, List<ExternalClientApp> ExternalClientApps) Assemble(
        IReadOnlyList<MetadataFile> files, List<MetadataDiagnostic> diagnostics)
    {
        var kept = DropCrossFormatDuplicates(files.Where(f => f.IsParsed).ToList(), diagnostics);
        var connectedApps = new List<ConnectedApp>();
        foreach (var file in kept)
        {
            if (file.Kind == MetadataKind.ConnectedApp && file.Root is { } root)
            {
                var app = new ConnectedApp(file, root);
                ReportCertificate(file, root.Find("oauthConfig/certificate"), app.Facts.CertificateError, diagnostics);
                connectedApps.Add(app);
            }
        }

        var apps = new Dictionary<string, Dictionary<string, MetadataFile>>(StringComparer.Ordinal);
        foreach (var eca in kept.Where(f => f.Kind == MetadataKind.ExternalClientApplication))
        {
            if (apps.TryGetValue(eca.FullName, out var existing))
            {
                diagnostics.Add(Duplicate(eca, $"another External Client App named '{eca.FullName}' is defined in {existing["eca"].Path}; parts are joined to that one"));
                continue;
            }

            apps[eca.FullName] = new Dictionary<string, MetadataFile>(StringComparer.Ordinal) { ["eca"] = eca };
        }

        var orphans = new Dictionary<string, Dictionary<string, MetadataFile>>(StringComparer.Ordinal);
        foreach (var part in kept.Where(f => f.Kind.IsExternalClientAppPart && f.Kind != MetadataKind.ExternalClientApplication))
        {
            var key = part.Kind.PartKey ?? part.Kind.Suffix;
            var parent = part.ParentName;
            Dictionary<string, MetadataFile>? target;
            if (parent is not null && apps.TryGetValue(parent, out target))
            {
                // joined below
            }
            else
            {
                var name = parent ?? part.FullName;
                diagnostics.Add(new MetadataDiagnostic(
                    DiagnosticCodes.OrphanChild,
                    DiagnosticLevel.Warning,
                    parent is null
                        ? $"this .{part.Kind.Suffix} file has no <externalClientApplication> element naming its app; it is checked as an app of its own named '{name}'"
                        : $"this .{part.Kind.Suffix} file belongs to External Client App '{parent}', whose .eca file is not in the repository; it is checked without it",
                    part.Path,
                    part.Root?.Element("externalClientApplication")?.Line ?? 1,
                    part.Root?.Element("externalClientApplication")?.Column ?? 1));
                if (!orphans.TryGetValue(name, out target))
                {
                    target = new Dictionary<string, MetadataFile>(StringComparer.Ordinal);
                    orphans[name] = target;
                }
            }

            if (target.TryGetValue(key, out var first))
            {
                diagnostics.Add(Duplicate(part, $"External Client App '{parent ?? part.FullName}' already has a .{part.Kind.Suffix} part in {first.Path}; only that one is checked"));
                continue;
            }

            target[key] = part;
        }

        var externalClientApps = apps.Concat(orphans)
            .Select(pair => new ExternalClientApp(pair.Key, pair.Value))
            .OrderBy(a => a.SortPath, StringComparer.Ordinal)
            .ThenBy(a => a.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var app in externalClientApps)
        {
            if (app.Parts.TryGetValue("globalOauth", out var global))
            {
                ReportCertificate(global, global.Root?.Element("certificate"), app.Facts.CertificateError, diagnostics);
            }
        }

        return (connectedApps, externalClientApps);
    }

    /// <summary>
    /// A certificate that looks like one but does not parse is an invalid value like any other:
    /// listed under the app's <c>invalid</c> entries (expected <c>certificate</c>) and reported at its line.
    /// </summary>
    private static void ReportCertificate(MetadataFile file, MetadataElement? element, string? error, List<MetadataDiagnostic> diagnostics)
    {
        if (error is null || element is null)
        {
            return;
        }

        // NOTE: a private key pasted where the certificate belongs is not repeated in the invalid list.
        var text = error.Contains("PRIVATE KEY", StringComparison.Ordinal) ? string.Empty : element.Text ?? string.Empty;
        file.Invalid = [.. file.Invalid, new InvalidValue(file.Path, element.Path, text, "certificate", element.Line, element.Column)];
        diagnostics.Add(new MetadataDiagnostic(
            DiagnosticCodes.InvalidValue,
            DiagnosticLevel.Warning,
            $"the certificate in {element.Path} could not be read ({error}); SFOAUTH105 and SFOAUTH106 cannot judge it",
            file.Path,
            element.Line,
            element.Column));
    }

    private static List<MetadataFile> DropCrossFormatDuplicates(List<MetadataFile> files, List<MetadataDiagnostic> diagnostics)
    {
        var dropped = new HashSet<MetadataFile>();
        foreach (var group in files.GroupBy(f => (f.Kind, f.FullName)))
        {
            var sources = group.Where(f => f.Format == MetadataFormat.Source).ToList();
            if (sources.Count == 0)
            {
                continue;
            }

            foreach (var mdapi in group.Where(f => f.Format == MetadataFormat.Mdapi))
            {
                var twin = sources.FirstOrDefault(s => string.Equals(Folder(s.Path), Folder(mdapi.Path), StringComparison.Ordinal))
                    ?? sources.FirstOrDefault(s => SameSettings(s, mdapi));
                if (twin is not null)
                {
                    dropped.Add(mdapi);
                    diagnostics.Add(new MetadataDiagnostic(
                        DiagnosticCodes.DuplicateComponent,
                        DiagnosticLevel.Note,
                        $"the same {mdapi.Kind.TypeName} '{mdapi.FullName}' is in source format at {twin.Path}; it is checked once, there",
                        mdapi.Path));
                }
            }
        }

        return files.Where(f => !dropped.Contains(f)).ToList();
    }

    private static bool SameSettings(MetadataFile a, MetadataFile b) =>
        a.Root is { } ra && b.Root is { } rb &&
        string.Equals(InputDocumentBuilder.Element(ra).ToJsonString(), InputDocumentBuilder.Element(rb).ToJsonString(), StringComparison.Ordinal);

    private static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    private static MetadataDiagnostic Duplicate(MetadataFile file, string message) =>
        new(DiagnosticCodes.DuplicateComponent, DiagnosticLevel.Warning, message, file.Path);
}
