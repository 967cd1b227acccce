using OAuthGuard.Rego.Values;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Conformance.Tests;

/// <summary>The harness's own pieces: YAML typing, case loading and the comparison rules.</summary>
public sealed class HarnessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("oauthguard-cases-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("x: 1", "1")]
    [InlineData("x: \"1\"", "\"1\"")]
    [InlineData("x: '1'", "\"1\"")]
    [InlineData("x: true", "true")]
    [InlineData("x: \"true\"", "\"true\"")]
    [InlineData("x: yes", "\"yes\"")]
    [InlineData("x: y", "\"y\"")]
    [InlineData("x: null", "null")]
    [InlineData("x: ~", "null")]
    [InlineData("x:", "null")]
    [InlineData("x: 2.5", "2.5")]
    [InlineData("x: 1e3", "1000")]
    [InlineData("x: 18446744073709551617", "18446744073709551617")]
    [InlineData("x: 0x1F", "31")]
    [InlineData("x: 0o17", "15")]
    [InlineData("x: .5", "0.5")]
    [InlineData("x: 1e-400", "1e-400")]
    [InlineData("x: !!str 12", "\"12\"")]
    [InlineData("x: |\n  a\n", "\"a\\n\"")]
    public void Scalars_follow_the_yaml_12_core_schema_and_quotes_keep_strings(string yaml, string rego)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var value = YamlValues.ToValue(stream.Documents[0].RootNode);
        // Compared as values: a number keeps the text it was written in (1e3), but denotes the same number (1000).
        Assert.Equal(RegoJson.Parse(rego), Assert.IsType<RegoObject>(value).Get("x"));
    }

    [Fact]
    public void Mapping_keys_stay_strings_even_when_they_look_like_numbers()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader("1: 2\ntrue: 3\n"));
        Assert.Equal("{\"1\": 2, \"true\": 3}", YamlValues.ToValue(stream.Documents[0].RootNode).ToString());
    }

    [Fact]
    public void Cases_load_with_every_key_and_repeated_notes_get_unique_ids()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "v1", "demo"));
        File.WriteAllText(Path.Combine(_dir, "v1", "demo", "a.yaml"), """
            ---
            cases:
              - note: demo/one
                query: data.p.q = x
                modules:
                  - |
                    package p
                    q := 1
                data: {a: [1, "2"]}
                input_term: '{"s": {1}}'
                want_result:
                  - x: 1
                sort_bindings: true
              - note: demo/one
                query: data.p.r = x
                modules: []
                data:
                input: {b: 2}
                want_error_code: eval_type_error
                want_error: "bad"
                strict_error: true
            """);
        var cases = CaseLoader.LoadAll(_dir);
        Assert.Equal(["demo/one", "demo/one #2"], cases.Select(c => c.Id));
        var first = cases[0];
        Assert.Equal("demo", first.Folder);
        Assert.Equal("{\"a\": [1, \"2\"]}", first.Data?.ToString());
        Assert.Equal("{\"s\": {1}}", first.InputTerm);
        Assert.True(first.SortBindings);
        Assert.False(first.ExpectsError);
        Assert.Equal("{\"x\": 1}", Assert.Single(first.WantResult ?? []).ToString());
        var second = cases[1];
        Assert.True(second.ExpectsError && second.StrictError);
        Assert.Equal(("eval_type_error", "bad"), (second.WantErrorCode, second.WantError));
        Assert.Equal("{\"b\": 2}", second.Input?.ToString());
        Assert.Null(second.Data); // an empty "data:" is no base documents, as in OPA's runner
        Assert.Contains("note: demo/one", second.SourceText, StringComparison.Ordinal);
        Assert.Contains("strict_error: true", second.SourceText, StringComparison.Ordinal);
        Assert.DoesNotContain("data.p.q", second.SourceText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_file_becomes_one_failing_case_naming_the_file()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "x"));
        File.WriteAllText(Path.Combine(_dir, "x", "bad.yaml"), "cases: [\n");
        var c = Assert.Single(CaseLoader.LoadAll(_dir));
        Assert.False(CaseRunner.RunInline(c, default).Passed);
        Assert.Contains("x/bad.yaml", c.LoadError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[3, 1, 2]", "x: [1, 2, 3]", true, true)]
    [InlineData("[3, 1, 2]", "x: [1, 2, 3]", false, false)]
    [InlineData("{3, 1, 2}", "x: [1, 2, 3]", false, true)]
    [InlineData("{\"a\": {1}}", "x: {a: [1]}", false, true)]
    [InlineData("{1: 2}", "x: {\"1\": 2}", false, true)]
    [InlineData("\"1\"", "x: 1", false, false)]
    [InlineData("1.0", "x: 1", false, true)]
    public void Results_compare_in_json_form_like_opas_runner(string term, string want, bool sort, bool passes)
    {
        var c = new ConformanceCase
        {
            Id = "t", Note = "t", Folder = "t", File = "t.yaml", SourceText = string.Empty,
            Query = $"x := {term}",
            WantResult = [Want(want)],
            SortBindings = sort,
        };
        Assert.Equal(passes, CaseRunner.RunInline(c, default).Passed);
    }

    [Fact]
    public void Expected_errors_need_the_code_and_the_message()
    {
        ConformanceCase Case(string? code, string? message) => new()
        {
            Id = "t", Note = "t", Folder = "t", File = "t.yaml", SourceText = string.Empty,
            Modules = ["package p\n\nq := x if x := 1 / 0\n"], Query = "data.p.q = y", StrictError = true,
            WantErrorCode = code, WantError = message,
        };
        Assert.True(CaseRunner.RunInline(Case("eval_builtin_error", "divide by zero"), default).Passed);
        Assert.False(CaseRunner.RunInline(Case("eval_type_error", "divide by zero"), default).Passed);
        Assert.False(CaseRunner.RunInline(Case("eval_builtin_error", "something else"), default).Passed);
        Assert.False(CaseRunner.RunInline(Case("eval_builtin_error", null) with { StrictError = false }, default).Passed);

        // OPA's runner looks for want_error in the error's text, which starts "code: message".
        Assert.True(CaseRunner.RunInline(Case(null, "eval_builtin_error: div: divide by zero"), default).Passed);
        Assert.False(CaseRunner.RunInline(Case(null, "eval_type_error: div: divide by zero"), default).Passed);
    }

    private static RegoValue Want(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlValues.ToValue(stream.Documents[0].RootNode);
    }
}
