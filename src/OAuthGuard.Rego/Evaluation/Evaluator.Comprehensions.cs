using OAuthGuard.Rego.Compilation;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Evaluation;

/// <summary>Comprehensions, <c>some … in</c> and <c>every</c>.</summary>
internal sealed partial class Evaluator
{
    /// <summary>Collects every solution of a comprehension body (in the enclosing frame) into a value.</summary>
    private RegoValue EvalComprehension(IrComprehension c, RegoValue?[] frame)
    {
        switch (c.Kind)
        {
            case ComprehensionKind.Array:
                {
                    var items = new List<RegoValue>();
                    EvalQuery(c.Body, 0, frame, () => Eval(c.Value, frame, v =>
                    {
                        items.Add(v);
                        return true;
                    }));
                    return RegoArray.Wrap([.. items]);
                }

            case ComprehensionKind.Set:
                {
                    var items = new HashSet<RegoValue>();
                    EvalQuery(c.Body, 0, frame, () => Eval(c.Value, frame, v =>
                    {
                        items.Add(v);
                        return true;
                    }));
                    return RegoSet.Wrap(items);
                }

            default:
                {
                    var map = new Dictionary<RegoValue, RegoValue>();
                    var key = c.Key ?? c.Value;
                    EvalQuery(c.Body, 0, frame, () => Eval(key, frame, kv => Eval(c.Value, frame, v =>
                    {
                        if (map.TryGetValue(kv, out var existing) && !existing.Equals(v))
                        {
                            throw Error(ErrorCodes.ConflictError, "object keys must be unique", c.Span);
                        }

                        map[kv] = v;
                        return true;
                    })));
                    return RegoObject.Wrap(map);
                }
        }
    }

    private bool EvalSomeIn(IrSomeIn s, RegoValue?[] frame, Func<bool> k) =>
        Eval(s.Collection, frame, collection => Iterate(collection, (key, value) =>
            s.Key is null
                ? UnifyValue(s.Value, value, frame, k)
                : UnifyValue(s.Key, key, frame, () => UnifyValue(s.Value, value, frame, k)), s.Key is not null));

    private bool EvalEvery(IrEvery e, RegoValue?[] frame, Func<bool> k)
    {
        if (!TryEval(e.Collection, frame, out var collection))
        {
            return Eval(e.Collection, frame, c => EveryOver(e, c, frame) ? k() : true);
        }

        return collection is null || !EveryOver(e, collection, frame) || k();
    }

    private bool EveryOver(IrEvery e, RegoValue collection, RegoValue?[] frame)
    {
        if (!collection.IsCollection)
        {
            return false;
        }

        return Iterate(collection, (key, value) =>
        {
            if (e.Key is { } kv)
            {
                frame[kv.Slot] = key;
            }

            frame[e.Value.Slot] = value;
            var found = false;
            EvalQuery(e.Body, 0, frame, () =>
            {
                found = true;
                return false;
            });
            frame[e.Value.Slot] = null;
            if (e.Key is { } kv2)
            {
                frame[kv2.Slot] = null;
            }

            return found;
        });
    }
}
