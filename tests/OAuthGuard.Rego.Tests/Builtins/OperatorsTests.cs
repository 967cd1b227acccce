using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

public sealed class OperatorsTests
{
    [Theory]
    [InlineData("plus", "[1, 2]", "3")]
    [InlineData("plus", "[9223372036854775807, 1]", "9223372036854775808")]
    [InlineData("plus", "[1.5, 1.5]", "3")]
    [InlineData("minus", "[5, 7]", "-2")]
    [InlineData("minus", "[{\"$set\": [1, 2, 3]}, {\"$set\": [2]}]", "{\"$set\": [1, 3]}")]
    [InlineData("mul", "[6, 7]", "42")]
    [InlineData("mul", "[4294967296, 4294967296]", "18446744073709551616")]
    [InlineData("div", "[7, 2]", "3.5")]
    [InlineData("div", "[8, 2]", "4")]
    [InlineData("rem", "[7, 3]", "1")]
    [InlineData("rem", "[-7, 3]", "-1")]
    [InlineData("equal", "[1, 1.0]", "true")]
    [InlineData("neq", "[\"a\", \"b\"]", "true")]
    [InlineData("lt", "[null, false]", "true")]
    [InlineData("lt", "[1, \"1\"]", "true")]
    [InlineData("lt", "[[1, 2], [1, 2, 0]]", "true")]
    [InlineData("lte", "[{\"a\": 1}, {\"a\": 1}]", "true")]
    [InlineData("gt", "[{\"$set\": []}, {\"a\": 1}]", "true")]
    [InlineData("gte", "[2, 3]", "false")]
    [InlineData("or", "[{\"$set\": [1, 2]}, {\"$set\": [2, 3]}]", "{\"$set\": [1, 2, 3]}")]
    [InlineData("and", "[{\"$set\": [1, 2]}, {\"$set\": [2, 3]}]", "{\"$set\": [2]}")]
    [InlineData("internal.member_2", "[2, [1, 2]]", "true")]
    [InlineData("internal.member_2", "[\"x\", {\"x\": 1}]", "false")]
    [InlineData("internal.member_2", "[1, {\"x\": 1}]", "true")]
    [InlineData("internal.member_2", "[1, {\"$set\": [1]}]", "true")]
    [InlineData("internal.member_2", "[\"a\", \"abc\"]", "false")]
    [InlineData("internal.member_3", "[1, \"b\", [\"a\", \"b\"]]", "true")]
    [InlineData("internal.member_3", "[\"k\", 2, {\"k\": 2}]", "true")]
    [InlineData("internal.member_3", "[\"k\", 3, {\"k\": 2}]", "false")]
    public void Computes(string name, string args, string expected) => AssertResult(name, args, expected);

    [Theory]
    [InlineData("plus", "[\"a\", 1]", "operand 1 must be number but got string")]
    [InlineData("plus", "[1, null]", "operand 2 must be number but got null")]
    [InlineData("minus", "[\"a\", 1]", "operand 1 must be one of {number, set} but got string")]
    [InlineData("minus", "[1, {\"$set\": []}]", "operand 2 must be number but got set")]
    [InlineData("minus", "[{\"$set\": []}, 1]", "operand 2 must be set but got number")]
    [InlineData("or", "[[1], {\"$set\": []}]", "operand 1 must be set but got array")]
    [InlineData("and", "[{\"$set\": []}, {}]", "operand 2 must be set but got object")]
    public void RejectsWrongTypesWithOpaWording(string name, string args, string message) =>
        Assert.Equal(message, TypeError(name, args));

    [Theory]
    [InlineData("div", "[1, 0]", "divide by zero")]
    [InlineData("rem", "[1, 0]", "modulo by zero")]
    [InlineData("rem", "[1.5, 1]", "modulo on floating-point number")]
    public void ReportsArithmeticFailures(string name, string args, string message) =>
        Assert.Equal(message, BuiltinError(name, args));
}
