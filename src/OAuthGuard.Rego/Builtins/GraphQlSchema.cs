namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// A GraphQL schema built the way OPA's GraphQL library builds one: the document is merged after the built-in
/// definitions (scalars, <c>@include</c>/<c>@skip</c>/<c>@deprecated</c>/<c>@specifiedBy</c> and the introspection
/// types), extensions are applied (extending a type that is not defined defines it), then every type and directive is
/// checked in name order and the first failure is reported, with gqlparser's wording and position. Root types are
/// the <c>schema</c> block's, or <c>Query</c>/<c>Mutation</c>/<c>Subscription</c> when there is none; a schema
/// without a query type is valid; the query type gets the <c>__schema</c> and <c>__type</c> fields.
/// </summary>
internal sealed partial class GqlSchema
{
    /// <summary>The built-in definitions, parsed once; <see cref="Load(GqSchemaDocument)"/> copies what it changes.</summary>
    private static readonly Lazy<GqSchemaDocument> Prelude = new(() => GqParser.ParseSchema(PreludeSdl));

    private readonly Dictionary<string, List<GqDefinition?>> _possible = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GqDefinition> _defs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, GqDirectiveDefinition> _dirs = new(StringComparer.Ordinal);

    private GqlSchema()
    {
    }

    public Dictionary<string, GqlTypeDef> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, GqlDirectiveDef> Directives { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Roots { get; } = new(StringComparer.Ordinal);

    /// <summary>Builds and checks a schema from SDL.</summary>
    /// <exception cref="GraphQlSyntaxException">The SDL does not parse or the schema is invalid.</exception>
    public static GqlSchema Load(string sdl) => Load(GqParser.ParseSchema(sdl));

    /// <summary>Builds and checks a schema from its document (the document is not changed).</summary>
    /// <exception cref="GraphQlSyntaxException">The schema is invalid.</exception>
    public static GqlSchema Load(GqSchemaDocument doc)
    {
        var prelude = Prelude.Value;
        var schema = new GqlSchema();
        var defs = new List<GqDefinition>();
        foreach (var def in prelude.Definitions.Select(d => Copy(d, builtIn: true)).Concat(doc.Definitions.Select(d => Copy(d, d.BuiltIn))))
        {
            if (!schema._defs.TryAdd(def.Name, def))
            {
                throw new GraphQlSyntaxException($"Cannot redeclare type {def.Name}.", def.Pos);
            }

            defs.Add(def);
        }

        foreach (var ext in doc.Extensions)
        {
            if (!schema._defs.TryGetValue(ext.Name, out var def))
            {
                def = new GqDefinition { Kind = ext.Kind, Name = ext.Name, Pos = ext.Pos };
                schema._defs[ext.Name] = def;
                defs.Add(def);
            }

            if (def.Kind != ext.Kind)
            {
                throw new GraphQlSyntaxException($"Cannot extend type {ext.Name} because the base type is a {def.Kind}, not {ext.Kind}.", ext.Pos);
            }

            def.Directives.AddRange(ext.Directives);
            def.Interfaces.AddRange(ext.Interfaces);
            def.Fields.AddRange(ext.Fields);
            def.Types.AddRange(ext.Types);
            def.EnumValues.AddRange(ext.EnumValues);
        }

        foreach (var def in defs)
        {
            switch (def.Kind)
            {
                case "UNION":
                    def.Types.ForEach(t => schema.AddPossible(def.Name, schema._defs.GetValueOrDefault(t)));
                    break;
                case "INPUT_OBJECT" or "OBJECT":
                    def.Interfaces.ForEach(i => schema.AddPossible(i, def));
                    schema.AddPossible(def.Name, def);
                    break;
                case "INTERFACE":
                    def.Interfaces.ForEach(i => schema.AddPossible(i, def));
                    break;
            }
        }

        foreach (var dir in prelude.Directives.Concat(doc.Directives))
        {
            if (schema._dirs.ContainsKey(dir.Name))
            {
                if (dir.Name is "include" or "skip" or "deprecated" or "specifiedBy")
                {
                    continue; // a schema may restate a built-in directive; the first one stays
                }

                throw new GraphQlSyntaxException($"Cannot redeclare directive {dir.Name}.", dir.Pos);
            }

            schema._dirs[dir.Name] = dir;
        }

        if (doc.Schema.Count > 1)
        {
            throw new GraphQlSyntaxException("Cannot have multiple schema entry points, consider schema extensions instead.", doc.Schema[1].Pos);
        }

        foreach (var entry in doc.Schema.Take(1).Concat(doc.SchemaExtension).SelectMany(s => s.OperationTypes))
        {
            if (!schema._defs.ContainsKey(entry.Type))
            {
                throw new GraphQlSyntaxException($"Schema root {entry.Operation} refers to a type {entry.Type} that does not exist.", entry.Pos);
            }

            if (entry.Operation is "query" or "mutation" or "subscription")
            {
                schema.Roots[entry.Operation] = entry.Type;
            }
        }

        foreach (var name in schema._defs.Keys.Order(StringComparer.Ordinal))
        {
            schema.CheckDefinition(schema._defs[name]);
        }

        foreach (var name in schema._dirs.Keys.Order(StringComparer.Ordinal))
        {
            var dir = schema._dirs[name];
            CheckName(dir.Pos, dir.Name);
            schema.CheckArguments(dir.Arguments, dir);
        }

        if (doc.Schema.Count == 0)
        {
            foreach (var (operation, type) in new[] { ("query", "Query"), ("mutation", "Mutation"), ("subscription", "Subscription") })
            {
                if (!schema.Roots.ContainsKey(operation) && schema._defs.ContainsKey(type))
                {
                    schema.Roots[operation] = type;
                }
            }
        }

        schema.Build();
        return schema;
    }

    /// <summary>The types an object of the named type can be (gqlparser's possible types: an object itself, the members of a union, the types that implement an interface).</summary>
    public List<string> PossibleTypes(string name) =>
        _possible.TryGetValue(name, out var list) ? [.. list.Where(d => d is not null).Select(d => d!.Name)] : [];

    /// <summary>Whether a type can be used for arguments, variables and input fields.</summary>
    public bool IsInputType(string name) =>
        Types.TryGetValue(name, out var t) && t.Kind is "SCALAR" or "ENUM" or "INPUT_OBJECT";

    private static GqDefinition Copy(GqDefinition d, bool builtIn)
    {
        var copy = new GqDefinition { Kind = d.Kind, Description = d.Description, Name = d.Name, Pos = d.Pos, BuiltIn = builtIn };
        copy.Directives.AddRange(d.Directives);
        copy.Interfaces.AddRange(d.Interfaces);
        copy.Fields.AddRange(d.Fields);
        copy.Types.AddRange(d.Types);
        copy.EnumValues.AddRange(d.EnumValues);
        return copy;
    }

    private void AddPossible(string name, GqDefinition? def)
    {
        if (!_possible.TryGetValue(name, out var list))
        {
            _possible[name] = list = [];
        }

        list.Add(def);
    }

    private static void CheckName(GqPos pos, string name)
    {
        if (name.StartsWith("__", StringComparison.Ordinal))
        {
            throw new GraphQlSyntaxException($"Name \"{name}\" must not begin with \"__\", which is reserved by GraphQL introspection.", pos);
        }
    }

    private static string TypeName(GqType? t) => t?.Name ?? string.Empty;

    private void CheckTypeRef(GqType? type)
    {
        if (!_defs.ContainsKey(TypeName(type)))
        {
            throw new GraphQlSyntaxException($"Undefined type {TypeName(type)}.", type?.Pos ?? GqPos.None);
        }
    }

    private void CheckDefinition(GqDefinition def)
    {
        foreach (var field in def.Fields)
        {
            CheckName(field.Pos, field.Name);
            CheckTypeRef(field.Type);
            CheckArguments(field.Arguments, null);
            CheckDirectives(field.Directives, def.Kind == "INPUT_OBJECT" ? "INPUT_FIELD_DEFINITION" : "FIELD_DEFINITION", null);
        }

        foreach (var member in def.Types)
        {
            if (!_defs.TryGetValue(member, out var m))
            {
                throw new GraphQlSyntaxException($"Undefined type {Sprintf.GoQuote(member)}.", def.Pos);
            }

            if (m.Kind != "OBJECT")
            {
                throw new GraphQlSyntaxException($"{def.Kind} type {Sprintf.GoQuote(member)} must be OBJECT.", def.Pos);
            }
        }

        foreach (var name in def.Interfaces)
        {
            CheckImplements(def, name);
        }

        switch (def.Kind)
        {
            case "OBJECT" or "INTERFACE":
                if (def.Fields.Count == 0)
                {
                    throw new GraphQlSyntaxException($"{def.Kind} {def.Name}: must define one or more fields.", def.Pos);
                }

                foreach (var field in def.Fields)
                {
                    if (_defs.TryGetValue(TypeName(field.Type), out var t) && t.Kind == "INPUT_OBJECT")
                    {
                        throw new GraphQlSyntaxException($"{def.Kind} {def.Name}: field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.", field.Pos);
                    }
                }

                break;
            case "ENUM":
                if (def.EnumValues.Count == 0)
                {
                    throw new GraphQlSyntaxException($"{def.Kind} {def.Name}: must define one or more unique enum values.", def.Pos);
                }

                if (def.EnumValues.FirstOrDefault(v => v.Name is "true" or "false" or "null") is { } bad)
                {
                    throw new GraphQlSyntaxException($"{def.Kind} {def.Name}: non-enum value {bad.Name}.", def.Pos);
                }

                break;
            case "INPUT_OBJECT":
                if (def.Fields.Count == 0)
                {
                    throw new GraphQlSyntaxException($"{def.Kind} {def.Name}: must define one or more input fields.", def.Pos);
                }

                foreach (var field in def.Fields)
                {
                    if (_defs.TryGetValue(TypeName(field.Type), out var t) && t.Kind is not ("SCALAR" or "ENUM" or "INPUT_OBJECT"))
                    {
                        throw new GraphQlSyntaxException($"{t.Kind} {field.Name}: field must be one of SCALAR, ENUM, INPUT_OBJECT.", field.Pos);
                    }
                }

                break;
        }

        for (var i = 0; i < def.Fields.Count; i++)
        {
            for (var j = i + 1; j < def.Fields.Count; j++)
            {
                if (def.Fields[i].Name == def.Fields[j].Name)
                {
                    throw new GraphQlSyntaxException($"Field {def.Name}.{def.Fields[j].Name} can only be defined once.", def.Fields[j].Pos);
                }
            }
        }

        if (!def.BuiltIn)
        {
            CheckName(def.Pos, def.Name);
        }

        CheckDirectives(def.Directives, def.Kind, null);
    }

    private void CheckArguments(List<GqArgumentDefinition> args, GqDirectiveDefinition? current)
    {
        foreach (var arg in args)
        {
            CheckName(arg.Pos, arg.Name);
            CheckTypeRef(arg.Type);
            var def = _defs[TypeName(arg.Type)];
            if (def.Kind is not ("SCALAR" or "ENUM" or "INPUT_OBJECT"))
            {
                throw new GraphQlSyntaxException($"cannot use {arg.Type} as argument {arg.Name} because {def.Kind} is not a valid input type", arg.Pos);
            }

            CheckDirectives(arg.Directives, "ARGUMENT_DEFINITION", current);
        }
    }

    private void CheckDirectives(List<GqDirective> dirs, string location, GqDirectiveDefinition? current)
    {
        foreach (var dir in dirs)
        {
            CheckName(dir.Pos, dir.Name);
            if (current is not null && dir.Name == current.Name)
            {
                throw new GraphQlSyntaxException($"Directive {current.Name} cannot refer to itself.", dir.Pos);
            }

            if (!_dirs.TryGetValue(dir.Name, out var def))
            {
                throw new GraphQlSyntaxException($"Undefined directive {dir.Name}.", dir.Pos);
            }

            if (!def.Locations.Contains(location))
            {
                throw new GraphQlSyntaxException($"Directive {dir.Name} is not applicable on {location}.", dir.Pos);
            }
        }
    }
}
