namespace OAuthGuard.Rego.Compilation;

/// <summary>Visits every term of IR rules and queries, nested bodies included.</summary>
internal static class IrWalker
{
    public static void Rule(IrRule rule, Action<IrTerm> visit)
    {
        for (var r = rule; r is not null; r = r.Else)
        {
            foreach (var a in r.Args)
            {
                Term(a, visit);
            }

            foreach (var s in r.Suffix)
            {
                Term(s, visit);
            }

            if (r.Key is not null)
            {
                Term(r.Key, visit);
            }

            if (r.Value is not null)
            {
                Term(r.Value, visit);
            }

            Query(r.Body, visit);
        }
    }

    public static void Query(IrQuery query, Action<IrTerm> visit)
    {
        foreach (var lit in query.Literals)
        {
            Literal(lit, visit);
        }
    }

    public static void Literal(IrLiteral lit, Action<IrTerm> visit)
    {
        switch (lit.Expr)
        {
            case IrTermExpr t:
                Term(t.Term, visit);
                break;
            case IrUnify u:
                Term(u.Left, visit);
                Term(u.Right, visit);
                break;
            case IrSomeDecl s:
                foreach (var v in s.Vars)
                {
                    Term(v, visit);
                }

                break;
            case IrSomeIn s:
                if (s.Key is not null)
                {
                    Term(s.Key, visit);
                }

                Term(s.Value, visit);
                Term(s.Collection, visit);
                break;
            case IrEvery e:
                if (e.Key is not null)
                {
                    Term(e.Key, visit);
                }

                Term(e.Value, visit);
                Term(e.Collection, visit);
                Query(e.Body, visit);
                break;
        }

        foreach (var w in lit.With)
        {
            Term(w.Value, visit);
        }
    }

    public static void Term(IrTerm term, Action<IrTerm> visit)
    {
        visit(term);
        switch (term)
        {
            case IrRef r:
                Term(r.Head, visit);
                foreach (var p in r.Path)
                {
                    Term(p, visit);
                }

                break;
            case IrRootRef r:
                foreach (var p in r.Path)
                {
                    Term(p, visit);
                }

                break;
            case IrArray a:
                foreach (var i in a.Items)
                {
                    Term(i, visit);
                }

                break;
            case IrSet s:
                foreach (var i in s.Items)
                {
                    Term(i, visit);
                }

                break;
            case IrObject o:
                for (var i = 0; i < o.Keys.Length; i++)
                {
                    Term(o.Keys[i], visit);
                    Term(o.Values[i], visit);
                }

                break;
            case IrComprehension c:
                Query(c.Body, visit);
                if (c.Key is not null)
                {
                    Term(c.Key, visit);
                }

                Term(c.Value, visit);
                break;
            case IrCall c:
                foreach (var a in c.Args)
                {
                    Term(a, visit);
                }

                break;
        }
    }
}
