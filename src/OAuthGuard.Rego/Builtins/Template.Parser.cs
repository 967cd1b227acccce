using System.Globalization;

namespace OAuthGuard.Rego.Builtins;

/// <content>The parse tree and the parser, after Go's text/template/parse.</content>
internal static partial class Template
{
    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "and", "call", "html", "index", "slice", "js", "len", "not", "or", "print", "printf", "println", "urlquery",
        "eq", "ge", "gt", "le", "lt", "ne",
    };

    private abstract record Node(int Pos);

    private sealed record TextNode(int Pos, string Text) : Node(Pos);

    private sealed record ActionNode(int Pos, Pipe Pipe) : Node(Pos);

    /// <summary>An <c>if</c>, <c>range</c> or <c>with</c>.</summary>
    private sealed record ControlNode(int Pos, string Kind, Pipe Pipe, List<Node> List, List<Node>? Else) : Node(Pos);

    private sealed record TemplateNode(int Pos, string Name, Pipe? Pipe) : Node(Pos);

    private sealed record BreakNode(int Pos, bool IsContinue) : Node(Pos);

    private sealed record Pipe(int Pos, List<string> Decl, bool IsAssign, List<Command> Cmds) : Node(Pos)
    {
        public override string ToString() =>
            (Decl.Count > 0 ? string.Join(", ", Decl) + (IsAssign ? " = " : " := ") : string.Empty) + string.Join(" | ", Cmds);
    }

    private sealed record Command(int Pos, List<Node> Args) : Node(Pos)
    {
        public override string ToString() => string.Join(' ', Args.Select(a => a is Pipe p ? "(" + p + ")" : a.ToString()));
    }

    /// <summary>A field chain on dot: <c>.a.b</c>.</summary>
    private sealed record FieldNode(int Pos, string[] Idents) : Node(Pos)
    {
        public override string ToString() => "." + string.Join('.', Idents);
    }

    /// <summary>A variable and its field chain: <c>$x.a</c>.</summary>
    private sealed record VariableNode(int Pos, string[] Idents) : Node(Pos)
    {
        public override string ToString() => string.Join('.', Idents);
    }

    /// <summary>Fields on another term: <c>(pipeline).a</c>.</summary>
    private sealed record ChainNode(int Pos, Node Term, string[] Fields) : Node(Pos)
    {
        public override string ToString() => (Term is Pipe p ? "(" + p + ")" : Term.ToString()) + "." + string.Join('.', Fields);
    }

    private sealed record IdentifierNode(int Pos, string Name) : Node(Pos)
    {
        public override string ToString() => Name;
    }

    /// <summary>A literal: bool, number, string, <c>nil</c> or dot, with its text as written.</summary>
    private sealed record LiteralNode(int Pos, string Text, object? Value, string Kind) : Node(Pos)
    {
        public override string ToString() => Text;
    }

    /// <summary>Parses a template into its main node list and the templates it defines.</summary>
    private sealed class Parser(List<Token> tokens, Dictionary<string, List<Node>> templates)
    {
        private readonly List<string> _vars = ["$"];
        private int _pos;
        private int _rangeDepth;
        private int _depth;

        private Token Peek => tokens[_pos];

        public List<Node> ParseRoot()
        {
            var list = new List<Node>();
            while (PeekNonSpace().Type != Tok.Eof)
            {
                if (Peek.Type == Tok.Left && LooksAt(Tok.Keyword, "define"))
                {
                    Next();
                    NextNonSpace();
                    Define();
                    continue;
                }

                var node = TextOrAction(out var end);
                if (end is not null)
                {
                    throw Error($"unexpected {{{{{end}}}}}");
                }

                if (node is not null)
                {
                    list.Add(node);
                }
            }

            return list;
        }

        private bool LooksAt(Tok type, string value)
        {
            var i = _pos + 1;
            while (tokens[i].Type == Tok.Space)
            {
                i++;
            }

            return tokens[i].Type == type && tokens[i].Value == value;
        }

        private Token Next() => tokens[_pos < tokens.Count - 1 ? _pos++ : _pos];

        private Token NextNonSpace()
        {
            var t = Next();
            while (t.Type == Tok.Space)
            {
                t = Next();
            }

            return t;
        }

        private Token PeekNonSpace()
        {
            while (Peek.Type == Tok.Space)
            {
                _pos++;
            }

            return Peek;
        }

        private void Backup() => _pos--;

        private TemplateError Error(string message) => new($"template: template:{tokens[Math.Max(0, Math.Min(_pos, tokens.Count - 1) - (_pos > 0 ? 1 : 0))].Line}: {message}");

        private TemplateError Unexpected(Token t, string context) => Error($"unexpected {Describe(t)} in {context}");

        private static string Describe(Token t) => t.Type switch
        {
            Tok.Eof => "EOF",
            Tok.Keyword => "<" + t.Value + ">",
            Tok.Space => "space",
            Tok.Right => "\"}}\"",
            _ => t.Value.Length > 10 ? Sprintf.GoQuote(t.Value[..10]) + "..." : Sprintf.GoQuote(t.Value),
        };

        /// <summary>Parses nodes up to an <c>{{end}}</c> or <c>{{else}}</c>, which it names in <paramref name="end"/>.</summary>
        private List<Node> ItemList(out string end, out bool elseChain)
        {
            var list = new List<Node>();
            while (PeekNonSpace().Type != Tok.Eof)
            {
                var node = TextOrAction(out var e, out elseChain);
                if (e is not null)
                {
                    end = e;
                    return list;
                }

                if (node is not null)
                {
                    list.Add(node);
                }
            }

            throw Error("unexpected EOF");
        }

        private Node? TextOrAction(out string? end) => TextOrAction(out end, out _);

        private Node? TextOrAction(out string? end, out bool elseChain)
        {
            end = null;
            elseChain = false;
            var t = NextNonSpace();
            if (t.Type == Tok.Text)
            {
                return new TextNode(t.Pos, t.Value);
            }

            if (t.Type != Tok.Left)
            {
                throw Unexpected(t, "input");
            }

            var k = NextNonSpace();
            if (k.Type == Tok.Keyword)
            {
                switch (k.Value)
                {
                    case "end":
                        Expect("end");
                        end = "end";
                        return null;
                    case "else":
                        // {{else if …}} / {{else with …}} chain into a nested control that owns the final {{end}}.
                        var next = PeekNonSpace();
                        if (next.Type == Tok.Keyword && next.Value is "if" or "with")
                        {
                            elseChain = true;
                        }
                        else
                        {
                            Expect("else");
                        }

                        end = "else";
                        return null;
                    case "if" or "range" or "with":
                        return Control(k);
                    case "break" or "continue":
                        if (_rangeDepth == 0)
                        {
                            throw Error($"{{{{{k.Value}}}}} outside {{{{range}}}}");
                        }

                        Expect(k.Value);
                        return new BreakNode(k.Pos, k.Value == "continue");
                    case "template":
                        return TemplateCall(k, "template clause");
                    case "block":
                        return Block(k);
                    case "define":
                        throw Error("unexpected <define> in command");
                }
            }

            Backup();
            var pipe = Pipeline("command", Tok.Right);
            return new ActionNode(k.Pos, pipe);
        }

        private void Expect(string context)
        {
            var t = NextNonSpace();
            if (t.Type != Tok.Right)
            {
                throw Unexpected(t, context);
            }
        }

        private ControlNode Control(Token keyword)
        {
            var mark = _vars.Count;
            Nest("max nesting depth exceeded");
            try
            {
                if (keyword.Value == "range")
                {
                    _rangeDepth++;
                }

                var pipe = Pipeline(keyword.Value, Tok.Right);
                var list = ItemList(out var end, out var chain);
                if (keyword.Value == "range")
                {
                    _rangeDepth--;
                }

                List<Node>? otherwise = null;
                if (end == "else")
                {
                    if (chain)
                    {
                        var nested = NextNonSpace();
                        if (keyword.Value == "range" || nested.Value != keyword.Value)
                        {
                            throw Unexpected(nested, "else");
                        }

                        otherwise = [Control(nested)];
                    }
                    else
                    {
                        otherwise = ItemList(out end, out _);
                        if (end != "end")
                        {
                            throw Error("expected end; found {{else}}");
                        }
                    }
                }

                return new ControlNode(keyword.Pos, keyword.Value, pipe, list, otherwise);
            }
            finally
            {
                _vars.RemoveRange(mark, _vars.Count - mark);
                _depth--;
            }
        }

        /// <summary>Counts one more level of nesting; too many (or too little stack left) is a parse error.</summary>
        private void Nest(string message)
        {
            if (++_depth > MaxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                throw Error(message);
            }
        }

        private string TemplateName(Token t, string context) => t.Type is Tok.String or Tok.RawString
            ? (t.Type == Tok.RawString ? t.Value[1..^1] : Unquote(t.Value))
            : throw Unexpected(t, context);

        private TemplateNode TemplateCall(Token keyword, string context)
        {
            var name = TemplateName(NextNonSpace(), context);
            Pipe? pipe = null;
            if (NextNonSpace().Type != Tok.Right)
            {
                Backup();
                pipe = Pipeline(context, Tok.Right);
            }

            return new TemplateNode(keyword.Pos, name, pipe);
        }

        private TemplateNode Block(Token keyword)
        {
            const string context = "block clause";
            var name = TemplateName(NextNonSpace(), context);
            var pipe = Pipeline(context, Tok.Right);
            DefinitionBody(name, context);
            return new TemplateNode(keyword.Pos, name, pipe);
        }

        private void Define()
        {
            const string context = "define clause";
            var name = TemplateName(NextNonSpace(), context);
            Expect(context);
            DefinitionBody(name, context);
        }

        // The body of a {{define}} or {{block}} up to its {{end}}: a template of its own, which sees only $ of the
        // variables in scope.
        private void DefinitionBody(string name, string context)
        {
            var saved = new List<string>(_vars);
            _vars.RemoveRange(1, _vars.Count - 1);
            var body = ItemList(out var end, out _);
            if (end != "end")
            {
                throw Error($"unexpected {{{{{end}}}}} in {context}");
            }

            _vars.Clear();
            _vars.AddRange(saved);
            templates[name] = body;
        }

        private Pipe Pipeline(string context, Tok end)
        {
            var start = PeekNonSpace().Pos;
            var decl = new List<string>();
            var isAssign = false;
            if (Peek.Type == Tok.Variable)
            {
                var save = _pos;
                var v = Next();
                var after = PeekNonSpace();
                if (after.Type is Tok.Declare or Tok.Assign)
                {
                    Next();
                    isAssign = after.Type == Tok.Assign;
                    decl.Add(v.Value);
                    _vars.Add(v.Value);
                }
                else if (after.Type == Tok.Comma && context == "range")
                {
                    Next();
                    var second = NextNonSpace();
                    var op = NextNonSpace();
                    if (second.Type != Tok.Variable || op.Type is not (Tok.Declare or Tok.Assign))
                    {
                        throw Error("range can only initialize variables");
                    }

                    isAssign = op.Type == Tok.Assign;
                    decl.Add(v.Value);
                    decl.Add(second.Value);
                    _vars.Add(v.Value);
                    _vars.Add(second.Value);
                }
                else
                {
                    _pos = save;
                }
            }

            var cmds = new List<Command>();
            while (true)
            {
                var t = NextNonSpace();
                if (t.Type == end)
                {
                    if (cmds.Count == 0)
                    {
                        throw Error($"missing value for {context}");
                    }

                    for (var i = 1; i < cmds.Count; i++)
                    {
                        if (cmds[i].Args[0] is LiteralNode { Kind: not "char" })
                        {
                            throw Error($"non executable command in pipeline stage {i + 1}");
                        }
                    }

                    return new Pipe(start, decl, isAssign, cmds);
                }

                if (t.Type is Tok.Bool or Tok.Char or Tok.Dot or Tok.Field or Tok.Identifier or Tok.Number or Tok.Nil or Tok.RawString or Tok.String or Tok.Variable or Tok.LeftParen)
                {
                    Backup();
                    cmds.Add(CommandNode());
                    continue;
                }

                throw Unexpected(t, context);
            }
        }

        private Command CommandNode()
        {
            var cmd = new Command(PeekNonSpace().Pos, []);
            while (true)
            {
                PeekNonSpace();
                if (Operand() is { } operand)
                {
                    cmd.Args.Add(operand);
                }

                var t = Next();
                if (t.Type == Tok.Space)
                {
                    continue;
                }

                if (t.Type is Tok.Right or Tok.RightParen)
                {
                    Backup();
                }
                else if (t.Type != Tok.Pipe)
                {
                    throw Unexpected(t, "operand");
                }

                break;
            }

            return cmd.Args.Count == 0 ? throw Error("empty command") : cmd;
        }

        private Node? Operand()
        {
            var term = Term();
            if (term is null || Peek.Type != Tok.Field)
            {
                return term;
            }

            var fields = new List<string>();
            while (Peek.Type == Tok.Field)
            {
                fields.Add(Next().Value[1..]);
            }

            return term switch
            {
                FieldNode f => new FieldNode(f.Pos, [.. f.Idents, .. fields]),
                VariableNode v => new VariableNode(v.Pos, [.. v.Idents, .. fields]),
                LiteralNode l => throw Error($"unexpected . after term {Sprintf.GoQuote(l.Text)}"),
                _ => new ChainNode(term.Pos, term, [.. fields]),
            };
        }

        private Node? Term()
        {
            var t = NextNonSpace();
            switch (t.Type)
            {
                case Tok.Identifier:
                    return Functions.Contains(t.Value) ? new IdentifierNode(t.Pos, t.Value) : throw Error($"function {Sprintf.GoQuote(t.Value)} not defined");
                case Tok.Dot:
                    return new LiteralNode(t.Pos, ".", null, "dot");
                case Tok.Nil:
                    return new LiteralNode(t.Pos, "nil", null, "nil");
                case Tok.Variable:
                    return _vars.Contains(t.Value) ? new VariableNode(t.Pos, [t.Value]) : throw Error($"undefined variable {Sprintf.GoQuote(t.Value)}");
                case Tok.Field:
                    return new FieldNode(t.Pos, [t.Value[1..]]);
                case Tok.Bool:
                    return new LiteralNode(t.Pos, t.Value, t.Value == "true", "bool");
                case Tok.Number or Tok.Char:
                    return new LiteralNode(t.Pos, t.Value, NumberValue(t), t.Type == Tok.Char ? "char" : "number");
                case Tok.LeftParen:
                    Nest("max expression depth exceeded");
                    var pipe = Pipeline("parenthesized pipeline", Tok.RightParen);
                    _depth--;
                    return pipe;
                case Tok.String:
                    return new LiteralNode(t.Pos, t.Value, Unquote(t.Value), "string");
                case Tok.RawString:
                    return new LiteralNode(t.Pos, t.Value, t.Value[1..^1], "string");
                default:
                    Backup();
                    return null;
            }
        }

        /// <summary>A number literal as Go's template gives it: an int, or a float64 when written with a point or exponent.</summary>
        private object NumberValue(Token t)
        {
            var text = t.Value;
            if (t.Type == Tok.Char)
            {
                var s = Unquote("\"" + text[1..^1] + "\"");
                return s.Length > 0 ? (long)char.ConvertToUtf32(s, 0) : throw Error($"malformed character constant: {text}");
            }

            var clean = text.Replace("_", string.Empty, StringComparison.Ordinal);
            var negative = clean.StartsWith('-');
            var body = clean.TrimStart('+', '-');
            var isHex = body.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            if (!isHex && body.IndexOfAny(['.', 'e', 'E']) >= 0)
            {
                return double.TryParse(clean, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? d
                    : throw Error($"illegal number syntax: {Sprintf.GoQuote(text)}");
            }

            var (radix, digits) = body.Length > 1 && body[0] == '0'
                ? char.ToLowerInvariant(body[1]) switch
                {
                    'x' => (16, body[2..]),
                    'o' => (8, body[2..]),
                    'b' => (2, body[2..]),
                    _ => (8, body[1..]),
                }
                : (10, body);
            try
            {
                var value = Convert.ToInt64(digits, radix);
                return digits.Length > 0 && (radix != 10 || digits.All(char.IsAsciiDigit)) ? negative ? -value : value : throw new FormatException();
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                throw Error($"illegal number syntax: {Sprintf.GoQuote(text)}");
            }
        }
    }
}
