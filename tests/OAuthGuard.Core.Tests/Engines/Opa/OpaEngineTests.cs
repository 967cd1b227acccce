using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OAuthGuard.Engines;
using OAuthGuard.Engines.Opa;
using OAuthGuard.Findings;

namespace OAuthGuard.Core.Tests.Engines.Opa;

public sealed class OpaEngineTests
{
    private const string Version1 = "echo 'Version: 1.4.2'";

    private static readonly PolicySource[] Sources =
    [
        new("policies/oauthguard/rules/a.rego", "package oauthguard.rules.a\n", "bundled"),
        new("/home/me/extra/b.rego", "package oauthguard.rules.b\n", "/home/me/extra"),
    ];

    private static readonly RuleAnnotation AnnotationA = new("oauthguard.rules.a", "A", null, [], null, "policies/oauthguard/rules/a.rego", 1);

    [Fact]
    public async Task Findings_come_from_data_oauthguard_rules_and_metadata_from_the_reader()
    {
        const string body = """
            if [ "$1" = check ]; then exit 0; fi
            echo '{"result":[{"expressions":[{"value":{"a":{"deny":[{"app":"X","path":"p"}]}},"text":"data.oauthguard.rules","location":{"row":1,"col":1}}]}]}'
            """;
        using var opa = new StandInOpa(Version1, body);
        var engine = new OpaEngine(new OpaOptions { ExecutablePath = opa.ExecutablePath }, _ => ([AnnotationA], []));

        var compilation = await engine.CompileAsync(Sources, CancellationToken.None);
        var evaluation = await Assert.IsType<IPreparedPolicies>(compilation.Policies, exactMatch: false)
            .EvaluateAsync(new JsonObject { ["connectedApps"] = new JsonArray() }, CancellationToken.None);

        Assert.Equal("1.4.2", engine.Version);
        Assert.Equal([AnnotationA], compilation.Annotations.ToArray());
        var finding = Assert.Single(evaluation.Findings);
        Assert.Equal("oauthguard.rules.a", finding.Package);
        Assert.Equal("X", finding.Value?["app"]?.GetValue<string>());
        var args = opa.RecordedArguments();
        Assert.Equal(["eval", "--format", "json", "--stdin-input"], args[..4]);
        Assert.Equal("data.oauthguard.rules", args[^1]);
        Assert.EndsWith("/a.rego", args[5], StringComparison.Ordinal);
        Assert.EndsWith("/b.rego", args[7], StringComparison.Ordinal);
        Assert.False(File.Exists(args[5]), "the temporary policy copy should be deleted after the call");
        Assert.Equal("{\"connectedApps\":[]}", File.ReadAllText(opa.StdinFile));
    }

    [Fact]
    public async Task Compile_errors_name_the_policys_own_path()
    {
        // `opa check --format json --capabilities CAPS -- FILE…`: the first file is $7.
        const string body = """
            if [ "$1" = check ]; then
              printf '{"errors":[{"code":"rego_parse_error","message":"unexpected eof token","location":{"file":"%s","row":3,"col":1}}]}' "$7"
              exit 1
            fi
            echo '{}'
            """;
        using var opa = new StandInOpa(Version1, body);
        var engine = new OpaEngine(new OpaOptions { ExecutablePath = opa.ExecutablePath }, _ => ([], []));

        var compilation = await engine.CompileAsync(Sources, CancellationToken.None);

        Assert.Null(compilation.Policies);
        Assert.Equal(
            [new ToolNotification("rego_parse_error", "error", "unexpected eof token", "policies/oauthguard/rules/a.rego", 3, 1)],
            compilation.Diagnostics.ToArray());
    }

    [Fact]
    public async Task Evaluation_errors_are_diagnostics_not_empty_results()
    {
        const string body = """
            if [ "$1" = check ]; then exit 0; fi
            printf '{"errors":[{"code":"eval_conflict_error","message":"rule data.oauthguard.rules.b.x produced conflicting values","location":{"file":"%s","row":9,"col":1}}]}' "$8"
            exit 1
            """;
        using var opa = new StandInOpa(Version1, body);
        var engine = new OpaEngine(new OpaOptions { ExecutablePath = opa.ExecutablePath }, _ => ([], []));
        var compilation = await engine.CompileAsync(Sources, CancellationToken.None);

        var evaluation = await compilation.Policies!.EvaluateAsync([], CancellationToken.None);

        Assert.Empty(evaluation.Findings);
        var error = Assert.Single(evaluation.Diagnostics);
        Assert.Equal(("eval_conflict_error", "/home/me/extra/b.rego", 9), (error.Code, error.File, error.Line));
    }

    [Fact]
    public async Task A_missing_opa_fails_loudly_at_compile_time()
    {
        var engine = new OpaEngine(new OpaOptions { ExecutablePath = "/nonexistent/opa" }, _ => (ImmutableArray<RuleAnnotation>.Empty, ImmutableArray<ToolNotification>.Empty));

        var ex = await Assert.ThrowsAsync<OpaException>(async () => await engine.CompileAsync(Sources, CancellationToken.None));

        Assert.Equal(OpaFailure.NotFound, ex.Failure);
    }
}
