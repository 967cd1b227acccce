using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// <c>rego.parse_module</c>: parses a module with the engine's own parser and returns its syntax tree in the JSON
/// shape OPA gives a module (<c>package.path</c> as terms, <c>rules</c> with <c>head</c>/<c>body</c>, every term as
/// <c>{"type": …, "value": …}</c>, expressions as <c>{"index": …, "terms": …}</c>, comments as
/// <c>{"Text": base64, "Location": …}</c>). Like OPA by default, no node carries a location.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#rego.</remarks>
internal static class RegoParseModule
{
    /// <summary>Registers <c>rego.parse_module</c>.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b) =>
        b.Add("rego", "rego.parse_module(filename: string, rego: string) => object[string: any]", "Parses a Rego module and returns its syntax tree as OPA's JSON form of a module.", Parse);

    private static RegoValue Parse(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var filename = Operands.String(a, 0);
        var text = Operands.String(a, 1);
        var source = new SourceText(filename, text);
        var diagnostics = new List<Diagnostic>();
        var parser = Parser.Create(source, new NodeIdGenerator(), diagnostics, out var comments);
        var module = parser.ParseModule(out _);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (module is null && errors.Count == 0)
        {
            errors.Add(Diagnostic.Error(ErrorCodes.ParseError, "package expected", new SourceSpan(source, 0, 0)));
        }

        if (errors.Count > 0)
        {
            throw new BuiltinException(ErrorText(errors));
        }

        return new Converter(source).Module(module!, comments);
    }

    /// <summary>Words parse errors as OPA's <c>ast.Errors</c> does: <c>1 error occurred: file:row: code: message</c>.</summary>
    private static string ErrorText(List<Diagnostic> errors)
    {
        static string One(Diagnostic d) =>
            d.Span is { } s
                ? (s.Source.Path.Length > 0 ? $"{s.Source.Path}:{s.Line}" : $"{s.Line}:{s.Column}") + $": {d.Code}: {d.Message}"
                : $"{d.Code}: {d.Message}";

        if (errors.Count == 1)
        {
            return "1 error occurred: " + One(errors[0]);
        }

        var sb = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{errors.Count} errors occurred:");
        foreach (var e in errors)
        {
            sb.Append('\n').Append(One(e));
        }

        return sb.ToString();
    }

    /// <summary>Turns one parsed module into OPA's JSON shape.</summary>
    private sealed class Converter(SourceText source)
    {
        private static readonly RegoValue EqRef = OperatorRef("eq");
        private static readonly RegoValue AssignRef = OperatorRef("assign");

        public RegoObject Module(RegoModule module, List<Token> comments)
        {
            var fields = new List<(string, RegoValue)> { ("package", RegoObject.Create(("path", RefValue(module.Package.Path)))) };
            if (module.Imports.Length > 0)
            {
                fields.Add(("imports", RegoArray.Create(module.Imports.Select(Import))));
            }

            if (module.Rules.Length > 0)
            {
                fields.Add(("rules", RegoArray.Create(module.Rules.Select(r => (RegoValue)Rule(r)))));
            }

            if (comments.Count > 0)
            {
                fields.Add(("comments", RegoArray.Create(comments.Select(Comment))));
            }

            return RegoObject.Create([.. fields]);
        }

        private RegoValue Comment(Token token)
        {
            // OPA keeps the text after '#' as bytes, which encoding/json writes as base64.
            var text = source.Text.Substring(token.Start + 1, token.Length - 1).TrimEnd('\r');
            var (line, column) = source.GetLineColumn(token.Start);
            return RegoObject.Create(
                ("Text", Operands.Str(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)))),
                ("Location", RegoObject.Create(("file", Operands.Str(source.Path)), ("row", RegoNumber.From(line)), ("col", RegoNumber.From(column)))));
        }

        private RegoValue Import(Import import)
        {
            var path = TermObject("ref", RefValue(import.Path));
            return import.Alias is { } alias
                ? RegoObject.Create(("path", path), ("alias", Operands.Str(alias)))
                : RegoObject.Create(("path", path));
        }

        /// <param name="rule">The rule or else clause.</param>
        /// <param name="first">The first rule of an else chain (OPA copies its head, so an else without a value keeps its <c>assign</c>).</param>
        private RegoObject Rule(Rule rule, Rule? first = null)
        {
            var fields = new List<(string, RegoValue)> { ("head", Head(rule, first)), ("body", Body(rule.Body)) };
            if (rule.IsDefault)
            {
                fields.Add(("default", RegoBoolean.True));
            }

            if (rule.Else is { } next)
            {
                fields.Add(("else", Rule(next, first ?? rule)));
            }

            return RegoObject.Create([.. fields]);
        }

        /// <summary>
        /// The head as OPA's parser leaves it: <c>name</c> for one-element refs (and for two-element refs with a
        /// written value), <c>ref</c> always, <c>args</c> for functions, <c>key</c> for <c>contains</c> and for
        /// two-element refs (<c>p[x]</c>) written without <c>if</c> or whose key is not ground, <c>value</c>
        /// (<c>true</c> when none is written), <c>assign</c> for <c>:=</c>.
        /// </summary>
        private RegoObject Head(Rule rule, Rule? chainStart)
        {
            var refLength = rule.Head.Path.Length + 1;
            var first = rule.Head.Head is VarTerm v ? v.Name : null;
            var hasIf = !rule.Body.Literals.IsEmpty && !rule.IsDefault;
            string? name = refLength == 1 ? first : null;
            Term? key = null;
            var value = rule.Value;
            var generatedTrue = false;
            if (rule.Kind == RuleKind.PartialSet)
            {
                key = rule.Key;
            }
            else if (rule.Kind != RuleKind.Function && refLength == 2 && !rule.IsDefault)
            {
                var last = rule.Head.Path[0];
                if (hasIf)
                {
                    if (!IsGround(last) || last is RefTerm)
                    {
                        key = last;
                    }

                    if (value is null)
                    {
                        generatedTrue = true;
                    }
                    else
                    {
                        name = first;
                    }
                }
                else
                {
                    name = first;
                    key = last;
                }
            }
            else if (value is null && (refLength != 2 || rule.Kind == RuleKind.Function))
            {
                generatedTrue = true;
            }

            var fields = new List<(string, RegoValue)>();
            if (name is not null)
            {
                fields.Add(("name", Operands.Str(name)));
            }

            fields.Add(("ref", RefValue(rule.Head)));
            if (rule.Kind == RuleKind.Function && rule.Arguments.Length > 0)
            {
                fields.Add(("args", RegoArray.Create(rule.Arguments.Select(Term))));
            }

            if (key is not null)
            {
                fields.Add(("key", Term(key)));
            }

            if (value is not null)
            {
                fields.Add(("value", Term(value)));
            }
            else if (generatedTrue)
            {
                fields.Add(("value", TermObject("boolean", RegoBoolean.True)));
            }

            if (chainStart is not null && rule.Value is null ? chainStart.IsAssignment : rule.IsAssignment)
            {
                fields.Add(("assign", RegoBoolean.True));
            }

            return RegoObject.Create([.. fields]);
        }

        private RegoArray Body(Query body)
        {
            if (body.Literals.IsEmpty)
            {
                // OPA gives a rule written without a body the body `true`.
                return RegoArray.Create(RegoObject.Create(("index", RegoNumber.Zero), ("terms", TermObject("boolean", RegoBoolean.True))));
            }

            return RegoArray.Create(body.Literals.Select((l, i) => Literal(l, i)));
        }

        private RegoArray QueryBody(Query body) => RegoArray.Create(body.Literals.Select((l, i) => Literal(l, i)));

        private RegoObject Literal(Literal literal, int index)
        {
            var fields = new List<(string, RegoValue)> { ("index", RegoNumber.From(index)), ("terms", ExprTerms(literal.Expr)) };
            if (literal.Negated)
            {
                fields.Add(("negated", RegoBoolean.True));
            }

            if (literal.With.Length > 0)
            {
                fields.Add(("with", RegoArray.Create(literal.With.Select(w => (RegoValue)RegoObject.Create(("target", Term(w.Target)), ("value", Term(w.Value)))))));
            }

            return RegoObject.Create([.. fields]);
        }

        private RegoValue ExprTerms(Expr expr) => expr switch
        {
            TermExpr { Term: CallTerm call } => CallItems(call),
            TermExpr t => Term(t.Term),
            UnifyExpr u => RegoArray.Create(EqRef, Term(u.Left), Term(u.Right)),
            AssignExpr s => RegoArray.Create(AssignRef, Term(s.Left), Term(s.Right)),
            SomeDeclExpr d => RegoObject.Create(("symbols", RegoArray.Create(d.Variables.Select(Term)))),
            SomeInExpr s => RegoObject.Create(("symbols", RegoArray.Create(TermObject("call", s.Key is null
                ? RegoArray.Create(MemberRef("member_2"), Term(s.Value), Term(s.Collection))
                : RegoArray.Create(MemberRef("member_3"), Term(s.Key), Term(s.Value), Term(s.Collection)))))),
            EveryExpr e => RegoObject.Create(
                ("key", e.Key is null ? RegoNull.Instance : Term(e.Key)),
                ("value", Term(e.Value)),
                ("domain", Term(e.Collection)),
                ("body", QueryBody(e.Body))),
            _ => throw new BuiltinException("unsupported expression"),
        };

        private RegoArray CallItems(CallTerm call) =>
            RegoArray.Create([TermObject("ref", RefValue(call.Function)), .. call.Arguments.Select(Term)]);

        private RegoValue Term(Term term) => term switch
        {
            ScalarTerm s => TermObject(s.Value switch
            {
                RegoNull => "null",
                RegoBoolean => "boolean",
                RegoNumber => "number",
                _ => "string",
            }, s.Value),
            VarTerm v => TermObject("var", Operands.Str(VarName(v))),
            RefTerm { Path.Length: 0 } r when r.Head is VarTerm => Term(r.Head),
            RefTerm r => TermObject("ref", RefValue(r)),
            ArrayTerm a => TermObject("array", RegoArray.Create(a.Items.Select(Term))),
            SetTerm s => TermObject("set", RegoArray.Create(Sorted(s.Items.Select(Term)))),
            ObjectTerm o => TermObject("object", RegoArray.Create(SortedPairs(o.Entries))),
            ArrayComprehension c => TermObject("arraycomprehension", RegoObject.Create(("term", Term(c.Term)), ("body", QueryBody(c.Body)))),
            SetComprehension c => TermObject("setcomprehension", RegoObject.Create(("term", Term(c.Term)), ("body", QueryBody(c.Body)))),
            ObjectComprehension c => TermObject("objectcomprehension", RegoObject.Create(("key", Term(c.Key)), ("value", Term(c.Value)), ("body", QueryBody(c.Body)))),
            CallTerm c => TermObject("call", CallItems(c)),
            _ => throw new BuiltinException("unsupported term"),
        };

        private RegoArray RefValue(RefTerm r) => RegoArray.Create([Term(r.Head), .. r.Path.Select(Term)]);

        private IEnumerable<RegoValue> SortedPairs(ImmutableArray<KeyValuePair<Term, Term>> entries)
        {
            var pairs = entries.Select(e => (Key: Term(e.Key), Value: Term(e.Value))).ToList();
            pairs.Sort((x, y) => TermOrder.Compare(x.Key, y.Key));
            return pairs.Select(p => (RegoValue)RegoArray.Create(p.Key, p.Value));
        }

        private static List<RegoValue> Sorted(IEnumerable<RegoValue> terms)
        {
            var list = terms.ToList();
            list.Sort(TermOrder.Compare);
            return list;
        }

        /// <summary>OPA's parser names each <c>_</c> <c>$0</c>, <c>$1</c>, …; this parser writes <c>$_0</c>, ….</summary>
        private static string VarName(VarTerm v) => v.IsWildcard ? "$" + v.Name[2..] : v.Name;

        private static bool IsGround(Term t) => t switch
        {
            ScalarTerm => true,
            VarTerm => false,
            RefTerm => false,
            ArrayTerm a => a.Items.All(IsGround),
            SetTerm s => s.Items.All(IsGround),
            ObjectTerm o => o.Entries.All(e => IsGround(e.Key) && IsGround(e.Value)),
            _ => false,
        };

        private static RegoObject OperatorRef(string name) =>
            TermObject("ref", RegoArray.Create(TermObject("var", Operands.Str(name))));

        private static RegoObject MemberRef(string member) =>
            TermObject("ref", RegoArray.Create(TermObject("var", Operands.Str("internal")), TermObject("string", Operands.Str(member))));

        private static RegoObject TermObject(string type, RegoValue value) =>
            RegoObject.Create(("type", Operands.Str(type)), ("value", value));
    }

    /// <summary>OPA's order of terms in a set or of object keys: by kind first, then by value.</summary>
    private static class TermOrder
    {
        private static readonly string[] Kinds =
        [
            "null", "boolean", "number", "string", "var", "ref", "array", "object", "set",
            "arraycomprehension", "objectcomprehension", "setcomprehension", "call",
        ];

        public static int Compare(RegoValue x, RegoValue y)
        {
            if (x is not RegoObject ox || y is not RegoObject oy || ox.Get("type") is not RegoString tx || oy.Get("type") is not RegoString ty)
            {
                return CompareItems(x, y);
            }

            var kind = Array.IndexOf(Kinds, tx.Value).CompareTo(Array.IndexOf(Kinds, ty.Value));
            if (kind != 0)
            {
                return kind;
            }

            return CompareItems(ox.Get("value")!, oy.Get("value")!);
        }

        private static int CompareItems(RegoValue x, RegoValue y)
        {
            if (x is RegoArray ax && y is RegoArray ay)
            {
                for (var i = 0; i < Math.Min(ax.Count, ay.Count); i++)
                {
                    var c = Compare(ax[i], ay[i]);
                    if (c != 0)
                    {
                        return c;
                    }
                }

                return ax.Count.CompareTo(ay.Count);
            }

            return ValueComparer.Instance.Compare(x, y);
        }
    }
}
