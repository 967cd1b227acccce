using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego.Tests.Syntax;

public sealed class ParserErrorTests
{
    private const string E = "rego_parse_error";

    [Theory]
    [InlineData("package test\np { true }", $"2:1: {E}: `if` keyword is required before rule body")]
    [InlineData("package test\np[x] { x := 1 }", $"2:1: {E}: `if` keyword is required before rule body\n2:1: {E}: `contains` keyword is required for partial set rules")]
    [InlineData("package test\nx", $"2:1: {E}: var cannot be used for rule name")]
    [InlineData("package test\n1 := 2", $"2:1: {E}: number cannot be used for rule name")]
    [InlineData("package test\np.q", $"2:1: {E}: `contains` keyword is required for partial set rules")]
    [InlineData("package test\np :=", $"2:5: {E}: unexpected eof token")]
    [InlineData("package test\np if { x := }", $"2:13: {E}: unexpected }} token")]
    [InlineData("package test\np if { x == 1 y }", $"2:15: {E}: unexpected identifier token: expected \\n or ; or }}")]
    [InlineData("package test\np := \"abc", $"2:10: {E}: non-terminated string")]
    [InlineData("package test\ndefault p := x", $"2:1: {E}: illegal default rule (value cannot contain var)")]
    [InlineData("package test\ndefault p := [input.x]", $"2:1: {E}: illegal default rule (value cannot contain ref)")]
    [InlineData("package test\ndefault p", $"2:1: {E}: illegal default rule (must have a value)")]
    [InlineData("package test\ndefault f(1) := 1", $"2:1: {E}: illegal default rule (arguments cannot contain number)")]
    [InlineData("package test\nimport foo.bar", $"2:8: {E}: unexpected import path, must begin with one of: {{data, future, input, rego}}, got: foo")]
    [InlineData("package test\nimport rego.v9", $"2:8: {E}: invalid import `rego.v9`, must be `rego.v1`")]
    [InlineData("package test\nimport future.keywords.nope", $"2:8: {E}: unexpected keyword, must be one of [contains every if in]")]
    [InlineData("package test\nimport future.keywords as k", $"2:8: {E}: `future` imports cannot be aliased")]
    [InlineData("package test\nimport data.foo as\n", $"3:1: {E}: unexpected eof token: expected var")]
    [InlineData("p := 1", $"1:1: {E}: package expected")]
    [InlineData("package test\npackage other", $"2:1: {E}: unexpected package")]
    [InlineData("package test\nx := 01", $"2:6: {E}: unexpected number token: expected number without leading zero")]
    [InlineData("package test\np if { every x in xs }", $"2:22: {E}: unexpected }} token: missing body")]
    [InlineData("package test\np if { not some x }", $"2:12: {E}: unexpected some keyword: illegal negation of 'some'")]
    [InlineData("package test\np if { some 1 }", $"2:13: {E}: unexpected number token: expected var")]
    [InlineData("package test\np contains x if { x := 1 } else := 1", $"2:28: {E}: else keyword cannot be used on multi-value rules")]
    [InlineData("package test\np[x] := 1 if { x := 1 } else := 2", $"2:25: {E}: else keyword cannot be used on rules with variables in head")]
    [InlineData("package test\np if { f(x y) }", $"2:12: {E}: unexpected identifier token: expected \",\" or \")\"")]
    [InlineData("package test\np if { x := input. }", $"2:20: {E}: unexpected }} token: expected identifier")]
    [InlineData("package test\np if { (1 + 2 }", $"2:15: {E}: non-terminated expression")]
    [InlineData("package test\nf(x) contains 1", $"2:6: {E}: unexpected contains keyword: the contains keyword can only be used with multi-value rule definitions (e.g., f contains <VALUE> {{ ... }})")]
    [InlineData("package test\np if", $"2:5: {E}: unexpected eof token: rule body expected")]
    [InlineData("package test\np if {}", "")]
    [InlineData("package test\np if { }", "")]
    [InlineData("package test\np if { true } else { }", $"2:22: {E}: found empty body")]
    [InlineData("package test\np if { x := @ }", $"2:13: {E}: illegal token")]
    public void Errors_have_OPA_messages_and_positions(string text, string expected) =>
        Assert.Equal(expected, ParseHelper.Errors(text));

    [Fact]
    public void Parsing_resumes_at_the_next_rule_without_cascades()
    {
        var text = "package test\n\np if {\n\tx := [1, 2\n\ty := 3\n}\n\nq := 1\n\nr if { 1 +* 2 }\ns := {\n\t\"a\": 1,,\n}\nt := 2\nu if { \"x\" ]\n\tv := 3\n}\nw := 4\n";
        var (module, diagnostics) = ParseHelper.Module(text);
        Assert.Equal(
            [
                "5:2: unexpected identifier token: expected \",\" or \"]\"",
                "10:11: unexpected mul token",
                "12:9: unexpected , token",
                "15:12: unexpected ] token: expected \\n or ; or }",
            ],
            diagnostics.Select(d => $"{d.Line}:{d.Column}: {d.Message}"));
        Assert.NotNull(module);
        Assert.Equal(["q", "t", "w"], module.Rules.Select(r => r.Name));
    }

    [Fact]
    public void A_rule_that_starts_on_the_line_of_an_error_is_still_parsed()
    {
        var (module, diagnostics) = ParseHelper.Module("package test\np := [1,\nq := 2\nr := 3\n");
        Assert.Equal("3:3: unexpected assign token: expected \",\" or \"]\"", string.Join('\n', diagnostics.Select(d => $"{d.Line}:{d.Column}: {d.Message}")));
        Assert.Equal(["q", "r"], module!.Rules.Select(r => r.Name));
    }

    [Fact]
    public void Errors_stop_at_the_limit()
    {
        var text = "package test\n" + string.Concat(Enumerable.Range(0, 30).Select(i => $"p{i} := )\n"));
        var (_, diagnostics) = ParseHelper.Module(text);
        Assert.Equal(Parser.ErrorLimit, diagnostics.Count);
    }

    [Fact]
    public void Diagnostics_name_the_file()
    {
        var (_, diagnostics) = ParseHelper.Module("package test\np :=", "policies/x.rego");
        Assert.Equal("policies/x.rego:2:5: rego_parse_error: unexpected eof token", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void A_failed_query_returns_null_with_a_diagnostic()
    {
        var diagnostics = new List<OAuthGuard.Rego.Diagnostics.Diagnostic>();
        var query = RegoParser.ParseQuery(new SourceText("query", "x := [1,"), new NodeIdGenerator(), diagnostics);
        Assert.Null(query);
        Assert.Equal("query:1:9: rego_parse_error: unexpected eof token", Assert.Single(diagnostics).ToString());
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        var text = "package test\np := " + new string('[', 5000) + new string(']', 5000);
        var (_, diagnostics) = ParseHelper.Module(text);
        Assert.Contains(diagnostics, d => d.Message == "max parsing recursion depth exceeded");
    }
}
