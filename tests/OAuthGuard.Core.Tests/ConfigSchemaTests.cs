using System.Text.RegularExpressions;
using OAuthGuard.Configuration;
using OAuthGuard.Core.Tests.Support;

namespace OAuthGuard.Core.Tests;

/// <summary>
/// docs/oauthguard.schema.json and <see cref="ConfigLoader"/> agree: every YAML example in
/// docs/configuration.md validates against the schema and loads without errors, and each invalid
/// configuration below is rejected by both.
/// </summary>
public sealed partial class ConfigSchemaTests
{
    public static TheoryData<int, string> DocumentedExamples()
    {
        var text = File.ReadAllText(Path.Combine(ConfigSchema.RepositoryRoot, "docs", "configuration.md"));
        var data = new TheoryData<int, string>();
        var index = 0;
        foreach (Match m in YamlBlock().Matches(text))
        {
            data.Add(++index, m.Groups[1].Value);
        }

        return data;
    }

    [Fact]
    public void The_configuration_reference_has_yaml_examples() => Assert.NotEmpty(DocumentedExamples());

    [Theory]
    [MemberData(nameof(DocumentedExamples))]
    public void Every_documented_example_validates_and_loads(int example, string yaml)
    {
        Assert.Empty(ConfigSchema.Validate(yaml));
        var (_, errors) = ConfigLoader.Parse(yaml, $"configuration.md example {example}");
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("empty file", "")]
    [InlineData("comments only", "# nothing yet\n")]
    [InlineData("empty sections", "apps:\nrules:\npolicies:\n")]
    [InlineData("an app without settings", "apps:\n  Billing: {}\n")]
    [InlineData("every severity", "rules:\n  severity:\n    A: critical\n    B: high\n    C: medium\n    D: low\n    E: note\nfail-on: none\n")]
    [InlineData("certificate warning off", "certificates:\n  expiry-warning-days: 0\n")]
    [InlineData("suppression without expiry", "suppressions:\n  - rule: SFOAUTH001\n    app: Billing\n    reason: accepted\n")]
    public void Valid_configurations_pass_both(string what, string yaml)
    {
        Assert.True(ConfigSchema.Validate(yaml).Count == 0, what);
        Assert.Empty(ConfigLoader.Parse(yaml, ".oauthguard.yml").Errors);
    }

    [Theory]
    [InlineData("unknown top-level key", "failOn: high\n")]
    [InlineData("unknown app key", "apps:\n  Billing:\n    type: private\n")]
    [InlineData("bad client type", "apps:\n  Billing:\n    client: server\n")]
    [InlineData("client left empty", "apps:\n  Billing:\n    client:\n")]
    [InlineData("client as a list", "apps:\n  Billing:\n    client: [private]\n")]
    [InlineData("apps as a list", "apps:\n  - Billing\n")]
    [InlineData("unknown rules key", "rules:\n  enabled: [SFOAUTH001]\n")]
    [InlineData("disabled not a list", "rules:\n  disabled: SFOAUTH001\n")]
    [InlineData("bad severity", "rules:\n  severity:\n    SFOAUTH001: urgent\n")]
    [InlineData("none is no severity", "rules:\n  severity:\n    SFOAUTH001: none\n")]
    [InlineData("bad fail-on", "fail-on: blocker\n")]
    [InlineData("fail-on as a number", "fail-on: 3\n")]
    [InlineData("policies not a list", "policies: security/oauth\n")]
    [InlineData("suppressions not a list", "suppressions:\n  rule: SFOAUTH001\n")]
    [InlineData("suppressions empty", "suppressions:\n")]
    [InlineData("suppression without reason", "suppressions:\n  - rule: SFOAUTH001\n    app: Billing\n")]
    [InlineData("suppression with a blank reason", "suppressions:\n  - rule: SFOAUTH001\n    app: Billing\n    reason: \"   \"\n")]
    [InlineData("suppression with an unknown key", "suppressions:\n  - rule: SFOAUTH001\n    app: Billing\n    reason: ok\n    until: 2026-01-01\n")]
    [InlineData("expiry not a date", "suppressions:\n  - rule: SFOAUTH001\n    app: Billing\n    reason: ok\n    expires: next week\n")]
    [InlineData("expiry not a real day", "suppressions:\n  - rule: SFOAUTH001\n    app: Billing\n    reason: ok\n    expires: 2026-02-30\n")]
    [InlineData("certificate warning days negative", "certificates:\n  expiry-warning-days: -1\n")]
    [InlineData("certificate warning days too many", "certificates:\n  expiry-warning-days: 3651\n")]
    [InlineData("certificate warning days not a number", "certificates:\n  expiry-warning-days: soon\n")]
    [InlineData("unknown certificates key", "certificates:\n  warn-days: 10\n")]
    [InlineData("a list at the top", "- apps\n")]
    [InlineData("a scalar at the top", "hello\n")]
    public void Invalid_configurations_are_rejected_by_both(string what, string yaml)
    {
        Assert.True(ConfigSchema.Validate(yaml).Count > 0, $"the schema accepts {what}");
        Assert.True(ConfigLoader.Parse(yaml, ".oauthguard.yml").Errors.Length > 0, $"the loader accepts {what}");
    }

    [Fact]
    public void Every_key_in_the_schema_has_a_description()
    {
        var schema = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(ConfigSchema.SchemaFile))!;
        var missing = new List<string>();
        void Walk(System.Text.Json.Nodes.JsonNode? node, string where)
        {
            if (node is not System.Text.Json.Nodes.JsonObject obj)
            {
                return;
            }

            if (obj["properties"] is System.Text.Json.Nodes.JsonObject props)
            {
                foreach (var (key, value) in props)
                {
                    if (value?["description"] is null)
                    {
                        missing.Add($"{where}/{key}");
                    }

                    Walk(value, $"{where}/{key}");
                }
            }

            foreach (var name in (string[])["items", "additionalProperties"])
            {
                if (obj[name] is System.Text.Json.Nodes.JsonObject child)
                {
                    if (child["description"] is null && child["$ref"] is null)
                    {
                        missing.Add($"{where}/{name}");
                    }

                    Walk(child, $"{where}/{name}");
                }
            }
        }

        Walk(schema, "");
        Walk(schema["$defs"]?["ruleId"], "$defs/ruleId");
        Assert.Empty(missing);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema["$schema"]?.GetValue<string>());
        Assert.Equal(ProjectInfo.ConfigSchemaUrl, schema["$id"]?.GetValue<string>());
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
