using System.Text;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Ast;

/// <summary>
/// Reprints syntax trees as compact, deterministic Rego: one statement per line, bodies as <c>{ a; b }</c>,
/// infix calls back in infix form with the parentheses precedence needs. Wildcards print as <c>_</c>, so the output
/// parses back to the same tree (the tests check that round trip on OPA's compliance modules). Used by <see cref="Node.ToString"/> and the
/// parser's golden tests.
/// </summary>
internal static class AstPrinter
{
    private const int AtomPrecedence = 10;

    /// <summary>Prints a node.</summary>
    /// <param name="node">The node.</param>
    /// <returns>Rego text.</returns>
    public static string Print(Node node)
    {
        var sb = new StringBuilder();
        Print(node, sb);
        return sb.ToString();
    }

    /// <summary>Prints a node into a builder.</summary>
    /// <param name="node">The node.</param>
    /// <param name="sb">The destination.</param>
    public static void Print(Node node, StringBuilder sb)
    {
        switch (node)
        {
            case Term t:
                Term(t, sb, 0);
                break;
            case RegoModule m:
                Module(m, sb);
                break;
            case Package p:
                sb.Append("package ");
                PathAfterRoot(p.Path, sb);
                break;
            case Import i:
                sb.Append("import ");
                Term(i.Path, sb, 0);
                if (i.Alias is not null)
                {
                    sb.Append(" as ").Append(i.Alias);
                }

                break;
            case Rule r:
                Rule(r, sb);
                break;
            case Query q:
                Body(q, sb);
                break;
            case Literal l:
                Literal(l, sb);
                break;
            case Expr e:
                Expr(e, sb);
                break;
            case WithModifier w:
                With(w, sb);
                break;
            default:
                sb.Append(node.Span.Text);
                break;
        }
    }

    private static void Module(RegoModule m, StringBuilder sb)
    {
        Print(m.Package, sb);
        sb.Append('\n');
        foreach (var i in m.Imports)
        {
            Print(i, sb);
            sb.Append('\n');
        }

        foreach (var r in m.Rules)
        {
            Rule(r, sb);
            sb.Append('\n');
        }
    }

    private static void PathAfterRoot(RefTerm path, StringBuilder sb)
    {
        for (var i = 0; i < path.Path.Length; i++)
        {
            if (path.Path[i] is ScalarTerm { Value: RegoString s } && IsIdentifier(s.Value))
            {
                if (i > 0)
                {
                    sb.Append('.');
                }

                sb.Append(s.Value);
            }
            else
            {
                sb.Append('[');
                Term(path.Path[i], sb, 0);
                sb.Append(']');
            }
        }
    }

    private static void Rule(Rule r, StringBuilder sb)
    {
        if (r.IsDefault)
        {
            sb.Append("default ");
        }

        Term(r.Head, sb, AtomPrecedence);
        if (r.Kind == RuleKind.Function)
        {
            sb.Append('(');
            List(r.Arguments, sb);
            sb.Append(')');
        }

        if (r.Kind == RuleKind.PartialSet && r.Key is not null)
        {
            sb.Append(" contains ");
            Term(r.Key, sb, 0);
        }

        RuleValueAndBody(r, sb);
        for (var e = r.Else; e is not null; e = e.Else)
        {
            sb.Append(" else");
            RuleValueAndBody(e, sb);
        }
    }

    private static void RuleValueAndBody(Rule r, StringBuilder sb)
    {
        if (r.Value is not null)
        {
            sb.Append(r.IsAssignment ? " := " : " = ");
            Term(r.Value, sb, 0);
        }

        if (r.Body.Literals.Length > 0)
        {
            sb.Append(" if ");
            Body(r.Body, sb);
        }
    }

    private static void Body(Query q, StringBuilder sb)
    {
        sb.Append("{ ");
        Literals(q, sb);
        sb.Append(" }");
    }

    private static void Literals(Query q, StringBuilder sb)
    {
        for (var i = 0; i < q.Literals.Length; i++)
        {
            if (i > 0)
            {
                sb.Append("; ");
            }

            Literal(q.Literals[i], sb);
        }
    }

    private static void Literal(Literal l, StringBuilder sb)
    {
        if (l.Negated)
        {
            sb.Append("not ");
        }

        Expr(l.Expr, sb);
        foreach (var w in l.With)
        {
            sb.Append(' ');
            With(w, sb);
        }
    }

    private static void With(WithModifier w, StringBuilder sb)
    {
        sb.Append("with ");
        Term(w.Target, sb, 0);
        sb.Append(" as ");
        Term(w.Value, sb, 0);
    }

    private static void Expr(Expr e, StringBuilder sb)
    {
        switch (e)
        {
            case TermExpr t:
                Term(t.Term, sb, 0);
                break;
            case UnifyExpr u:
                Term(u.Left, sb, 0);
                sb.Append(" = ");
                Term(u.Right, sb, 0);
                break;
            case AssignExpr a:
                Term(a.Left, sb, 0);
                sb.Append(" := ");
                Term(a.Right, sb, 0);
                break;
            case SomeDeclExpr s:
                sb.Append("some ");
                for (var i = 0; i < s.Variables.Length; i++)
                {
                    sb.Append(i > 0 ? ", " : string.Empty);
                    Term(s.Variables[i], sb, 1);
                }

                break;
            case SomeInExpr s:
                sb.Append("some ");
                if (s.Key is not null)
                {
                    Term(s.Key, sb, 1);
                    sb.Append(", ");
                }

                Term(s.Value, sb, 1);
                sb.Append(" in ");
                Term(s.Collection, sb, 1);
                break;
            case EveryExpr ev:
                sb.Append("every ");
                if (ev.Key is not null)
                {
                    Term(ev.Key, sb, 1);
                    sb.Append(", ");
                }

                Term(ev.Value, sb, 1);
                sb.Append(" in ");
                Term(ev.Collection, sb, 1);
                sb.Append(' ');
                Body(ev.Body, sb);
                break;
        }
    }

    private static void List(IReadOnlyList<Term> items, StringBuilder sb)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            // `k, v in xs` inside a list would read as two items: parenthesise it.
            Term(items[i], sb, 1);
        }
    }

    private static void Term(Term term, StringBuilder sb, int context)
    {
        switch (term)
        {
            case ScalarTerm s:
                s.Value.WriteRego(sb);
                break;
            case VarTerm v:
                sb.Append(v.IsWildcard ? "_" : v.Name);
                break;
            case RefTerm r:
                Ref(r, sb);
                break;
            case ArrayTerm a:
                sb.Append('[');
                List(a.Items, sb);
                sb.Append(']');
                break;
            case SetTerm s:
                if (s.Items.Length == 0)
                {
                    sb.Append("set()");
                    break;
                }

                sb.Append('{');
                List(s.Items, sb);
                sb.Append('}');
                break;
            case ObjectTerm o:
                sb.Append('{');
                for (var i = 0; i < o.Entries.Length; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Term(o.Entries[i].Key, sb, 1);
                    sb.Append(": ");
                    Term(o.Entries[i].Value, sb, 1);
                }

                sb.Append('}');
                break;
            case ArrayComprehension ac:
                sb.Append('[');
                Term(ac.Term, sb, AtomPrecedence);
                sb.Append(" | ");
                Literals(ac.Body, sb);
                sb.Append(']');
                break;
            case SetComprehension sc:
                sb.Append('{');
                Term(sc.Term, sb, AtomPrecedence);
                sb.Append(" | ");
                Literals(sc.Body, sb);
                sb.Append('}');
                break;
            case ObjectComprehension oc:
                sb.Append('{');
                Term(oc.Key, sb, AtomPrecedence);
                sb.Append(": ");
                Term(oc.Value, sb, AtomPrecedence);
                sb.Append(" | ");
                Literals(oc.Body, sb);
                sb.Append('}');
                break;
            case CallTerm c:
                Call(c, sb, context);
                break;
        }
    }

    private static void Ref(RefTerm r, StringBuilder sb)
    {
        Term(r.Head, sb, AtomPrecedence);
        foreach (var part in r.Path)
        {
            if (part is ScalarTerm { Value: RegoString s } && IsIdentifier(s.Value))
            {
                sb.Append('.').Append(s.Value);
            }
            else
            {
                sb.Append('[');
                Term(part, sb, 0);
                sb.Append(']');
            }
        }
    }

    private static void Call(CallTerm c, StringBuilder sb, int context)
    {
        var (symbol, precedence) = Infix(c);
        if (symbol is null)
        {
            Ref(c.Function, sb);
            sb.Append('(');
            List(c.Arguments, sb);
            sb.Append(')');
            return;
        }

        var parens = precedence < context || (precedence == 0 && context > 0);
        if (parens)
        {
            sb.Append('(');
        }

        var args = c.Arguments;
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(i == args.Length - 1 ? symbol : ", ");
            }

            // Left-associative: the right operand needs parentheses at equal precedence.
            Term(args[i], sb, i == args.Length - 1 ? precedence + 1 : precedence);
        }

        if (parens)
        {
            sb.Append(')');
        }
    }

    private static (string? Symbol, int Precedence) Infix(CallTerm c)
    {
        var f = c.Function;
        if (f.Head is not VarTerm head)
        {
            return (null, 0);
        }

        if (f.Path.Length == 1 && head.Name == "internal" && f.Path[0] is ScalarTerm { Value: RegoString member })
        {
            return member.Value switch
            {
                "member_2" when c.Arguments.Length == 2 => (" in ", 0),
                "member_3" when c.Arguments.Length == 3 => (" in ", 0),
                _ => (null, 0),
            };
        }

        if (f.Path.Length != 0 || c.Arguments.Length != 2 || !ReferenceEquals(f.Span.Source, c.Span.Source) || !IsOperatorSpan(f))
        {
            return (null, 0);
        }

        return head.Name switch
        {
            "equal" => (" == ", 1),
            "neq" => (" != ", 1),
            "lt" => (" < ", 1),
            "lte" => (" <= ", 1),
            "gt" => (" > ", 1),
            "gte" => (" >= ", 1),
            "or" => (" | ", 2),
            "and" => (" & ", 3),
            "plus" => (" + ", 4),
            "minus" => (" - ", 4),
            "mul" => (" * ", 5),
            "div" => (" / ", 5),
            "rem" => (" % ", 5),
            _ => (null, 0),
        };
    }

    /// <summary>An operator call's function span covers the operator symbol, not a name: <c>plus(1, 2)</c> stays a call.</summary>
    private static bool IsOperatorSpan(RefTerm f)
    {
        var text = f.Span.Length <= 2 && f.Span.Start + f.Span.Length <= f.Span.Source.Text.Length ? f.Span.Text : string.Empty;
        return text.Length > 0 && !char.IsLetter(text[0]);
    }

    private static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_'))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
