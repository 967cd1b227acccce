using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

public sealed class StringsTests
{
    [Theory]
    [InlineData("concat", "[\", \", [\"a\", \"b\"]]", "\"a, b\"")]
    [InlineData("concat", "[\"-\", {\"$set\": [\"b\", \"a\"]}]", "\"a-b\"")]
    [InlineData("concat", "[\"-\", []]", "\"\"")]
    [InlineData("contains", "[\"abc\", \"bc\"]", "true")]
    [InlineData("startswith", "[\"abc\", \"ab\"]", "true")]
    [InlineData("endswith", "[\"abc\", \"ab\"]", "false")]
    [InlineData("format_int", "[255, 16]", "\"ff\"")]
    [InlineData("format_int", "[-5.9, 2]", "\"-101\"")]
    [InlineData("format_int", "[8, 8]", "\"10\"")]
    [InlineData("indexof", "[\"h\u00e9llo\", \"l\"]", "2")]
    [InlineData("indexof", "[\"abc\", \"z\"]", "-1")]
    [InlineData("indexof_n", "[\"abab\", \"ab\"]", "[0, 2]")]
    [InlineData("indexof_n", "[\"aaa\", \"aa\"]", "[0, 1]")]
    [InlineData("lower", "[\"AbC\"]", "\"abc\"")]
    [InlineData("upper", "[\"AbC\"]", "\"ABC\"")]
    [InlineData("replace", "[\"a.b.c\", \".\", \"/\"]", "\"a/b/c\"")]
    [InlineData("replace", "[\"ab\", \"\", \"-\"]", "\"-a-b-\"")]
    [InlineData("split", "[\"a,b,,c\", \",\"]", "[\"a\", \"b\", \"\", \"c\"]")]
    [InlineData("split", "[\"abc\", \"\"]", "[\"a\", \"b\", \"c\"]")]
    [InlineData("split", "[\"\", \",\"]", "[\"\"]")]
    [InlineData("substring", "[\"abcdef\", 2, 3]", "\"cde\"")]
    [InlineData("substring", "[\"abcdef\", 2, -1]", "\"cdef\"")]
    [InlineData("substring", "[\"abc\", 5, 1]", "\"\"")]
    [InlineData("substring", "[\"h\u00e9llo\", 1, 2]", "\"\u00e9l\"")]
    [InlineData("trim", "[\"xxhixx\", \"x\"]", "\"hi\"")]
    [InlineData("trim_left", "[\"xxhixx\", \"x\"]", "\"hixx\"")]
    [InlineData("trim_right", "[\"xxhixx\", \"x\"]", "\"xxhi\"")]
    [InlineData("trim_prefix", "[\"prefix-x\", \"prefix-\"]", "\"x\"")]
    [InlineData("trim_prefix", "[\"x\", \"y\"]", "\"x\"")]
    [InlineData("trim_suffix", "[\"file.rego\", \".rego\"]", "\"file\"")]
    [InlineData("trim_space", "[\"  \\t hi \\n\"]", "\"hi\"")]
    [InlineData("strings.replace_n", "[{\"a\": \"1\", \"b\": \"2\"}, \"abc\"]", "\"12c\"")]
    [InlineData("strings.reverse", "[\"abc\"]", "\"cba\"")]
    [InlineData("strings.any_prefix_match", "[\"foo/bar\", [\"baz\", \"foo\"]]", "true")]
    [InlineData("strings.any_prefix_match", "[[\"a\", \"b\"], \"c\"]", "false")]
    [InlineData("strings.any_suffix_match", "[{\"$set\": [\"x.rego\"]}, \".rego\"]", "true")]
    [InlineData("strings.count", "[\"cheese\", \"e\"]", "3")]
    [InlineData("strings.count", "[\"five\", \"\"]", "5")]
    public void Computes(string name, string args, string expected) => AssertResult(name, args, expected);

    [Theory]
    [InlineData("concat", "[1, []]", "operand 1 must be string but got number")]
    [InlineData("concat", "[\",\", {}]", "operand 2 must be one of {set, array} but got object")]
    [InlineData("concat", "[\",\", [\"a\", 1]]", "operand 2 must be array of strings but got array containing number")]
    [InlineData("startswith", "[\"a\", 1]", "operand 2 must be string but got number")]
    [InlineData("format_int", "[\"1\", 10]", "operand 1 must be number but got string")]
    [InlineData("format_int", "[1, 3]", "operand 2 must be one of {2, 8, 10, 16}")]
    [InlineData("substring", "[\"abc\", 0.5, 1]", "operand 2 must be integer number but got floating-point number")]
    [InlineData("strings.any_prefix_match", "[1, \"a\"]", "operand 1 must be one of {string, set, array} but got number")]
    [InlineData("lower", "[[]]", "operand 1 must be string but got array")]
    public void RejectsWrongTypesWithOpaWording(string name, string args, string message) =>
        Assert.Equal(message, TypeError(name, args));

    [Theory]
    [InlineData("indexof")]
    [InlineData("indexof_n")]
    public void EmptyNeedleIsABuiltinError(string name) =>
        Assert.Equal("empty search character", BuiltinError(name, "[\"abc\", \"\"]"));

    [Fact]
    public void ReplaceNRejectsNonStringPatterns() =>
        Assert.Equal("operand 1 non-string value found in pattern object", TypeError("strings.replace_n", "[{\"a\": 1}, \"abc\"]"));

    [Fact]
    public void SubstringRejectsNegativeOffset() =>
        Assert.Equal("negative offset", BuiltinError("substring", "[\"abc\", -1, 1]"));
}
