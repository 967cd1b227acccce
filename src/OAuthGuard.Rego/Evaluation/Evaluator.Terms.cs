using OAuthGuard.Rego.Compilation;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Evaluation;

/// <summary>Terms: the single-value fast path, generative evaluation, reference walking and unification.</summary>
internal sealed partial class Evaluator
{
    /// <summary>
    /// Evaluates a term that has at most one value without continuations. Returns false when the term needs
    /// iteration (an unbound variable in a reference, a relation) and must go through <see cref="Eval"/>;
    /// otherwise <paramref name="value"/> is the value, or null for undefined.
    /// </summary>
    private bool TryEval(IrTerm term, RegoValue?[] frame, out RegoValue? value)
    {
        switch (term)
        {
            case IrConst c:
                value = c.Value;
                return true;
            case IrVar v:
                value = frame[v.Slot];
                return value is not null;
            case IrRef r:
                {
                    if (!TryEval(r.Head, frame, out var cur))
                    {
                        value = null;
                        return false;
                    }

                    return TryWalk(cur, r.Path, 0, frame, out value);
                }

            case IrRootRef r:
                return r.IsInput ? TryWalk(_input, r.Path, 0, frame, out value) : TryData(r.Path, frame, out value);
            case IrArray a:
                {
                    var items = new RegoValue[a.Items.Length];
                    value = null;
                    for (var i = 0; i < items.Length; i++)
                    {
                        if (!TryEval(a.Items[i], frame, out var item))
                        {
                            return false;
                        }

                        if (item is null)
                        {
                            return true;
                        }

                        items[i] = item;
                    }

                    ChargeElements(items.Length, a.Span);
                    value = RegoArray.Wrap(items);
                    return true;
                }

            case IrSet s:
                {
                    var items = new HashSet<RegoValue>(s.Items.Length);
                    value = null;
                    foreach (var t in s.Items)
                    {
                        if (!TryEval(t, frame, out var item))
                        {
                            return false;
                        }

                        if (item is null)
                        {
                            return true;
                        }

                        items.Add(item);
                    }

                    ChargeElements(items.Count, s.Span);
                    value = RegoSet.Wrap(items);
                    return true;
                }

            case IrObject o:
                {
                    var map = new Dictionary<RegoValue, RegoValue>(o.Keys.Length);
                    value = null;
                    for (var i = 0; i < o.Keys.Length; i++)
                    {
                        if (!TryEval(o.Keys[i], frame, out var key) || !TryEval(o.Values[i], frame, out var item))
                        {
                            return false;
                        }

                        if (key is null || item is null)
                        {
                            return true;
                        }

                        map[key] = item;
                    }

                    ChargeElements(map.Count, o.Span);
                    value = RegoObject.Wrap(map);
                    return true;
                }

            case IrComprehension c:
                value = EvalComprehension(c, frame);
                return true;
            case IrCall call:
                return TryCall(call, frame, out value);
            default:
                value = null;
                return false;
        }
    }

    private bool TryWalk(RegoValue? cur, IrTerm[] path, int from, RegoValue?[] frame, out RegoValue? value, bool baseDocument = false)
    {
        for (var i = from; i < path.Length && cur is not null; i++)
        {
            if (!TryEval(path[i], frame, out var key))
            {
                value = null;
                return false;
            }

            cur = key is null ? null : baseDocument ? LookupBase(cur, key) : Lookup(cur, key);
        }

        value = cur;
        return true;
    }

    /// <summary>
    /// Looks a key up in a base document along a ground reference. As OPA's storage paths do, a number key also finds
    /// the object key that is its text (<c>data.nested[2]</c> reads <c>{"2": …}</c>); a value bound to a variable does not.
    /// </summary>
    internal static RegoValue? LookupBase(RegoValue collection, RegoValue key) =>
        Lookup(collection, key) ?? (collection is RegoObject o && key is RegoNumber n ? o.Get(new RegoString(n.ToString())) : null);

    /// <summary>Looks a key up in a collection: array index, object key, set member.</summary>
    internal static RegoValue? Lookup(RegoValue collection, RegoValue key)
    {
        switch (collection)
        {
            case RegoObject o:
                return o.Get(key);
            case RegoArray a:
                return key is RegoNumber n && n.TryGetInt32(out var i) && i >= 0 && i < a.Count ? a[i] : null;
            case RegoSet s:
                return s.Contains(key) ? key : null;
            default:
                return null;
        }
    }

    /// <summary>Evaluates a term, calling <paramref name="k"/> once per value.</summary>
    private bool Eval(IrTerm term, RegoValue?[] frame, Func<RegoValue, bool> k)
    {
        if (TryEval(term, frame, out var value))
        {
            return value is null || k(value);
        }

        switch (term)
        {
            case IrRef r:
                return Eval(r.Head, frame, head => EvalPath(head, r.Path, 0, frame, k));
            case IrRootRef r:
                return r.IsInput
                    ? _input is null || EvalPath(_input, r.Path, 0, frame, k)
                    : EvalDataPath(_policy.Tree.Root, r.Path, 0, frame, k);
            case IrArray a:
                return EvalItems(a.Items, 0, new RegoValue[a.Items.Length], frame, items =>
                {
                    ChargeElements(items.Length, a.Span);
                    return k(RegoArray.Create(items));
                });
            case IrSet s:
                return EvalItems(s.Items, 0, new RegoValue[s.Items.Length], frame, items =>
                {
                    ChargeElements(items.Length, s.Span);
                    return k(RegoSet.Create(items));
                });
            case IrObject o:
                {
                    var all = new IrTerm[o.Keys.Length * 2];
                    o.Keys.CopyTo(all, 0);
                    o.Values.CopyTo(all, o.Keys.Length);
                    return EvalItems(all, 0, new RegoValue[all.Length], frame, items =>
                    {
                        var map = new Dictionary<RegoValue, RegoValue>(o.Keys.Length);
                        for (var i = 0; i < o.Keys.Length; i++)
                        {
                            map[items[i]] = items[i + o.Keys.Length];
                        }

                        ChargeElements(map.Count, o.Span);
                        return k(RegoObject.Wrap(map));
                    });
                }

            case IrCall call:
                return EvalArgs(call.Args, frame, args => CallWithArgs(call, args, frame, k));
            case IrVar v:
                throw Error(ErrorCodes.InternalError, $"var {v.Name} is unbound", v.Span);
            default:
                throw Error(ErrorCodes.InternalError, "cannot evaluate term", term.Span);
        }
    }

    /// <summary>
    /// Evaluates call arguments. As OPA, which lifts references out of the arguments and evaluates them first, a
    /// reference that binds a variable (<c>foo == input.foos[foo]</c>) runs before an argument that uses it.
    /// </summary>
    private bool EvalArgs(IrTerm[] args, RegoValue?[] frame, Func<RegoValue[], bool> k)
    {
        var values = new RegoValue[args.Length];
        var unboundVar = false;
        foreach (var a in args)
        {
            unboundVar |= HasUnboundVar(a, frame);
        }

        if (!unboundVar)
        {
            return EvalItems(args, 0, values, frame, k);
        }

        var order = Enumerable.Range(0, args.Length).OrderBy(i => HasRef(args[i]) ? 0 : 1).ToArray();
        return EvalItemsInOrder(args, order, 0, values, frame, k);
    }

    /// <summary>Whether a term holds a variable not bound yet (outside references and comprehensions).</summary>
    private static bool HasUnboundVar(IrTerm term, RegoValue?[] frame) => term switch
    {
        IrVar v => frame[v.Slot] is null,
        IrArray a => AnyUnbound(a.Items, frame),
        IrSet s => AnyUnbound(s.Items, frame),
        IrObject o => AnyUnbound(o.Keys, frame) || AnyUnbound(o.Values, frame),
        _ => false,
    };

    private static bool AnyUnbound(IrTerm[] terms, RegoValue?[] frame)
    {
        foreach (var t in terms)
        {
            if (HasUnboundVar(t, frame))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a term holds a reference outside comprehensions (what OPA lifts out of call arguments).</summary>
    private static bool HasRef(IrTerm term) => term switch
    {
        IrRef or IrRootRef => true,
        IrArray a => Array.Exists(a.Items, HasRef),
        IrSet s => Array.Exists(s.Items, HasRef),
        IrObject o => Array.Exists(o.Keys, HasRef) || Array.Exists(o.Values, HasRef),
        IrCall c => Array.Exists(c.Args, HasRef),
        _ => false,
    };

    private bool EvalItemsInOrder(IrTerm[] terms, int[] order, int index, RegoValue[] values, RegoValue?[] frame, Func<RegoValue[], bool> k)
    {
        if (index == order.Length)
        {
            return k(values);
        }

        var at = order[index];
        return Eval(terms[at], frame, v =>
        {
            values[at] = v;
            return EvalItemsInOrder(terms, order, index + 1, values, frame, k);
        });
    }

    private bool EvalItems(IrTerm[] terms, int index, RegoValue[] values, RegoValue?[] frame, Func<RegoValue[], bool> k)
    {
        if (index == terms.Length)
        {
            return k(values);
        }

        return Eval(terms[index], frame, v =>
        {
            values[index] = v;
            return EvalItems(terms, index + 1, values, frame, k);
        });
    }

    /// <summary>Walks a reference path over a value, iterating where an operand is an unbound variable.</summary>
    private bool EvalPath(RegoValue cur, IrTerm[] path, int index, RegoValue?[] frame, Func<RegoValue, bool> k, bool baseDocument = false)
    {
        while (true)
        {
            if (index == path.Length)
            {
                return k(cur);
            }

            var p = path[index];
            if (TryEval(p, frame, out var key))
            {
                if (key is null || (baseDocument ? LookupBase(cur, key) : Lookup(cur, key)) is not { } next)
                {
                    return true;
                }

                cur = next;
                index++;
                continue;
            }

            var i = index + 1;
            if (p is IrVar v)
            {
                return Iterate(cur, (key2, item) =>
                {
                    frame[v.Slot] = key2;
                    var r = EvalPath(item, path, i, frame, k);
                    frame[v.Slot] = null;
                    return r;
                });
            }

            return Iterate(cur, (key2, item) => UnifyValue(p, key2, frame, () => EvalPath(item, path, i, frame, k)));
        }
    }

    /// <summary>Calls <paramref name="k"/> with each (key, value) of a collection, in order; false stops.</summary>
    private bool Iterate(RegoValue collection, Func<RegoValue, RegoValue, bool> k, bool needKey = true)
    {
        Step(null);
        switch (collection)
        {
            case RegoArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (!k(needKey ? RegoNumber.From(i) : RegoNull.Instance, a[i]))
                    {
                        return false;
                    }
                }

                return true;
            case RegoObject o:
                foreach (var key in o.Keys)
                {
                    if (o.Get(key) is { } item && !k(key, item))
                    {
                        return false;
                    }
                }

                return true;
            case RegoSet s:
                foreach (var item in s.Sorted)
                {
                    if (!k(item, item))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>Unifies two terms: binds unbound variables, matches array and object patterns, compares values.</summary>
    private bool Unify(IrTerm a, IrTerm b, RegoValue?[] frame, Func<bool> k)
    {
        if (a is IrVar va && frame[va.Slot] is null)
        {
            if (TryEval(b, frame, out var bv))
            {
                return bv is null || Bind(va, bv, frame, k);
            }

            if (b is IrVar vb && frame[vb.Slot] is null)
            {
                throw Error(ErrorCodes.InternalError, $"cannot unify unbound variables {va.Name} and {vb.Name}", a.Span);
            }

            return Eval(b, frame, v => Bind(va, v, frame, k));
        }

        if (b is IrVar vb2 && frame[vb2.Slot] is null)
        {
            if (TryEval(a, frame, out var av))
            {
                return av is null || Bind(vb2, av, frame, k);
            }

            return Eval(a, frame, v => Bind(vb2, v, frame, k));
        }

        if (a is IrArray aa && b is IrArray ab)
        {
            return aa.Items.Length != ab.Items.Length || UnifyPairs(aa.Items, ab.Items, 0, frame, k);
        }

        if (a is IrObject oa && b is IrObject ob && IsPattern(a, frame) && IsPattern(b, frame))
        {
            return Compilation.Stages.SafetyAnalysis.ObjectPairs(oa, ob) is not { } pairs || UnifyPairs(pairs.L, pairs.R, 0, frame, k);
        }

        if (IsPattern(a, frame))
        {
            return Eval(b, frame, v => UnifyValue(a, v, frame, k));
        }

        return Eval(a, frame, v => UnifyValue(b, v, frame, k));
    }

    private bool UnifyPairs(IrTerm[] a, IrTerm[] b, int index, RegoValue?[] frame, Func<bool> k) =>
        index == a.Length ? k() : Unify(a[index], b[index], frame, () => UnifyPairs(a, b, index + 1, frame, k));

    /// <summary>True when a term has unbound variables in pattern positions (so it must be matched, not evaluated).</summary>
    private static bool IsPattern(IrTerm t, RegoValue?[] frame) => t switch
    {
        IrVar v => frame[v.Slot] is null,
        IrArray a => Array.Exists(a.Items, i => IsPattern(i, frame)),
        IrObject o => Array.Exists(o.Values, i => IsPattern(i, frame)),
        _ => false,
    };

    /// <summary>Unifies a term with a value.</summary>
    private bool UnifyValue(IrTerm t, RegoValue value, RegoValue?[] frame, Func<bool> k)
    {
        switch (t)
        {
            case IrVar v:
                var bound = frame[v.Slot];
                return bound is null ? Bind(v, value, frame, k) : !bound.Equals(value) || k();
            case IrConst c:
                return !c.Value.Equals(value) || k();
            case IrArray a when IsPattern(a, frame):
                return value is not RegoArray arr || arr.Count != a.Items.Length || UnifyItems(a.Items, arr, 0, frame, k);
            case IrObject o when IsPattern(o, frame):
                {
                    if (value is not RegoObject obj || obj.Count != o.Keys.Length)
                    {
                        return true;
                    }

                    var values = new RegoValue[o.Keys.Length];
                    for (var i = 0; i < values.Length; i++)
                    {
                        if (!TryEval(o.Keys[i], frame, out var key) || key is null || obj.Get(key) is not { } item)
                        {
                            return true;
                        }

                        values[i] = item;
                    }

                    return UnifyItems(o.Values, RegoArray.Wrap(values), 0, frame, k);
                }

            default:
                return Eval(t, frame, v => !v.Equals(value) || k());
        }
    }

    private bool UnifyItems(IrTerm[] terms, RegoArray values, int index, RegoValue?[] frame, Func<bool> k) =>
        index == terms.Length ? k() : UnifyValue(terms[index], values[index], frame, () => UnifyItems(terms, values, index + 1, frame, k));

    private static bool Bind(IrVar v, RegoValue value, RegoValue?[] frame, Func<bool> k)
    {
        frame[v.Slot] = value;
        var r = k();
        frame[v.Slot] = null;
        return r;
    }
}
