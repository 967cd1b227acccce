// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text.Json;
using System.Text.Json.Nodes;
using OAuthGuard.Salesforce.Crypto;
using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Document;
using OAuthGuard.Salesforce.Model;

namespace OAuthGuard.Salesforce;

/// <summary>The apps of a repository.</summary>
/// <param name="ConnectedApps">Connected Apps, ordered by file path.</param>
/// <param name="ExternalClientApps">External Client Apps, ordered by the path of their <c>.eca</c> file (or first part).</param>
public sealed record MetadataApps(IReadOnlyList<ConnectedApp> ConnectedApps, IReadOnlyList<ExternalClientApp> ExternalClientApps);

/// <summary>
/// Everything read from one repository: the apps, the files, the problems found, the positions
/// of every element and the XML comments. Produces the input document the policies evaluate.
/// </summary>
public sealed class MetadataSnapshot
{
    internal MetadataSnapshot(
        string root,
        SfdxProject? project,
        MetadataApps apps,
        IReadOnlyList<MetadataFile> files,
        IReadOnlyList<MetadataDiagnostic> diagnostics,
        PositionIndex positions)
    {
        Root = root;
        Project = project;
        Apps = apps;
        Files = files;
        Diagnostics = diagnostics;
        Positions = positions;
        Comments = files.Where(f => f.Comments.Count > 0).ToDictionary(f => f.Path, f => f.Comments, StringComparer.Ordinal);
    }

    /// <summary>The absolute path of the repository root that was read.</summary>
    public string Root { get; }

    /// <summary>What <c>sfdx-project.json</c> declares, when the repository has one.</summary>
    public SfdxProject? Project { get; }

    /// <summary>The Connected Apps and External Client Apps.</summary>
    public MetadataApps Apps { get; }

    /// <summary>Every metadata file found and read (parsed or not), ordered by path.</summary>
    public IReadOnlyList<MetadataFile> Files { get; }

    /// <summary>Problems found, ordered by file, line, column and code.</summary>
    public IReadOnlyList<MetadataDiagnostic> Diagnostics { get; }

    /// <summary>Element positions, to place findings.</summary>
    public PositionIndex Positions { get; }

    /// <summary>Private keys found in the repository (empty when the search is off or a single file was read), ordered by file.</summary>
    public IReadOnlyList<PrivateKeyFact> Keys { get; init; } = [];

    /// <summary>
    /// For a snapshot of another version built over the head (<see cref="MetadataRepository.LoadOverlay"/>): the metadata
    /// files, unchanged on disk, that this version scans but the head's <c>.forceignore</c> hides. Empty otherwise.
    /// </summary>
    public IReadOnlyList<HiddenFile> HiddenByForceIgnore { get; init; } = [];

    /// <summary>XML comments per file (repository-relative path), for files that have any.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<XmlCommentInfo>> Comments { get; }

    /// <summary>The input document (docs/contracts.md §1) without <c>config</c>, which the scan adds.</summary>
    public JsonObject ToInputDocument() => InputDocumentBuilder.Build(Project, Apps.ConnectedApps, Apps.ExternalClientApps, Keys);

    /// <summary>Writes the input document as UTF-8 JSON; the same repository always gives the same bytes.</summary>
    public void WriteInputDocument(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ToInputDocument().WriteTo(writer);
        writer.Flush();
    }

    /// <summary>Writes the input document, indented by default, followed by a newline.</summary>
    public void WriteInputDocument(Stream stream, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            WriteInputDocument(writer);
        }

        stream.WriteByte((byte)'\n');
        stream.Flush();
    }
}

/// <summary>A metadata file one version of a repository scans and the other's <c>.forceignore</c> hides.</summary>
/// <param name="Path">Root-relative path, forward slashes.</param>
/// <param name="Line">The line of <c>.forceignore</c> whose pattern hides it.</param>
/// <param name="Pattern">That line's text.</param>
public sealed record HiddenFile(string Path, int Line, string Pattern);
