using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// <c>graphql.is_valid</c> and <c>graphql.schema_is_valid</c>: a GraphQL parser (<see cref="GqlParser"/>), a schema
/// loader (<see cref="GqlSchema"/>) and the query validation rules below. The four builtins that return the AST
/// (<c>graphql.parse*</c>) are not implemented: their output must match another library's AST JSON field for field.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#graphql.</remarks>
internal static class GraphQl
{
    /// <summary>Registers the GraphQL builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("graphql", "graphql.is_valid(query: string|object[any: any], schema: string|object[any: any]) => boolean", "Tests whether a GraphQL query parses and is valid against a GraphQL schema.", (_, a) =>
            RegoBoolean.From(IsValid(Text(a, 0), Text(a, 1))));
        b.Add("graphql", "graphql.schema_is_valid(schema: string|object[any: any]) => boolean", "Tests whether a GraphQL schema (SDL) parses and is valid.", (_, a) =>
            RegoBoolean.From(SchemaIsValid(Text(a, 0))));
    }

    /// <summary>Whether the query parses and validates against the schema (false when the schema is invalid).</summary>
    internal static bool IsValid(string query, string schema)
    {
        try
        {
            var s = GqlSchema.Load(schema);
            var doc = GqlParser.ParseQuery(query);
            new GqlValidator(s, doc).Validate();
            return true;
        }
        catch (GraphQlSyntaxException)
        {
            return false;
        }
    }

    /// <summary>Whether the schema parses and loads.</summary>
    internal static bool SchemaIsValid(string schema)
    {
        try
        {
            _ = GqlSchema.Load(schema);
            return true;
        }
        catch (GraphQlSyntaxException)
        {
            return false;
        }
    }

    /// <summary>The operand as text; OPA also takes an AST object, which needs the AST shape this engine does not produce.</summary>
    private static string Text(ReadOnlySpan<RegoValue> a, int index) => a[index] switch
    {
        RegoString s => s.Value,
        RegoObject => throw new BuiltinException("GraphQL AST objects as operands are not supported; pass the GraphQL text"),
        _ => throw Operands.TypeError(index, a[index], "string", "object"),
    };
}
