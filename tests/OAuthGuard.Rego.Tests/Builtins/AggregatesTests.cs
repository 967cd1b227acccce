using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

public sealed class AggregatesTests
{
    [Theory]
    [InlineData("count", "[[1, 2, 3]]", "3")]
    [InlineData("count", "[{\"a\": 1}]", "1")]
    [InlineData("count", "[{\"$set\": [1, 1, 2]}]", "2")]
    [InlineData("count", "[\"h\u00e9llo\"]", "5")]
    [InlineData("count", "[\"\ud83d\ude00\"]", "1")]
    [InlineData("sum", "[[1, 2, 3.5]]", "6.5")]
    [InlineData("sum", "[[]]", "0")]
    [InlineData("sum", "[{\"$set\": [1, 2]}]", "3")]
    [InlineData("product", "[[2, 3, 4]]", "24")]
    [InlineData("product", "[[]]", "1")]
    [InlineData("max", "[[1, 9, 3]]", "9")]
    [InlineData("max", "[[1, \"a\", null]]", "\"a\"")]
    [InlineData("max", "[[]]", null)]
    [InlineData("min", "[{\"$set\": [3, 2]}]", "2")]
    [InlineData("sort", "[[3, \"a\", null, 1]]", "[null, 1, 3, \"a\"]")]
    [InlineData("sort", "[{\"$set\": [\"b\", \"a\"]}]", "[\"a\", \"b\"]")]
    public void Computes(string name, string args, string? expected) => AssertResult(name, args, expected);

    [Theory]
    [InlineData("count", "[1]", "operand 1 must be one of {array, object, set, string} but got number")]
    [InlineData("count", "[null]", "operand 1 must be one of {array, object, set, string} but got null")]
    [InlineData("sum", "[\"x\"]", "operand 1 must be one of {set, array} but got string")]
    [InlineData("sum", "[[1, \"x\"]]", "operand 1 must be array of numbers but got array containing string")]
    [InlineData("product", "[{\"$set\": [true]}]", "operand 1 must be set of numbers but got set containing boolean")]
    [InlineData("max", "[{}]", "operand 1 must be one of {set, array} but got object")]
    [InlineData("sort", "[{}]", "operand 1 must be one of {set, array} but got object")]
    public void RejectsWrongTypesWithOpaWording(string name, string args, string message) =>
        Assert.Equal(message, TypeError(name, args));
}
