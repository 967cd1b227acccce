using OAuthGuard.Rego.Values;
using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

public sealed class PatternTests
{
    [Theory]
    [InlineData("regex.match", "[\"^a.c$\", \"abc\"]", "true")]
    [InlineData("regex.match", "[\"b\", \"abc\"]", "true")]
    [InlineData("regex.match", "[\"^abc$\", \"abc\\n\"]", "false")]
    [InlineData("regex.match", "[\"(?P<word>\\\\w+)@example\\\\.com\", \"me@example.com\"]", "true")]
    [InlineData("regex.match", "[\"^[[:alpha:]]+$\", \"abc\"]", "true")]
    [InlineData("regex.match", "[\"^\\\\d+$\", \"\u0663\"]", "false")]
    [InlineData("regex.match", "[\"(?i)^ABC$\", \"abc\"]", "true")]
    [InlineData("regex.is_valid", "[\"a(b\"]", "false")]
    [InlineData("regex.is_valid", "[\"(a)\\\\1\"]", "false")]
    [InlineData("regex.is_valid", "[\"a(?=b)\"]", "false")]
    [InlineData("regex.is_valid", "[\"^[a-z]+$\"]", "true")]
    [InlineData("regex.is_valid", "[1]", "false")]
    [InlineData("regex.split", "[\"[,;]\", \"a,b;c\"]", "[\"a\", \"b\", \"c\"]")]
    [InlineData("regex.split", "[\"(,)\", \"a,b\"]", "[\"a\", \"b\"]")]
    [InlineData("regex.find_n", "[\"[0-9]+\", \"a1b22c333\", 2]", "[\"1\", \"22\"]")]
    [InlineData("regex.find_n", "[\"[0-9]+\", \"a1b22c333\", -1]", "[\"1\", \"22\", \"333\"]")]
    [InlineData("regex.replace", "[\"a-b-c\", \"-\", \"+\"]", "\"a+b+c\"")]
    [InlineData("regex.replace", "[\"john smith\", \"(\\\\w+) (\\\\w+)\", \"$2 $1\"]", "\"smith john\"")]
    [InlineData("regex.find_all_string_submatch_n", "[\"([a-z]+)=([0-9]+)\", \"a=1 b=2\", -1]", "[[\"a=1\", \"a\", \"1\"], [\"b=2\", \"b\", \"2\"]]")]
    [InlineData("regex.template_match", "[\"urn:foo:{.*}\", \"urn:foo:bar:baz\", \"{\", \"}\"]", "true")]
    [InlineData("regex.template_match", "[\"urn:foo.bar:{[0-9]+}\", \"urn:foo.bar:abc\", \"{\", \"}\"]", "false")]
    [InlineData("glob.match", "[\"*.github.com\", [], \"api.github.com\"]", "true")]
    [InlineData("glob.match", "[\"*.github.com\", [], \"api.cdn.github.com\"]", "false")]
    [InlineData("glob.match", "[\"**.github.com\", [], \"api.cdn.github.com\"]", "true")]
    [InlineData("glob.match", "[\"*:github:com\", [\":\"], \"api:github:com\"]", "true")]
    [InlineData("glob.match", "[\"*\", null, \"a.b.c\"]", "true")]
    [InlineData("glob.match", "[\"?at\", [], \"cat\"]", "true")]
    [InlineData("glob.match", "[\"[ch]at\", [], \"bat\"]", "false")]
    [InlineData("glob.match", "[\"[!ch]at\", [], \"bat\"]", "true")]
    [InlineData("glob.match", "[\"[a-c]at\", [], \"bat\"]", "true")]
    [InlineData("glob.match", "[\"{cat,bat}*\", [], \"batman\"]", "true")]
    [InlineData("glob.match", "[\"\\\\*x\", [], \"*x\"]", "true")]
    [InlineData("glob.quote_meta", "[\"*.github.com\"]", "\"\\\\*.github.com\"")]
    public void Computes(string name, string args, string expected) => AssertResult(name, args, expected);

    [Theory]
    [InlineData("[\"*\", [1], \"a\"]", "operand 2 must be array of strings but got array containing number")]
    [InlineData("[\"*\", [\"ab\"], \"a\"]", "operand 2 must be array of runes but got array containing string")]
    [InlineData("[\"*\", \".\", \"a\"]", "operand 2 must be one of {array, null} but got string")]
    public void GlobDelimitersAreCheckedWithOpaWording(string args, string message) =>
        Assert.Equal(message, TypeError("glob.match", args));

    [Fact]
    public void BadPatternIsABuiltinError() =>
        Assert.StartsWith("error parsing regexp:", BuiltinError("regex.match", "[\"a(\", \"a\"]"));

    [Fact]
    public void MatchingIsLinearOnPathologicalPatterns()
    {
        // (a+)+$ against "aaaa…b" is catastrophic for a backtracking engine; RE2 semantics finish at once.
        var input = new string('a', 50_000) + "b";
        Assert.Equal(RegoBoolean.False, Call("regex.match", V("\"^(a+)+$\""), new RegoString(input)));
    }
}
