using OAuthGuard.Engines;
using OAuthGuard.Engines.Opa;
using OAuthGuard.Repository;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary>The scanner the shipped CLI uses: the Salesforce metadata reader and the registered engines.</summary>
internal static class DefaultScanner
{
    /// <summary>The engines the shipped CLI registers, by name, with <c>opa</c> looked up on PATH.</summary>
    public static IReadOnlyDictionary<string, Func<IPolicyEngine>> Engines { get; } = CreateEngines(null);

    public static Scanner Create() => Create(null);

    /// <summary>Creates the scanner, with the <c>opa</c> engine running <paramref name="opaPath"/> (default: <c>opa</c> on PATH).</summary>
    public static Scanner Create(string? opaPath) => Create(new SalesforceRepositoryReader(), opaPath);

    /// <summary>A scanner over another reader (explain-app keeps the snapshot it read).</summary>
    public static Scanner Create(IRepositoryReader reader, string? opaPath) => new(new ScannerOptions
    {
        Reader = reader,
        Engines = opaPath is null ? Engines : CreateEngines(opaPath),
    });

    private static Dictionary<string, Func<IPolicyEngine>> CreateEngines(string? opaPath) => new(StringComparer.Ordinal)
    {
        [EmbeddedEngine.EngineName] = () => new EmbeddedEngine(),
        [OpaEngine.EngineName] = () => new OpaEngine(new OpaOptions { ExecutablePath = opaPath ?? OpaOptions.Default.ExecutablePath }, AnnotationReader.Read),
    };
}
