using System.Globalization;
using System.Text;

namespace OAuthGuard.Rego.Builtins;

/// <summary>The lexer and the type system half of the GraphQL parser.</summary>
internal sealed partial class GqlParser
{
    private void TypeSystem(GqlDocument doc, bool extension)
    {
        var keyword = Name();
        switch (keyword)
        {
            case "schema":
                if (!extension)
                {
                    doc.SchemaDefinitions++;
                }

                var schemaDirectives = Directives(constant: true);
                if (extension && schemaDirectives.Count == 0 && !Is('P', "{"))
                {
                    throw Unexpected();
                }

                if (Accept("{"))
                {
                    do
                    {
                        var operation = Name();
                        if (operation is not ("query" or "mutation" or "subscription"))
                        {
                            throw new GraphQlSyntaxException($"Unexpected {operation}");
                        }

                        Expect(":");
                        doc.RootTypes[operation] = Name();
                    }
                    while (!Accept("}"));
                }

                return;
            case "directive" when !extension:
                {
                    Expect("@");
                    var name = Name();
                    var args = InputDefs("(", ")");
                    var repeatable = _tok.Kind == 'N' && _tok.Text == "repeatable";
                    if (repeatable)
                    {
                        Next();
                    }

                    ExpectName("on");
                    _ = Accept("|");
                    var locations = new List<string> { Location() };
                    while (Accept("|"))
                    {
                        locations.Add(Location());
                    }

                    doc.DirectiveDefs.Add(new GqlDirectiveDef(name, args, locations, repeatable));
                    return;
                }
        }

        var kind = keyword switch
        {
            "scalar" => "SCALAR",
            "type" => "OBJECT",
            "interface" => "INTERFACE",
            "union" => "UNION",
            "enum" => "ENUM",
            "input" => "INPUT_OBJECT",
            _ => throw new GraphQlSyntaxException($"Unexpected Name \"{keyword}\""),
        };
        var def = new GqlTypeDef(kind, Name(), extension);
        if (kind is "OBJECT" or "INTERFACE" && _tok.Kind == 'N' && _tok.Text == "implements")
        {
            Next();
            _ = Accept("&");
            def.Interfaces.Add(Name());
            while (Accept("&") || (_tok.Kind == 'N' && !IsDefinitionStart()))
            {
                def.Interfaces.Add(Name());
            }
        }

        def.Directives.AddRange(Directives(constant: true));
        switch (kind)
        {
            case "OBJECT" or "INTERFACE":
                if (Accept("{"))
                {
                    do
                    {
                        SkipDescription();
                        var name = Name();
                        var args = InputDefs("(", ")");
                        Expect(":");
                        var type = TypeRef();
                        _ = Directives(constant: true);
                        def.Fields.Add(new GqlFieldDef(name, args, type));
                    }
                    while (!Accept("}"));
                }

                break;
            case "UNION":
                if (Accept("="))
                {
                    _ = Accept("|");
                    def.Members.Add(Name());
                    while (Accept("|"))
                    {
                        def.Members.Add(Name());
                    }
                }

                break;
            case "ENUM":
                if (Accept("{"))
                {
                    do
                    {
                        SkipDescription();
                        var value = Name();
                        if (value is "true" or "false" or "null")
                        {
                            throw new GraphQlSyntaxException($"{value} is reserved and cannot be used for an enum value");
                        }

                        def.EnumValues.Add(value);
                        _ = Directives(constant: true);
                    }
                    while (!Accept("}"));
                }

                break;
            case "INPUT_OBJECT":
                def.InputFields.AddRange(InputDefs("{", "}"));
                break;
        }

        doc.Types.Add(def);
    }

    private static readonly HashSet<string> DirectiveLocations = new(StringComparer.Ordinal)
    {
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
        "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION",
    };

    private string Location()
    {
        var name = Name();
        return DirectiveLocations.Contains(name) ? name : throw new GraphQlSyntaxException($"Unexpected Name \"{name}\"");
    }

    /// <summary>Whether the current name token starts a new definition (so an <c>implements</c> list has ended).</summary>
    private bool IsDefinitionStart() => _tok.Text is "type" or "interface" or "union" or "enum" or "input" or "scalar" or "schema" or "directive" or "extend" or "query" or "mutation" or "subscription" or "fragment";

    private List<GqlInputDef> InputDefs(string open, string close)
    {
        var list = new List<GqlInputDef>();
        if (Accept(open))
        {
            do
            {
                SkipDescription();
                var name = Name();
                Expect(":");
                var type = TypeRef();
                var def = Accept("=") ? Value(constant: true) : null;
                _ = Directives(constant: true);
                list.Add(new GqlInputDef(name, type, def));
            }
            while (!Accept(close));
        }

        return list;
    }

    private void SkipDescription()
    {
        if (_tok.Kind == 'S')
        {
            Next();
        }
    }

    /// <summary>Reads the next token into <see cref="_tok"/>.</summary>
    private void Next()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c is ' ' or '\t' or '\n' or '\r' or ',' or '\uFEFF')
            {
                _pos++;
            }
            else if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] is not ('\n' or '\r'))
                {
                    _pos++;
                }
            }
            else
            {
                break;
            }
        }

        if (_pos >= _text.Length)
        {
            _tok = ('E', string.Empty);
            return;
        }

        var start = _pos;
        var ch = _text[_pos];
        if (IsNameStart(ch))
        {
            while (_pos < _text.Length && IsNameChar(_text[_pos]))
            {
                _pos++;
            }

            _tok = ('N', _text[start.._pos]);
            return;
        }

        if (ch == '-' || char.IsAsciiDigit(ch))
        {
            Number(start);
            return;
        }

        if (ch == '"')
        {
            if (string.CompareOrdinal(_text, _pos, "\"\"\"", 0, 3) == 0)
            {
                _tok = ('S', Block(_pos + 3));
                return;
            }

            _tok = ('S', QuotedString());
            return;
        }

        if (ch == '.')
        {
            if (string.CompareOrdinal(_text, _pos, "...", 0, 3) != 0)
            {
                throw LexError("Unexpected .");
            }

            _pos += 3;
            _tok = ('P', "...");
            return;
        }

        if ("!$&()*:=@[]{}|".Contains(ch, StringComparison.Ordinal))
        {
            _pos++;
            _tok = ('P', ch.ToString());
            return;
        }

        throw LexError($"Unexpected {ch}");
    }

    private void Number(int start)
    {
        if (_text[_pos] == '-')
        {
            _pos++;
        }

        var digits = _pos;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
        }

        if (_pos == digits || (_text[digits] == '0' && _pos - digits > 1))
        {
            throw LexError("Invalid number");
        }

        var isFloat = false;
        if (_pos < _text.Length && _text[_pos] == '.')
        {
            isFloat = true;
            _pos++;
            var frac = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            if (_pos == frac)
            {
                throw LexError("Invalid number");
            }
        }

        if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            isFloat = true;
            _pos++;
            if (_pos < _text.Length && _text[_pos] is '+' or '-')
            {
                _pos++;
            }

            var exp = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            if (_pos == exp)
            {
                throw LexError("Invalid number");
            }
        }

        if (_pos < _text.Length && (IsNameStart(_text[_pos]) || _text[_pos] == '.'))
        {
            throw LexError("Invalid number");
        }

        _tok = (isFloat ? 'F' : 'I', _text[start.._pos]);
    }

    private string QuotedString()
    {
        var sb = new StringBuilder();
        _pos++;
        while (_pos < _text.Length)
        {
            var c = _text[_pos++];
            switch (c)
            {
                case '"':
                    return sb.ToString();
                case '\n' or '\r':
                    throw LexError("Unterminated string");
                case '\\':
                    if (_pos >= _text.Length)
                    {
                        throw LexError("Unterminated string");
                    }

                    var e = _text[_pos++];
                    switch (e)
                    {
                        case '"' or '\\' or '/':
                            sb.Append(e);
                            break;
                        case 'b':
                            sb.Append('\b');
                            break;
                        case 'f':
                            sb.Append('\f');
                            break;
                        case 'n':
                            sb.Append('\n');
                            break;
                        case 'r':
                            sb.Append('\r');
                            break;
                        case 't':
                            sb.Append('\t');
                            break;
                        case 'u' when _pos + 4 <= _text.Length && int.TryParse(_text.AsSpan(_pos, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                            sb.Append((char)code);
                            _pos += 4;
                            break;
                        default:
                            throw LexError("Invalid character escape sequence");
                    }

                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        throw LexError("Unterminated string");
    }
}
