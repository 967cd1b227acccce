using OAuthGuard.Rego.Values;
using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

public sealed class SprintfTests
{
    [Theory]
    [InlineData("%v", "[\"hi\"]", "hi")]
    [InlineData("%s and %s", "[\"a\", \"b\"]", "a and b")]
    [InlineData("%d", "[42]", "42")]
    [InlineData("%5d|%-5d|%05d", "[42, 42, -42]", "   42|42   |-0042")]
    [InlineData("%+d", "[3]", "+3")]
    [InlineData("%x %X %o %b", "[255, 255, 8, 5]", "ff FF 10 101")]
    [InlineData("%q", "[\"a\\\"b\"]", "\"a\\\"b\"")]
    [InlineData("%x", "[\"hi\"]", "6869")]
    [InlineData("%.2f", "[3.14159]", "3.14")]
    [InlineData("%f", "[1.5]", "1.500000")]
    [InlineData("%e", "[1234.5678]", "1.234568e+03")]
    [InlineData("%v", "[1.5]", "1.5")]
    [InlineData("%v", "[0.000012]", "1.2e-05")]
    [InlineData("%v", "[1234567.5]", "1.2345675e+06")]
    [InlineData("%g", "[0.1]", "0.1")]
    [InlineData("%.3g", "[3.14159]", "3.14")]
    [InlineData("%v", "[[1, \"a\"]]", "[1, \"a\"]")]
    [InlineData("%v", "[{\"a\": {\"$set\": [2, 1]}}]", "{\"a\": {1, 2}}")]
    [InlineData("%v", "[{\"$set\": []}]", "set()")]
    [InlineData("%v %v", "[true, null]", "true null")]
    [InlineData("%s", "[[\"x\"]]", "[\"x\"]")]
    [InlineData("100%%", "[]", "100%")]
    [InlineData("%d", "[\"x\"]", "%!d(string=x)")]
    [InlineData("%s", "[5]", "%!s(int=5)")]
    [InlineData("%t", "[true]", "%!t(string=true)")]
    [InlineData("%d", "[1.5]", "%!d(float64=1.5)")]
    [InlineData("%d %d", "[1]", "1 %!d(MISSING)")]
    [InlineData("%d", "[1, \"x\"]", "1%!(EXTRA string=x)")]
    [InlineData("%d", "[123456789012345678901234567890]", "123456789012345678901234567890")]
    [InlineData("%.1s", "[\"abc\"]", "a")]
    [InlineData("%8.3f|", "[3.14159]", "   3.142|")]
    public void FormatsLikeGo(string format, string values, string expected)
    {
        var result = Call("sprintf", V("\"" + format + "\""), V(values));
        Assert.Equal(expected, Assert.IsType<RegoString>(result).Value);
    }

    [Fact]
    public void RejectsNonArrayValues() =>
        Assert.Equal("operand 2 must be array but got string", TypeError("sprintf", "[\"%v\", \"x\"]"));
}
