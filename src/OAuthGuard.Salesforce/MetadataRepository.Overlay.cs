// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Xml;
using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Model;
using OAuthGuard.Salesforce.Parsing;

namespace OAuthGuard.Salesforce;

/// <summary>Snapshots of another version of a repository, built over one already read.</summary>
public static partial class MetadataRepository
{
    /// <summary>
    /// Builds the snapshot of another version of the repository (a comparison base) as an overlay on
    /// <paramref name="head"/>: every file of <paramref name="overlay"/> replaces the head's file of
    /// that path (null: the file does not exist in that version), and every head file not named is
    /// taken over as already parsed. No temporary checkout and no re-parse of unchanged files: only
    /// the overlay's bytes are parsed, and the apps are assembled again (so External Client App
    /// parts join across changed and unchanged files exactly as on the head).
    /// </summary>
    /// <param name="head">The snapshot read from disk.</param>
    /// <param name="overlay">Root-relative paths (forward slashes) to the file's bytes in the other version, or null when absent there.
    /// Metadata files and <c>sfdx-project.json</c> are used; other paths are ignored.</param>
    /// <param name="options">The same options the head was read with (size limit, .forceignore).</param>
    /// <returns>A snapshot whose diagnostics cover the overlay's files and the assembly only. When the overlay holds
    /// <c>.forceignore</c>, that version's ignore rules decide what is scanned, and the metadata files it scans that the
    /// head's <c>.forceignore</c> hides are listed in <see cref="MetadataSnapshot.HiddenByForceIgnore"/>.</returns>
    public static MetadataSnapshot LoadOverlay(MetadataSnapshot head, IReadOnlyDictionary<string, byte[]?> overlay, MetadataLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(overlay);
        options ??= MetadataLoadOptions.Default;
        var diagnostics = new List<MetadataDiagnostic>();
        var project = head.Project;
        if (overlay.TryGetValue(SfdxProject.FileName, out var projectBytes))
        {
            project = projectBytes is null ? null : SfdxProject.Parse(projectBytes, diagnostics);
        }

        var ignore = options.HonourForceIgnore && Directory.Exists(head.Root) ? ReadForceIgnore(head.Root, []) : ForceIgnore.Empty;
        var positions = new PositionIndex { Fallback = head.Positions };
        var files = head.Files.Where(f => !overlay.ContainsKey(f.Path)).ToList();
        var settings = MetadataFileParser.CreateSettings(new NameTable());
        var hidden = new List<HiddenFile>();
        if (options.HonourForceIgnore && Directory.Exists(head.Root) && overlay.TryGetValue(ForceIgnore.FileName, out var ignoreBytes))
        {
            // The change edits .forceignore: the other version scans what its own .forceignore lets through. Unchanged
            // files are the same on disk, so the head's ignored ones are read from there.
            var headIgnore = ignore;
            ignore = ignoreBytes is null || ignoreBytes.Length > ForceIgnore.MaxFileBytes
                ? ForceIgnore.Empty
                : ParseForceIgnore(System.Text.Encoding.UTF8.GetString(ignoreBytes), ForceIgnore.FileName, diagnostics);
            var scanned = head.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
            files.Clear();
            foreach (var found in RepositoryWalker.Walk(head.Root, ignore, options.MaxFileBytes, [], CancellationToken.None))
            {
                if (overlay.ContainsKey(found.RelativePath))
                {
                    continue;
                }

                if (scanned.TryGetValue(found.RelativePath, out var parsed))
                {
                    files.Add(parsed);
                    continue;
                }

                positions.Hide(found.RelativePath);
                files.Add(Read(found, diagnostics, positions, settings, options));
                if (headIgnore.Why(found.RelativePath) is { } why)
                {
                    hidden.Add(new HiddenFile(found.RelativePath, why.Line, why.Text));
                }
            }
        }

        foreach (var (path, bytes) in overlay.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            positions.Hide(path);
            var name = path[(path.LastIndexOf('/') + 1)..];
            if (bytes is null || !MetadataKind.TryMatch(name, out var kind, out var format, out var fullName) ||
                ignore.Match(path, isDirectory: false) is not null || bytes.LongLength > options.MaxFileBytes)
            {
                continue;
            }

            var file = new MetadataFile(path, kind, format, fullName);
            using (var stream = new MemoryStream(bytes, writable: false))
            {
                MetadataFileParser.Parse(stream, file, diagnostics, positions, settings);
            }

            files.Add(file);
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var (connectedApps, externalClientApps) = AppAssembler.Assemble(files, diagnostics);
        diagnostics.Sort(CompareDiagnostics);
        hidden.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new MetadataSnapshot(head.Root, project, new MetadataApps(connectedApps, externalClientApps), files, diagnostics, positions)
        {
            HiddenByForceIgnore = hidden,
        };
    }
}
