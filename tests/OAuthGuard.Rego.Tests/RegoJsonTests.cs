using System.Text.Json.Nodes;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Tests;

public sealed class RegoJsonTests
{
    [Fact]
    public void Nodes_built_in_code_convert_like_parsed_ones()
    {
        var built = new JsonObject
        {
            ["i"] = 3,
            ["l"] = 5_000_000_000L,
            ["d"] = 1.5,
            ["b"] = true,
            ["s"] = "x",
            ["n"] = null,
            ["a"] = new JsonArray(1, "two"),
            ["m"] = 2.25m,
        };
        var parsed = JsonNode.Parse(built.ToJsonString());

        Assert.Equal(RegoJson.FromNode(parsed), RegoJson.FromNode(built));
        Assert.Equal(
            "{\"a\":[1,\"two\"],\"b\":true,\"d\":1.5,\"i\":3,\"l\":5000000000,\"m\":2.25,\"n\":null,\"s\":\"x\"}",
            RegoJson.Serialize(RegoJson.FromNode(built)));
    }

    [Theory]
    [InlineData("123456789012345678901234567890")]
    [InlineData("-0.5")]
    [InlineData("1e3")]
    public void Numbers_keep_their_value(string text)
    {
        var value = RegoJson.Parse(text);

        Assert.Equal(value, RegoJson.FromNode(JsonNode.Parse(text)));
    }

    [Fact]
    public void Values_nested_deeper_than_System_Text_Jsons_default_convert_to_nodes()
    {
        // Found by probing the scan: a policy value 990 arrays deep made ToNode throw (default MaxDepth 64).
        RegoValue value = RegoArray.Empty;
        for (var i = 0; i < 990; i++)
        {
            value = RegoArray.Create(value);
        }

        var node = RegoJson.ToNode(value);

        Assert.NotNull(node);
        Assert.Equal(RegoJson.Serialize(value), node.ToJsonString());
    }
}
