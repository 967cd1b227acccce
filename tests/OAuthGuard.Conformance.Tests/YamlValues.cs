using System.Globalization;
using System.Text.RegularExpressions;
using OAuthGuard.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Conformance.Tests;

/// <summary>
/// Turns YAML nodes into Rego values the way OPA's runner sees them: quoted scalars stay strings, plain scalars
/// are typed by the YAML 1.2 core schema (null, booleans, integers, floats), mapping keys are always strings
/// (OPA converts YAML to JSON first), sequences become arrays.
/// </summary>
internal static partial class YamlValues
{
    /// <summary>Converts a node.</summary>
    /// <param name="node">The YAML node.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">An alias or a scalar the core schema cannot represent in Rego.</exception>
    public static RegoValue ToValue(YamlNode node) => node switch
    {
        YamlScalarNode s => Scalar(s),
        YamlSequenceNode seq => RegoArray.Create(seq.Children.Select(ToValue)),
        YamlMappingNode map => RegoObject.Create(map.Children.Select(kv =>
            new KeyValuePair<RegoValue, RegoValue>(new RegoString(KeyText(kv.Key)), ToValue(kv.Value)))),
        _ => throw new FormatException($"unsupported YAML node at {node.Start}"),
    };

    /// <summary>Returns a mapping key's text.</summary>
    /// <param name="key">The key node (a scalar).</param>
    /// <returns>The text.</returns>
    public static string KeyText(YamlNode key) =>
        key is YamlScalarNode s ? s.Value ?? string.Empty : throw new FormatException($"non-scalar mapping key at {key.Start}");

    /// <summary>Reads a plain or quoted scalar as a boolean (core schema), or null when it is not one.</summary>
    /// <param name="node">The node, or null.</param>
    /// <returns>The boolean or null.</returns>
    public static bool? AsBool(YamlNode? node) =>
        node is YamlScalarNode s && Scalar(s) is RegoBoolean b ? b.Value : null;

    private static RegoValue Scalar(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || (tag is null && node.Style != ScalarStyle.Plain))
        {
            return new RegoString(text);
        }

        if (NullPattern().IsMatch(text))
        {
            return RegoNull.Instance;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return RegoBoolean.True;
        }

        if (text is "false" or "False" or "FALSE")
        {
            return RegoBoolean.False;
        }

        if (IntPattern().IsMatch(text) || FloatPattern().IsMatch(text))
        {
            if (RegoNumber.TryParse(text.StartsWith('+') ? text[1..] : text, out var n))
            {
                return n;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            {
                return RegoNumber.From(d);
            }
        }

        if (HexPattern().Match(text) is { Success: true } hex)
        {
            return RegoNumber.From(long.Parse(hex.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }

        if (OctPattern().Match(text) is { Success: true } oct)
        {
            return RegoNumber.From(Convert.ToInt64(oct.Groups[1].Value, 8));
        }

        if (text is ".inf" or ".Inf" or ".INF" or "+.inf" or "-.inf" or ".nan" or ".NaN" or ".NAN")
        {
            throw new FormatException($"'{text}' at {node.Start} is not representable as a Rego number");
        }

        return new RegoString(text);
    }

    [GeneratedRegex("^(null|Null|NULL|~|)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex("^0x([0-9a-fA-F]+)$")]
    private static partial Regex HexPattern();

    [GeneratedRegex("^0o([0-7]+)$")]
    private static partial Regex OctPattern();
}
