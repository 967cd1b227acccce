using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Tests.Builtins;

/// <summary>Calls builtins straight through the default registry, with values written as JSON.</summary>
internal static class BuiltinHarness
{
    /// <summary>A clock fixed at 2024-02-29T12:34:56Z.</summary>
    internal sealed class FixedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2024, 2, 29, 12, 34, 56, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    public static BuiltinContext Context(TextWriter? print = null, TimeProvider? time = null) =>
        new(time ?? new FixedClock(), print, [], CancellationToken.None);

    /// <summary>Parses JSON where an object {"$set": [...]} stands for a Rego set.</summary>
    public static RegoValue V(string json) => Sets(RegoJson.Parse(json));

    private static RegoValue Sets(RegoValue v) => v switch
    {
        RegoObject o when o.Count == 1 && o.Get("$set") is RegoArray items => RegoSet.Create(items.Select(Sets)),
        RegoObject o => RegoObject.Create(o.Select(kv => new KeyValuePair<RegoValue, RegoValue>(kv.Key, Sets(kv.Value)))),
        RegoArray a => RegoArray.Create(a.Select(Sets)),
        _ => v,
    };

    public static RegoValue? Call(string name, params RegoValue[] args) => Call(Context(), name, args);

    public static RegoValue? Call(BuiltinContext ctx, string name, params RegoValue[] args)
    {
        Assert.True(BuiltinRegistry.Default.TryGet(name, out var builtin), $"{name} is not registered");
        return builtin.Function(ctx, args);
    }

    /// <summary>Calls with arguments given as one JSON array.</summary>
    public static RegoValue? CallJson(string name, string argsJson)
    {
        var args = (RegoArray)V(argsJson);
        return Call(name, [.. args]);
    }

    public static void AssertResult(string name, string argsJson, string? expectedJson)
    {
        var actual = CallJson(name, argsJson);
        if (expectedJson is null)
        {
            Assert.Null(actual);
            return;
        }

        var expected = V(expectedJson);
        Assert.True(expected.Equals(actual), $"{name}({argsJson}): expected {expected}, got {actual?.ToString() ?? "undefined"}");
    }

    public static string TypeError(string name, string argsJson) =>
        Assert.Throws<OperandException>(() => CallJson(name, argsJson)).Message;

    public static string BuiltinError(string name, string argsJson) =>
        Assert.Throws<BuiltinException>(() => CallJson(name, argsJson)).Message;
}
