namespace OAuthGuard.Rego.Builtins;

/// <summary>Interface checks, the built-in definitions, and the tables the query validator reads.</summary>
internal sealed partial class GqlSchema
{
    /// <summary>The definitions every schema starts with (gqlparser's prelude, without its descriptions).</summary>
    private const string PreludeSdl = """
        scalar Int
        scalar Float
        scalar String
        scalar Boolean
        scalar ID
        directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
        directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
        directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
        directive @specifiedBy(url: String!) on SCALAR
        type __Schema {
          description: String
          types: [__Type!]!
          queryType: __Type!
          mutationType: __Type
          subscriptionType: __Type
          directives: [__Directive!]!
        }
        type __Type {
          kind: __TypeKind!
          name: String
          description: String
          fields(includeDeprecated: Boolean = false): [__Field!]
          interfaces: [__Type!]
          possibleTypes: [__Type!]
          enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
          inputFields: [__InputValue!]
          ofType: __Type
          specifiedByURL: String
        }
        type __Field {
          name: String!
          description: String
          args: [__InputValue!]!
          type: __Type!
          isDeprecated: Boolean!
          deprecationReason: String
        }
        type __InputValue {
          name: String!
          description: String
          type: __Type!
          defaultValue: String
        }
        type __EnumValue {
          name: String!
          description: String
          isDeprecated: Boolean!
          deprecationReason: String
        }
        enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
        type __Directive {
          name: String!
          description: String
          locations: [__DirectiveLocation!]!
          args: [__InputValue!]!
          isRepeatable: Boolean!
        }
        enum __DirectiveLocation {
          QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT VARIABLE_DEFINITION
          SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE UNION ENUM ENUM_VALUE INPUT_OBJECT
          INPUT_FIELD_DEFINITION
        }
        """;

    /// <summary>Converts a type reference to the validator's form.</summary>
    public static GqlTypeRef Ref(GqType? t) => t is null
        ? new GqlTypeRef(string.Empty, null, false)
        : t.NamedType.Length > 0 || t.Elem is null
            ? new GqlTypeRef(t.NamedType, null, t.NonNull)
            : new GqlTypeRef(null, Ref(t.Elem), t.NonNull);

    private void CheckImplements(GqDefinition def, string name)
    {
        if (!_defs.TryGetValue(name, out var intf))
        {
            throw new GraphQlSyntaxException($"Undefined type {Sprintf.GoQuote(name)}.", def.Pos);
        }

        if (intf.Kind != "INTERFACE")
        {
            throw new GraphQlSyntaxException($"{Sprintf.GoQuote(name)} is a non interface type {intf.Kind}.", def.Pos);
        }

        foreach (var required in intf.Fields)
        {
            var found = def.Fields.FirstOrDefault(f => f.Name == required.Name)
                ?? throw new GraphQlSyntaxException($"For {def.Name} to implement {intf.Name} it must have a field called {required.Name}.", def.Pos);
            if (!Covariant(required.Type, found.Type))
            {
                throw new GraphQlSyntaxException($"For {def.Name} to implement {intf.Name} the field {required.Name} must have type {required.Type}.", found.Pos);
            }

            foreach (var requiredArg in required.Arguments)
            {
                var foundArg = found.Arguments.FirstOrDefault(a => a.Name == requiredArg.Name)
                    ?? throw new GraphQlSyntaxException($"For {def.Name} to implement {intf.Name} the field {required.Name} must have the same arguments but it is missing {requiredArg.Name}.", found.Pos);
                if (!Compatible(requiredArg.Type, foundArg.Type))
                {
                    throw new GraphQlSyntaxException($"For {def.Name} to implement {intf.Name} the field {required.Name} must have the same arguments but {requiredArg.Name} has the wrong type.", foundArg.Pos);
                }
            }

            foreach (var extra in found.Arguments)
            {
                if (!required.Arguments.Any(a => a.Name == extra.Name) && extra.Type?.NonNull == true && extra.DefaultValue is null)
                {
                    throw new GraphQlSyntaxException($"For {def.Name} to implement {intf.Name} any additional arguments on {found.Name} must be optional or have a default value but {extra.Name} is required.", extra.Pos);
                }
            }
        }

        foreach (var transitive in intf.Interfaces)
        {
            if (!def.Interfaces.Contains(transitive))
            {
                throw new GraphQlSyntaxException(
                    transitive == def.Name
                        ? $"Type {def.Name} cannot implement {name} because it would create a circular reference."
                        : $"Type {def.Name} must implement {transitive} because it is implemented by {name}.",
                    def.Pos);
            }
        }
    }

    private bool Covariant(GqType? required, GqType? actual)
    {
        if (required is null || actual is null)
        {
            return required is null && actual is null;
        }

        if (required.NonNull && !actual.NonNull)
        {
            return false;
        }

        if (required.NamedType.Length > 0)
        {
            return required.NamedType == actual.NamedType
                || (_possible.TryGetValue(required.NamedType, out var possible) && possible.Any(p => p?.Name == actual.NamedType));
        }

        return (required.Elem is null || actual.Elem is not null) && Covariant(required.Elem, actual.Elem);
    }

    /// <summary>gqlparser's <c>Type.IsCompatible</c>.</summary>
    private static bool Compatible(GqType? t, GqType? other)
    {
        if (t is null || other is null)
        {
            return t is null && other is null;
        }

        if (t.NamedType != other.NamedType || (t.Elem is not null && other.Elem is null))
        {
            return false;
        }

        if (t.Elem is not null && !Compatible(t.Elem, other.Elem))
        {
            return false;
        }

        return !other.NonNull || t.NonNull;
    }

    private static GqlValue? Value(GqValue? v) => v is null ? null : GqlMapping.Value(v);

    private static List<GqlInputDef> Inputs(IEnumerable<GqArgumentDefinition> args) =>
        [.. args.Select(a => new GqlInputDef(a.Name, Ref(a.Type), Value(a.DefaultValue)))];

    /// <summary>Fills the tables the query validator reads.</summary>
    private void Build()
    {
        foreach (var (name, def) in _defs)
        {
            var t = new GqlTypeDef(def.Kind, name);
            t.Interfaces.AddRange(def.Interfaces);
            t.Members.AddRange(def.Types);
            t.EnumValues.AddRange(def.EnumValues.Select(e => e.Name));
            if (def.Kind == "INPUT_OBJECT")
            {
                t.InputFields.AddRange(def.Fields.Select(f => new GqlInputDef(f.Name, Ref(f.Type), Value(f.DefaultValue))));
            }
            else
            {
                t.Fields.AddRange(def.Fields.Select(f => new GqlFieldDef(f.Name, Inputs(f.Arguments), Ref(f.Type))));
            }

            Types[name] = t;
        }

        if (Roots.TryGetValue("query", out var query))
        {
            Types[query].Fields.Add(new GqlFieldDef("__schema", [], new GqlTypeRef("__Schema", null, true)));
            Types[query].Fields.Add(new GqlFieldDef("__type", [new GqlInputDef("name", new GqlTypeRef("String", null, true), null)], new GqlTypeRef("__Type", null, false)));
        }

        foreach (var (name, dir) in _dirs)
        {
            Directives[name] = new GqlDirectiveDef(name, Inputs(dir.Arguments), [.. dir.Locations], dir.IsRepeatable);
        }
    }
}
