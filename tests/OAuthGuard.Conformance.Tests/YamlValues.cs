using OAuthGuard.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Conformance.Tests;

/// <summary>
/// Turns YAML nodes into Rego values the way OPA's runner sees them, through the engine's own converter
/// (<see cref="RegoYaml"/>: YAML 1.2 core schema, quoted scalars stay strings, mapping keys are strings).
/// </summary>
internal static class YamlValues
{
    /// <summary>Converts a node.</summary>
    /// <param name="node">The YAML node.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">An alias, too deep a nesting, or a scalar Rego cannot represent.</exception>
    public static RegoValue ToValue(YamlNode node)
    {
        try
        {
            return RegoYaml.FromNode(node);
        }
        catch (YamlException e)
        {
            throw new FormatException($"at {e.Start}: {e.Message}", e);
        }
    }

    /// <summary>Returns a mapping key's text.</summary>
    /// <param name="key">The key node (a scalar).</param>
    /// <returns>The text.</returns>
    public static string KeyText(YamlNode key) =>
        key is YamlScalarNode s ? s.Value ?? string.Empty : throw new FormatException($"non-scalar mapping key at {key.Start}");

    /// <summary>Reads a plain or quoted scalar as a boolean (core schema), or null when it is not one.</summary>
    /// <param name="node">The node, or null.</param>
    /// <returns>The boolean or null.</returns>
    public static bool? AsBool(YamlNode? node) =>
        node is YamlScalarNode s && ToValue(s) is RegoBoolean b ? b.Value : null;
}
