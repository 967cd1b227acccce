using System.Globalization;
using System.Text;

namespace OAuthGuard.Rego.Builtins;

/// <summary>A GraphQL syntax error (the text is not a GraphQL document of the expected kind).</summary>
internal sealed class GraphQlSyntaxException(string message) : Exception(message);

/// <summary>A GraphQL type reference: a named type, a list, or a non-null wrapper.</summary>
internal sealed record GqlTypeRef(string? Name, GqlTypeRef? Item, bool NonNull)
{
    /// <summary>Gets the innermost named type.</summary>
    public string Base => Name ?? Item!.Base;

    /// <inheritdoc/>
    public override string ToString() => (Name ?? $"[{Item}]") + (NonNull ? "!" : string.Empty);
}

/// <summary>A literal or variable in a GraphQL document.</summary>
internal abstract record GqlValue;

internal sealed record GqlVariable(string Name) : GqlValue;

internal sealed record GqlScalar(string Kind, string Text) : GqlValue;

internal sealed record GqlList(List<GqlValue> Items) : GqlValue;

internal sealed record GqlObject(List<(string Name, GqlValue Value)> Fields) : GqlValue;

internal sealed record GqlDirective(string Name, List<(string Name, GqlValue Value)> Arguments);

internal abstract record GqlSelection(List<GqlDirective> Directives);

internal sealed record GqlField(string? Alias, string Name, List<(string Name, GqlValue Value)> Arguments, List<GqlDirective> Directives, List<GqlSelection>? Selections) : GqlSelection(Directives);

internal sealed record GqlSpread(string Name, List<GqlDirective> Directives) : GqlSelection(Directives);

internal sealed record GqlInline(string? TypeCondition, List<GqlDirective> Directives, List<GqlSelection> Selections) : GqlSelection(Directives);

internal sealed record GqlVariableDef(string Name, GqlTypeRef Type, GqlValue? Default);

internal sealed record GqlOperation(string Kind, string? Name, List<GqlVariableDef> Variables, List<GqlDirective> Directives, List<GqlSelection> Selections);

internal sealed record GqlFragment(string Name, string TypeCondition, List<GqlDirective> Directives, List<GqlSelection> Selections);

/// <summary>An argument or input field definition.</summary>
internal sealed record GqlInputDef(string Name, GqlTypeRef Type, GqlValue? Default);

internal sealed record GqlFieldDef(string Name, List<GqlInputDef> Arguments, GqlTypeRef Type);

/// <summary>A type definition or extension from SDL (kind: SCALAR, OBJECT, INTERFACE, UNION, ENUM, INPUT_OBJECT).</summary>
internal sealed class GqlTypeDef(string kind, string name, bool extension)
{
    public string Kind { get; } = kind;

    public string Name { get; } = name;

    public bool Extension { get; } = extension;

    public List<string> Interfaces { get; } = [];

    public List<GqlFieldDef> Fields { get; } = [];

    public List<GqlInputDef> InputFields { get; } = [];

    public List<string> Members { get; } = [];

    public List<string> EnumValues { get; } = [];

    public List<GqlDirective> Directives { get; } = [];
}

internal sealed record GqlDirectiveDef(string Name, List<GqlInputDef> Arguments, List<string> Locations, bool Repeatable = false);

/// <summary>A parsed GraphQL document: executable definitions, type system definitions, or both.</summary>
internal sealed class GqlDocument
{
    public List<GqlOperation> Operations { get; } = [];

    public List<GqlFragment> Fragments { get; } = [];

    public List<GqlTypeDef> Types { get; } = [];

    public List<GqlDirectiveDef> DirectiveDefs { get; } = [];

    /// <summary>Gets the root operation types named by <c>schema { … }</c> definitions and extensions.</summary>
    public Dictionary<string, string> RootTypes { get; } = new(StringComparer.Ordinal);

    public int SchemaDefinitions { get; set; }
}

/// <summary>
/// A recursive-descent parser for GraphQL documents (GraphQL specification, October 2021): lexical tokens
/// (punctuators, names, numbers, strings and block strings, comments, insignificant commas), executable
/// definitions and type system definitions/extensions.
/// </summary>
internal sealed partial class GqlParser
{
    private readonly string _text;
    private int _pos;
    private (char Kind, string Text) _tok; // Kind: 'N' name, 'I' int, 'F' float, 'S' string, 'P' punctuator, 'E' end
    private int _depth;

    private GqlParser(string text)
    {
        _text = text;
        Next();
    }

    /// <summary>Parses an executable document (operations and fragments only).</summary>
    public static GqlDocument ParseQuery(string text)
    {
        var doc = new GqlParser(text).Document();
        if (doc.Types.Count > 0 || doc.DirectiveDefs.Count > 0 || doc.SchemaDefinitions > 0)
        {
            throw new GraphQlSyntaxException("a query cannot contain type system definitions");
        }

        return doc;
    }

    /// <summary>Parses a type system document (schema, types, directives and their extensions only).</summary>
    public static GqlDocument ParseSchema(string text)
    {
        var doc = new GqlParser(text).Document();
        if (doc.Operations.Count > 0 || doc.Fragments.Count > 0)
        {
            throw new GraphQlSyntaxException("a schema cannot contain operations or fragments");
        }

        return doc;
    }

    private GqlDocument Document()
    {
        var doc = new GqlDocument();
        while (_tok.Kind != 'E')
        {
            if (Is('P', "{"))
            {
                doc.Operations.Add(new GqlOperation("query", null, [], [], SelectionSet()));
                continue;
            }

            var described = _tok.Kind == 'S';
            if (described)
            {
                Next(); // a description, allowed before a type system definition only
            }

            var keyword = _tok.Kind == 'N' ? _tok.Text : throw Unexpected();
            if (described && keyword is "query" or "mutation" or "subscription" or "fragment" or "extend")
            {
                throw Unexpected();
            }

            switch (keyword)
            {
                case "query" or "mutation" or "subscription":
                    doc.Operations.Add(Operation());
                    break;
                case "fragment":
                    doc.Fragments.Add(Fragment());
                    break;
                case "extend":
                    Next();
                    TypeSystem(doc, extension: true);
                    break;
                default:
                    TypeSystem(doc, extension: false);
                    break;
            }
        }

        return doc;
    }

    private GqlOperation Operation()
    {
        var kind = Name();
        string? name = _tok.Kind == 'N' ? Name() : null;
        var variables = new List<GqlVariableDef>();
        if (Accept("("))
        {
            do
            {
                Expect("$");
                var varName = Name();
                Expect(":");
                var type = TypeRef();
                var def = Accept("=") ? Value(constant: true) : null;
                _ = Directives(constant: true);
                variables.Add(new GqlVariableDef(varName, type, def));
            }
            while (!Accept(")"));
        }

        var directives = Directives(constant: false);
        return new GqlOperation(kind, name, variables, directives, SelectionSet());
    }

    private GqlFragment Fragment()
    {
        Next();
        var name = Name();
        if (name == "on")
        {
            throw Unexpected();
        }

        ExpectName("on");
        var type = Name();
        var directives = Directives(constant: false);
        return new GqlFragment(name, type, directives, SelectionSet());
    }

    private List<GqlSelection> SelectionSet()
    {
        Expect("{");
        if (++_depth > 200)
        {
            throw new GraphQlSyntaxException("selection sets are nested too deeply");
        }

        var list = new List<GqlSelection>();
        do
        {
            list.Add(Selection());
        }
        while (!Accept("}"));
        _depth--;
        return list;
    }

    private GqlSelection Selection()
    {
        if (Accept("..."))
        {
            if (_tok.Kind == 'N' && _tok.Text != "on")
            {
                var name = Name();
                return new GqlSpread(name, Directives(constant: false));
            }

            string? type = null;
            if (_tok.Kind == 'N' && _tok.Text == "on")
            {
                Next();
                type = Name();
            }

            var directives = Directives(constant: false);
            return new GqlInline(type, directives, SelectionSet());
        }

        var first = Name();
        string? alias = null;
        var fieldName = first;
        if (Accept(":"))
        {
            alias = first;
            fieldName = Name();
        }

        var args = Arguments(constant: false);
        var dirs = Directives(constant: false);
        var selections = Is('P', "{") ? SelectionSet() : null;
        return new GqlField(alias, fieldName, args, dirs, selections);
    }

    private List<(string, GqlValue)> Arguments(bool constant)
    {
        var args = new List<(string, GqlValue)>();
        if (Accept("("))
        {
            do
            {
                var name = Name();
                Expect(":");
                args.Add((name, Value(constant)));
            }
            while (!Accept(")"));
        }

        return args;
    }

    private List<GqlDirective> Directives(bool constant)
    {
        var list = new List<GqlDirective>();
        while (Accept("@"))
        {
            var name = Name();
            list.Add(new GqlDirective(name, Arguments(constant)));
        }

        return list;
    }

    private GqlValue Value(bool constant)
    {
        if (++_depth > 200)
        {
            throw new GraphQlSyntaxException("values are nested too deeply");
        }

        try
        {
            switch (_tok.Kind)
            {
                case 'I' or 'F':
                    {
                        var v = new GqlScalar(_tok.Kind == 'I' ? "Int" : "Float", _tok.Text);
                        Next();
                        return v;
                    }

                case 'S':
                    {
                        var v = new GqlScalar("String", _tok.Text);
                        Next();
                        return v;
                    }

                case 'N':
                    {
                        var text = Name();
                        return text switch
                        {
                            "true" or "false" => new GqlScalar("Boolean", text),
                            "null" => new GqlScalar("Null", text),
                            _ => new GqlScalar("Enum", text),
                        };
                    }
            }

            if (!constant && Accept("$"))
            {
                return new GqlVariable(Name());
            }

            if (Accept("["))
            {
                var items = new List<GqlValue>();
                while (!Accept("]"))
                {
                    items.Add(Value(constant));
                }

                return new GqlList(items);
            }

            if (Accept("{"))
            {
                var fields = new List<(string, GqlValue)>();
                while (!Accept("}"))
                {
                    var name = Name();
                    Expect(":");
                    fields.Add((name, Value(constant)));
                }

                return new GqlObject(fields);
            }

            throw Unexpected();
        }
        finally
        {
            _depth--;
        }
    }

    private GqlTypeRef TypeRef()
    {
        GqlTypeRef t;
        if (Accept("["))
        {
            var item = TypeRef();
            Expect("]");
            t = new GqlTypeRef(null, item, false);
        }
        else
        {
            t = new GqlTypeRef(Name(), null, false);
        }

        return Accept("!") ? t with { NonNull = true } : t;
    }

    private string Name()
    {
        if (_tok.Kind != 'N')
        {
            throw Unexpected();
        }

        var text = _tok.Text;
        Next();
        return text;
    }

    private bool Is(char kind, string text) => _tok.Kind == kind && _tok.Text == text;

    private bool Accept(string punctuator)
    {
        if (Is('P', punctuator))
        {
            Next();
            return true;
        }

        return false;
    }

    private void Expect(string punctuator)
    {
        if (!Accept(punctuator))
        {
            throw new GraphQlSyntaxException($"Expected {punctuator}, found {Describe()}");
        }
    }

    private void ExpectName(string keyword)
    {
        if (!(_tok.Kind == 'N' && _tok.Text == keyword))
        {
            throw new GraphQlSyntaxException($"Expected \"{keyword}\", found {Describe()}");
        }

        Next();
    }

    private GraphQlSyntaxException Unexpected() => new($"Unexpected {Describe()}");

    private string Describe() => _tok.Kind switch
    {
        'E' => "<EOF>",
        'N' => _tok.Text,
        'S' => "String",
        'I' => "Int",
        'F' => "Float",
        _ => _tok.Text,
    };

    private static string Line(string text, int pos) =>
        (text.AsSpan(0, Math.Min(pos, text.Length)).Count('\n') + 1).ToString(CultureInfo.InvariantCulture);

    private GraphQlSyntaxException LexError(string what) => new($"{what} (line {Line(_text, _pos)})");

    private static bool IsNameStart(char c) => c == '_' || char.IsAsciiLetter(c);

    private static bool IsNameChar(char c) => c == '_' || char.IsAsciiLetterOrDigit(c);

    private string Block(int start)
    {
        var sb = new StringBuilder();
        var i = start;
        while (i < _text.Length)
        {
            if (string.CompareOrdinal(_text, i, "\"\"\"", 0, 3) == 0)
            {
                _pos = i + 3;
                return sb.ToString();
            }

            if (string.CompareOrdinal(_text, i, "\\\"\"\"", 0, 4) == 0)
            {
                sb.Append("\"\"\"");
                i += 4;
                continue;
            }

            sb.Append(_text[i++]);
        }

        throw LexError("Unterminated string");
    }
}
