namespace OAuthGuard.Rego.Builtins;

/// <summary>The type system half of the gqlparser-compatible parser.</summary>
internal sealed partial class GqParser
{
    private static readonly HashSet<string> Locations = new(StringComparer.Ordinal)
    {
        "QUERY", "MUTATION", "SUBSCRIPTION", "FIELD", "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT",
        "VARIABLE_DEFINITION", "SCHEMA", "SCALAR", "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE",
        "UNION", "ENUM", "ENUM_VALUE", "INPUT_OBJECT", "INPUT_FIELD_DEFINITION",
    };

    private GqSchemaDocument SchemaDocument()
    {
        var doc = new GqSchemaDocument();
        while (Peek().Kind != GqTokKind.Eof)
        {
            var description = Description();
            var tok = Peek();
            if (tok.Kind != GqTokKind.Name)
            {
                throw Unexpected();
            }

            switch (tok.Value)
            {
                case "scalar" or "type" or "interface" or "union" or "enum" or "input":
                    doc.Definitions.Add(TypeDefinition(description));
                    break;
                case "schema":
                    ExpectKeyword("schema");
                    var schema = new GqSchemaDefinition { Pos = PeekPos(), Description = description };
                    schema.Directives.AddRange(Directives(true));
                    Some(GqTokKind.BraceL, GqTokKind.BraceR, () => schema.OperationTypes.Add(OperationTypeDefinition()));
                    doc.Schema.Add(schema);
                    break;
                case "directive":
                    doc.Directives.Add(DirectiveDefinition(description));
                    break;
                case "extend":
                    if (description.Length > 0)
                    {
                        throw Unexpected(_prev);
                    }

                    Extension(doc);
                    break;
                default:
                    throw Unexpected();
            }
        }

        return doc;
    }

    private string Description() => Peek().Kind is GqTokKind.String or GqTokKind.BlockString ? Next().Value : string.Empty;

    private GqOperationType OperationTypeDefinition()
    {
        var op = new GqOperationType { Pos = PeekPos(), Operation = OperationType() };
        Expect(GqTokKind.Colon);
        op.Type = Name();
        return op;
    }

    private GqDefinition TypeDefinition(string description)
    {
        var keyword = Peek().Value;
        ExpectKeyword(keyword);
        var def = new GqDefinition { Pos = PeekPos(), Description = description, Name = Name() };
        switch (keyword)
        {
            case "scalar":
                def.Kind = "SCALAR";
                def.Directives.AddRange(Directives(true));
                break;
            case "type" or "interface":
                def.Kind = keyword == "type" ? "OBJECT" : "INTERFACE";
                def.Interfaces.AddRange(ImplementsInterfaces());
                def.Directives.AddRange(Directives(true));
                def.Fields.AddRange(FieldsDefinition());
                break;
            case "union":
                def.Kind = "UNION";
                def.Directives.AddRange(Directives(true));
                def.Types.AddRange(UnionMembers());
                break;
            case "enum":
                def.Kind = "ENUM";
                def.Directives.AddRange(Directives(true));
                def.EnumValues.AddRange(EnumValues());
                break;
            default:
                def.Kind = "INPUT_OBJECT";
                def.Directives.AddRange(Directives(true));
                def.Fields.AddRange(InputFields());
                break;
        }

        return def;
    }

    private List<string> ImplementsInterfaces()
    {
        var types = new List<string>();
        if (Peek().Value == "implements")
        {
            Next();
            Skip(GqTokKind.Amp);
            types.Add(Name());
            while (Skip(GqTokKind.Amp))
            {
                types.Add(Name());
            }
        }

        return types;
    }

    private List<GqFieldDefinition> FieldsDefinition()
    {
        var fields = new List<GqFieldDefinition>();
        Some(GqTokKind.BraceL, GqTokKind.BraceR, () =>
        {
            var field = new GqFieldDefinition { Pos = PeekPos(), Description = Description(), Name = Name() };
            field.Arguments.AddRange(ArgumentDefinitions());
            Expect(GqTokKind.Colon);
            field.Type = TypeReference();
            field.Directives.AddRange(Directives(true));
            fields.Add(field);
        });
        return fields;
    }

    private List<GqArgumentDefinition> ArgumentDefinitions()
    {
        var args = new List<GqArgumentDefinition>();
        Some(GqTokKind.ParenL, GqTokKind.ParenR, () =>
        {
            var arg = new GqArgumentDefinition { Pos = PeekPos(), Description = Description(), Name = Name() };
            Expect(GqTokKind.Colon);
            arg.Type = TypeReference();
            if (Skip(GqTokKind.Equals))
            {
                arg.DefaultValue = ValueLiteral(true);
            }

            arg.Directives.AddRange(Directives(true));
            args.Add(arg);
        });
        return args;
    }

    private List<GqFieldDefinition> InputFields()
    {
        var fields = new List<GqFieldDefinition>();
        Some(GqTokKind.BraceL, GqTokKind.BraceR, () =>
        {
            var field = new GqFieldDefinition { Pos = PeekPos(), Description = Description(), Name = Name() };
            Expect(GqTokKind.Colon);
            field.Type = TypeReference();
            if (Skip(GqTokKind.Equals))
            {
                field.DefaultValue = ValueLiteral(true);
            }

            field.Directives.AddRange(Directives(true));
            fields.Add(field);
        });
        return fields;
    }

    private List<string> UnionMembers()
    {
        var types = new List<string>();
        if (Skip(GqTokKind.Equals))
        {
            Skip(GqTokKind.Pipe);
            types.Add(Name());
            while (Skip(GqTokKind.Pipe))
            {
                types.Add(Name());
            }
        }

        return types;
    }

    private List<GqEnumValue> EnumValues()
    {
        var values = new List<GqEnumValue>();
        Some(GqTokKind.BraceL, GqTokKind.BraceR, () =>
        {
            var value = new GqEnumValue { Pos = PeekPos(), Description = Description(), Name = Name() };
            value.Directives.AddRange(Directives(true));
            values.Add(value);
        });
        return values;
    }

    private void Extension(GqSchemaDocument doc)
    {
        ExpectKeyword("extend");
        var keyword = Peek().Value;
        if (keyword == "schema")
        {
            ExpectKeyword("schema");
            var ext = new GqSchemaDefinition { Pos = PeekPos() };
            ext.Directives.AddRange(Directives(true));
            Some(GqTokKind.BraceL, GqTokKind.BraceR, () => ext.OperationTypes.Add(OperationTypeDefinition()));
            if (ext.Directives.Count == 0 && ext.OperationTypes.Count == 0)
            {
                throw Unexpected();
            }

            doc.SchemaExtension.Add(ext);
            return;
        }

        if (keyword is not ("scalar" or "type" or "interface" or "union" or "enum" or "input"))
        {
            throw Unexpected();
        }

        ExpectKeyword(keyword);
        var def = new GqDefinition { Pos = PeekPos(), Name = Name() };
        bool empty;
        switch (keyword)
        {
            case "scalar":
                def.Kind = "SCALAR";
                def.Directives.AddRange(Directives(true));
                empty = def.Directives.Count == 0;
                break;
            case "type":
                def.Kind = "OBJECT";
                def.Interfaces.AddRange(ImplementsInterfaces());
                def.Directives.AddRange(Directives(true));
                def.Fields.AddRange(FieldsDefinition());
                empty = def.Interfaces.Count == 0 && def.Directives.Count == 0 && def.Fields.Count == 0;
                break;
            case "interface":
                // gqlparser's interface extension takes no implements clause.
                def.Kind = "INTERFACE";
                def.Directives.AddRange(Directives(true));
                def.Fields.AddRange(FieldsDefinition());
                empty = def.Directives.Count == 0 && def.Fields.Count == 0;
                break;
            case "union":
                def.Kind = "UNION";
                def.Directives.AddRange(Directives(true));
                def.Types.AddRange(UnionMembers());
                empty = def.Directives.Count == 0 && def.Types.Count == 0;
                break;
            case "enum":
                def.Kind = "ENUM";
                def.Directives.AddRange(Directives(true));
                def.EnumValues.AddRange(EnumValues());
                empty = def.Directives.Count == 0 && def.EnumValues.Count == 0;
                break;
            default:
                def.Kind = "INPUT_OBJECT";
                def.Directives.AddRange(Directives(false));
                def.Fields.AddRange(InputFields());
                empty = def.Directives.Count == 0 && def.Fields.Count == 0;
                break;
        }

        if (empty)
        {
            throw Unexpected();
        }

        doc.Extensions.Add(def);
    }

    private GqDirectiveDefinition DirectiveDefinition(string description)
    {
        ExpectKeyword("directive");
        Expect(GqTokKind.At);
        var def = new GqDirectiveDefinition { Pos = PeekPos(), Description = description, Name = Name() };
        def.Arguments.AddRange(ArgumentDefinitions());
        if (Peek() is { Kind: GqTokKind.Name, Value: "repeatable" })
        {
            def.IsRepeatable = true;
            Next();
        }

        ExpectKeyword("on");
        Skip(GqTokKind.Pipe);
        def.Locations.Add(DirectiveLocation());
        while (Skip(GqTokKind.Pipe))
        {
            def.Locations.Add(DirectiveLocation());
        }

        return def;
    }

    private string DirectiveLocation()
    {
        var tok = Expect(GqTokKind.Name);
        return Locations.Contains(tok.Value) ? tok.Value : throw Unexpected(tok);
    }
}
