using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation;

/// <summary>Term lowering and variable scopes.</summary>
internal sealed partial class Lowering
{
    private IrTerm LowerTerm(Term term)
    {
        switch (term)
        {
            case ScalarTerm s:
                return new IrConst(s.Span, s.Value);
            case VarTerm v:
                return ResolveName(v);
            case RefTerm r:
                return LowerRef(r);
            case ArrayTerm a:
                {
                    var items = LowerAll(a.Items);
                    return AllConst(items) ? new IrConst(a.Span, RegoArray.Wrap(ConstValues(items))) : new IrArray(a.Span, items);
                }

            case SetTerm s:
                {
                    var items = LowerAll(s.Items);
                    return AllConst(items) ? new IrConst(s.Span, RegoSet.Create(ConstValues(items))) : new IrSet(s.Span, items);
                }

            case ObjectTerm o:
                {
                    var keys = new IrTerm[o.Entries.Length];
                    var values = new IrTerm[o.Entries.Length];
                    for (var i = 0; i < keys.Length; i++)
                    {
                        keys[i] = LowerTerm(o.Entries[i].Key);
                        values[i] = LowerTerm(o.Entries[i].Value);
                    }

                    if (AllConst(keys) && AllConst(values))
                    {
                        var map = new Dictionary<RegoValue, RegoValue>(keys.Length);
                        for (var i = 0; i < keys.Length; i++)
                        {
                            map[((IrConst)keys[i]).Value] = ((IrConst)values[i]).Value;
                        }

                        return new IrConst(o.Span, RegoObject.Wrap(map));
                    }

                    return new IrObject(o.Span, keys, values);
                }

            case ArrayComprehension c:
                return LowerComprehension(c.Span, ComprehensionKind.Array, null, c.Term, c.Body);
            case SetComprehension c:
                return LowerComprehension(c.Span, ComprehensionKind.Set, null, c.Term, c.Body);
            case ObjectComprehension c:
                return LowerComprehension(c.Span, ComprehensionKind.Object, c.Key, c.Value, c.Body);
            case CallTerm c:
                return LowerCall(c);
            default:
                throw new InvalidOperationException("unknown term kind");
        }
    }

    private IrTerm[] LowerAll(System.Collections.Immutable.ImmutableArray<Term> terms)
    {
        var result = new IrTerm[terms.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = LowerTerm(terms[i]);
        }

        return result;
    }

    private static bool AllConst(IrTerm[] terms)
    {
        foreach (var t in terms)
        {
            if (t is not IrConst)
            {
                return false;
            }
        }

        return true;
    }

    private static RegoValue[] ConstValues(IrTerm[] terms)
    {
        var values = new RegoValue[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            values[i] = ((IrConst)terms[i]).Value;
        }

        return values;
    }

    private IrTerm LowerRef(RefTerm r)
    {
        var head = r.Head is VarTerm v ? ResolveName(v) : LowerTerm(r.Head);
        var path = LowerAll(r.Path);
        return head switch
        {
            IrRootRef root when path.Length == 0 => root,
            IrRootRef root => new IrRootRef(r.Span, root.IsInput, [.. root.Path, .. path]),
            _ when path.Length == 0 => head,
            _ => new IrRef(r.Span, head, path),
        };
    }

    private IrComprehension LowerComprehension(Syntax.SourceSpan span, ComprehensionKind kind, Term? key, Term value, Query body)
    {
        var outer = _scope;
        _scope = new Scope(outer);
        Collect(body, _scope.Names);
        CollectTerm(value, _scope.Names, true);
        if (key is not null)
        {
            CollectTerm(key, _scope.Names, true);
        }

        var irBody = LowerQueryInScope(body);
        var irKey = key is null ? null : LowerTerm(key);
        var irValue = LowerTerm(value);
        var locals = _scope.AllVars().Select(v => v.Slot).ToArray();
        _scope = outer;
        return new IrComprehension(span, kind, irKey, irValue, irBody) { Locals = locals };
    }

    private IrCall LowerCall(CallTerm c)
    {
        var args = LowerAll(c.Arguments);
        var name = c.Name;
        var call = new IrCall(c.Span, name, args);
        if (FullDataPath(c.Function) is { } path && _functionPaths.Contains(RuleTreeNode.FormatPath(path)))
        {
            call = new IrCall(c.Span, RuleTreeNode.FormatPath(path), args) { Kind = CallKind.Function };
        }
        else if (!IsLocal(c.Function.Head) && Intrinsics.Arity(name) is { } intrinsicArity)
        {
            call.Kind = CallKind.Builtin;
            call.Intrinsic = Intrinsics.Of(name);
            call.Arity = intrinsicArity;
        }
        else if (!IsLocal(c.Function.Head) && _options.Builtins.TryGet(name, out var builtin))
        {
            call.Kind = CallKind.Builtin;
            call.Builtin = builtin;
            call.Arity = builtin.Declaration.Variadic ? -1 : builtin.Declaration.Parameters.Length;
        }

        return call;
    }

    private IrTerm ResolveName(VarTerm v)
    {
        switch (v.Name)
        {
            case "input":
                return new IrRootRef(v.Span, true, []);
            case "data":
                return new IrRootRef(v.Span, false, []);
        }

        for (var s = _scope; s is not null; s = s.Parent)
        {
            if (s.Declared.TryGetValue(v.Name, out var declared))
            {
                return new IrVar(v.Span, declared.Name, declared.Slot);
            }
        }

        if (_globals.TryGetValue(v.Name, out var g))
        {
            var path = new IrTerm[g.Path.Length];
            for (var i = 0; i < path.Length; i++)
            {
                path[i] = new IrConst(v.Span, g.Path[i]);
            }

            return new IrRootRef(v.Span, g.IsInput, path);
        }

        Scope? home = null;
        for (var s = _scope; s is not null; s = s.Parent)
        {
            if (s.Vars.TryGetValue(v.Name, out var existing))
            {
                return new IrVar(v.Span, existing.Name, existing.Slot);
            }

            if (s.Names.Contains(v.Name))
            {
                home = s; // the outermost scope that uses the name owns it
            }
        }

        home ??= _scope;
        var created = new IrVar(v.Span, v.Name, _slots++);
        home.Vars[v.Name] = created;
        return created;
    }

    private IrVar DeclareVar(VarTerm v)
    {
        var created = new IrVar(v.Span, v.Name, _slots++);
        _scope.Declared[v.Name] = created;
        return created;
    }

    private void DeclarePattern(Term t)
    {
        switch (t)
        {
            case VarTerm v:
                DeclareVar(v);
                break;
            case ArrayTerm a:
                foreach (var item in a.Items)
                {
                    DeclarePattern(item);
                }

                break;
            case ObjectTerm o:
                foreach (var e in o.Entries)
                {
                    DeclarePattern(e.Value);
                }

                break;
        }
    }

    /// <summary>Collects variable names used directly in a body (not inside nested comprehension or every bodies).</summary>
    private static void Collect(Query q, HashSet<string> names)
    {
        foreach (var lit in q.Literals)
        {
            switch (lit.Expr)
            {
                case TermExpr t:
                    CollectTerm(t.Term, names, false);
                    break;
                case UnifyExpr u:
                    CollectTerm(u.Left, names, false);
                    CollectTerm(u.Right, names, false);
                    break;
                case AssignExpr a:
                    // Declared names are visible only after their declaration (through Scope.Declared).
                    CollectTerm(a.Right, names, false);
                    break;
                case SomeDeclExpr:
                    break;
                case SomeInExpr s:
                    CollectTerm(s.Collection, names, false);
                    break;
                case EveryExpr e:
                    CollectTerm(e.Collection, names, false);
                    break;
            }

            foreach (var w in lit.With)
            {
                CollectTerm(w.Value, names, false);
            }
        }
    }

    /// <summary>Removes names a body declares (<c>:=</c>, <c>some</c>): those resolve through declarations, in order.</summary>
    private static void RemoveDeclared(Query q, HashSet<string> names)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var lit in q.Literals)
        {
            switch (lit.Expr)
            {
                case AssignExpr a:
                    CollectTerm(a.Left, declared, false);
                    break;
                case SomeDeclExpr s:
                    foreach (var v in s.Variables)
                    {
                        declared.Add(v.Name);
                    }

                    break;
                case SomeInExpr s:
                    if (s.Key is not null)
                    {
                        CollectTerm(s.Key, declared, false);
                    }

                    CollectTerm(s.Value, declared, false);
                    break;
            }
        }

        names.ExceptWith(declared);
    }

    private static void CollectTerm(Term t, HashSet<string> names, bool deep)
    {
        switch (t)
        {
            case VarTerm v:
                names.Add(v.Name);
                break;
            case RefTerm r:
                CollectTerm(r.Head, names, deep);
                foreach (var p in r.Path)
                {
                    CollectTerm(p, names, deep);
                }

                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                {
                    CollectTerm(i, names, deep);
                }

                break;
            case SetTerm s:
                foreach (var i in s.Items)
                {
                    CollectTerm(i, names, deep);
                }

                break;
            case ObjectTerm o:
                foreach (var e in o.Entries)
                {
                    CollectTerm(e.Key, names, deep);
                    CollectTerm(e.Value, names, deep);
                }

                break;
            case CallTerm c:
                foreach (var a in c.Arguments)
                {
                    CollectTerm(a, names, deep);
                }

                break;
        }
    }

    /// <summary>A lexical scope: a body, a comprehension body or an every body.</summary>
    private sealed class Scope(Scope? parent)
    {
        public Scope? Parent { get; } = parent;

        /// <summary>Gets names declared here with <c>:=</c>, <c>some</c>, function arguments or every variables.</summary>
        public Dictionary<string, IrVar> Declared { get; } = new(StringComparer.Ordinal);

        /// <summary>Gets undeclared variables that live in this scope.</summary>
        public Dictionary<string, IrVar> Vars { get; } = new(StringComparer.Ordinal);

        /// <summary>Gets every name used directly in this scope's body.</summary>
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public IEnumerable<IrVar> AllVars()
        {
            foreach (var v in Declared.Values)
            {
                yield return v;
            }

            foreach (var v in Vars.Values)
            {
                yield return v;
            }
        }
    }
}
