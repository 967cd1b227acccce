namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// A GraphQL schema built from SDL with the built-in scalars and directives added, checked the way a schema loader
/// checks one: every name defined once and not reserved, types that exist and are of the right kind (output types
/// for fields, input types for arguments and input fields), objects and interfaces with fields, union members that
/// are objects, enums with values, implemented interfaces that exist, are interfaces and whose fields the type has,
/// and root operation types that are objects.
/// </summary>
internal sealed class GqlSchema
{
    private static readonly string[] BuiltinScalars = ["Int", "Float", "String", "Boolean", "ID"];

    private GqlSchema()
    {
    }

    public Dictionary<string, GqlTypeDef> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, GqlDirectiveDef> Directives { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Roots { get; } = new(StringComparer.Ordinal);

    /// <summary>Builds and checks a schema.</summary>
    /// <exception cref="GraphQlSyntaxException">The SDL does not parse or the schema is invalid.</exception>
    public static GqlSchema Load(string sdl)
    {
        var doc = GqlParser.ParseSchema(sdl);
        var schema = new GqlSchema();
        foreach (var name in BuiltinScalars)
        {
            schema.Types[name] = new GqlTypeDef("SCALAR", name, extension: false);
        }

        var boolean = new GqlTypeRef("Boolean", null, true);
        schema.Directives["skip"] = new GqlDirectiveDef("skip", [new GqlInputDef("if", boolean, null)], ["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"]);
        schema.Directives["include"] = new GqlDirectiveDef("include", [new GqlInputDef("if", boolean, null)], ["FIELD", "FRAGMENT_SPREAD", "INLINE_FRAGMENT"]);
        schema.Directives["deprecated"] = new GqlDirectiveDef("deprecated", [new GqlInputDef("reason", new GqlTypeRef("String", null, false), null)], ["FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "ENUM_VALUE"]);
        schema.Directives["specifiedBy"] = new GqlDirectiveDef("specifiedBy", [new GqlInputDef("url", new GqlTypeRef("String", null, true), null)], ["SCALAR"]);

        foreach (var def in doc.Types.Where(t => !t.Extension))
        {
            if (def.Name.StartsWith("__", StringComparison.Ordinal))
            {
                throw new GraphQlSyntaxException($"Name \"{def.Name}\" must not begin with \"__\", which is reserved by GraphQL introspection.");
            }

            if (schema.Types.ContainsKey(def.Name) && !BuiltinScalars.Contains(def.Name))
            {
                throw new GraphQlSyntaxException($"Cannot redeclare type {def.Name}.");
            }

            schema.Types[def.Name] = def;
        }

        foreach (var ext in doc.Types.Where(t => t.Extension))
        {
            // Like gqlparser, extending a type that is not defined defines it.
            if (!schema.Types.TryGetValue(ext.Name, out var target))
            {
                if (ext.Name.StartsWith("__", StringComparison.Ordinal))
                {
                    throw new GraphQlSyntaxException($"Name \"{ext.Name}\" must not begin with \"__\", which is reserved by GraphQL introspection.");
                }

                target = new GqlTypeDef(ext.Kind, ext.Name, extension: false);
                schema.Types[ext.Name] = target;
            }
            else if (target.Kind != ext.Kind)
            {
                throw new GraphQlSyntaxException($"Cannot extend type {ext.Name} because the base type is a {target.Kind}, not {ext.Kind}.");
            }

            target.Interfaces.AddRange(ext.Interfaces);
            target.Fields.AddRange(ext.Fields);
            target.InputFields.AddRange(ext.InputFields);
            target.Members.AddRange(ext.Members);
            target.EnumValues.AddRange(ext.EnumValues);
        }

        foreach (var d in doc.DirectiveDefs)
        {
            if (schema.Directives.ContainsKey(d.Name) && d.Name is not ("skip" or "include" or "deprecated" or "specifiedBy"))
            {
                throw new GraphQlSyntaxException($"Cannot redeclare directive {d.Name}.");
            }

            foreach (var arg in d.Arguments)
            {
                schema.RequireInputType(arg.Type, $"{d.Name}.{arg.Name}");
            }

            schema.Directives[d.Name] = d;
        }

        if (doc.SchemaDefinitions > 1)
        {
            throw new GraphQlSyntaxException("Cannot have multiple schema entry points, consider schema extensions instead.");
        }

        foreach (var (operation, type) in doc.RootTypes)
        {
            schema.Roots[operation] = type;
        }

        if (doc.SchemaDefinitions == 0 && doc.RootTypes.Count == 0)
        {
            foreach (var (operation, type) in new[] { ("query", "Query"), ("mutation", "Mutation"), ("subscription", "Subscription") })
            {
                if (schema.Types.ContainsKey(type))
                {
                    schema.Roots[operation] = type;
                }
            }
        }

        foreach (var (operation, type) in schema.Roots)
        {
            if (!schema.Types.TryGetValue(type, out var root) || root.Kind != "OBJECT")
            {
                throw new GraphQlSyntaxException($"{operation} root type {type} must be an object type that exists.");
            }
        }

        foreach (var def in schema.Types.Values)
        {
            schema.Check(def);
        }

        return schema;
    }

    /// <summary>Whether a type can be used for arguments, variables and input fields.</summary>
    public bool IsInputType(string name) =>
        Types.TryGetValue(name, out var t) && t.Kind is "SCALAR" or "ENUM" or "INPUT_OBJECT";

    private void Check(GqlTypeDef def)
    {
        switch (def.Kind)
        {
            case "OBJECT" or "INTERFACE":
                if (def.Fields.Count == 0)
                {
                    throw new GraphQlSyntaxException($"{def.Kind} {def.Name}: must define one or more fields.");
                }

                Unique(def.Fields.Select(f => f.Name), $"field of {def.Name}");
                foreach (var field in def.Fields)
                {
                    if (field.Name.StartsWith("__", StringComparison.Ordinal))
                    {
                        throw new GraphQlSyntaxException($"Name \"{field.Name}\" must not begin with \"__\", which is reserved by GraphQL introspection.");
                    }

                    if (!Types.TryGetValue(field.Type.Base, out var fieldType))
                    {
                        throw new GraphQlSyntaxException($"Undefined type {field.Type.Base}.");
                    }

                    if (fieldType.Kind == "INPUT_OBJECT")
                    {
                        throw new GraphQlSyntaxException($"{def.Name}.{field.Name}: OBJECT field must be one of SCALAR, OBJECT, INTERFACE, UNION, ENUM.");
                    }

                    Unique(field.Arguments.Select(a => a.Name), $"argument of {def.Name}.{field.Name}");
                    foreach (var arg in field.Arguments)
                    {
                        RequireInputType(arg.Type, $"{def.Name}.{field.Name}({arg.Name})");
                    }
                }

                foreach (var name in def.Interfaces)
                {
                    if (!Types.TryGetValue(name, out var iface) || iface.Kind != "INTERFACE")
                    {
                        throw new GraphQlSyntaxException($"{def.Name} must only implement interfaces: {name} is not an interface.");
                    }

                    foreach (var inherited in iface.Interfaces)
                    {
                        if (!def.Interfaces.Contains(inherited))
                        {
                            throw new GraphQlSyntaxException($"{def.Name} must implement {inherited} because it is implemented by {name}.");
                        }
                    }

                    foreach (var field in iface.Fields)
                    {
                        if (!def.Fields.Any(f => f.Name == field.Name))
                        {
                            throw new GraphQlSyntaxException($"For {def.Name} to implement {name} it must have a field called {field.Name}.");
                        }
                    }
                }

                break;
            case "UNION":
                if (def.Members.Count == 0)
                {
                    throw new GraphQlSyntaxException($"UNION {def.Name}: must define one or more unique member types.");
                }

                foreach (var member in def.Members)
                {
                    if (!Types.TryGetValue(member, out var m) || m.Kind != "OBJECT")
                    {
                        throw new GraphQlSyntaxException($"UNION type \"{member}\" must be OBJECT.");
                    }
                }

                break;
            case "ENUM":
                if (def.EnumValues.Count == 0)
                {
                    throw new GraphQlSyntaxException($"ENUM {def.Name}: must define one or more unique enum values.");
                }

                Unique(def.EnumValues, $"value of {def.Name}");
                break;
            case "INPUT_OBJECT":
                if (def.InputFields.Count == 0)
                {
                    throw new GraphQlSyntaxException($"INPUT_OBJECT {def.Name}: must define one or more input fields.");
                }

                Unique(def.InputFields.Select(f => f.Name), $"input field of {def.Name}");
                foreach (var f in def.InputFields)
                {
                    RequireInputType(f.Type, $"{def.Name}.{f.Name}");
                }

                break;
        }
    }

    private void RequireInputType(GqlTypeRef type, string where)
    {
        if (!Types.ContainsKey(type.Base))
        {
            throw new GraphQlSyntaxException($"Undefined type {type.Base}.");
        }

        if (!IsInputType(type.Base))
        {
            throw new GraphQlSyntaxException($"{where}: type {type.Base} must be an input type.");
        }
    }

    private static void Unique(IEnumerable<string> names, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            if (!seen.Add(n))
            {
                throw new GraphQlSyntaxException($"Duplicate {what}: {n}.");
            }
        }
    }
}
