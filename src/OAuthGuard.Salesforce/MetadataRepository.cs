// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Xml;
using OAuthGuard.Salesforce.Crypto;
using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Model;
using OAuthGuard.Salesforce.Parsing;

namespace OAuthGuard.Salesforce;

/// <summary>
/// Entry point: discovers and reads the Connected App and External Client App metadata of a
/// repository. Bad files never stop the load; they become <see cref="MetadataSnapshot.Diagnostics"/>.
/// </summary>
public static partial class MetadataRepository
{
    /// <summary>
    /// Reads every metadata file under <paramref name="rootPath"/> (a directory, or a single metadata file).
    /// Files are streamed one at a time and their bytes are not kept after parsing.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">Neither a directory nor a file exists at <paramref name="rootPath"/>.</exception>
    public static MetadataSnapshot Load(string rootPath, MetadataLoadOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rootPath);
        options ??= MetadataLoadOptions.Default;
        var diagnostics = new List<MetadataDiagnostic>();
        string root;
        List<DiscoveredFile> discovered;
        SfdxProject? project = null;
        if (File.Exists(rootPath) && !Directory.Exists(rootPath))
        {
            var full = Path.GetFullPath(rootPath);
            root = Path.GetDirectoryName(full) ?? full;
            discovered = DiscoverSingle(full, options, diagnostics);
        }
        else if (Directory.Exists(rootPath))
        {
            root = Path.GetFullPath(rootPath);
            project = SfdxProject.Read(root, diagnostics);
            var ignore = options.HonourForceIgnore ? ReadForceIgnore(root, diagnostics) : ForceIgnore.Empty;
            discovered = RepositoryWalker.Walk(root, ignore, options.MaxFileBytes, diagnostics, ct);
        }
        else
        {
            throw new DirectoryNotFoundException($"no such directory or file: {rootPath}");
        }

        var files = ReadAll(discovered, options, diagnostics, out var positions, ct);

        var (connectedApps, externalClientApps) = AppAssembler.Assemble(files, diagnostics);
        // A single metadata file is scanned on its own: its folder is not searched for keys.
        var keys = options.SearchPrivateKeys && Directory.Exists(rootPath) ? PrivateKeySearch.Run(root, options, diagnostics, ct) : [];
        if (options.SearchPrivateKeys)
        {
            // OrderBy is stable: keys of one file keep their order in it.
            keys = [.. keys.Concat(PrivateKeySearch.InCertificateElements(files)).OrderBy(k => k.File, StringComparer.Ordinal)];
        }

        diagnostics.Sort(CompareDiagnostics);
        return new MetadataSnapshot(root, project, new MetadataApps(connectedApps, externalClientApps), files, diagnostics, positions) { Keys = keys };
    }

    /// <summary>Runs only the private-key search of <see cref="Load"/> (for benchmarks and tests).</summary>
    internal static List<PrivateKeyFact> SearchKeysOnly(string root, MetadataLoadOptions options, List<MetadataDiagnostic> diagnostics, CancellationToken ct) =>
        PrivateKeySearch.Run(Path.GetFullPath(root), options, diagnostics, ct);

    /// <summary>
    /// Reads the files on up to <see cref="MetadataLoadOptions.MaxParallelism"/> threads. Each worker
    /// collects into its own diagnostics and positions, merged at the end; files keep their path order
    /// and diagnostics are sorted later, so the result does not depend on which thread read what.
    /// </summary>
    private static List<MetadataFile> ReadAll(List<DiscoveredFile> discovered, MetadataLoadOptions options, List<MetadataDiagnostic> diagnostics, out PositionIndex positions, CancellationToken ct)
    {
        var index = new PositionIndex();
        var results = new MetadataFile[discovered.Count];
        if (options.MaxParallelism <= 1 || discovered.Count < 64)
        {
            var settings = MetadataFileParser.CreateSettings(new NameTable());
            for (var i = 0; i < results.Length; i++)
            {
                ct.ThrowIfCancellationRequested();
                results[i] = Read(discovered[i], diagnostics, index, settings, options);
            }
        }
        else
        {
            var gate = new object();
            Parallel.For(
                0,
                discovered.Count,
                new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = options.MaxParallelism },
                () => (Settings: MetadataFileParser.CreateSettings(new NameTable()), Diagnostics: new List<MetadataDiagnostic>(), Positions: new PositionIndex()),
                (i, _, local) =>
                {
                    results[i] = Read(discovered[i], local.Diagnostics, local.Positions, local.Settings, options);
                    return local;
                },
                local =>
                {
                    lock (gate)
                    {
                        diagnostics.AddRange(local.Diagnostics);
                        index.Merge(local.Positions);
                    }
                });
        }

        positions = index;
        return [.. results];
    }

    internal static MetadataFile Read(DiscoveredFile found, List<MetadataDiagnostic> diagnostics, PositionIndex positions, XmlReaderSettings? settings, MetadataLoadOptions? options = null)
    {
        var file = new MetadataFile(found.RelativePath, found.Kind, found.Format, found.FullName);
        FileStream stream;
        try
        {
            // Unbuffered: XmlReader has its own buffer, a second one would be 16 KiB of garbage per file.
            stream = new FileStream(found.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(new MetadataDiagnostic(DiagnosticCodes.UnreadableFile, DiagnosticLevel.Error, "the file could not be opened: " + ex.Message, found.RelativePath));
            return file;
        }

        using (stream)
        {
            MetadataFileParser.Parse(stream, file, diagnostics, positions, settings, options);
        }

        return file;
    }

    private static List<DiscoveredFile> DiscoverSingle(string fullPath, MetadataLoadOptions options, List<MetadataDiagnostic> diagnostics)
    {
        var name = Path.GetFileName(fullPath);
        if (!MetadataKind.TryMatch(name, out var kind, out var format, out var fullName))
        {
            diagnostics.Add(new MetadataDiagnostic(
                DiagnosticCodes.UnexpectedRoot,
                DiagnosticLevel.Warning,
                "the file name does not end with a Connected App or External Client App suffix (.connectedApp-meta.xml, .eca-meta.xml, …); nothing to read",
                name));
            return [];
        }

        var length = new FileInfo(fullPath).Length;
        if (length > options.MaxFileBytes)
        {
            diagnostics.Add(new MetadataDiagnostic(
                DiagnosticCodes.FileTooLarge,
                DiagnosticLevel.Error,
                $"the file is {length:N0} bytes, over the {options.MaxFileBytes:N0}-byte limit for metadata files; it is not read",
                name));
            return [];
        }

        return [new DiscoveredFile(name, fullPath, kind, format, fullName, length)];
    }

    private static ForceIgnore ReadForceIgnore(string root, List<MetadataDiagnostic> diagnostics)
    {
        var path = Path.Combine(root, ForceIgnore.FileName);
        string? below = null;
        if (!File.Exists(path) && ProjectAbove(root) is { } project)
        {
            // A package folder scanned on its own: the Salesforce CLI applies the project's
            // .forceignore to it, with patterns relative to the project root.
            path = Path.Combine(project, ForceIgnore.FileName);
            below = Path.GetRelativePath(project, root).Replace('\\', '/');
        }

        if (!File.Exists(path))
        {
            return ForceIgnore.Empty;
        }

        var display = Path.GetRelativePath(root, path).Replace('\\', '/');
        try
        {
            if (new FileInfo(path).Length > ForceIgnore.MaxFileBytes)
            {
                throw new IOException($"it is larger than {ForceIgnore.MaxFileBytes / 1024 / 1024} MiB");
            }

            var ignore = ParseForceIgnore(File.ReadAllText(path), display, diagnostics);
            return below is null ? ignore : ignore.Below(below, display);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            diagnostics.Add(new MetadataDiagnostic(
                DiagnosticCodes.ProjectFileError,
                DiagnosticLevel.Warning,
                ".forceignore could not be used (" + ex.Message + "); no file is ignored",
                display));
            return ForceIgnore.Empty;
        }
    }

    // Parses .forceignore text; a pattern that cannot be used is a warning at its line, and the others still apply.
    private static ForceIgnore ParseForceIgnore(string text, string display, List<MetadataDiagnostic> diagnostics)
    {
        var problems = new List<(int Line, string Message)>();
        var ignore = ForceIgnore.Parse(text, problems);
        foreach (var (line, message) in problems)
        {
            diagnostics.Add(new MetadataDiagnostic(DiagnosticCodes.ProjectFileError, DiagnosticLevel.Warning, message, display, line, 1));
        }

        return ignore;
    }

    /// <summary>
    /// The nearest folder above <paramref name="root"/> that holds <c>sfdx-project.json</c>, not
    /// looking past the folder that holds <c>.git</c> (the repository root); null when there is none
    /// or when <paramref name="root"/> is itself a project or repository root.
    /// </summary>
    private static string? ProjectAbove(string root)
    {
        if (File.Exists(Path.Combine(root, SfdxProject.FileName)) || Path.Exists(Path.Combine(root, ".git")))
        {
            return null;
        }

        for (var dir = Path.GetDirectoryName(root); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, SfdxProject.FileName)))
            {
                return dir;
            }

            if (Path.Exists(Path.Combine(dir, ".git")))
            {
                return null;
            }
        }

        return null;
    }

    private static int CompareDiagnostics(MetadataDiagnostic a, MetadataDiagnostic b)
    {
        var c = string.CompareOrdinal(a.File, b.File);
        if (c == 0)
        {
            c = a.Line.CompareTo(b.Line);
        }

        if (c == 0)
        {
            c = a.Column.CompareTo(b.Column);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Code, b.Code);
        }

        return c == 0 ? string.CompareOrdinal(a.Message, b.Message) : c;
    }
}
