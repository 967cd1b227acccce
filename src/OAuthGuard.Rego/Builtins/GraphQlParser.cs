namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// The GraphQL parser of OPA's GraphQL library (gqlparser, the release OPA v1.4.2 embeds), rule for rule: the same
/// grammar (including its leniencies: empty argument and variable lists, fragment variables, <c>Alias</c> set to the
/// field name), the same tree (<see cref="GqNode"/>), and the same first error with its message and position.
/// </summary>
internal sealed partial class GqParser
{
    private readonly GqLexer _lexer;
    private GqTok _peek;
    private bool _peeked;
    private GqTok _prev;
    private int _depth;

    private GqParser(string text) => _lexer = new GqLexer(text);

    /// <summary>Parses an executable document.</summary>
    /// <exception cref="GraphQlSyntaxException">The text is not one.</exception>
    public static GqQueryDocument ParseQuery(string text) => new GqParser(text).QueryDocument();

    /// <summary>Parses a type system document.</summary>
    /// <exception cref="GraphQlSyntaxException">The text is not one.</exception>
    public static GqSchemaDocument ParseSchema(string text) => new GqParser(text).SchemaDocument();

    private GqTok Peek()
    {
        if (!_peeked)
        {
            _peek = _lexer.Next();
            _peeked = true;
        }

        return _peek;
    }

    private GqPos PeekPos() => Peek().Pos;

    private GqTok Next()
    {
        var tok = Peek();
        _peeked = false;
        _prev = tok;
        return tok;
    }

    private static GraphQlSyntaxException Error(GqTok tok, string message) => new(message, tok.Pos);

    private GraphQlSyntaxException Unexpected() => Unexpected(Peek());

    private static GraphQlSyntaxException Unexpected(GqTok tok) => Error(tok, "Unexpected " + GqLexer.Describe(tok));

    private GqTok Expect(GqTokKind kind)
    {
        var tok = Peek();
        return tok.Kind == kind
            ? Next()
            : throw Error(tok, $"Expected {GqLexer.Describe(kind)}, found {GqLexer.Describe(tok.Kind)}");
    }

    private void ExpectKeyword(string value)
    {
        var tok = Peek();
        if (tok.Kind == GqTokKind.Name && tok.Value == value)
        {
            Next();
            return;
        }

        throw Error(tok, $"Expected {Sprintf.GoQuote(value)}, found {GqLexer.Describe(tok)}");
    }

    private bool Skip(GqTokKind kind)
    {
        if (Peek().Kind != kind)
        {
            return false;
        }

        Next();
        return true;
    }

    /// <summary>gqlparser's <c>many</c>: an optional bracketed list that may be empty.</summary>
    private void Many(GqTokKind start, GqTokKind end, Action item)
    {
        if (!Skip(start))
        {
            return;
        }

        Enter();
        while (Peek().Kind != end)
        {
            item();
        }

        Next();
        _depth--;
    }

    /// <summary>gqlparser's <c>some</c>: an optional bracketed list that must not be empty.</summary>
    private void Some(GqTokKind start, GqTokKind end, Action item)
    {
        if (!Skip(start))
        {
            return;
        }

        Enter();
        var called = false;
        while (Peek().Kind != end)
        {
            called = true;
            item();
        }

        if (!called)
        {
            throw Error(Peek(), "expected at least one definition, found " + GqLexer.Describe(Peek().Kind));
        }

        Next();
        _depth--;
    }

    private void Enter()
    {
        if (++_depth > 500)
        {
            throw Error(Peek(), "document is nested too deeply");
        }
    }

    private GqQueryDocument QueryDocument()
    {
        var doc = new GqQueryDocument();
        while (Peek().Kind != GqTokKind.Eof)
        {
            var tok = Peek();
            switch (tok.Kind)
            {
                case GqTokKind.Name when tok.Value is "query" or "mutation" or "subscription":
                    doc.Operations.Add(OperationDefinition());
                    break;
                case GqTokKind.Name when tok.Value == "fragment":
                    doc.Fragments.Add(FragmentDefinition());
                    break;
                case GqTokKind.BraceL:
                    doc.Operations.Add(OperationDefinition());
                    break;
                default:
                    throw Unexpected();
            }
        }

        return doc;
    }

    private GqOperation OperationDefinition()
    {
        if (Peek().Kind == GqTokKind.BraceL)
        {
            var anonymous = new GqOperation { Pos = PeekPos(), Operation = "query" };
            anonymous.SelectionSet.AddRange(RequiredSelectionSet());
            return anonymous;
        }

        var op = new GqOperation { Pos = PeekPos(), Operation = OperationType() };
        if (Peek().Kind == GqTokKind.Name)
        {
            op.Name = Next().Value;
        }

        op.VariableDefinitions.AddRange(VariableDefinitions());
        op.Directives.AddRange(Directives(false));
        op.SelectionSet.AddRange(RequiredSelectionSet());
        return op;
    }

    private string OperationType()
    {
        var tok = Next();
        if (tok.Error is not null)
        {
            throw Error(tok, tok.Error); // consuming an unreadable token reports the lexer's own message, as gqlparser's next() does
        }

        return tok.Value is "query" or "mutation" or "subscription" ? tok.Value : throw Unexpected(tok);
    }

    private List<GqVariableDefinition> VariableDefinitions()
    {
        var defs = new List<GqVariableDefinition>();
        Many(GqTokKind.ParenL, GqTokKind.ParenR, () =>
        {
            var def = new GqVariableDefinition { Pos = PeekPos(), Variable = Variable() };
            Expect(GqTokKind.Colon);
            def.Type = TypeReference();
            if (Skip(GqTokKind.Equals))
            {
                def.DefaultValue = ValueLiteral(true);
            }

            def.Directives.AddRange(Directives(false));
            defs.Add(def);
        });
        return defs;
    }

    private string Variable()
    {
        Expect(GqTokKind.Dollar);
        return Name();
    }

    private List<GqSelection> RequiredSelectionSet()
    {
        if (Peek().Kind != GqTokKind.BraceL)
        {
            throw Error(Peek(), "Expected {, found " + GqLexer.Describe(Peek().Kind));
        }

        return SelectionSet();
    }

    private List<GqSelection> SelectionSet()
    {
        var selections = new List<GqSelection>();
        Some(GqTokKind.BraceL, GqTokKind.BraceR, () => selections.Add(Peek().Kind == GqTokKind.Spread ? Fragment() : Field()));
        return selections;
    }

    private GqField Field()
    {
        var field = new GqField { Pos = PeekPos(), Alias = Name() };
        field.Name = Skip(GqTokKind.Colon) ? Name() : field.Alias;
        field.Arguments.AddRange(Arguments(false));
        field.Directives.AddRange(Directives(false));
        if (Peek().Kind == GqTokKind.BraceL)
        {
            field.SelectionSet.AddRange(SelectionSet());
        }

        return field;
    }

    private List<GqArgument> Arguments(bool isConst)
    {
        var args = new List<GqArgument>();
        Many(GqTokKind.ParenL, GqTokKind.ParenR, () =>
        {
            var arg = new GqArgument { Pos = PeekPos(), Name = Name() };
            Expect(GqTokKind.Colon);
            arg.Value = ValueLiteral(isConst);
            args.Add(arg);
        });
        return args;
    }

    private GqSelection Fragment()
    {
        Expect(GqTokKind.Spread);
        var peek = Peek();
        if (peek.Kind == GqTokKind.Name && peek.Value != "on")
        {
            var spread = new GqSpread { Pos = PeekPos(), Name = FragmentName() };
            spread.Directives.AddRange(Directives(false));
            return spread;
        }

        var inline = new GqInline { Pos = PeekPos() };
        if (Peek().Value == "on")
        {
            Next();
            inline.TypeCondition = Name();
        }

        inline.Directives.AddRange(Directives(false));
        inline.SelectionSet.AddRange(RequiredSelectionSet());
        return inline;
    }

    private GqFragment FragmentDefinition()
    {
        var def = new GqFragment { Pos = PeekPos() };
        ExpectKeyword("fragment");
        def.Name = FragmentName();
        def.VariableDefinition.AddRange(VariableDefinitions());
        ExpectKeyword("on");
        def.TypeCondition = Name();
        def.Directives.AddRange(Directives(false));
        def.SelectionSet.AddRange(RequiredSelectionSet());
        return def;
    }

    private string FragmentName() => Peek().Value == "on" ? throw Unexpected() : Name();

    private GqValue ValueLiteral(bool isConst)
    {
        var tok = Peek();
        int kind;
        switch (tok.Kind)
        {
            case GqTokKind.BracketL:
                return Composite(isConst, GqKind.List);
            case GqTokKind.BraceL:
                return Composite(isConst, GqKind.Object);
            case GqTokKind.Dollar when !isConst:
                return new GqValue { Pos = tok.Pos, Raw = Variable(), Kind = GqKind.Variable };
            case GqTokKind.Int:
                kind = GqKind.Int;
                break;
            case GqTokKind.Float:
                kind = GqKind.Float;
                break;
            case GqTokKind.String:
                kind = GqKind.String;
                break;
            case GqTokKind.BlockString:
                kind = GqKind.Block;
                break;
            case GqTokKind.Name:
                kind = tok.Value switch
                {
                    "true" or "false" => GqKind.Boolean,
                    "null" => GqKind.Null,
                    _ => GqKind.Enum,
                };
                break;
            default:
                throw Unexpected();
        }

        Next();
        return new GqValue { Pos = tok.Pos, Raw = tok.Value, Kind = kind };
    }

    private GqValue Composite(bool isConst, int kind)
    {
        var value = new GqValue { Pos = PeekPos(), Kind = kind };
        if (kind == GqKind.List)
        {
            Many(GqTokKind.BracketL, GqTokKind.BracketR, () => value.Children.Add(new GqChild { Value = ValueLiteral(isConst) }));
        }
        else
        {
            Many(GqTokKind.BraceL, GqTokKind.BraceR, () =>
            {
                var child = new GqChild { Pos = PeekPos(), Name = Name() };
                Expect(GqTokKind.Colon);
                child.Value = ValueLiteral(isConst);
                value.Children.Add(child);
            });
        }

        return value;
    }

    private List<GqDirective> Directives(bool isConst)
    {
        var list = new List<GqDirective>();
        while (Peek().Kind == GqTokKind.At)
        {
            Next();
            var directive = new GqDirective { Pos = PeekPos(), Name = Name() };
            directive.Arguments.AddRange(Arguments(isConst));
            list.Add(directive);
        }

        return list;
    }

    private GqType TypeReference()
    {
        var type = new GqType();
        if (Skip(GqTokKind.BracketL))
        {
            type.Pos = PeekPos();
            Enter();
            type.Elem = TypeReference();
            _depth--;
            Expect(GqTokKind.BracketR);
        }
        else
        {
            type.Pos = PeekPos();
            type.NamedType = Name();
        }

        if (Skip(GqTokKind.Bang))
        {
            type.Pos = PeekPos();
            type.NonNull = true;
        }

        return type;
    }

    private string Name() => Expect(GqTokKind.Name).Value;
}
