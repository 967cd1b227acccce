using OAuthGuard.Rego.Values;
using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

public sealed class MiscTests
{
    [Theory]
    [InlineData("is_number", "[1]", "true")]
    [InlineData("is_string", "[1]", "false")]
    [InlineData("is_boolean", "[false]", "true")]
    [InlineData("is_array", "[[]]", "true")]
    [InlineData("is_set", "[{\"$set\": []}]", "true")]
    [InlineData("is_object", "[{}]", "true")]
    [InlineData("is_null", "[null]", "true")]
    [InlineData("type_name", "[{\"$set\": []}]", "\"set\"")]
    [InlineData("type_name", "[1.5]", "\"number\"")]
    [InlineData("numbers.range", "[1, 4]", "[1, 2, 3, 4]")]
    [InlineData("numbers.range", "[2, -1]", "[2, 1, 0, -1]")]
    [InlineData("numbers.range_step", "[0, 10, 4]", "[0, 4, 8]")]
    [InlineData("numbers.range_step", "[10, 0, 4]", "[10, 6, 2]")]
    [InlineData("round", "[2.5]", "3")]
    [InlineData("round", "[-2.5]", "-3")]
    [InlineData("ceil", "[1.2]", "2")]
    [InlineData("floor", "[-1.2]", "-2")]
    [InlineData("abs", "[-3]", "3")]
    [InlineData("to_number", "[\"-1.5\"]", "-1.5")]
    [InlineData("to_number", "[true]", "1")]
    [InlineData("to_number", "[null]", "0")]
    [InlineData("bits.or", "[5, 3]", "7")]
    [InlineData("bits.and", "[5, 3]", "1")]
    [InlineData("bits.xor", "[5, 3]", "6")]
    [InlineData("bits.negate", "[5]", "-6")]
    [InlineData("bits.lsh", "[1, 70]", "1180591620717411303424")]
    [InlineData("bits.rsh", "[-8, 1]", "-4")]
    [InlineData("semver.is_valid", "[\"1.2.3-rc.1+build.5\"]", "true")]
    [InlineData("semver.is_valid", "[\"v1.2.3\"]", "false")]
    [InlineData("semver.is_valid", "[\"01.2.3\"]", "false")]
    [InlineData("semver.compare", "[\"1.2.3\", \"1.10.0\"]", "-1")]
    [InlineData("semver.compare", "[\"1.0.0-alpha\", \"1.0.0\"]", "-1")]
    [InlineData("semver.compare", "[\"1.0.0-alpha.10\", \"1.0.0-alpha.9\"]", "1")]
    [InlineData("semver.compare", "[\"1.0.0+a\", \"1.0.0+b\"]", "0")]
    [InlineData("net.cidr_contains", "[\"10.0.0.0/8\", \"10.1.2.3\"]", "true")]
    [InlineData("net.cidr_contains", "[\"10.0.0.0/8\", \"11.0.0.1\"]", "false")]
    [InlineData("net.cidr_contains", "[\"10.0.0.0/8\", \"10.2.0.0/16\"]", "true")]
    [InlineData("net.cidr_contains", "[\"10.2.0.0/16\", \"10.0.0.0/8\"]", "false")]
    [InlineData("net.cidr_contains", "[\"2001:db8::/32\", \"2001:db8::1\"]", "true")]
    [InlineData("net.cidr_contains", "[\"192.168.1.77/24\", \"192.168.1.5\"]", "true")]
    [InlineData("net.cidr_intersects", "[\"192.168.0.0/16\", \"192.168.1.0/24\"]", "true")]
    [InlineData("net.cidr_intersects", "[\"192.168.0.0/24\", \"192.168.1.0/24\"]", "false")]
    [InlineData("units.parse", "[\"10K\"]", "10000")]
    [InlineData("units.parse", "[\"1Ki\"]", "1024")]
    [InlineData("units.parse", "[\"1500m\"]", "1.5")]
    [InlineData("units.parse", "[\"2M\"]", "2000000")]
    [InlineData("units.parse", "[\"0.5\"]", "0.5")]
    [InlineData("units.parse_bytes", "[\"10KB\"]", "10000")]
    [InlineData("units.parse_bytes", "[\"1MiB\"]", "1048576")]
    [InlineData("units.parse_bytes", "[\"4mb\"]", "4000000")]
    [InlineData("units.parse_bytes", "[\"1.5Ki\"]", "1536")]
    public void Computes(string name, string args, string expected) => AssertResult(name, args, expected);

    [Theory]
    [InlineData("to_number", "[[]]", "operand 1 must be one of {null, boolean, number, string} but got array")]
    [InlineData("bits.or", "[1.5, 1]", "operand 1 must be integer number but got floating-point number")]
    [InlineData("bits.lsh", "[1, -1]", "operand 2 must be an unsigned integer number but got a negative integer")]
    [InlineData("numbers.range", "[1, \"a\"]", "operand 2 must be integer but got string")]
    [InlineData("net.cidr_contains", "[1, \"a\"]", "operand 1 must be string but got number")]
    public void RejectsWrongTypesWithOpaWording(string name, string args, string message) =>
        Assert.Equal(message, TypeError(name, args));

    [Theory]
    [InlineData("to_number", "[\"abc\"]")]
    [InlineData("semver.compare", "[\"x\", \"1.0.0\"]")]
    [InlineData("net.cidr_contains", "[\"nope\", \"10.0.0.1\"]")]
    [InlineData("units.parse", "[\"\"]")]
    [InlineData("units.parse_bytes", "[\"12XB\"]")]
    [InlineData("numbers.range_step", "[1, 2, 0]")]
    public void BadInputIsABuiltinError(string name, string args) => BuiltinError(name, args);

    [Fact]
    public void SemverMessageNamesTheOperand() =>
        Assert.Equal("operand 1: string \"x\" is not a valid SemVer", BuiltinError("semver.compare", "[\"x\", \"1.0.0\"]"));
}
