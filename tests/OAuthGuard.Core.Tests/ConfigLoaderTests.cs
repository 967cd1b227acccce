using OAuthGuard.Configuration;
using OAuthGuard.Findings;

namespace OAuthGuard.Core.Tests;

public sealed class ConfigLoaderTests
{
    private const string Full = """
        # Example: every key
        apps:
          Billing:
            client: private
          MobileApp:
            client: public
        rules:
          disabled: [SFOAUTH101]
          severity:
            SFOAUTH004: medium
        fail-on: critical
        policies:
          - policies/extra
        suppressions:
          - rule: SFOAUTH002
            app: Billing
            reason: Refresh tokens are revoked nightly by a job.
            expires: 2026-12-31
        """;

    [Fact]
    public void Reads_every_key_of_a_full_example()
    {
        var (config, errors) = ConfigLoader.Parse(Full, ".oauthguard.yml");

        Assert.Empty(errors);
        Assert.Equal([("Billing", "private"), ("MobileApp", "public")], config.Apps.Select(a => (a.Name, a.Client)));
        Assert.Equal(["SFOAUTH101"], config.DisabledRules.Select(d => d.Value));
        var o = Assert.Single(config.SeverityOverrides);
        Assert.Equal(("SFOAUTH004", Severity.Medium, 10), (o.RuleId, o.Severity, o.Position.Line));
        Assert.Equal(Severity.Critical, config.FailOn);
        Assert.Equal(["policies/extra"], config.PolicyDirectories.Select(p => p.Value));
        var s = Assert.Single(config.Suppressions);
        Assert.Equal(("SFOAUTH002", "Billing", "Refresh tokens are revoked nightly by a job.", new DateOnly(2026, 12, 31), 15),
            (s.RuleId, s.App, s.Reason, s.Expires, s.Position.Line));
    }

    [Theory]
    [InlineData("colour: red\n", 1, 1, "unknown key 'colour' in the configuration file")]
    [InlineData("apps:\n  Billing:\n    client: server\n", 3, 13, "apps.Billing.client must be 'private' or 'public', not 'server'")]
    [InlineData("apps:\n  Billing:\n    type: private\n", 3, 5, "unknown key 'type' in apps.Billing")]
    [InlineData("rules:\n  severity:\n    SFOAUTH001: urgent\n", 3, 17, "rules.severity.SFOAUTH001 must be one of critical, high, medium, low or note, not 'urgent'")]
    [InlineData("rules:\n  disabled: SFOAUTH001\n", 2, 13, "rules.disabled must be a list")]
    [InlineData("fail-on: sometimes\n", 1, 10, "fail-on must be one of critical, high, medium, low, note or none, not 'sometimes'")]
    [InlineData("suppressions:\n  - rule: SFOAUTH001\n    app: A\n    reason: ok\n    expires: next year\n", 5, 14, "suppressions[].expires must be a date written YYYY-MM-DD, not 'next year'")]
    [InlineData("suppressions:\n  - rule: SFOAUTH001\n    app: A\n", 2, 5, "a suppression needs a non-empty 'reason'")]
    [InlineData("suppressions:\n  - rule: SFOAUTH001\n    app: A\n    reason: x\n    until: 2026-01-01\n", 5, 5, "unknown key 'until' in a suppression")]
    [InlineData("apps: [\n", 2, 1, "invalid YAML")]
    [InlineData("- a\n&w(\"c [\"a\"\u0000\u0001se\n- b\n", 2, 11, "invalid YAML: the text contains a control character")] // fuzzing: YamlDotNet threw InvalidOperationException
    [InlineData("certificates:\n  expiry-warning-days: soon\n", 2, 24, "certificates.expiry-warning-days must be a whole number of days from 0 to 3650, not 'soon'")]
    [InlineData("certificates:\n  expiry-warning-days: -5\n", 2, 24, "not '-5'")]
    [InlineData("certificates:\n  expiry-warning-days: 4000\n", 2, 24, "not '4000'")]
    [InlineData("certificates:\n  warn: 10\n", 2, 3, "unknown key 'warn' in certificates")]
    public void Bad_input_is_reported_with_its_line_and_column(string yaml, int line, int column, string message)
    {
        var (_, errors) = ConfigLoader.Parse(yaml, "cfg.yml");

        var error = Assert.Single(errors);
        Assert.Equal("cfg.yml", error.File);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Line, error.Column));
    }

    [Fact]
    public void Certificate_expiry_window_is_read_with_its_position()
    {
        var (config, errors) = ConfigLoader.Parse("fail-on: high\ncertificates:\n  expiry-warning-days: 45\n", ".oauthguard.yml");

        Assert.Empty(errors);
        Assert.Equal((45, 3), (config.CertificateExpiryWarningDays!.Value, config.CertificateExpiryWarningDays.Position.Line));
        Assert.Null(ConfigLoader.Parse("fail-on: high\n", "x").Config.CertificateExpiryWarningDays);
    }

    [Fact]
    public void Reports_every_problem_not_just_the_first()
    {
        var (_, errors) = ConfigLoader.Parse("colour: red\nfail-on: never\napps:\n  A:\n    client: both\n", "cfg.yml");

        Assert.Equal([1, 2, 5], errors.Select(e => e.Line ?? 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing configured yet\n")]
    [InlineData("apps:\nrules:\n  disabled:\npolicies:\n")]
    public void An_empty_file_is_an_empty_configuration(string yaml)
    {
        var (config, errors) = ConfigLoader.Parse(yaml, "cfg.yml");

        Assert.Empty(errors);
        Assert.Empty(config.Apps);
        Assert.Null(config.FailOn);
    }

    [Theory]
    [InlineData("a: &x\n  ? *x\n  : 1\n", 2)] // an alias inside the node its anchor names: YamlDotNet overflowed the stack
    [InlineData("&a [1, *a]\n", 1)]
    public void A_recursive_alias_is_an_error_not_a_stack_overflow(string yaml, int line)
    {
        // Found by fuzzing .oauthguard.yml: loading such a document compared the node with itself recursively until
        // the process died, which no catch can stop; it is now refused before loading.
        var (_, errors) = ConfigLoader.Parse(yaml, "cfg.yml");

        var error = Assert.Single(errors);
        Assert.Contains("refers to a node that contains it", error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
    }

    [Fact]
    public void A_tag_that_is_not_a_uri_is_an_error()
    {
        // Found by fuzzing: YamlDotNet threw ArgumentException ("Global tags must be valid URIs").
        var (_, errors) = ConfigLoader.Parse("%TAG !e! :\n---\n!e!x a\n", "cfg.yml");

        Assert.Contains("invalid YAML", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
