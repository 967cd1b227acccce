using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Values;
using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

/// <summary>rego.parse_module: OPA's JSON shape of a module, node by node.</summary>
public sealed class RegoParseModuleTests
{
    private static RegoObject Parse(string text) =>
        Assert.IsType<RegoObject>(Call("rego.parse_module", new RegoString("p.rego"), new RegoString("package p\n" + text)));

    private static RegoValue Rule(string text, int index = 0) =>
        ((RegoArray)Parse(text).Get("rules")!)[index];

    private static RegoValue Body(string text) => ((RegoObject)Rule(text)).Get("body")!;

    private static void AssertJson(string expected, RegoValue? actual) =>
        Assert.Equal(RegoJson.Serialize(V(expected)), actual is null ? "undefined" : RegoJson.Serialize(actual));

    private const string T = "{\"type\": \"boolean\", \"value\": true}";

    [Fact]
    public void Wildcards_are_numbered_like_opa()
    {
        AssertJson(
            "[{\"index\": 0, \"terms\": {\"type\": \"ref\", \"value\": [{\"type\": \"var\", \"value\": \"input\"}, {\"type\": \"string\", \"value\": \"xs\"}, {\"type\": \"var\", \"value\": \"$0\"}]}}]",
            Body("p if input.xs[_]"));
    }

    [Fact]
    public void Every_has_key_null_when_only_a_value_is_bound()
    {
        AssertJson(
            "[{\"index\": 0, \"terms\": {\"key\": null, \"value\": {\"type\": \"var\", \"value\": \"x\"}, \"domain\": {\"type\": \"var\", \"value\": \"input\"}, " +
            "\"body\": [{\"index\": 0, \"terms\": [{\"type\": \"ref\", \"value\": [{\"type\": \"var\", \"value\": \"gt\"}]}, {\"type\": \"var\", \"value\": \"x\"}, {\"type\": \"number\", \"value\": 0}]}]}}]",
            Body("p if every x in input { x > 0 }"));
    }

    [Fact]
    public void With_and_some_declarations()
    {
        AssertJson(
            "[{\"index\": 0, \"terms\": {\"symbols\": [{\"type\": \"var\", \"value\": \"x\"}]}}, " +
            "{\"index\": 1, \"terms\": {\"type\": \"var\", \"value\": \"q\"}, \"with\": [{\"target\": {\"type\": \"ref\", \"value\": [{\"type\": \"var\", \"value\": \"input\"}, {\"type\": \"string\", \"value\": \"a\"}]}, \"value\": {\"type\": \"number\", \"value\": 1}}]}]",
            Body("p if {\n some x\n q with input.a as 1\n}"));
    }

    [Fact]
    public void Comprehensions_sets_and_objects()
    {
        var value = ((RegoObject)((RegoObject)Rule("p := [{\"b\": 1, \"a\": x} | x := {3, 1}[_]]")).Get("head")!).Get("value");
        AssertJson(
            "{\"type\": \"arraycomprehension\", \"value\": {" +
            "\"term\": {\"type\": \"object\", \"value\": [[{\"type\": \"string\", \"value\": \"a\"}, {\"type\": \"var\", \"value\": \"x\"}], [{\"type\": \"string\", \"value\": \"b\"}, {\"type\": \"number\", \"value\": 1}]]}, " +
            "\"body\": [{\"index\": 0, \"terms\": [{\"type\": \"ref\", \"value\": [{\"type\": \"var\", \"value\": \"assign\"}]}, {\"type\": \"var\", \"value\": \"x\"}, " +
            "{\"type\": \"ref\", \"value\": [{\"type\": \"set\", \"value\": [{\"type\": \"number\", \"value\": 1}, {\"type\": \"number\", \"value\": 3}]}, {\"type\": \"var\", \"value\": \"$0\"}]}]}]}}",
            value);
    }

    [Fact]
    public void Else_chains_and_ref_heads()
    {
        AssertJson(
            "{\"head\": {\"name\": \"p\", \"ref\": [{\"type\": \"var\", \"value\": \"p\"}], \"value\": {\"type\": \"number\", \"value\": 1}, \"assign\": true}, " +
            "\"body\": [{\"index\": 0, \"terms\": {\"type\": \"var\", \"value\": \"q\"}}], " +
            "\"else\": {\"head\": {\"name\": \"p\", \"ref\": [{\"type\": \"var\", \"value\": \"p\"}], \"value\": {\"type\": \"number\", \"value\": 2}, \"assign\": true}, \"body\": [{\"index\": 0, \"terms\": " + T + "}]}}",
            Rule("p := 1 if q else := 2"));

        // An else without a value keeps the first head's assign, as OPA copies that head.
        AssertJson(
            "{\"name\": \"p\", \"ref\": [{\"type\": \"var\", \"value\": \"p\"}], \"value\": " + T + ", \"assign\": true}",
            ((RegoObject)((RegoObject)Rule("p := 1 if q else if r")).Get("else")!).Get("head"));

        // a.b.c has no name; p[x] if … keeps the non-ground key; p[x] := v without `if` has a name and a key.
        AssertJson(
            "{\"ref\": [{\"type\": \"var\", \"value\": \"a\"}, {\"type\": \"string\", \"value\": \"b\"}, {\"type\": \"string\", \"value\": \"c\"}], \"value\": " + T + "}",
            ((RegoObject)Rule("a.b.c if input.x")).Get("head"));
        AssertJson(
            "{\"ref\": [{\"type\": \"var\", \"value\": \"q\"}, {\"type\": \"var\", \"value\": \"x\"}], \"key\": {\"type\": \"var\", \"value\": \"x\"}, \"value\": " + T + "}",
            ((RegoObject)Rule("q[x] if x := input.y")).Get("head"));
    }

    [Fact]
    public void Comments_carry_base64_text_and_a_location()
    {
        var comments = Parse("# hi\np := 1").Get("comments");
        AssertJson("[{\"Text\": \"IGhp\", \"Location\": {\"file\": \"p.rego\", \"row\": 2, \"col\": 1}}]", comments);
    }

    [Fact]
    public void Parse_errors_are_builtin_errors_with_opa_wording()
    {
        var ex = Assert.Throws<BuiltinException>(() => Call("rego.parse_module", new RegoString("x.rego"), new RegoString("package foo.")));
        Assert.StartsWith("1 error occurred: x.rego:1: rego_parse_error: ", ex.Message, StringComparison.Ordinal);
    }
}
