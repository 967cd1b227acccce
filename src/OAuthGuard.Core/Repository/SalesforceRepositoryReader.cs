using OAuthGuard.Scanning;

namespace OAuthGuard.Repository;

/// <summary>
/// The production reader over OAuthGuard.Salesforce. NOTE: placeholder until the metadata reader
/// lands on main; it refuses to scan rather than pretend the repository is empty.
/// </summary>
public sealed class SalesforceRepositoryReader : IRepositoryReader
{
    /// <inheritdoc />
    public RepositorySnapshot Read(string root, CancellationToken cancellationToken) =>
        throw new ScanSetupException("reader_unavailable", "this build has no Salesforce metadata reader yet");
}
