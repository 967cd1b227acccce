using OAuthGuard.Salesforce.Model;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Salesforce.Tests;

public sealed class FactsTests
{
    [Theory]
    [InlineData("{{CONSUMER_SECRET}}")]
    [InlineData("{SECRET}")]
    [InlineData("${SF_CLIENT_SECRET}")]
    [InlineData("https://{{HOST}}/cb")]
    [InlineData("REPLACE_CLIENT_SECRET")]
    [InlineData("replace-me")]
    [InlineData("YOUR_CONSUMER_KEY_WILL_BE_GENERATED")]
    [InlineData("<your secret>")]
    [InlineData("xxxxxxxx")]
    [InlineData("XXXX-XXXX")]
    [InlineData("********")]
    [InlineData("CHANGEME")]
    [InlineData("RETRIEVED_FROM_SALESFORCE")]
    [InlineData("SLACK_CLIENT_SECRET")]
    [InlineData("PASTE_KEY_HERE")]
    [InlineData("%CLIENT_ID%")]
    [InlineData("__SECRET__")]
    [InlineData("  TODO  ")]
    public void Placeholders_are_recognised(string value) => Assert.True(PlaceholderDetector.IsPlaceholder(value));

    [Theory]
    [InlineData("3MVG9SM6_sNwRXqsSpmpcnlpbDBSFAzJTiC5uRB8y6lS_B0eetp7qeBb3osK8YMlh")]
    [InlineData("OTA4MjM0cmhzYmVma3VzZSFZYXlUZXN0ITkwODIzNHJoc2JlZmt1c2U=")]
    [InlineData("8F3A0C11D2E94B7A")]
    [InlineData("hackathon_id_00D3N00000043d0UAA_1671439587")]
    [InlineData("a1B2c3D4e5F6g7H8i9J0")]
    [InlineData("")]
    public void Real_looking_values_are_not_placeholders(string value) => Assert.False(PlaceholderDetector.IsPlaceholder(value));

    [Theory]
    [InlineData("<consumerSecret>s3cr3tValue123</consumerSecret>", "literal")]
    [InlineData("<consumerSecret>{{X}}</consumerSecret>", "placeholder")]
    [InlineData("<consumerSecret/>", "empty")]
    [InlineData("<consumerSecret>  </consumerSecret>", "empty")]
    [InlineData("", "absent")]
    public void Consumer_secret_state(string element, string expected)
    {
        using var repo = new TempRepo();
        repo.Write("A.connectedApp-meta.xml", $"<ConnectedApp><oauthConfig><callbackUrl>https://a</callbackUrl>{element}</oauthConfig></ConnectedApp>");
        Assert.Equal(expected, (string?)repo.Load().ToInputDocument()["connectedApps"]![0]!["facts"]!["consumerSecret"]);
    }

    [Theory]
    [InlineData("MIIDkTCCAnmgAwIBAgIUObQ8SV9ejui0QDE/6NU7Uxm1N/YwDQYJKoZIhvcNAQEL", "present")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIDkTCCAnmgAwIBAgIUObQ8SV9ejui0QDE/6NU7Uxm1N/YwDQYJKoZIhvcNAQEL\nBQAwWDELMAkGA1UEBhMCTVgxEDAOBgNVBAgMB0phbGlzY28x\n-----END CERTIFICATE-----", "present")]
    [InlineData("{{CERTIFICATE_NAME}}", "placeholder")]
    [InlineData("FROM_salesforce/certs/my-cert_WITHOUT_HEADERS", "placeholder")]
    [InlineData("MyJwtCertificate", "placeholder")]
    [InlineData("REPLACE_CERTIFICATE", "placeholder")]
    [InlineData("{CERTIFICATE}", "placeholder")]
    [InlineData("", "empty")]
    public void Certificate_state(string value, string expected)
    {
        using var repo = new TempRepo();
        repo.Write("A.connectedApp-meta.xml", $"<ConnectedApp><oauthConfig><callbackUrl>https://a</callbackUrl><certificate>{value}</certificate></oauthConfig></ConnectedApp>");
        Assert.Equal(expected, (string?)repo.Load().ToInputDocument()["connectedApps"]![0]!["facts"]!["certificate"]);
    }

    [Fact]
    public void Callback_urls_are_split_on_line_breaks_and_commas()
    {
        using var repo = new TempRepo();
        repo.Write("A.connectedApp-meta.xml", "<ConnectedApp><oauthConfig><callbackUrl>\n  https://a.example.com/cb\r\nhttp://localhost:8080 , myapp://cb\n\n</callbackUrl></oauthConfig></ConnectedApp>");
        var app = repo.Load().Apps.ConnectedApps[0];
        Assert.Equal(["https://a.example.com/cb", "http://localhost:8080", "myapp://cb"], app.Facts.CallbackUrls);
        Assert.True(app.Facts.OAuthEnabled);
        Assert.False(app.Facts.Mobile);
    }

    [Fact]
    public void Without_oauthConfig_OAuth_is_not_enabled_and_everything_is_absent()
    {
        using var repo = new TempRepo();
        repo.CopyFixture("Legacy.connectedApp", "Legacy.connectedApp");
        var facts = repo.Load().ToInputDocument()["connectedApps"]![0]!["facts"]!;
        Assert.Equal("{\"oauthEnabled\":false,\"callbackUrls\":[],\"consumerSecret\":\"absent\",\"consumerKey\":\"absent\",\"certificate\":\"absent\",\"mobile\":false}", facts.ToJsonString());
    }
}
