using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Values;
using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

public sealed class EncodingTests
{
    [Theory]
    [InlineData("json.marshal", "[{\"b\": [1, 2], \"a\": \"x\"}]", "\"{\\\"a\\\":\\\"x\\\",\\\"b\\\":[1,2]}\"")]
    [InlineData("json.marshal", "[{\"$set\": [2, 1]}]", "\"[1,2]\"")]
    [InlineData("json.marshal", "[\"<a&b>\"]", "\"\\\"\\\\u003ca\\\\u0026b\\\\u003e\\\"\"")]
    [InlineData("json.unmarshal", "[\"{\\\"a\\\": [1, true, null]}\"]", "{\"a\": [1, true, null]}")]
    [InlineData("json.is_valid", "[\"{\\\"a\\\": 1}\"]", "true")]
    [InlineData("json.is_valid", "[\"{a: 1}\"]", "false")]
    [InlineData("base64.encode", "[\"hello\"]", "\"aGVsbG8=\"")]
    [InlineData("base64.decode", "[\"aGVsbG8=\"]", "\"hello\"")]
    [InlineData("base64.is_valid", "[\"aGVsbG8\"]", "false")]
    [InlineData("base64.is_valid", "[\"aGVsbG8=\"]", "true")]
    [InlineData("base64url.encode", "[\"\u00ff\u00fe?\"]", "\"w7_Dvj8=\"")]
    [InlineData("base64url.encode_no_pad", "[\"hello\"]", "\"aGVsbG8\"")]
    [InlineData("base64url.decode", "[\"aGVsbG8\"]", "\"hello\"")]
    [InlineData("hex.encode", "[\"hi\"]", "\"6869\"")]
    [InlineData("hex.decode", "[\"6869\"]", "\"hi\"")]
    [InlineData("urlquery.encode", "[\"a b&c=d/é\"]", "\"a+b%26c%3Dd%2F%C3%A9\"")]
    [InlineData("urlquery.decode", "[\"a+b%26c\"]", "\"a b&c\"")]
    [InlineData("urlquery.encode_object", "[{\"b\": [\"2\", \"3\"], \"a\": \"1 x\"}]", "\"a=1+x&b=2&b=3\"")]
    [InlineData("urlquery.decode_object", "[\"a=1&b=2&a=3\"]", "{\"a\": [\"1\", \"3\"], \"b\": [\"2\"]}")]
    [InlineData("yaml.unmarshal", "[\"a: 1\\nb: [x, 'true', yes]\\nc: ~\\nd: 1.5\\n\"]", "{\"a\": 1, \"b\": [\"x\", \"true\", true], \"c\": null, \"d\": 1.5}")]
    [InlineData("yaml.is_valid", "[\"a: [1\"]", "false")]
    [InlineData("yaml.is_valid", "[\"a: 1\"]", "true")]
    public void Computes(string name, string args, string expected) => AssertResult(name, args, expected);

    [Theory]
    [InlineData("json.unmarshal", "[\"{\"]")]
    [InlineData("base64.decode", "[\"***\"]")]
    [InlineData("hex.decode", "[\"zz\"]")]
    [InlineData("urlquery.decode", "[\"%zz\"]")]
    [InlineData("yaml.unmarshal", "[\"a: [1\"]")]
    [InlineData("yaml.unmarshal", "[\"- a\\n&w(\\\"c [\\\"a\\\"\\u0000\\u0001se\\n- b\\n\"]")] // fuzzing: YamlDotNet threw InvalidOperationException
    public void BadTextIsABuiltinError(string name, string args) => BuiltinError(name, args);

    [Fact]
    public void YamlMarshalRoundTrips()
    {
        var value = V("{\"name\": \"x\", \"list\": [1, \"true\", {\"k\": \"v\"}], \"empty\": {}, \"nested\": {\"a\": [\"b\"]}}");
        var text = Assert.IsType<RegoString>(Call("yaml.marshal", value)).Value;
        Assert.Contains("name: x\n", text, StringComparison.Ordinal);
        Assert.Contains("\"true\"", text, StringComparison.Ordinal);
        Assert.Equal(value, Call("yaml.unmarshal", new RegoString(text)));
    }

    [Fact]
    public void YamlAliasBombIsRefusedNotExpanded()
    {
        // Nine lines whose aliases expand to 10^9 scalars: this hung yaml.unmarshal (found by probing while fuzzing).
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 9; i++)
        {
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        }

        var message = Assert.Throws<BuiltinException>(() => Call("yaml.unmarshal", new RegoString(string.Join("\n", lines)))).Message;

        Assert.Contains("excessive aliasing", message, StringComparison.Ordinal);
        Assert.Equal(RegoBoolean.False, Call("yaml.is_valid", new RegoString(string.Join("\n", lines))));
    }

    [Fact]
    public void ModestAliasReuseStillWorks()
    {
        var value = Call("yaml.unmarshal", new RegoString("base: &b {k: v}\none: *b\ntwo: *b\n"));

        Assert.Equal(V("{\"base\": {\"k\": \"v\"}, \"one\": {\"k\": \"v\"}, \"two\": {\"k\": \"v\"}}"), value);
    }
}
