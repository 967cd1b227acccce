using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Turns an AST object (as <c>graphql.parse_*</c> return it, or written by hand) back into the AST, the way OPA does
/// it: through Go's JSON decoding into gqlparser's structs. Field names match exactly for the nodes gqlparser decodes
/// by hand (operations, fragments, fields, inline fragments) and ignoring case for the others; unknown keys are
/// ignored; null is the zero value; a value of the wrong JSON type is an error. Like gqlparser's decoder, every entry of a
/// selection set is read as a field first (so a fragment spread or inline fragment object becomes a field with the
/// same name and selections), then as a fragment spread, then as an inline fragment, and skipped when none fits.
/// </summary>
internal static class GqDecode
{
    private const string TooDeep = "the AST object is nested too deeply";

    /// <summary>Decodes a query document.</summary>
    /// <exception cref="GraphQlSyntaxException">A value has the wrong type.</exception>
    public static GqQueryDocument Query(RegoObject o)
    {
        var r = new Reader(o, "QueryDocument", exact: false);
        var doc = new GqQueryDocument();
        doc.Operations.AddRange(r.List("Operations", Operation));
        doc.Fragments.AddRange(r.List("Fragments", Fragment));
        r.Skip("Position");
        return doc;
    }

    /// <summary>Decodes a schema document.</summary>
    /// <exception cref="GraphQlSyntaxException">A value has the wrong type.</exception>
    public static GqSchemaDocument Schema(RegoObject o)
    {
        var r = new Reader(o, "SchemaDocument", exact: false);
        var doc = new GqSchemaDocument();
        doc.Schema.AddRange(r.List("Schema", SchemaDefinition));
        doc.SchemaExtension.AddRange(r.List("SchemaExtension", SchemaDefinition));
        doc.Directives.AddRange(r.List("Directives", DirectiveDefinition));
        doc.Definitions.AddRange(r.List("Definitions", Definition));
        doc.Extensions.AddRange(r.List("Extensions", Definition));
        r.Skip("Position");
        return doc;
    }

    private static GqOperation Operation(RegoObject o)
    {
        var r = new Reader(o, "OperationDefinition", exact: true);
        var op = new GqOperation { Operation = r.Str("Operation"), Name = r.Str("Name") };
        op.VariableDefinitions.AddRange(r.List("VariableDefinitions", VariableDefinition));
        op.Directives.AddRange(r.List("Directives", Directive));
        op.SelectionSet.AddRange(Selections(r, "SelectionSet"));
        r.Skip("Position");
        return op;
    }

    private static GqFragment Fragment(RegoObject o)
    {
        var r = new Reader(o, "FragmentDefinition", exact: true);
        var f = new GqFragment { Name = r.Str("Name"), TypeCondition = r.Str("TypeCondition") };
        f.VariableDefinition.AddRange(r.List("VariableDefinition", VariableDefinition));
        f.Directives.AddRange(r.List("Directives", Directive));
        f.SelectionSet.AddRange(Selections(r, "SelectionSet"));
        r.Skip("Definition", "Position");
        return f;
    }

    private static List<GqSelection> Selections(Reader r, string key)
    {
        var list = new List<GqSelection>();
        if (r.Get(key) is not { } v)
        {
            return list;
        }

        foreach (var item in Reader.Items(v, r.Where(key)))
        {
            if (item is not RegoObject o)
            {
                continue; // gqlparser's decoder skips an entry that no selection type can hold
            }

            if (Reader.Nested(() => Try(() => Field(o)) ?? Try(() => Spread(o)) ?? Try(() => Inline(o))) is { } selection)
            {
                list.Add(selection);
            }
        }

        return list;
    }

    private static GqSelection? Try(Func<GqSelection> decode)
    {
        try
        {
            return decode();
        }
        catch (GraphQlSyntaxException e) when (e.Message != TooDeep)
        {
            return null;
        }
    }

    private static GqField Field(RegoObject o)
    {
        var r = new Reader(o, "Field", exact: true);
        var f = new GqField { Alias = r.Str("Alias"), Name = r.Str("Name") };
        f.Arguments.AddRange(r.List("Arguments", Argument));
        f.Directives.AddRange(r.List("Directives", Directive));
        f.SelectionSet.AddRange(Selections(r, "SelectionSet"));
        r.Skip("Position", "Definition", "ObjectDefinition");
        return f;
    }

    private static GqSpread Spread(RegoObject o)
    {
        var r = new Reader(o, "FragmentSpread", exact: false);
        var s = new GqSpread { Name = r.Str("Name") };
        s.Directives.AddRange(r.List("Directives", Directive));
        r.Skip("ObjectDefinition", "Definition", "Position");
        return s;
    }

    private static GqInline Inline(RegoObject o)
    {
        var r = new Reader(o, "InlineFragment", exact: true);
        var i = new GqInline { TypeCondition = r.Str("TypeCondition") };
        i.Directives.AddRange(r.List("Directives", Directive));
        i.SelectionSet.AddRange(Selections(r, "SelectionSet"));
        r.Skip("ObjectDefinition", "Position");
        return i;
    }

    private static GqVariableDefinition VariableDefinition(RegoObject o)
    {
        var r = new Reader(o, "VariableDefinition", exact: false);
        var v = new GqVariableDefinition { Variable = r.Str("Variable"), Type = r.Node("Type", Type), DefaultValue = r.Node("DefaultValue", Value), Used = r.Bool("Used") };
        v.Directives.AddRange(r.List("Directives", Directive));
        r.Skip("Position", "Definition");
        return v;
    }

    private static GqDirective Directive(RegoObject o)
    {
        var r = new Reader(o, "Directive", exact: false);
        var d = new GqDirective { Name = r.Str("Name"), Location = r.Str("Location") };
        d.Arguments.AddRange(r.List("Arguments", Argument));
        r.Skip("Position", "ParentDefinition", "Definition");
        return d;
    }

    private static GqArgument Argument(RegoObject o)
    {
        var r = new Reader(o, "Argument", exact: false);
        var a = new GqArgument { Name = r.Str("Name"), Value = r.Node("Value", Value) };
        r.Skip("Position");
        return a;
    }

    private static GqValue Value(RegoObject o)
    {
        var r = new Reader(o, "Value", exact: false);
        var v = new GqValue { Raw = r.Str("Raw"), Kind = r.Int("Kind", "ast.ValueKind") };
        v.Children.AddRange(r.List("Children", Child));
        r.Skip("Position", "Definition", "VariableDefinition", "ExpectedType");
        return v;
    }

    private static GqChild Child(RegoObject o)
    {
        var r = new Reader(o, "ChildValue", exact: false);
        var c = new GqChild { Name = r.Str("Name"), Value = r.Node("Value", Value) };
        r.Skip("Position");
        return c;
    }

    private static GqType Type(RegoObject o)
    {
        var r = new Reader(o, "Type", exact: false);
        var t = new GqType { NamedType = r.Str("NamedType"), Elem = r.Node("Elem", Type), NonNull = r.Bool("NonNull") };
        r.Skip("Position");
        return t;
    }

    private static GqSchemaDefinition SchemaDefinition(RegoObject o)
    {
        var r = new Reader(o, "SchemaDefinition", exact: false);
        var s = new GqSchemaDefinition { Description = r.Str("Description") };
        s.Directives.AddRange(r.List("Directives", Directive));
        s.OperationTypes.AddRange(r.List("OperationTypes", ot =>
        {
            var t = new Reader(ot, "OperationTypeDefinition", exact: false);
            var op = new GqOperationType { Operation = t.Str("Operation"), Type = t.Str("Type") };
            t.Skip("Position");
            return op;
        }));
        r.Skip("Position");
        return s;
    }

    private static GqDefinition Definition(RegoObject o)
    {
        var r = new Reader(o, "Definition", exact: false);
        var d = new GqDefinition { Kind = r.Str("Kind"), Description = r.Str("Description"), Name = r.Str("Name"), BuiltIn = r.Bool("BuiltIn") };
        d.Directives.AddRange(r.List("Directives", Directive));
        d.Interfaces.AddRange(r.Strings("Interfaces"));
        d.Fields.AddRange(r.List("Fields", FieldDefinition));
        d.Types.AddRange(r.Strings("Types"));
        d.EnumValues.AddRange(r.List("EnumValues", e =>
        {
            var er = new Reader(e, "EnumValueDefinition", exact: false);
            var value = new GqEnumValue { Description = er.Str("Description"), Name = er.Str("Name") };
            value.Directives.AddRange(er.List("Directives", Directive));
            er.Skip("Position");
            return value;
        }));
        r.Skip("Position");
        return d;
    }

    private static GqFieldDefinition FieldDefinition(RegoObject o)
    {
        var r = new Reader(o, "FieldDefinition", exact: false);
        var f = new GqFieldDefinition { Description = r.Str("Description"), Name = r.Str("Name"), DefaultValue = r.Node("DefaultValue", Value), Type = r.Node("Type", Type) };
        f.Arguments.AddRange(r.List("Arguments", ArgumentDefinition));
        f.Directives.AddRange(r.List("Directives", Directive));
        r.Skip("Position");
        return f;
    }

    private static GqArgumentDefinition ArgumentDefinition(RegoObject o)
    {
        var r = new Reader(o, "ArgumentDefinition", exact: false);
        var a = new GqArgumentDefinition { Description = r.Str("Description"), Name = r.Str("Name"), DefaultValue = r.Node("DefaultValue", Value), Type = r.Node("Type", Type) };
        a.Directives.AddRange(r.List("Directives", Directive));
        r.Skip("Position");
        return a;
    }

    private static GqDirectiveDefinition DirectiveDefinition(RegoObject o)
    {
        var r = new Reader(o, "DirectiveDefinition", exact: false);
        var d = new GqDirectiveDefinition { Description = r.Str("Description"), Name = r.Str("Name"), IsRepeatable = r.Bool("IsRepeatable") };
        d.Arguments.AddRange(r.List("Arguments", ArgumentDefinition));
        d.Locations.AddRange(r.Strings("Locations", "ast.DirectiveLocation"));
        r.Skip("Position");
        return d;
    }

    /// <summary>Reads the fields of one struct from an object.</summary>
    private sealed class Reader
    {
        [ThreadStatic]
        private static int t_depth;

        private readonly RegoObject o;
        private readonly string type;
        private readonly bool exact;

        public Reader(RegoObject o, string type, bool exact)
        {
            this.o = o;
            this.type = type;
            this.exact = exact;
        }

        public static IEnumerable<RegoValue> Items(RegoValue v, string where) => v switch
        {
            RegoArray a => a.Items.ToArray(),
            RegoSet s => s,
            _ => throw Mismatch(v, where, "[]"),
        };

        public string Where(string field) => $"{type}.{field}";

        /// <summary>The value of a field: the key spelled exactly, else (for Go's default decoding) ignoring case; null counts as absent.</summary>
        public RegoValue? Get(string field)
        {
            var v = o.Get(field);
            if (v is null && !exact)
            {
                foreach (var (key, value) in o)
                {
                    if (key is RegoString s && string.Equals(s.Value, field, StringComparison.OrdinalIgnoreCase))
                    {
                        v = value;
                        break;
                    }
                }
            }

            return v is RegoNull ? null : v;
        }

        public string Str(string field) => Get(field) switch
        {
            null => string.Empty,
            RegoString s => s.Value,
            var v => throw Mismatch(v, Where(field), "string"),
        };

        public bool Bool(string field) => Get(field) switch
        {
            null => false,
            RegoBoolean b => b.Value,
            var v => throw Mismatch(v, Where(field), "bool"),
        };

        public int Int(string field, string goType) => Get(field) switch
        {
            null => 0,
            RegoNumber n when n.IsInteger && n.TryGetInt32(out var i) => i,
            var v => throw Mismatch(v, Where(field), goType),
        };

        public T? Node<T>(string field, Func<RegoObject, T> decode)
            where T : class => Get(field) switch
            {
                null => null,
                RegoObject child => Nested(() => decode(child)),
                var v => throw Mismatch(v, Where(field), "ast." + field),
            };

        /// <summary>Decodes a nested node, refusing trees deeper than any GraphQL document the parser accepts.</summary>
        public static T Nested<T>(Func<T> decode)
        {
            try
            {
                return ++t_depth > 500 ? throw new GraphQlSyntaxException(TooDeep) : decode();
            }
            finally
            {
                t_depth--;
            }
        }

        public List<T> List<T>(string field, Func<RegoObject, T> decode)
        {
            var list = new List<T>();
            if (Get(field) is { } v)
            {
                foreach (var item in Items(v, Where(field)))
                {
                    switch (item)
                    {
                        case RegoNull:
                            break;
                        case RegoObject child:
                            list.Add(Nested(() => decode(child)));
                            break;
                        default:
                            throw Mismatch(item, Where(field), "ast." + typeof(T).Name[2..]);
                    }
                }
            }

            return list;
        }

        public List<string> Strings(string field, string goType = "string")
        {
            var list = new List<string>();
            if (Get(field) is { } v)
            {
                foreach (var item in Items(v, Where(field)))
                {
                    list.Add(item switch
                    {
                        RegoNull => string.Empty,
                        RegoString s => s.Value,
                        _ => throw Mismatch(item, Where(field), goType),
                    });
                }
            }

            return list;
        }

        /// <summary>Checks fields the AST does not keep (positions, definitions filled in by validation): an object or null.</summary>
        public void Skip(params ReadOnlySpan<string> fields)
        {
            foreach (var field in fields)
            {
                if (Get(field) is { } v and not RegoObject)
                {
                    throw Mismatch(v, Where(field), "ast." + field);
                }
            }
        }

        private static GraphQlSyntaxException Mismatch(RegoValue v, string where, string goType)
        {
            var json = v switch
            {
                RegoString => "string",
                RegoNumber => "number",
                RegoBoolean => "bool",
                RegoObject => "object",
                _ => "array",
            };
            return new GraphQlSyntaxException($"json: cannot unmarshal {json} into Go struct field {where} of type {goType}");
        }
    }
}
