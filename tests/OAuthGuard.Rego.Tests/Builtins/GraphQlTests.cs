using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Values;
using static OAuthGuard.Rego.Tests.Builtins.BuiltinHarness;

namespace OAuthGuard.Rego.Tests.Builtins;

/// <summary>graphql.is_valid and graphql.schema_is_valid: the parser, the schema loader and the query rules.</summary>
public sealed class GraphQlTests
{
    private const string Schema = """
        "Shop"
        type Query { product(sku: String!): Product, products(limit: Int = 10, sort: Sort): [Product!]! }
        type Product implements Node { id: ID!, name: String, price(currency: Currency = EUR): Float, related: [Product] }
        interface Node { id: ID! }
        enum Currency { EUR USD }
        input Sort { field: String!, desc: Boolean }
        """;

    private static bool Valid(string query) =>
        ((RegoBoolean)Call("graphql.is_valid", new RegoString(query), new RegoString(Schema))!).Value;

    private static bool SchemaValid(string sdl) =>
        ((RegoBoolean)Call("graphql.schema_is_valid", new RegoString(sdl))!).Value;

    [Theory]
    [InlineData("{ product(sku: \"a\") { id name price(currency: USD) } }")]
    [InlineData("query P($s: String!) { product(sku: $s) { ...F } } fragment F on Product { related { id } }")]
    [InlineData("{ products(sort: {field: \"name\"}) { id } }")]
    [InlineData("{ products(limit: 5) { ... on Node { id } } }")]
    [InlineData("# only a comment\n{ __typename }")]
    [InlineData("{ product(sku: \"\"\"block\nstring\"\"\") { id } }")]
    [InlineData("{ products { ... on Product @skip(if: false) { id } } }")]
    [InlineData("{ products { id ...F id } } fragment F on Product { id }")]
    [InlineData("query($s: String = \"a\", $n: Int!) { product(sku: $s) { id } products(limit: $n) { id } }")]
    public void Valid_queries(string query) => Assert.True(Valid(query), query);

    [Theory]
    [InlineData("{ product(sku: \"a\") { colour } }")] // no such field
    [InlineData("{ product { id } }")] // required argument missing
    [InlineData("{ product(sku: \"a\", sku: \"b\") { id } }")] // duplicate argument
    [InlineData("{ product(sku: \"a\") { price(currency: GBP) } }")] // not an enum value
    [InlineData("{ products(sort: {desc: true}) { id } }")] // required input field missing
    [InlineData("{ products(limit: 99999999999) { id } }")] // Int out of range
    [InlineData("{ products { id } } fragment F on Currency { x }")] // fragment on a leaf type
    [InlineData("query A { products { id } } query A { products { id } }")] // duplicate operation name
    [InlineData("query($v: Sort) { products { id } }")] // unused variable
    [InlineData("query($v: Product) { product(sku: \"a\") { id } }")] // output type as variable type
    [InlineData("fragment F on Product { ...G } fragment G on Product { ...F } { product(sku: \"a\") { ...F } }")] // cycle
    [InlineData("{ product(sku: \"a\") { id }")] // syntax error
    [InlineData("{ product(sku: 01) { id } }")] // leading zero
    [InlineData("query @skip(if: true) { products { id } }")] // @skip is not allowed on an operation
    [InlineData("{ products @include(if: true) @include(if: false) { id } }")] // not repeatable
    [InlineData("{ p: product(sku: \"a\") { id } p: product(sku: \"b\") { id } }")] // same response name, other arguments
    [InlineData("{ products { x: id x: name } }")] // same response name, other fields
    [InlineData("query($s: String) { product(sku: $s) { id } }")] // nullable variable in a non-null position
    [InlineData("query($n: String) { products(limit: $n) { id } }")] // other type
    public void Invalid_queries(string query) => Assert.False(Valid(query), query);

    [Theory]
    [InlineData(Schema, true)]
    [InlineData("scalar Date type Q { d: Date }", true)]
    [InlineData("extend type Q { a: Int }", true)] // extending an undefined type defines it
    [InlineData("type Q { a: Int } extend input Q { b: Int }", false)] // extension of another kind
    [InlineData("type __Q { a: Int }", false)] // reserved name
    [InlineData("enum E { true }", false)]
    [InlineData("type Q { a(x: Q): Int }", false)] // object as argument type
    [InlineData("interface I implements J { a: Int } interface J { a: Int } type T implements I { a: Int }", false)] // J not repeated
    [InlineData("schema { query: Q } schema { query: Q } type Q { a: Int }", false)]
    [InlineData("type Q { a: Int } \"description\" extend type Q { b: Int }", false)]
    [InlineData("{ a }", false)] // a query is not a schema
    public void Schemas(string sdl, bool valid) => Assert.Equal(valid, SchemaValid(sdl));

    [Fact]
    public void Every_selection_of_an_ast_object_is_read_as_a_field_as_gqlparser_decodes_it()
    {
        // A fragment spread in an AST object becomes a field named after the fragment, so the query that is valid as
        // text is not valid as an object: that is what OPA's decoder does.
        const string text = "{ ...F } fragment F on Query { product(sku: \"a\") { id } }";
        var ast = Call("graphql.parse_query", new RegoString(text))!;
        Assert.True(Valid(text));
        Assert.Equal(RegoBoolean.False, Call("graphql.is_valid", ast, new RegoString(Schema)));
        var plain = Call("graphql.parse_query", new RegoString("{ product(sku: \"a\") { id name } }"))!;
        Assert.Equal(RegoBoolean.True, Call("graphql.is_valid", plain, new RegoString(Schema)));
    }

    [Fact]
    public void Schema_objects_are_checked_like_schema_text()
    {
        Assert.Equal(RegoBoolean.False, Call("graphql.schema_is_valid", V("""{"Definitions": [{"Kind": "OBJECT", "Name": "Q"}]}""")));
        Assert.Equal(RegoBoolean.True, Call("graphql.schema_is_valid", V("""{"definitions": [{"kind": "SCALAR", "name": "Date"}]}""")));
    }

    [Fact]
    public void An_ast_object_with_a_wrongly_typed_value_is_a_builtin_error_worded_like_go()
    {
        var ex = Assert.Throws<BuiltinException>(() => Call("graphql.parse", V("""{"Operations": [{"Name": 1}]}"""), new RegoString(Schema)));
        Assert.Equal("json: cannot unmarshal number into Go struct field OperationDefinition.Name of type string", ex.Message);
    }

    [Theory]
    [InlineData("{ a(n: 12abc) }", "Expected :, found )")] // a number may be followed directly by a name, read as the next argument
    [InlineData("{ a(n: 01) }", "Unexpected <Invalid>")] // the lexer stops at the second digit
    [InlineData("{ a(s: \"x\ny\") }", "Unexpected <Invalid>")] // a line break ends a string
    public void Lexer_failures_surface_as_gqlparser_reports_them(string query, string message)
    {
        var ex = Assert.Throws<BuiltinException>(() => Call("graphql.parse_query", new RegoString(query)));
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_block_string_token_is_located_from_its_last_line_as_gqlparser_does()
    {
        // gqlparser computes the column of a multi-line block string from the line it ends on.
        var ex = Assert.Throws<BuiltinException>(() => Call("graphql.parse_schema", new RegoString("\"\"\"\nab\n\"\"\" extend type A { b: Int }")));
        Assert.Equal("Unexpected BlockString \"ab\" in GraphQL string at location 3:-3", ex.Message);
    }

    [Fact]
    public void Deep_documents_and_ast_objects_fail_cleanly()
    {
        var deepQuery = "{ a(x: " + new string('[', 5000) + new string(']', 5000) + ") }";
        Assert.Throws<BuiltinException>(() => Call("graphql.parse_query", new RegoString(deepQuery)));
        Assert.Equal(RegoBoolean.False, Call("graphql.is_valid", new RegoString(deepQuery), new RegoString(Schema)));

        RegoValue value = RegoObject.Create(("Kind", RegoNumber.From(1)), ("Raw", new RegoString("1")));
        for (var i = 0; i < 5000; i++)
        {
            value = RegoObject.Create(("Kind", RegoNumber.From(8)), ("Children", RegoArray.Create(RegoObject.Create(("Value", value)))));
        }

        var doc = RegoObject.Create(("Operations", RegoArray.Create(RegoObject.Create(
            ("Operation", new RegoString("query")),
            ("SelectionSet", RegoArray.Create(RegoObject.Create(("Name", new RegoString("products")), ("Arguments", RegoArray.Create(RegoObject.Create(("Name", new RegoString("limit")), ("Value", value)))))))))));
        var ex = Assert.Throws<BuiltinException>(() => Call("graphql.parse", doc, new RegoString(Schema)));
        Assert.Equal("the AST object is nested too deeply", ex.Message);
    }

    [Fact]
    public void An_operation_object_without_a_type_is_a_query_as_gqlparser_walks_it()
    {
        var doc = V("""{"Operations": [{"SelectionSet": [{"Alias": "products", "Name": "products", "SelectionSet": [{"Alias": "id", "Name": "id"}]}]}]}""");
        Assert.Equal(RegoBoolean.True, Call("graphql.is_valid", doc, new RegoString(Schema)));
    }

    [Fact]
    public void A_fragment_bomb_is_checked_without_blowing_up()
    {
        // Each fragment selects the same field twice over the previous one: comparing the fields for merging naively
        // would take 4^25 steps; compared pairs are remembered (as graphql-js does), so it is quick, and valid.
        var sb = new System.Text.StringBuilder("{ product(sku: \"a\") { ...F25 } } fragment F0 on Product { id }");
        for (var i = 1; i <= 25; i++)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $" fragment F{i} on Product {{ x: related {{ ...F{i - 1} }} x: related {{ ...F{i - 1} }} }}");
        }

        Assert.True(Valid(sb.ToString()));
    }

    [Fact]
    public void The_deepest_query_the_parser_accepts_is_validated_without_exhausting_the_stack()
    {
        var depth = 490;
        var query = "{ product(sku: \"a\") " + string.Concat(Enumerable.Repeat("{ related ", depth)) + "{ id }" + new string('}', depth) + " }";
        var result = 0;
        var thread = new Thread(() => result = Valid(query) ? 1 : 2, 1024 * 1024);
        thread.Start();
        thread.Join();
        Assert.Equal(1, result);
    }
}
