using System.Globalization;
using System.Text;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// <c>strings.render_template</c>: the common part of Go's text/template over the given variables: <c>{{.a.b}}</c>,
/// <c>{{.}}</c>, <c>{{$}}</c>, <c>{{if …}}…{{else}}…{{end}}</c>, <c>{{range …}}…{{else}}…{{end}}</c> (with
/// <c>$i, $v :=</c> or <c>$v :=</c>), <c>{{with …}}</c>, comments and the <c>{{-</c>/<c>-}}</c> trim markers.
/// Functions and pipelines are not supported and are reported as template errors.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#strings.</remarks>
internal static class Template
{
    /// <summary>Registers the builtin.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b) =>
        b.Add("strings", "strings.render_template(value: string, vars: object[string: any]) => string", "Renders a Go text/template (fields, if, range, with) with the given variables.", (ctx, a) =>
        {
            var nodes = Parse(Operands.String(a, 0));
            var sb = new StringBuilder();
            t_budget = ctx.Budget;
            try
            {
                Render(nodes, Operands.Object(a, 1), Operands.Object(a, 1), new Dictionary<string, RegoValue>(StringComparer.Ordinal), sb, ctx.CancellationToken);
            }
            finally
            {
                t_budget = null;
            }

            return Operands.Str(sb.ToString());
        });

    /// <summary>The size budget of the render running on this thread: nested ranges multiply the output.</summary>
    [ThreadStatic]
    private static Evaluation.SizeBudget? t_budget;

    private abstract record Node;

    private sealed record Text(string Value) : Node;

    private sealed record Print(string Expr) : Node;

    private sealed record Block(string Kind, string Expr, string? KeyVar, string? ValueVar, List<Node> Body, List<Node> Else) : Node;

    private static List<Node> Parse(string template)
    {
        var actions = new List<(string Text, bool IsAction)>();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                actions.Add((template[i..], false));
                break;
            }

            var close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new BuiltinException("template: unclosed action");
            }

            var text = template[i..open];
            var action = template[(open + 2)..close];
            if (action.StartsWith("- ", StringComparison.Ordinal))
            {
                text = text.TrimEnd();
                action = action[2..];
            }

            if (action.EndsWith(" -", StringComparison.Ordinal))
            {
                action = action[..^2];
                close += 2;
                while (close < template.Length && char.IsWhiteSpace(template[close]))
                {
                    close++;
                }

                close -= 2;
            }

            actions.Add((text, false));
            actions.Add((action.Trim(), true));
            i = close + 2;
        }

        var pos = 0;
        var nodes = ParseList(actions, ref pos, out var end);
        return end is null ? nodes : throw new BuiltinException($"template: unexpected {{{{{end}}}}}");
    }

    private static List<Node> ParseList(List<(string Text, bool IsAction)> items, ref int pos, out string? terminator)
    {
        var nodes = new List<Node>();
        terminator = null;
        while (pos < items.Count)
        {
            var (text, isAction) = items[pos++];
            if (!isAction)
            {
                if (text.Length > 0)
                {
                    nodes.Add(new Text(text));
                }

                continue;
            }

            if (text.StartsWith("/*", StringComparison.Ordinal))
            {
                continue;
            }

            if (text is "end" or "else")
            {
                terminator = text;
                return nodes;
            }

            var space = text.IndexOf(' ', StringComparison.Ordinal);
            var keyword = space < 0 ? text : text[..space];
            if (keyword is "if" or "range" or "with")
            {
                var expr = text[(keyword.Length + 1)..].Trim();
                string? keyVar = null, valueVar = null;
                if (expr.Contains(":=", StringComparison.Ordinal))
                {
                    var vars = expr[..expr.IndexOf(":=", StringComparison.Ordinal)].Split(',', StringSplitOptions.TrimEntries);
                    (keyVar, valueVar) = vars.Length == 2 ? (vars[0], vars[1]) : (null, vars[0]);
                    expr = expr[(expr.IndexOf(":=", StringComparison.Ordinal) + 2)..].Trim();
                }

                var body = ParseList(items, ref pos, out var t);
                var otherwise = new List<Node>();
                if (t == "else")
                {
                    otherwise = ParseList(items, ref pos, out t);
                }

                if (t != "end")
                {
                    throw new BuiltinException($"template: unexpected EOF in {keyword}");
                }

                nodes.Add(new Block(keyword, expr, keyVar, valueVar, body, otherwise));
                continue;
            }

            nodes.Add(new Print(text));
        }

        return nodes;
    }

    private static RegoValue? Eval(string expr, RegoValue dot, RegoObject root, Dictionary<string, RegoValue> vars)
    {
        if (expr.Length == 0 || expr.Contains(' ', StringComparison.Ordinal) || expr.Contains('|', StringComparison.Ordinal) || expr.Contains('(', StringComparison.Ordinal))
        {
            throw new BuiltinException($"template: unsupported action {{{{{expr}}}}}: only fields, variables, if, range and with are supported");
        }

        RegoValue? current;
        string rest;
        if (expr[0] == '$')
        {
            var dotAt = expr.IndexOf('.', StringComparison.Ordinal);
            var name = dotAt < 0 ? expr : expr[..dotAt];
            current = name == "$" ? root : vars.TryGetValue(name, out var v) ? v : throw new BuiltinException($"template: undefined variable \"{name}\"");
            rest = dotAt < 0 ? string.Empty : expr[dotAt..];
        }
        else if (expr[0] == '.')
        {
            current = dot;
            rest = expr;
        }
        else
        {
            return expr switch
            {
                "true" => RegoBoolean.True,
                "false" => RegoBoolean.False,
                "nil" => null,
                _ when expr[0] == '"' && expr.Length > 1 && expr[^1] == '"' => Operands.Str(expr[1..^1]),
                _ when RegoNumber.TryParse(expr, out var n) => n,
                _ => throw new BuiltinException($"template: function \"{expr}\" not defined"),
            };
        }

        foreach (var field in rest.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current is RegoObject o ? o.Get(Operands.Str(field)) : null;
        }

        return current;
    }

    private static bool Truthy(RegoValue? v) => v switch
    {
        null or RegoNull => false,
        RegoBoolean b => b.Value,
        RegoNumber n => n.Sign != 0,
        RegoString s => s.Value.Length > 0,
        RegoArray a => a.Count > 0,
        RegoSet s => s.Count > 0,
        RegoObject o => o.Count > 0,
        _ => true,
    };

    private static void Render(List<Node> nodes, RegoValue dot, RegoObject root, Dictionary<string, RegoValue> vars, StringBuilder sb, CancellationToken cancellationToken)
    {
        foreach (var node in nodes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            t_budget?.CheckChars(sb.Length);
            switch (node)
            {
                case Text t:
                    sb.Append(t.Value);
                    break;
                case Print p:
                    var value = Eval(p.Expr, dot, root, vars);
                    sb.Append(value is null ? "<no value>" : GoText(value));
                    break;
                case Block { Kind: "if" } b:
                    Render(Truthy(Eval(b.Expr, dot, root, vars)) ? b.Body : b.Else, dot, root, vars, sb, cancellationToken);
                    break;
                case Block { Kind: "with" } b:
                    var with = Eval(b.Expr, dot, root, vars);
                    if (Truthy(with))
                    {
                        Render(b.Body, with!, root, vars, sb, cancellationToken);
                    }
                    else
                    {
                        Render(b.Else, dot, root, vars, sb, cancellationToken);
                    }

                    break;
                case Block b:
                    var entries = Eval(b.Expr, dot, root, vars) switch
                    {
                        RegoArray arr => arr.Items.ToArray().Select((v, i) => ((RegoValue)RegoNumber.From(i), v)).ToList(),
                        RegoSet set => set.Sorted.ToArray().Select((v, i) => ((RegoValue)RegoNumber.From(i), v)).ToList(),
                        RegoObject obj => obj.Select(kv => (kv.Key, kv.Value)).ToList(),
                        null or RegoNull => [],
                        var other => throw new BuiltinException($"template: range can't iterate over {GoText(other)}"),
                    };
                    if (entries.Count == 0)
                    {
                        Render(b.Else, dot, root, vars, sb, cancellationToken);
                        break;
                    }

                    foreach (var (key, item) in entries)
                    {
                        var scope = new Dictionary<string, RegoValue>(vars, StringComparer.Ordinal);
                        if (b.KeyVar is not null)
                        {
                            scope[b.KeyVar] = key;
                        }

                        if (b.ValueVar is not null)
                        {
                            scope[b.ValueVar] = item;
                        }

                        Render(b.Body, item, root, scope, sb, cancellationToken);
                    }

                    break;
            }
        }
    }

    /// <summary>A value as Go's <c>%v</c> prints the Go value OPA passes to the template.</summary>
    private static string GoText(RegoValue v) => v switch
    {
        RegoString s => s.Value,
        RegoBoolean b => b.Value ? "true" : "false",
        RegoNull => "<nil>",
        RegoNumber n => n.IsInteger ? n.ToString() : n.ToDouble().ToString("G", CultureInfo.InvariantCulture),
        RegoArray a => "[" + string.Join(' ', a.Items.ToArray().Select(GoText)) + "]",
        RegoSet s => "[" + string.Join(' ', s.Sorted.ToArray().Select(GoText)) + "]",
        RegoObject o => "map[" + string.Join(' ', o.Select(kv => $"{GoText(kv.Key)}:{GoText(kv.Value)}")) + "]",
        _ => v.ToString(),
    };
}
