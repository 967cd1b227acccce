using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OAuthGuard.Findings;

namespace OAuthGuard.Repository;

/// <summary>
/// Reads a repository's Connected App and External Client App metadata into the input document
/// (docs/contracts.md §1) plus what the host needs to point back at the XML: element positions
/// and XML comments. The production reader wraps OAuthGuard.Salesforce; tests use fakes.
/// </summary>
public interface IRepositoryReader
{
    /// <summary>Reads the repository rooted at <paramref name="root"/>. Bad files become notifications, never exceptions.</summary>
    RepositorySnapshot Read(string root, CancellationToken cancellationToken);

    /// <summary>
    /// Reads another version of the repository (a comparison base) as an overlay on <paramref name="head"/>:
    /// the files of <paramref name="overlay"/> (root-relative path → bytes in that version, null when absent
    /// there) replace the head's, every other file is the head's. Readers that cannot do this do not support bases.
    /// </summary>
    RepositorySnapshot ReadOverlay(RepositorySnapshot head, IReadOnlyDictionary<string, byte[]?> overlay, CancellationToken cancellationToken) =>
        throw new NotSupportedException("this repository reader cannot read a comparison base");
}

/// <summary>What a reader produced for one repository.</summary>
/// <param name="Input">The input document without <c>config</c> (the scan adds it, in place).</param>
/// <param name="Notifications">Problems with the metadata files (malformed XML, unreadable files, invalid values).</param>
/// <param name="Locator">Turns (file, element path) into a line and column.</param>
/// <param name="Comments">Every XML comment in the metadata files, for inline suppressions.</param>
/// <param name="FileCount">How many metadata files were read.</param>
public sealed record RepositorySnapshot(
    JsonObject Input,
    ImmutableArray<ToolNotification> Notifications,
    IElementLocator Locator,
    ImmutableArray<MetadataComment> Comments,
    int FileCount)
{
    /// <summary>The reader's own representation, kept so that <see cref="IRepositoryReader.ReadOverlay"/> can reuse what was parsed.</summary>
    public object? ReaderState { get; init; }

    /// <summary>
    /// For an overlay (another version read over the head): the metadata files that version scans and the head's
    /// <c>.forceignore</c> hides, with the line that hides each. Empty for a snapshot read from disk.
    /// </summary>
    public ImmutableArray<IgnoredFile> HiddenByForceIgnore { get; init; } = [];
}

/// <summary>A metadata file hidden from the scan by a <c>.forceignore</c> pattern.</summary>
/// <param name="File">Scan-root-relative path, forward slashes.</param>
/// <param name="Line">The line of <c>.forceignore</c> that hides it.</param>
/// <param name="Pattern">That line's text.</param>
public sealed record IgnoredFile(string File, int Line, string Pattern);

/// <summary>Finds where an element sits in a metadata file.</summary>
public interface IElementLocator
{
    /// <summary>
    /// Locates <paramref name="elementPath"/> in <paramref name="file"/>, falling back to the nearest
    /// existing parent (ultimately the root element, line 1). Null when the file is unknown.
    /// </summary>
    ElementLocation? Locate(string file, string elementPath);
}

/// <summary>A resolved position.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="ResolvedPath">The element path actually found (a parent of the requested one when it is absent).</param>
public readonly record struct ElementLocation(int Line, int Column, string ResolvedPath);

/// <summary>An XML comment in a metadata file.</summary>
/// <param name="File">Repository-relative path with forward slashes.</param>
/// <param name="Text">The comment's text, without <c>&lt;!--</c> and <c>--&gt;</c>.</param>
/// <param name="Line">1-based line where the comment starts.</param>
/// <param name="Column">1-based column where the comment starts.</param>
/// <param name="ElementPath">The element the comment precedes (or, when it is the last child, encloses); empty for the whole file.</param>
public sealed record MetadataComment(string File, string Text, int Line, int Column, string ElementPath);
