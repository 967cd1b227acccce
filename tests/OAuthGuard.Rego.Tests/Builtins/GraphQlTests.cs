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
}
