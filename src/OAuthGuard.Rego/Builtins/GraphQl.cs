using System.Globalization;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// The <c>graphql.*</c> builtins, as OPA v1.4.2 implements them on its GraphQL library (gqlparser): a parser that
/// reproduces gqlparser's grammar, tree and messages (<see cref="GqParser"/>), the tree as OPA returns it
/// (<see cref="GqNode.ToRego"/>: Go field names, no positions, no nulls or empty lists), AST objects accepted back
/// (<see cref="GqDecode"/>), the schema checks (<see cref="GqlSchema"/>) and the query rules (<see cref="GqlValidator"/>).
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#graphql.</remarks>
internal static class GraphQl
{
    private const string AnyObject = "object[any: any]";

    /// <summary>Registers the GraphQL builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("graphql", "graphql.is_valid(query: string|object[any: any], schema: string|object[any: any]) => boolean", "Tests whether a GraphQL query parses and is valid against a GraphQL schema.", (_, a) =>
            RegoBoolean.From(IsValid(a[0], a[1])));
        b.Add("graphql", "graphql.schema_is_valid(schema: string|object[any: any]) => boolean", "Tests whether a GraphQL schema (SDL) parses and is valid.", (_, a) =>
            RegoBoolean.From(SchemaIsValid(a[0])));
        b.Add("graphql", $"graphql.parse(query: string|{AnyObject}, schema: string|{AnyObject}) => array[{AnyObject}, {AnyObject}]", "Returns AST objects for a GraphQL query and schema after validating the query against the schema.", (_, a) =>
            Parse(a));
        b.Add("graphql", $"graphql.parse_and_verify(query: string|{AnyObject}, schema: string|{AnyObject}) => array[boolean, {AnyObject}, {AnyObject}]", "Returns a boolean telling whether a GraphQL query is valid against a schema, with the AST objects of both when it is.", (_, a) =>
            ParseAndVerify(a[0], a[1]));
        b.Add("graphql", $"graphql.parse_query(query: string) => {AnyObject}", "Returns the AST object of a GraphQL query.", (_, a) =>
            ParseQuery(Operands.String(a, 0)).ToRego());
        b.Add("graphql", $"graphql.parse_schema(schema: string) => {AnyObject}", "Returns the AST object of a GraphQL schema.", (_, a) =>
            ParseSchema(Operands.String(a, 0)).ToRego());
    }

    /// <summary>Whether the query parses and validates against the schema (false when anything fails).</summary>
    internal static bool IsValid(RegoValue query, RegoValue schema)
    {
        try
        {
            var q = QueryOperand(query, 0, lenient: true);
            var s = GqlSchema.Load(SchemaOperand(schema, 1, lenient: true));
            new GqlValidator(s, GqlMapping.Document(q)).Validate();
            return true;
        }
        catch (Exception e) when (e is GraphQlSyntaxException or OperandException)
        {
            return false;
        }
    }

    /// <summary>Whether the schema parses and loads.</summary>
    internal static bool SchemaIsValid(RegoValue schema)
    {
        try
        {
            _ = GqlSchema.Load(SchemaOperand(schema, 0, lenient: true));
            return true;
        }
        catch (Exception e) when (e is GraphQlSyntaxException or OperandException)
        {
            return false;
        }
    }

    private static RegoArray Parse(ReadOnlySpan<RegoValue> a)
    {
        try
        {
            var query = QueryOperand(a[0], 0, lenient: false);
            var schemaDoc = SchemaOperand(a[1], 1, lenient: false);
            var queryAst = query.ToRego();
            var schemaAst = schemaDoc.ToRego();
            GqlSchema schema;
            try
            {
                schema = GqlSchema.Load(schemaDoc);
            }
            catch (GraphQlSyntaxException e)
            {
                throw new BuiltinException("Error in gqlparser SchemaDocument to Schema conversion: input" + Location(e.Pos) + ": " + e.Message);
            }

            Validate(schema, query);
            return RegoArray.Create(queryAst, schemaAst);
        }
        catch (GraphQlSyntaxException e)
        {
            throw Located(e);
        }
    }

    private static RegoArray ParseAndVerify(RegoValue query, RegoValue schema)
    {
        try
        {
            var q = QueryOperand(query, 0, lenient: true);
            var s = SchemaOperand(schema, 1, lenient: true);
            var queryAst = q.ToRego();
            var schemaAst = s.ToRego();
            new GqlValidator(GqlSchema.Load(s), GqlMapping.Document(q)).Validate();
            return RegoArray.Create(RegoBoolean.True, queryAst, schemaAst);
        }
        catch (Exception e) when (e is GraphQlSyntaxException or OperandException)
        {
            return RegoArray.Create(RegoBoolean.False, RegoObject.Empty, RegoObject.Empty);
        }
    }

    /// <summary>
    /// Validates, reporting the failure as OPA words it: OPA takes gqlparser's error list text (each error as
    /// <c>input:LINE:COL: message</c> and a line break), keeps what follows the first location and trims one final
    /// <c>.</c> and line break, so a message that does not end with a period keeps its line break.
    /// </summary>
    private static void Validate(GqlSchema schema, GqQueryDocument query)
    {
        try
        {
            new GqlValidator(schema, GqlMapping.Document(query)).Validate();
        }
        catch (GraphQlSyntaxException e)
        {
            var message = e.Message.EndsWith('.') ? e.Message[..^1] : e.Message + "\n";
            throw new BuiltinException(e.Pos.Known ? $"{message} in GraphQL query string at location {Pos(e.Pos)}" : $"{message} in GraphQL query string");
        }
    }

    private static GqQueryDocument ParseQuery(string text)
    {
        try
        {
            return GqParser.ParseQuery(text);
        }
        catch (GraphQlSyntaxException e)
        {
            throw Located(e);
        }
    }

    private static GqSchemaDocument ParseSchema(string text)
    {
        try
        {
            return GqParser.ParseSchema(text);
        }
        catch (GraphQlSyntaxException e)
        {
            throw Located(e);
        }
    }

    /// <summary>A syntax error as OPA words it; an AST object that does not decode keeps the decoder's message.</summary>
    private static BuiltinException Located(GraphQlSyntaxException e) =>
        new(e.Pos.Known ? $"{e.Message} in GraphQL string at location {Pos(e.Pos)}" : e.Message);

    /// <summary>A query operand: GraphQL text or an AST object. Other types are a type error, or (lenient) just a failure.</summary>
    private static GqQueryDocument QueryOperand(RegoValue v, int index, bool lenient) => v switch
    {
        RegoString s => GqParser.ParseQuery(s.Value),
        RegoObject o => GqDecode.Query(o),
        _ when lenient => throw new GraphQlSyntaxException("not a query"),
        _ => throw Operands.TypeError(index, v, "string", "object"),
    };

    private static GqSchemaDocument SchemaOperand(RegoValue v, int index, bool lenient) => v switch
    {
        RegoString s => GqParser.ParseSchema(s.Value),
        RegoObject o => GqDecode.Schema(o),
        _ when lenient => throw new GraphQlSyntaxException("not a schema"),
        _ => throw Operands.TypeError(index, v, "string", "object"),
    };

    private static string Pos(GqPos p) => string.Create(CultureInfo.InvariantCulture, $"{p.Line}:{p.Column}");

    private static string Location(GqPos p) => p.Known ? ":" + Pos(p) : string.Empty;
}
