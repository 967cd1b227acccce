using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>The variable analysis behind <see cref="CheckSafety"/>; also used for queries.</summary>
internal static class SafetyAnalysis
{
    /// <summary>Reorders a body in place; <paramref name="safe"/> grows with what the body binds.</summary>
    /// <returns>False when some variable is unsafe (reported).</returns>
    public static bool Reorder(IrQuery query, HashSet<int> safe, List<Diagnostic> diagnostics)
    {
        var pending = new List<IrLiteral>(query.Literals);
        var ordered = new List<IrLiteral>(pending.Count);
        var needs = new HashSet<int>();
        var outs = new HashSet<int>();
        while (pending.Count > 0)
        {
            var placed = false;
            for (var i = 0; i < pending.Count; i++)
            {
                needs.Clear();
                outs.Clear();
                if (!LiteralVars(pending[i], safe, needs, outs) || !needs.IsSubsetOf(safe))
                {
                    continue;
                }

                var lit = pending[i];
                pending.RemoveAt(i);
                if (!CheckClosures(lit, safe, diagnostics))
                {
                    return false;
                }

                safe.UnionWith(outs);
                ordered.Add(lit);
                placed = true;
                break;
            }

            if (!placed)
            {
                var lit = pending[0];
                needs.Clear();
                outs.Clear();
                LiteralVars(lit, safe, needs, outs);
                AllVars(lit, needs);
                needs.ExceptWith(safe);
                ReportUnsafe(null, needs, lit.Span, diagnostics, lit);
                return false;
            }
        }

        query.Literals = [.. ordered];
        return true;
    }

    public static void ReportUnsafe(IrTerm? term, HashSet<int> slots, Syntax.SourceSpan span, List<Diagnostic> diagnostics, IrLiteral? lit = null)
    {
        var names = new SortedDictionary<string, int>(StringComparer.Ordinal);
        void Visit(IrTerm t)
        {
            if (t is IrVar v && slots.Contains(v.Slot))
            {
                names.TryAdd(v.IsGenerated ? "_" : v.Name, v.Slot);
            }
        }

        if (term is not null)
        {
            IrWalker.Term(term, Visit);
        }

        if (lit is not null)
        {
            IrWalker.Literal(lit, Visit);
        }

        foreach (var name in names.Keys)
        {
            diagnostics.Add(Diagnostic.Error(ErrorCodes.UnsafeVarError, $"var {name} is unsafe", span));
        }
    }

    private static void AllVars(IrLiteral lit, HashSet<int> into) =>
        IrWalker.Literal(lit, t =>
        {
            if (t is IrVar v)
            {
                into.Add(v.Slot);
            }
        });

    /// <summary>Checks (and orders) the comprehension and every bodies of a literal being placed.</summary>
    private static bool CheckClosures(IrLiteral lit, HashSet<int> safe, List<Diagnostic> diagnostics)
    {
        var ok = true;
        void VisitTerm(IrTerm t)
        {
            if (!ok || t is not IrComprehension c)
            {
                return;
            }

            var inner = new HashSet<int>(safe);
            if (!Reorder(c.Body, inner, diagnostics))
            {
                ok = false;
                return;
            }

            var needs = new HashSet<int>();
            var outs = new HashSet<int>();
            if (c.Key is not null)
            {
                Analyze(c.Key, inner, needs, outs);
            }

            Analyze(c.Value, inner, needs, outs);
            needs.UnionWith(outs);
            needs.ExceptWith(inner);
            if (needs.Count > 0)
            {
                ReportUnsafe(c, needs, c.Span, diagnostics);
                ok = false;
            }
        }

        ShallowTerms(lit, VisitTerm);
        if (ok && lit.Expr is IrEvery e)
        {
            var inner = new HashSet<int>(safe) { e.Value.Slot };
            if (e.Key is not null)
            {
                inner.Add(e.Key.Slot);
            }

            ok = Reorder(e.Body, inner, diagnostics);
        }

        return ok;
    }

    /// <summary>Visits the terms of a literal down to (and including) comprehensions, without entering their bodies.</summary>
    private static void ShallowTerms(IrLiteral lit, Action<IrTerm> visit)
    {
        void Term(IrTerm t)
        {
            visit(t);
            switch (t)
            {
                case IrRef r:
                    Term(r.Head);
                    Array.ForEach(r.Path, Term);
                    break;
                case IrRootRef r:
                    Array.ForEach(r.Path, Term);
                    break;
                case IrArray a:
                    Array.ForEach(a.Items, Term);
                    break;
                case IrSet s:
                    Array.ForEach(s.Items, Term);
                    break;
                case IrObject o:
                    Array.ForEach(o.Keys, Term);
                    Array.ForEach(o.Values, Term);
                    break;
                case IrCall c:
                    Array.ForEach(c.Args, Term);
                    break;
            }
        }

        switch (lit.Expr)
        {
            case IrTermExpr te:
                Term(te.Term);
                break;
            case IrUnify u:
                Term(u.Left);
                Term(u.Right);
                break;
            case IrSomeIn s:
                if (s.Key is not null)
                {
                    Term(s.Key);
                }

                Term(s.Value);
                Term(s.Collection);
                break;
            case IrEvery e:
                Term(e.Collection);
                break;
        }

        foreach (var w in lit.With)
        {
            Term(w.Value);
        }
    }

    /// <summary>What a literal needs bound and what it binds, given the safe set; false when it cannot run yet.</summary>
    private static bool LiteralVars(IrLiteral lit, HashSet<int> safe, HashSet<int> needs, HashSet<int> outs)
    {
        foreach (var w in lit.With)
        {
            Analyze(w.Value, safe, needs, needs);
        }

        bool ok;
        switch (lit.Expr)
        {
            case IrTermExpr { Term: IrCall { HasOutput: true } call }:
                for (var i = 0; i < call.Args.Length - 1; i++)
                {
                    Analyze(call.Args[i], safe, needs, outs);
                }

                PatternAnalyze(call.Args[^1], safe, needs, outs);
                ok = true;
                break;
            case IrTermExpr te:
                Analyze(te.Term, safe, needs, outs);
                if (te.Term is IrCall)
                {
                    // As OPA's compiler, which lifts references out of call arguments and evaluates them first: a
                    // variable that a reference argument binds (foo == input.foos[foo]) is bound for the call.
                    needs.ExceptWith(outs);
                }

                ok = true;
                break;
            case IrUnify u:
                ok = Unify(u.Left, u.Right, safe, needs, outs);
                break;
            case IrSomeIn s:
                Analyze(s.Collection, safe, needs, outs);
                if (s.Key is not null)
                {
                    PatternAnalyze(s.Key, safe, needs, outs);
                }

                PatternAnalyze(s.Value, safe, needs, outs);
                ok = true;
                break;
            case IrEvery e:
                Analyze(e.Collection, safe, needs, outs);
                FreeVars(e.Body, e.Locals, needs);
                ok = true;
                break;
            default:
                ok = true;
                break;
        }

        if (lit.Negated)
        {
            // Inside `not`, only wildcards may stay unbound; named variables must come from elsewhere.
            foreach (var slot in outs)
            {
                if (!IsGeneratedSlot(lit, slot))
                {
                    needs.Add(slot);
                }
            }

            outs.Clear();
        }

        return ok;
    }

    private static bool IsGeneratedSlot(IrLiteral lit, int slot)
    {
        var generated = false;
        IrWalker.Literal(lit, t =>
        {
            if (t is IrVar v && v.Slot == slot && v.IsGenerated)
            {
                generated = true;
            }
        });
        return generated;
    }

    private static bool Unify(IrTerm a, IrTerm b, HashSet<int> safe, HashSet<int> needs, HashSet<int> outs)
    {
        var na = new HashSet<int>();
        var oa = new HashSet<int>();
        Analyze(b, safe, na, oa);
        if (na.IsSubsetOf(safe))
        {
            var s2 = new HashSet<int>(safe);
            s2.UnionWith(oa);
            var pn = new HashSet<int>();
            PatternAnalyze(a, s2, pn, oa);
            needs.UnionWith(pn);
            outs.UnionWith(oa);
            return true;
        }

        na.Clear();
        oa.Clear();
        Analyze(a, safe, na, oa);
        if (na.IsSubsetOf(safe))
        {
            var s2 = new HashSet<int>(safe);
            s2.UnionWith(oa);
            var pn = new HashSet<int>();
            PatternAnalyze(b, s2, pn, oa);
            needs.UnionWith(pn);
            outs.UnionWith(oa);
            return true;
        }

        (IrTerm[] L, IrTerm[] R)? pairs = (a, b) switch
        {
            (IrArray x, IrArray y) when x.Items.Length == y.Items.Length => (x.Items, y.Items),
            (IrObject x, IrObject y) when ObjectPairs(x, y) is { } op => op,
            _ => null,
        };
        if (pairs is not { } p)
        {
            return false;
        }

        var local = new HashSet<int>(safe);
        var done = new bool[p.L.Length];
        var progress = true;
        while (progress)
        {
            progress = false;
            for (var i = 0; i < done.Length; i++)
            {
                var n = new HashSet<int>();
                var o = new HashSet<int>();
                if (!done[i] && Unify(p.L[i], p.R[i], local, n, o) && n.IsSubsetOf(local))
                {
                    done[i] = true;
                    progress = true;
                    local.UnionWith(o);
                    outs.UnionWith(o);
                }
            }
        }

        return Array.TrueForAll(done, d => d);
    }

    /// <summary>Pairs the values of two object literals by constant key; null when the keys differ or are not constant.</summary>
    public static (IrTerm[] L, IrTerm[] R)? ObjectPairs(IrObject x, IrObject y)
    {
        if (x.Keys.Length != y.Keys.Length)
        {
            return null;
        }

        var l = new IrTerm[x.Keys.Length];
        var r = new IrTerm[x.Keys.Length];
        for (var i = 0; i < l.Length; i++)
        {
            if (x.Keys[i] is not IrConst kx)
            {
                return null;
            }

            var j = Array.FindIndex(y.Keys, k => k is IrConst ky && ky.Value.Equals(kx.Value));
            if (j < 0)
            {
                return null;
            }

            l[i] = x.Values[i];
            r[i] = y.Values[j];
        }

        return (l, r);
    }

    /// <summary>Adds pattern variables (plain, in arrays, in object values) to outs; anything else is analysed normally.</summary>
    public static void PatternAnalyze(IrTerm t, HashSet<int> safe, HashSet<int> needs, HashSet<int> outs)
    {
        switch (t)
        {
            case IrVar v:
                if (!safe.Contains(v.Slot))
                {
                    outs.Add(v.Slot);
                }

                break;
            case IrArray a:
                foreach (var i in a.Items)
                {
                    PatternAnalyze(i, safe, needs, outs);
                }

                break;
            case IrObject o:
                foreach (var k in o.Keys)
                {
                    Analyze(k, safe, needs, outs);
                }

                foreach (var v in o.Values)
                {
                    PatternAnalyze(v, safe, needs, outs);
                }

                break;
            default:
                Analyze(t, safe, needs, outs);
                break;
        }
    }

    /// <summary>Adds the plain variables of a pattern to a set (function arguments).</summary>
    public static void PatternVars(IrTerm t, HashSet<int> into) =>
        IrWalker.Term(t, x =>
        {
            if (x is IrVar v)
            {
                into.Add(v.Slot);
            }
        });

    /// <summary>
    /// Variables a term needs bound (<paramref name="needs"/>) and reference operands it binds by iterating
    /// (<paramref name="outs"/>); comprehensions contribute their free variables.
    /// </summary>
    public static void Analyze(IrTerm t, HashSet<int> safe, HashSet<int> needs, HashSet<int> outs)
    {
        switch (t)
        {
            case IrVar v:
                if (!safe.Contains(v.Slot) && !outs.Contains(v.Slot))
                {
                    needs.Add(v.Slot);
                }

                break;
            case IrRef r:
                Analyze(r.Head, safe, needs, outs);
                PathAnalyze(r.Path, safe, needs, outs);
                break;
            case IrRootRef r:
                PathAnalyze(r.Path, safe, needs, outs);
                break;
            case IrArray a:
                foreach (var i in a.Items)
                {
                    Analyze(i, safe, needs, outs);
                }

                break;
            case IrSet s:
                foreach (var i in s.Items)
                {
                    Analyze(i, safe, needs, outs);
                }

                break;
            case IrObject o:
                for (var i = 0; i < o.Keys.Length; i++)
                {
                    Analyze(o.Keys[i], safe, needs, outs);
                    Analyze(o.Values[i], safe, needs, outs);
                }

                break;
            case IrCall c:
                foreach (var a in c.Args)
                {
                    Analyze(a, safe, needs, outs);
                }

                break;
            case IrComprehension c:
                var locals = new HashSet<int>();
                var all = new HashSet<int>();
                IrWalker.Term(c, x =>
                {
                    switch (x)
                    {
                        case IrVar v:
                            all.Add(v.Slot);
                            break;
                        case IrComprehension cc:
                            locals.UnionWith(cc.Locals);
                            break;
                    }
                });
                AddNestedEveryLocals(c.Body, locals);
                all.ExceptWith(locals);
                all.ExceptWith(safe);
                needs.UnionWith(all);
                break;
        }
    }

    private static void PathAnalyze(IrTerm[] path, HashSet<int> safe, HashSet<int> needs, HashSet<int> outs)
    {
        foreach (var p in path)
        {
            if (p is IrVar v)
            {
                if (!safe.Contains(v.Slot))
                {
                    outs.Add(v.Slot);
                }
            }
            else if (p is IrArray or IrObject)
            {
                PatternAnalyze(p, safe, needs, outs);
            }
            else
            {
                Analyze(p, safe, needs, outs);
            }
        }
    }

    private static void FreeVars(IrQuery body, int[] bodyLocals, HashSet<int> needs)
    {
        var locals = new HashSet<int>(bodyLocals);
        var all = new HashSet<int>();
        IrWalker.Query(body, x =>
        {
            switch (x)
            {
                case IrVar v:
                    all.Add(v.Slot);
                    break;
                case IrComprehension cc:
                    locals.UnionWith(cc.Locals);
                    break;
            }
        });
        AddNestedEveryLocals(body, locals);
        all.ExceptWith(locals);
        needs.UnionWith(all);
    }

    private static void AddNestedEveryLocals(IrQuery body, HashSet<int> locals)
    {
        foreach (var lit in body.Literals)
        {
            if (lit.Expr is IrEvery e)
            {
                locals.UnionWith(e.Locals);
                AddNestedEveryLocals(e.Body, locals);
            }
        }

        IrWalker.Query(body, x =>
        {
            if (x is IrComprehension c)
            {
                foreach (var lit in c.Body.Literals)
                {
                    if (lit.Expr is IrEvery e)
                    {
                        locals.UnionWith(e.Locals);
                    }
                }
            }
        });
    }
}
