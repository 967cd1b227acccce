using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using OAuthGuard.Repository;

namespace OAuthGuard.Core.Tests;

/// <summary>The adapter over the real OAuthGuard.Salesforce reader, on the CLI's fixture repository.</summary>
public sealed class SalesforceReaderTests
{
    private static string Basic([CallerFilePath] string caller = "") =>
        Path.Combine(Path.GetDirectoryName(caller)!, "..", "OAuthGuard.Cli.Tests", "Fixtures", "basic");

    private const string Billing = "force-app/main/default/connectedApps/Billing_Sync.connectedApp-meta.xml";
    private const string Legacy = "force-app/main/default/connectedApps/Legacy_Reports.connectedApp-meta.xml";

    [Fact]
    public void Reads_apps_positions_comments_and_problems()
    {
        var snapshot = new SalesforceRepositoryReader().Read(Basic(), CancellationToken.None);

        var names = snapshot.Input["connectedApps"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("Billing_Sync", names);
        Assert.Contains("Partner_Portal", snapshot.Input["externalClientApps"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
        Assert.Equal(new ElementLocation(9, 9, "oauthConfig/isConsumerSecretOptional"), snapshot.Locator.Locate(Billing, "oauthConfig/isConsumerSecretOptional"));
        Assert.Equal(new ElementLocation(5, 5, "oauthConfig"), snapshot.Locator.Locate(Billing, "oauthConfig/isPkceRequired"));
        Assert.Null(snapshot.Locator.Locate("not/read.xml", "oauthConfig"));
        var comment = Assert.Single(snapshot.Comments, c => c.File == Legacy && c.Text.Contains("SFOAUTH001", StringComparison.Ordinal));
        Assert.Equal((7, "oauthConfig/isConsumerSecretOptional"), (comment.Line, comment.ElementPath));
        var broken = Assert.Single(snapshot.Notifications, n => n.File?.EndsWith("Broken.connectedApp-meta.xml", StringComparison.Ordinal) == true);
        Assert.Equal("error", broken.Level);
        Assert.True(broken.Line > 1);
        Assert.Equal(7, snapshot.FileCount);
    }
}
