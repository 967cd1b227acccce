using OAuthGuard.Engines;
using OAuthGuard.Repository;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary>The scanner the shipped CLI uses: the Salesforce metadata reader and the registered engines.</summary>
internal static class DefaultScanner
{
    public static Scanner Create() => new(new ScannerOptions
    {
        Reader = new SalesforceRepositoryReader(),
        Engines = new Dictionary<string, Func<IPolicyEngine>>(StringComparer.Ordinal)
        {
            [EmbeddedEngine.EngineName] = () => new EmbeddedEngine(),
        },
    });
}
