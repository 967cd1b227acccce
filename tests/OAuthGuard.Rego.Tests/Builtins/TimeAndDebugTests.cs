using OAuthGuard.Rego.Values;
using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

public sealed class TimeAndDebugTests
{
    // 2024-02-29T12:34:56Z
    private const long LeapDayNs = 1709210096000000000;

    [Theory]
    [InlineData("time.parse_rfc3339_ns", "[\"2024-02-29T12:34:56Z\"]", "1709210096000000000")]
    [InlineData("time.parse_rfc3339_ns", "[\"2024-02-29T13:34:56.123456789+01:00\"]", "1709210096123456789")]
    [InlineData("time.parse_rfc3339_ns", "[\"1969-12-31T23:59:59Z\"]", "-1000000000")]
    [InlineData("time.parse_ns", "[\"2006-01-02\", \"2024-02-29\"]", "1709164800000000000")]
    [InlineData("time.parse_ns", "[\"Jan 2, 2006 at 3:04pm (MST)\", \"Feb 29, 2024 at 12:34pm (UTC)\"]", "1709210040000000000")]
    [InlineData("time.parse_ns", "[\"2006-01-02T15:04:05Z07:00\", \"2024-02-29T12:34:56-02:00\"]", "1709217296000000000")]
    [InlineData("time.date", "[1709210096000000000]", "[2024, 2, 29]")]
    [InlineData("time.date", "[[1709210096000000000, \"Asia/Tokyo\"]]", "[2024, 2, 29]")]
    [InlineData("time.date", "[[1709250000000000000, \"Asia/Tokyo\"]]", "[2024, 3, 1]")]
    [InlineData("time.clock", "[1709210096000000000]", "[12, 34, 56]")]
    [InlineData("time.weekday", "[1709210096000000000]", "\"Thursday\"")]
    [InlineData("time.add_date", "[1709210096000000000, 1, 0, 0]", "1740832496000000000")]
    [InlineData("time.add_date", "[1706704496000000000, 0, 1, 0]", "1709382896000000000")]
    [InlineData("time.diff", "[1709210096000000000, 1577836800000000000]", "[4, 1, 28, 12, 34, 56]")]
    public void Computes(string name, string args, string expected) => AssertResult(name, args, expected);

    [Fact]
    public void NowIsReadOncePerQuery()
    {
        var clock = new FixedClock();
        var ctx = Context(time: clock);
        var first = Call(ctx, "time.now_ns");
        clock.Now = clock.Now.AddHours(1);
        Assert.Equal(RegoNumber.From(LeapDayNs), first);
        Assert.Equal(first, Call(ctx, "time.now_ns"));
        Assert.NotEqual(first, Call(Context(time: clock), "time.now_ns"));
    }

    [Fact]
    public void BadTimestampIsABuiltinError() =>
        Assert.StartsWith("parsing time \"yesterday\"", BuiltinError("time.parse_rfc3339_ns", "[\"yesterday\"]"));

    [Fact]
    public void PrintWritesArgumentsSpaceSeparatedWithUndefined()
    {
        var output = new StringWriter();
        var ctx = Context(print: output);
        RegoValue[] args = [new RegoString("count:"), RegoNumber.From(3), null!, V("{\"$set\": [\"a\"]}")];
        Assert.Equal(RegoBoolean.True, Call(ctx, "print", args));
        Assert.Equal("count: 3 <undefined> {\"a\"}" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void TraceWritesTheNote()
    {
        var output = new StringWriter();
        Assert.Equal(RegoBoolean.True, Call(Context(print: output), "trace", new RegoString("here")));
        Assert.Equal("here" + Environment.NewLine, output.ToString());
    }
}
