using System.Collections.Immutable;
using OAuthGuard.Findings;
using OAuthGuard.Salesforce;
using OAuthGuard.Scanning;

namespace OAuthGuard.Repository;

/// <summary>
/// The production reader: OAuthGuard.Salesforce discovers and parses the metadata, and this
/// adapter hands its input document, diagnostics, element positions and XML comments to the scan.
/// </summary>
public sealed class SalesforceRepositoryReader : IRepositoryReader
{
    /// <summary>Options passed to the metadata reader (file size limit, .forceignore).</summary>
    public MetadataLoadOptions Options { get; init; } = MetadataLoadOptions.Default;

    /// <inheritdoc />
    public RepositorySnapshot Read(string root, CancellationToken cancellationToken)
    {
        MetadataSnapshot snapshot;
        try
        {
            snapshot = MetadataRepository.Load(root, Options, cancellationToken);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ScanSetupException("usage_error", e.Message);
        }

        return ToRepositorySnapshot(snapshot);
    }

    /// <inheritdoc />
    public RepositorySnapshot ReadOverlay(RepositorySnapshot head, IReadOnlyDictionary<string, byte[]?> overlay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(head);
        if (head.ReaderState is not MetadataSnapshot headSnapshot)
        {
            throw new ArgumentException("the head snapshot was not read by this reader", nameof(head));
        }

        cancellationToken.ThrowIfCancellationRequested();
        return ToRepositorySnapshot(MetadataRepository.LoadOverlay(headSnapshot, overlay, Options));
    }

    private static RepositorySnapshot ToRepositorySnapshot(MetadataSnapshot snapshot)
    {
        var notifications = snapshot.Diagnostics
            .Select(d => new ToolNotification(d.Code, d.LevelText, d.Message, d.File.Length == 0 ? null : d.File, d.Line, d.Column))
            .ToImmutableArray();
        var comments = snapshot.Comments
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Value.Select(c => new MetadataComment(p.Key, c.Text, c.Line, c.Column, c.ElementPath)))
            .ToImmutableArray();
        return new RepositorySnapshot(snapshot.ToInputDocument(), notifications, new Locator(snapshot), comments, snapshot.Files.Count)
        {
            ReaderState = snapshot,
            HiddenByForceIgnore = [.. snapshot.HiddenByForceIgnore.Select(h => new IgnoredFile(h.Path, h.Line, h.Pattern))],
        };
    }

    private sealed class Locator(MetadataSnapshot snapshot) : IElementLocator
    {
        public ElementLocation? Locate(string file, string elementPath)
        {
            if (!snapshot.Positions.Contains(file))
            {
                return null;
            }

            var p = snapshot.Positions.Locate(file, elementPath);
            return new ElementLocation(p.Line, p.Column, p.ResolvedPath);
        }
    }
}
