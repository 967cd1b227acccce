using OAuthGuard.Rego.Compilation;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Evaluation;

/// <summary>
/// <c>with</c>: replaces input, parts of data (rules included) or functions for one literal. The rest of the
/// query (the continuation) runs with the previous state, and each scope has its own rule cache.
/// </summary>
internal sealed partial class Evaluator
{
    private List<(RegoValue[] Path, RegoValue Value)>? _overrides;
    private Dictionary<string, FunctionReplacement>? _functionOverrides;

    private bool EvalWith(IrLiteral lit, IrQuery query, RegoValue?[] frame, Func<bool> k)
    {
        var input = _input;
        var overrides = _overrides;
        var functions = _functionOverrides;
        foreach (var w in lit.With)
        {
            RegoValue? value = null;
            if (w.ReplacementFunction is null && (!TryEval(w.Value, frame, out value) || value is null))
            {
                return true;
            }

            switch (w.Kind)
            {
                case WithKind.Input:
                    input = Upsert(input, w.Path, value!);
                    break;
                case WithKind.Data:
                    overrides = overrides is null ? [] : [.. overrides];
                    overrides.Add((w.Path, value!));
                    break;
                default:
                    functions = functions is null ? new(StringComparer.Ordinal) : new(functions, StringComparer.Ordinal);
                    functions[w.FunctionName] = new FunctionReplacement(value, w.ReplacementFunction);
                    break;
            }
        }

        var outer = (_input, _overrides, _functionOverrides, _cache);
        var inner = (input, overrides, functions, new RuleCache(_policy.Tree.Nodes.Count));
        (_input, _overrides, _functionOverrides, _cache) = inner;
        try
        {
            return EvalLiteralCore(lit, query, frame, () =>
            {
                var current = (_input, _overrides, _functionOverrides, _cache);
                (_input, _overrides, _functionOverrides, _cache) = outer;
                try
                {
                    return k();
                }
                finally
                {
                    (_input, _overrides, _functionOverrides, _cache) = current;
                }
            });
        }
        finally
        {
            (_input, _overrides, _functionOverrides, _cache) = outer;
        }
    }

    /// <summary>The override that replaces exactly this node, if any (the last one given wins).</summary>
    private RegoValue? FindOverride(RuleTreeNode node)
    {
        if (_overrides is null)
        {
            return null;
        }

        for (var i = _overrides.Count - 1; i >= 0; i--)
        {
            if (PathEquals(_overrides[i].Path, node.Path))
            {
                return _overrides[i].Value;
            }
        }

        return null;
    }

    /// <summary>Applies the overrides below <paramref name="path"/> to a value found there.</summary>
    private RegoValue? ApplyOverrides(RegoValue? value, RegoValue[] path)
    {
        if (_overrides is null)
        {
            return value;
        }

        foreach (var (p, v) in _overrides)
        {
            if (p.Length > path.Length && p.AsSpan(0, path.Length).SequenceEqual(path))
            {
                value = Upsert(value, p.AsSpan(path.Length), v);
            }
            else if (PathEquals(p, path))
            {
                value = v;
            }
        }

        return value;
    }

    private static bool PathEquals(RegoValue[] a, RegoValue[] b) => a.AsSpan().SequenceEqual(b);

    /// <summary>Returns <paramref name="target"/> with <paramref name="value"/> placed at <paramref name="path"/> (objects created as needed).</summary>
    internal static RegoValue Upsert(RegoValue? target, ReadOnlySpan<RegoValue> path, RegoValue value)
    {
        if (path.IsEmpty)
        {
            return value;
        }

        var obj = target as RegoObject ?? RegoObject.Empty;
        return obj.With(path[0], Upsert(obj.Get(path[0]), path[1..], value));
    }

    /// <summary>What replaces a function: a constant result, or another function by name.</summary>
    private sealed record FunctionReplacement(RegoValue? Value, string? Function);
}
