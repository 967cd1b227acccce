using System.Text.Json.Nodes;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Engines;
using OAuthGuard.Findings;
using OAuthGuard.Policies;
using OAuthGuard.Scanning;

namespace OAuthGuard.Core.Tests;

public sealed class RuleCatalogTests : IDisposable
{
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static RuleAnnotation Annotation(JsonObject? custom, string package = "oauthguard.rules.x", string file = "p.rego", string? title = "T") =>
        new(package, title, "D", [], custom, file, 4);

    [Fact]
    public void Builds_descriptors_with_defaults_for_optional_keys()
    {
        var errors = new List<ToolNotification>();

        var rules = RuleCatalog.Build([Annotation(new JsonObject { ["id"] = "X1", ["severity"] = "medium" }, "oauthguard.rules.client_credentials_flow")], [], errors);

        Assert.Empty(errors);
        var r = Assert.Single(rules);
        Assert.Equal(("X1", "ClientCredentialsFlow", Severity.Medium, 5.5, "T"), (r.Id, r.Name, r.Severity, r.SecuritySeverity, r.Title));
        Assert.Equal("**T**\n\nD", r.HelpMarkdown);
    }

    [Theory]
    [InlineData("""{"id":"X1","severity":"high","owner":"me"}""", "unknown METADATA custom key 'owner'")]
    [InlineData("""{"severity":"high"}""", "custom.id must be a non-empty string")]
    [InlineData("""{"id":"X 1","severity":"high"}""", "custom.id 'X 1' must be letters")]
    [InlineData("""{"id":"X1","severity":"severe"}""", "custom.severity must be critical, high, medium, low or note, not 'severe'")]
    [InlineData("""{"id":"X1","severity":"high","security_severity":11}""", "security_severity must be a number from 0 to 10")]
    [InlineData("""{"id":"X1","severity":"high","applies_to":["flow"]}""", "applies_to must be a list of connectedApp, externalClientApp and/or configuration")]
    public void Contract_violations_are_errors_at_the_metadata_block(string custom, string expected)
    {
        var errors = new List<ToolNotification>();

        var rules = RuleCatalog.Build([Annotation(JsonNode.Parse(custom)!.AsObject())], [], errors);

        Assert.Empty(rules);
        var e = Assert.Single(errors);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(("p.rego", 4), (e.File, e.Line));
    }

    [Fact]
    public void Unknown_top_level_metadata_keys_are_errors()
    {
        var errors = new List<ToolNotification>();
        var annotation = Annotation(new JsonObject { ["id"] = "X1", ["severity"] = "high" }) with { Keys = ["title", "custom", "severity"] };

        Assert.Empty(RuleCatalog.Build([annotation], [], errors));
        Assert.Contains("unknown METADATA key 'severity'", Assert.Single(errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_ids_and_missing_custom_blocks_are_errors()
    {
        var errors = new List<ToolNotification>();
        var custom = new JsonObject { ["id"] = "X1", ["severity"] = "high" };

        RuleCatalog.Build([Annotation(custom), Annotation(custom.DeepClone().AsObject(), "oauthguard.rules.y", "q.rego"), Annotation(null, "oauthguard.rules.z")], [], errors);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Message.Contains("rule id X1 is already used by package oauthguard.rules.x", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("needs a 'custom' block", StringComparison.Ordinal));
    }

    [Fact]
    public void Library_packages_are_not_rules()
    {
        var errors = new List<ToolNotification>();

        var rules = RuleCatalog.Build([Annotation(null, "oauthguard.lib.clients")], [], errors);

        Assert.Empty(rules);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_user_policy_folder_that_yields_no_rules_is_an_error()
    {
        _repo.Write("mine/helpers.rego", "package oauthguard.lib.mine\n");
        _repo.Write("empty/only_test.rego", "package x_test\n");
        _repo.Write("good/rule.rego", "package oauthguard.rules.mine\n");
        var engine = new FakeEngine();
        engine.AddRule("MINE1", "low", "oauthguard.rules.mine", file: Path.Combine("good", "rule.rego"));
        var scanner = new Scanner(new ScannerOptions { Reader = new FakeReader(), Engines = new Dictionary<string, Func<IPolicyEngine>> { ["embedded"] = () => engine } });
        {
            var e = await Assert.ThrowsAsync<ScanSetupException>(() => scanner.PrepareAsync(new ScanRequest(_repo.Root, PolicyDirectories: ["mine", "empty", "missing"]) { WorkingDirectory = _repo.Root }));
            var ok = await scanner.PrepareAsync(new ScanRequest(_repo.Root, PolicyDirectories: ["good"]) { WorkingDirectory = _repo.Root });

            Assert.Equal(
                ["policy folder 'empty' holds no Rego modules (*.rego other than *_test.rego)", "policy folder 'missing' does not exist"],
                e.Errors.Select(x => x.Message).Order(StringComparer.Ordinal));
            Assert.Equal(["MINE1"], ok.Rules.Select(r => r.Id));
            Assert.Contains(engine.LastSources, s => s.Origin == "good" && s.Path == "good/rule.rego");

            var noRules = await Assert.ThrowsAsync<ScanSetupException>(() => scanner.PrepareAsync(new ScanRequest(_repo.Root, PolicyDirectories: ["mine"]) { WorkingDirectory = _repo.Root }));
            Assert.StartsWith("policy folder 'mine' yields no rules", Assert.Single(noRules.Errors).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rule_output_is_collected_from_nested_packages_in_order()
    {
        var rules = JsonNode.Parse("""{"b":{"deny":[{"n":1}]},"a":{"deny":[{"n":2},{"n":3}],"sub":{"deny":[{"n":4}]},"helper":true}}""");

        var raw = RuleOutput.Collect(rules);

        Assert.Equal(
            [("oauthguard.rules.a", 2), ("oauthguard.rules.a", 3), ("oauthguard.rules.a.sub", 4), ("oauthguard.rules.b", 1)],
            raw.Select(r => (r.Package, r.Value!["n"]!.GetValue<int>())));
    }
}
