using System.Text.Json.Nodes;
using OAuthGuard.Engines;

namespace OAuthGuard.Core.Tests;

/// <summary>The adapter over OAuthGuard.Rego: annotations, rule output and errors, on small policies of its own.</summary>
public sealed class EmbeddedEngineTests
{
    private const string Rule = """
        # METADATA
        # title: Secret optional
        # description: Flags apps whose secret is optional.
        # related_resources:
        #   - ref: https://example.com/doc
        #     description: Docs
        # custom:
        #   id: T001
        #   severity: high
        #   applies_to: [connectedApp]
        package oauthguard.rules.secret_optional

        deny contains finding if {
            some app in input.connectedApps
            app.metadata.oauthConfig.isConsumerSecretOptional == true
            finding := {"app": app.name, "kind": "connectedApp", "file": app.file,
                        "path": "oauthConfig/isConsumerSecretOptional", "severity": "high",
                        "message": sprintf("%s: secret optional", [app.name]),
                        "aggravating": [], "compensating": []}
        }
        """;

    private static JsonObject Input(params (string Name, bool Optional)[] apps) => new()
    {
        ["connectedApps"] = new JsonArray([.. apps.Select(a => (JsonNode?)new JsonObject
        {
            ["name"] = a.Name,
            ["file"] = $"{a.Name}.connectedApp-meta.xml",
            ["metadata"] = new JsonObject { ["oauthConfig"] = new JsonObject { ["isConsumerSecretOptional"] = a.Optional } },
        })]),
    };

    [Fact]
    public async Task Compiles_reads_annotations_and_evaluates_deny_sets()
    {
        var compilation = await new EmbeddedEngine().CompileAsync([new PolicySource("rules/t.rego", Rule, "bundled")], CancellationToken.None);

        Assert.Empty(compilation.Diagnostics);
        var a = Assert.Single(compilation.Annotations);
        Assert.Equal(("oauthguard.rules.secret_optional", "Secret optional", "rules/t.rego"), (a.Package, a.Title, a.File));
        Assert.Equal("T001", a.Custom?["id"]?.GetValue<string>());
        Assert.Equal("https://example.com/doc", Assert.Single(a.RelatedResources).Url);
        Assert.Contains("custom", a.Keys);

        var evaluation = await compilation.Policies!.EvaluateAsync(Input(("A", true), ("B", false), ("C", true)), CancellationToken.None);

        Assert.Empty(evaluation.Diagnostics);
        Assert.Equal(["A: secret optional", "C: secret optional"], evaluation.Findings.Select(f => f.Value!["message"]!.GetValue<string>()).Order());
        Assert.All(evaluation.Findings, f => Assert.Equal("oauthguard.rules.secret_optional", f.Package));
    }

    [Fact]
    public async Task Parse_errors_come_back_as_diagnostics_with_file_and_line()
    {
        var compilation = await new EmbeddedEngine().CompileAsync([new PolicySource("rules/bad.rego", "package oauthguard.rules.bad\n\ndeny contains x if {\n", "bundled")], CancellationToken.None);

        Assert.Null(compilation.Policies);
        var d = Assert.Single(compilation.Diagnostics);
        Assert.Equal(("rego_parse_error", "error", "rules/bad.rego"), (d.Code, d.Level, d.File));
        Assert.NotNull(d.Line);
    }

    [Fact]
    public async Task Evaluation_errors_come_back_as_diagnostics()
    {
        const string Conflict = "package oauthguard.rules.c\n\nx := 1 if input.a\nx := 2 if input.a\n\ndeny contains x if x\n";
        var compilation = await new EmbeddedEngine().CompileAsync([new PolicySource("c.rego", Conflict, "bundled")], CancellationToken.None);

        var evaluation = await compilation.Policies!.EvaluateAsync(new JsonObject { ["a"] = true }, CancellationToken.None);

        Assert.Equal("eval_conflict_error", Assert.Single(evaluation.Diagnostics).Code);
    }

    [Fact]
    public async Task A_runaway_repository_policy_is_stopped_by_the_step_budget_with_its_file_and_rule()
    {
        const string Runaway = "package oauthguard.rules.runaway\n\ndeny contains x if {\n    some a in input.n\n    some b in input.n\n    some c in input.n\n    x := a + b + c\n    x < 0\n}\n";
        var engine = new EmbeddedEngine { EvaluationOptions = Rego.EvaluationOptions.Default with { MaxSteps = 100_000 } };
        var compilation = await engine.CompileAsync([new PolicySource("policies/runaway.rego", Runaway, "repository")], CancellationToken.None);

        var evaluation = await compilation.Policies!.EvaluateAsync(new JsonObject { ["n"] = new JsonArray([.. Enumerable.Range(0, 500).Select(i => (JsonNode?)i)]) }, CancellationToken.None);

        var diagnostic = Assert.Single(evaluation.Diagnostics);
        Assert.Equal("eval_cancel_error", diagnostic.Code);
        Assert.Contains("step limit", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("in rule data.oauthguard.rules.runaway.deny", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("policies/runaway.rego", diagnostic.File);
    }

    [Fact]
    public async Task A_repository_policy_that_doubles_a_string_is_stopped_by_the_size_budget_with_its_file_and_rule()
    {
        var sb = new System.Text.StringBuilder("package oauthguard.rules.bomb\n\nx0 := \"ab\"\n");
        for (var i = 1; i <= 40; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"x{i} := concat(\"\", [x{i - 1}, x{i - 1}])\n");
        }

        var engine = new EmbeddedEngine { EvaluationOptions = Rego.EvaluationOptions.Default with { MaxValueBytes = 1 << 20, MaxTotalBytes = 8 << 20 } };
        var compilation = await engine.CompileAsync([new PolicySource("policies/bomb.rego", sb.ToString(), "repository")], CancellationToken.None);

        var evaluation = await compilation.Policies!.EvaluateAsync(new JsonObject(), CancellationToken.None);

        var diagnostic = Assert.Single(evaluation.Diagnostics);
        Assert.Equal("eval_cancel_error", diagnostic.Code);
        Assert.Contains("value size limit", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("in rule data.oauthguard.rules.bomb.x19", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("policies/bomb.rego", diagnostic.File);
        Assert.Empty(evaluation.Findings);
    }

    [Fact]
    public async Task A_rule_value_too_long_to_write_out_is_an_error_naming_the_rule_not_a_crash()
    {
        // Forty arrays of two references each: nothing to evaluate, 2^40 leaves to write out.
        var sb = new System.Text.StringBuilder("package oauthguard.rules.wide\n\nx0 := \"leaf\"\n");
        for (var i = 1; i <= 40; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"x{i} := [x{i - 1}, x{i - 1}]\n");
        }

        var engine = new EmbeddedEngine { EvaluationOptions = Rego.EvaluationOptions.Default with { MaxValueBytes = 1 << 20 } };
        var compilation = await engine.CompileAsync([new PolicySource("policies/wide.rego", sb.ToString(), "repository")], CancellationToken.None);

        var evaluation = await compilation.Policies!.EvaluateAsync(new JsonObject(), CancellationToken.None);

        var diagnostic = Assert.Single(evaluation.Diagnostics);
        Assert.Equal("eval_cancel_error", diagnostic.Code);
        Assert.Contains("the value at wide.x", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rule_value_nested_990_deep_is_evaluated_not_an_internal_error()
    {
        // Found by probing: the engine turned data.oauthguard.rules into JSON nodes with System.Text.Json's default
        // depth (64), so a repository policy holding a deeply nested value failed the scan with "internal error".
        var deep = new string('[', 990) + new string(']', 990);
        var policy = $"package oauthguard.rules.deep\n\nx := {deep}\n\ndeny contains f if {{\n    count(x) == 1\n    f := {{\"app\": \"A\", \"path\": \"p\"}}\n}}\n";
        var compilation = await new EmbeddedEngine().CompileAsync([new PolicySource("deep.rego", policy, "repository")], CancellationToken.None);

        var evaluation = await compilation.Policies!.EvaluateAsync(new JsonObject(), CancellationToken.None);

        Assert.Empty(evaluation.Diagnostics);
        Assert.Single(evaluation.Findings);
    }
}
