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
                    EvalQuery(c.Body, 0, frame, () =>
                    {
                        if (TryEval(c.Value, frame, out var single))
                        {
                            if (single is not null)
                            {
                                ChargeElements(1, c.Span);
                                items.Add(single);
                            }

                            return true;
                        }

                        return Eval(c.Value, frame, v =>
                        {
                            ChargeElements(1, c.Span);
                            items.Add(v);
                            return true;
                        });
                    });
                    return RegoArray.Wrap([.. items]);
                }

            case ComprehensionKind.Set:
                {
                    var items = new HashSet<RegoValue>();
                    EvalQuery(c.Body, 0, frame, () =>
                    {
                        if (TryEval(c.Value, frame, out var single))
                        {
                            if (single is not null)
                            {
                                ChargeElements(1, c.Span);
                                items.Add(single);
                            }

                            return true;
                        }

                        return Eval(c.Value, frame, v =>
                        {
                            ChargeElements(1, c.Span);
                            items.Add(v);
                            return true;
                        });
                    });
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

                        ChargeElements(1, c.Span);
                        map[kv] = v;
                        return true;
                    })));
                    return RegoObject.Wrap(map);
                }
        }
    }

    private bool EvalSomeIn(IrSomeIn s, RegoValue?[] frame, Func<bool> k)
    {
        if (s.Key is null && s.Value is IrVar v && frame[v.Slot] is null && TryEval(s.Collection, frame, out var collection))
        {
            return collection is null || IterateInto(v.Slot, collection, frame, k);
        }

        return EvalSomeInGeneral(s, frame, k);
    }

    /// <summary><c>some v in xs</c> with a fresh variable: binds each element in a plain loop.</summary>
    private bool IterateInto(int slot, RegoValue collection, RegoValue?[] frame, Func<bool> k)
    {
        var result = true;
        switch (collection)
        {
            case RegoArray a:
                for (var i = 0; i < a.Count && result; i++)
                {
                    Step(null);
                    frame[slot] = a[i];
                    result = k();
                }

                break;
            case RegoSet set:
                foreach (var item in set.Sorted)
                {
                    Step(null);
                    frame[slot] = item;
                    if (!(result = k()))
                    {
                        break;
                    }
                }

                break;
            case RegoObject o:
                foreach (var key in o.Keys)
                {
                    Step(null);
                    frame[slot] = o.Get(key);
                    if (!(result = k()))
                    {
                        break;
                    }
                }

                break;
        }

        frame[slot] = null;
        return result;
    }

    private bool EvalSomeInGeneral(IrSomeIn s, RegoValue?[] frame, Func<bool> k) =>
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
