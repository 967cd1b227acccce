using System.Collections.Immutable;
using System.Text;
using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Tests.Evaluation;

/// <summary>Compiles modules and runs queries, printing results compactly so tests compare one string.</summary>
internal static class EvalHelper
{
    /// <summary>A small registry of our own so evaluator tests do not depend on the builtin families.</summary>
    public static readonly BuiltinRegistry Builtins = CreateBuiltins();

    public static CompiledPolicy Compile(params string[] modules)
    {
        var result = Compiler(modules).Compile();
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return result.Policy!;
    }

    public static RegoCompiler Compiler(params string[] modules)
    {
        var compiler = new RegoCompiler(new CompilerOptions { Builtins = Builtins });
        for (var i = 0; i < modules.Length; i++)
        {
            compiler.AddModule($"m{i}.rego", modules[i]);
        }

        return compiler;
    }

    public static ImmutableArray<Diagnostic> CompileErrors(params string[] modules) => Compiler(modules).Compile().Diagnostics;

    /// <summary>Runs a query; each solution prints as its bindings (<c>{x: 1}</c>), solutions joined by <c>; </c>.</summary>
    public static string Query(CompiledPolicy policy, string query, string? inputJson = null, EvaluationOptions? options = null)
    {
        var input = inputJson is null ? null : RegoJson.Parse(inputJson);
        var result = policy.Evaluate(query, input, options);
        return string.Join("; ", result.Solutions.Select(s =>
        {
            var sb = new StringBuilder("{");
            sb.Append(string.Join(", ", s.Bindings.Select(b => $"{b.Key}: {b.Value}")));
            return sb.Append('}').ToString();
        }));
    }

    /// <summary>The value bound to <c>x</c> by <c>query = x</c>, or "undefined".</summary>
    public static string Value(CompiledPolicy policy, string refText, string? inputJson = null)
    {
        var input = inputJson is null ? null : RegoJson.Parse(inputJson);
        var result = policy.Evaluate($"{refText} = x", input);
        return result.IsUndefined ? "undefined" : string.Join("; ", result.Solutions.Select(s => s.Bindings["x"].ToString()));
    }

    public static Diagnostic EvalError(CompiledPolicy policy, string query, string? inputJson = null, EvaluationOptions? options = null)
    {
        var input = inputJson is null ? null : RegoJson.Parse(inputJson);
        var e = Assert.Throws<RegoException>(() => policy.Evaluate(query, input, options));
        return e.Diagnostic;
    }

    private static BuiltinRegistry CreateBuiltins()
    {
        var b = new BuiltinRegistry.Builder();
        Add(b, "equal", 2, a => RegoBoolean.From(a[0].Equals(a[1])));
        Add(b, "neq", 2, a => RegoBoolean.From(!a[0].Equals(a[1])));
        Add(b, "gt", 2, a => RegoBoolean.From(a[0].CompareTo(a[1]) > 0));
        Add(b, "lt", 2, a => RegoBoolean.From(a[0].CompareTo(a[1]) < 0));
        Add(b, "gte", 2, a => RegoBoolean.From(a[0].CompareTo(a[1]) >= 0));
        Add(b, "plus", 2, a => RegoNumber.Add(Num(a[0], 1), Num(a[1], 2)));
        Add(b, "mul", 2, a => RegoNumber.Multiply(Num(a[0], 1), Num(a[1], 2)));
        Add(b, "count", 1, a => a[0] switch
        {
            RegoArray x => RegoNumber.From(x.Count),
            RegoSet x => RegoNumber.From(x.Count),
            RegoObject x => RegoNumber.From(x.Count),
            RegoString x => RegoNumber.From(x.Value.Length),
            _ => throw new OperandException($"operand 1 must be one of {{array, object, set, string}} but got {a[0].TypeName}"),
        });
        Add(b, "internal.member_2", 2, a => RegoBoolean.From(a[1] switch
        {
            RegoArray x => x.Contains(a[0]),
            RegoSet x => x.Contains(a[0]),
            RegoObject x => x.Any(p => p.Value.Equals(a[0])),
            _ => false,
        }));
        Add(b, "upper", 1, a => a[0] is RegoString s ? new RegoString(s.Value.ToUpperInvariant()) : throw new OperandException($"operand 1 must be string but got {a[0].TypeName}"));
        Add(b, "fails", 1, _ => throw new BuiltinException("it failed"));
        return b.Build();
    }

    private static RegoNumber Num(RegoValue v, int position) =>
        v as RegoNumber ?? throw new OperandException($"operand {position} must be number but got {v.TypeName}");

    private static void Add(BuiltinRegistry.Builder b, string name, int arity, Func<RegoValue[], RegoValue?> f)
    {
        var parameters = Enumerable.Range(1, arity).Select(i => new BuiltinParameter($"x{i}", "any")).ToImmutableArray();
        b.Add(new BuiltinDeclaration(name, parameters, "any", "test", "A test builtin."), (_, args) => f(args.ToArray()));
    }
}
