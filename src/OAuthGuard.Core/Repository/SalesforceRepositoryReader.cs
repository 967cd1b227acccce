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

        var notifications = snapshot.Diagnostics
            .Select(d => new ToolNotification(d.Code, d.LevelText, d.Message, d.File.Length == 0 ? null : d.File, d.Line, d.Column))
            .ToImmutableArray();
        var comments = snapshot.Comments
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Value.Select(c => new MetadataComment(p.Key, c.Text, c.Line, c.Column, c.ElementPath)))
            .ToImmutableArray();
        return new RepositorySnapshot(snapshot.ToInputDocument(), notifications, new Locator(snapshot), comments, snapshot.Files.Count);
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
