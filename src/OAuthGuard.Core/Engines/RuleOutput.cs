using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace OAuthGuard.Engines;

/// <summary>
/// Reads the value of <c>data.oauthguard.rules</c> (an object of packages, possibly nested) into
/// raw findings. Shared by every engine so they agree on what "a rule's output" is.
/// </summary>
public static class RuleOutput
{
    /// <summary>The package prefix every rule lives under.</summary>
    public const string RulesPackage = "oauthguard.rules";

    /// <summary>
    /// Walks <paramref name="rules"/> and returns every element of every <c>deny</c> set, tagged with
    /// its package. Sets arrive as JSON arrays. Packages are visited in ordinal key order.
    /// </summary>
    public static ImmutableArray<RawFinding> Collect(JsonNode? rules)
    {
        var builder = ImmutableArray.CreateBuilder<RawFinding>();
        if (rules is JsonObject root)
        {
            Walk(root, RulesPackage, builder);
        }

        return builder.ToImmutable();
    }

    private static void Walk(JsonObject package, string path, ImmutableArray<RawFinding>.Builder builder)
    {
        foreach (var (key, value) in package.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key == "deny" && value is JsonArray deny)
            {
                foreach (var element in deny)
                {
                    builder.Add(new RawFinding(path, element?.DeepClone()));
                }
            }
            else if (value is JsonObject child && key != "deny")
            {
                Walk(child, path + "." + key, builder);
            }
        }
    }
}
