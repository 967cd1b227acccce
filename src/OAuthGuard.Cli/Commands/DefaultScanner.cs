using OAuthGuard.Engines;
using OAuthGuard.Repository;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary>The scanner the shipped CLI uses: the Salesforce metadata reader and the registered engines.</summary>
internal static class DefaultScanner
{
    /// <summary>The engines the shipped CLI registers, by name (the action's <c>engine: auto</c> looks here too).</summary>
    public static IReadOnlyDictionary<string, Func<IPolicyEngine>> Engines { get; } = new Dictionary<string, Func<IPolicyEngine>>(StringComparer.Ordinal)
    {
        [EmbeddedEngine.EngineName] = () => new EmbeddedEngine(),
    };

    public static Scanner Create() => new(new ScannerOptions
    {
        Reader = new SalesforceRepositoryReader(),
        Engines = Engines,
    });
}
