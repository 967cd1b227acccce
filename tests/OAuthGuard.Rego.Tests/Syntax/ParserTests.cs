using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Tests.Syntax;

public sealed class ParserTests
{
    [Theory]
    [InlineData("p := 1", "p := 1")]
    [InlineData("p = 1", "p = 1")]
    [InlineData("p if { x := 1; x > 0 }", "p if { x := 1; x > 0 }")]
    [InlineData("p if {\n\tx := 1\n\tx > 0\n}", "p if { x := 1; x > 0 }")]
    [InlineData("p if x == 1", "p if { x == 1 }")]
    [InlineData("p := 7 if input.x", "p := 7 if { input.x }")]
    [InlineData("default p := false", "default p := false")]
    [InlineData("default f(_, y) := {\"a\": [1]}", "default f(_, y) := {\"a\": [1]}")]
    [InlineData("s contains x if { some x in [1, 2] }", "s contains x if { some x in [1, 2] }")]
    [InlineData("s contains \"a\"", "s contains \"a\"")]
    [InlineData("o[k] := v if { some k, v in {\"a\": 1} }", "o[k] := v if { some k, v in {\"a\": 1} }")]
    [InlineData("a.b.c := 1", "a.b.c := 1")]
    [InlineData("a.b.c if true", "a.b.c if { true }")]
    [InlineData("a.b[x] contains y if { x := 1; y := 2 }", "a.b[x] contains y if { x := 1; y := 2 }")]
    [InlineData("f(x, y) := x + y", "f(x, y) := x + y")]
    [InlineData("f(x) if { x > 1 }", "f(x) if { x > 1 }")]
    [InlineData("p := 1 if { false } else := 2 if { true } else = 3", "p := 1 if { false } else := 2 if { true } else = 3")]
    [InlineData("p if { false } else { true }", "p if { false } else if { true }")]
    [InlineData("f(x) := 1 if x > 0 else := 2", "f(x) := 1 if { x > 0 } else := 2")]
    [InlineData("p if { not q }", "p if { not q }")]
    [InlineData("p if { some x, y; x = 1; y = 2 }", "p if { some x, y; x = 1; y = 2 }")]
    [InlineData("p if { every k, v in {\"a\": 1} { v > 0 } }", "p if { every k, v in {\"a\": 1} { v > 0 } }")]
    [InlineData("p if { every x in xs { x } with input as 1 }", "p if { every x in xs { x } with input as 1 }")]
    [InlineData("p if { q with input.x as 1 with data.y as {\"z\": 2} }", "p if { q with input.x as 1 with data.y as {\"z\": 2} }")]
    [InlineData("p if { q with count as mock }", "p if { q with count as mock }")]
    [InlineData("x := contains(\"abc\", \"b\")", "x := contains(\"abc\", \"b\")")]
    [InlineData("x := input.a.b[0][\"c d\"][y]", "x := input.a.b[0][\"c d\"][y]")]
    [InlineData("x := f(1).y[0]", "x := f(1).y[0]")]
    [InlineData("x := data.lib.f(1, 2)", "x := data.lib.f(1, 2)")]
    [InlineData("x := [set(), {}, {1, 2}, {\"a\": 1, 2: [3]}]", "x := [set(), {}, {1, 2}, {\"a\": 1, 2: [3]}]")]
    [InlineData("x := [1, 2,]", "x := [1, 2]")]
    [InlineData("x := [y | some y in ys]", "x := [y | some y in ys]")]
    [InlineData("x := {y | some y in ys; y > 1}", "x := {y | some y in ys; y > 1}")]
    [InlineData("x := {k: v | some k, v in o}", "x := {k: v | some k, v in o}")]
    [InlineData("x := `a\\b`", "x := \"a\\\\b\"")]
    [InlineData("x := \"\\u00e9\\ud83d\\ude00\\n\\t\\\"\"", "x := \"é😀\\n\\t\\\"\"")]
    [InlineData("x := -y", "x := 0 - y")]
    [InlineData("x := -1.5", "x := -1.5")]
    [InlineData("x := 1e3", "x := 1e3")]
    [InlineData("x := 123456789012345678901234567890", "x := 123456789012345678901234567890")]
    [InlineData("x := input.in", "x := input.in")]
    public void Rules_print_back(string rule, string expected) => Assert.Equal(expected, ParseHelper.Rules(rule));

    [Theory]
    [InlineData("x := 1 + 2 * 3", "x := 1 + 2 * 3")]
    [InlineData("x := (1 + 2) * 3", "x := (1 + 2) * 3")]
    [InlineData("x := 1 - (2 - 3)", "x := 1 - (2 - 3)")]
    [InlineData("x := (1 - 2) - 3", "x := 1 - 2 - 3")]
    [InlineData("x := a | b & c", "x := a | b & c")]
    [InlineData("x := (a | b) & c", "x := (a | b) & c")]
    [InlineData("x := a - b | c", "x := a - b | c")]
    [InlineData("x := 1 + 2 == 3", "x := 1 + 2 == 3")]
    [InlineData("x := 1 < 2 == true", "x := 1 < 2 == true")]
    [InlineData("x := 1 in {1} == true", "x := 1 in {1} == true")]
    [InlineData("x := (1 in {1}) == true", "x := (1 in {1}) == true")]
    [InlineData("x := 1 +\n  2", "x := 1 + 2")]
    [InlineData("p if { k, v in xs }", "p if { k, v in xs }")]
    [InlineData("p if { f(k, v in xs) }", "p if { f(k, (v in xs)) }")]
    [InlineData("p if { [k, v in xs] }", "p if { [k, (v in xs)] }")]
    [InlineData("p if { x in xs in ys }", "p if { x in xs in ys }")]
    public void Operators_follow_OPA_precedence(string rule, string expected) => Assert.Equal(expected, ParseHelper.Rules(rule));

    [Fact]
    public void Infix_operators_become_calls_with_OPA_builtin_names()
    {
        var rule = ParseHelper.Rule("x := [a + b, a - b, a * b, a / b, a % b, a == b, a != b, a < b, a <= b, a > b, a >= b, a | b, a & b, a in b, a, b in c]");
        var items = Assert.IsType<ArrayTerm>(rule.Value).Items;
        Assert.Equal(16, items.Length);
        var names = items.Take(14).Select(t => Assert.IsType<CallTerm>(t).Name).ToList();
        Assert.Equal(["plus", "minus", "mul", "div", "rem", "equal", "neq", "lt", "lte", "gt", "gte", "or", "and", "internal.member_2"], names);

        // In a list, `a, b in c` is two items: `a` and `b in c` (OPA parses member_3 only at expression level).
        Assert.IsType<VarTerm>(items[14]);
        Assert.Equal("internal.member_2", Assert.IsType<CallTerm>(items[15]).Name);
        var literal = ParseHelper.Rule("p if { k, v in xs }").Body.Literals[0];
        Assert.Equal("internal.member_3", Assert.IsType<CallTerm>(Assert.IsType<TermExpr>(literal.Expr).Term).Name);
    }

    [Fact]
    public void Rule_kinds_keys_and_values()
    {
        var complete = ParseHelper.Rule("p if true");
        Assert.Equal((RuleKind.Complete, null, null), (complete.Kind, complete.Key, complete.Value));
        Assert.Equal("p", complete.Name);

        var set = ParseHelper.Rule("s contains x if x := 1");
        Assert.Equal(RuleKind.PartialSet, set.Kind);
        Assert.Equal("x", Assert.IsType<VarTerm>(set.Key).Name);
        Assert.Empty(set.Head.Path);

        var obj = ParseHelper.Rule("o[k] := 1 if k := \"a\"");
        Assert.Equal(RuleKind.PartialObject, obj.Kind);
        Assert.Same(obj.Head.Path[0], obj.Key);
        Assert.True(obj.IsAssignment);

        var refHead = ParseHelper.Rule("a.b.c = 1");
        Assert.Equal(RuleKind.Complete, refHead.Kind);
        Assert.False(refHead.IsAssignment);
        Assert.Equal(["b", "c"], refHead.Head.Path.Select(p => ((RegoString)((ScalarTerm)p).Value).Value));

        var function = ParseHelper.Rule("f(x, _) := x");
        Assert.Equal(RuleKind.Function, function.Kind);
        Assert.Equal(2, function.Arguments.Length);
        Assert.Empty(function.Body.Literals);

        var chain = ParseHelper.Rule("p := 1 if false else := 2");
        Assert.NotNull(chain.Else);
        Assert.Same(chain.Head, chain.Else.Head);
        Assert.Equal("2", chain.Else.Value?.ToString());
    }

    [Fact]
    public void Package_and_imports()
    {
        var (module, diagnostics) = ParseHelper.Module("package a.b[\"c\"]\nimport rego.v1\nimport future.keywords.in\nimport data.x.y as z\nimport input.q\np := 1");
        Assert.Empty(diagnostics);
        Assert.NotNull(module);
        Assert.Equal("data.a.b.c", module.Package.Path.ToString());
        Assert.Equal(["rego.v1", "future.keywords.in", "data.x.y", "input.q"], module.Imports.Select(i => i.Path.ToString()));
        Assert.Equal("z", module.Imports[2].Alias);
    }

    [Fact]
    public void Each_wildcard_gets_its_own_name()
    {
        var rule = ParseHelper.Rule("p if { x := input[_][_] }");
        var reference = Assert.IsType<RefTerm>(Assert.IsType<AssignExpr>(rule.Body.Literals[0].Expr).Right);
        var names = reference.Path.Select(t => Assert.IsType<VarTerm>(t).Name).ToList();
        Assert.Equal(["$_0", "$_1"], names);
        Assert.All(reference.Path, t => Assert.True(((VarTerm)t).IsWildcard));
    }

    [Fact]
    public void Input_and_data_alone_are_references()
    {
        var rule = ParseHelper.Rule("p := [input, data]");
        var items = Assert.IsType<ArrayTerm>(rule.Value).Items;
        Assert.All(items, t => Assert.Empty(Assert.IsType<RefTerm>(t).Path));
    }

    [Fact]
    public void Whitespace_separates_references_and_newlines_separate_literals()
    {
        Assert.Equal("p if { x := a; [1] }", ParseHelper.Rules("p if {\n x := a\n [1]\n}"));
        Assert.Equal("p if { x := a[1] }", ParseHelper.Rules("p if {\n x := a[1]\n}"));
    }

    [Fact]
    public void Spans_point_at_the_source()
    {
        var (module, _) = ParseHelper.Module("package test\n\np if {\n\tinput.x == 1\n}\n");
        var rule = Assert.Single(module!.Rules);
        Assert.Equal((3, 1), (rule.Span.Line, rule.Span.Column));
        var literal = rule.Body.Literals[0];
        Assert.Equal((4, 2), (literal.Span.Line, literal.Span.Column));
        Assert.Equal("input.x == 1", literal.Span.Text);
    }

    [Fact]
    public void Node_ids_are_dense_and_unique()
    {
        var ids = new NodeIdGenerator();
        var diagnostics = new List<Diagnostic>();
        var module = RegoParser.ParseModule(new SourceText("t", "package t\np if { [x | x := [1, 2][_]] == [1, 2] }\nq contains y if { some y in {1, 2} }\nf(x) := 1 if { every y in x { y } } else := 2\ng(_) if not input.x with input as {}"), ids, diagnostics);
        Assert.NotNull(module);
        var seen = new HashSet<int>();
        Collect(module, seen);
        Assert.Equal(ids.Count, seen.Count);
        Assert.Equal(Enumerable.Range(0, ids.Count), seen.Order());
    }

    [Fact]
    public void Queries_parse_with_newlines_and_semicolons()
    {
        var diagnostics = new List<Diagnostic>();
        var query = RegoParser.ParseQuery(new SourceText("q", "x := 1; y := x + 1\ndata.p.q[z] = y"), new NodeIdGenerator(), diagnostics);
        Assert.Empty(diagnostics);
        Assert.Equal("{ x := 1; y := x + 1; data.p.q[z] = y }", query?.ToString());
    }

    [Fact]
    public void Not_body_is_accepted_with_the_rego_v2_import()
    {
        var (module, diagnostics) = ParseHelper.Module("package t\nimport rego.v2\np if { not { input.a; input.b } }");
        Assert.Empty(diagnostics);
        Assert.Equal("p if { equal([true | input.a; input.b], []) }", module?.Rules[0].ToString());
    }

    private static void Collect(Node node, HashSet<int> seen)
    {
        Assert.True(seen.Add(node.Id), $"id {node.Id} used twice ({node})");
        foreach (var child in Children(node))
        {
            if (!seen.Contains(child.Id))
            {
                Collect(child, seen);
            }
        }
    }

    private static IEnumerable<Node> Children(Node node) => node switch
    {
        RegoModule m => [m.Package, .. m.Imports, .. m.Rules],
        Package p => [p.Path],
        Import i => [i.Path],
        Rule r => [r.Head, .. r.Arguments, .. (Node?[])[r.Key, r.Value, r.Else] is var xs ? xs.OfType<Node>() : [], r.Body],
        Query q => q.Literals,
        Literal l => [l.Expr, .. l.With],
        WithModifier w => [w.Target, w.Value],
        TermExpr t => [t.Term],
        AssignExpr a => [a.Left, a.Right],
        UnifyExpr u => [u.Left, u.Right],
        SomeDeclExpr s => s.Variables,
        SomeInExpr s => s.Key is null ? [s.Value, s.Collection] : [s.Key, s.Value, s.Collection],
        EveryExpr e => e.Key is null ? [e.Value, e.Collection, e.Body] : [e.Key, e.Value, e.Collection, e.Body],
        RefTerm r => [r.Head, .. r.Path],
        ArrayTerm a => a.Items,
        SetTerm s => s.Items,
        ObjectTerm o => o.Entries.SelectMany(e => new[] { e.Key, e.Value }),
        ArrayComprehension a => [a.Term, a.Body],
        SetComprehension s => [s.Term, s.Body],
        ObjectComprehension o => [o.Key, o.Value, o.Body],
        CallTerm c => [c.Function, .. c.Arguments],
        _ => [],
    };
}
