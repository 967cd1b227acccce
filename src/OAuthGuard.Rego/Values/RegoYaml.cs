using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Rego.Values;

/// <summary>
/// The one YAML-to-value conversion of the engine, the CLI and the tests. Plain scalars are typed by the YAML 1.2 core
/// schema (null, <c>true</c>/<c>false</c>, integers of any size including <c>0x</c>/<c>0o</c>, decimals), quoted scalars and
/// <c>!!str</c> stay strings, so an unquoted <c>yes</c> stays a string; mapping keys are always strings (as when OPA turns
/// YAML into JSON). Nesting deeper than <see cref="MaxDepth"/>, aliases and <c>.inf</c>/<c>.nan</c> are errors.
/// </summary>
public static class RegoYaml
{
    /// <summary>The deepest nesting converted; deeper documents are rejected rather than exhausting the stack.</summary>
    public const int MaxDepth = 1000;

    /// <summary>Parses the first document of YAML text; an empty document is null.</summary>
    /// <param name="text">The YAML text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="YamlException">The text is not valid YAML or cannot be represented (with its position).</exception>
    public static RegoValue Parse(string text)
    {
        var stream = Load(text);
        return stream.Documents.Count == 0 ? RegoNull.Instance : FromNode(stream.Documents[0].RootNode);
    }

    /// <summary>
    /// Loads untrusted YAML text into YamlDotNet's representation model safely: every failure is a
    /// <see cref="YamlException"/>, and a recursive alias (an alias inside the node its anchor names) is refused before
    /// loading, because YamlDotNet compares such nodes recursively until the stack overflows, which no catch can stop
    /// (found by fuzzing .oauthguard.yml).
    /// </summary>
    /// <param name="text">The YAML text.</param>
    /// <returns>The loaded stream.</returns>
    /// <exception cref="YamlException">The text is not valid YAML, or has a recursive alias.</exception>
    public static YamlStream Load(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            RejectRecursiveAliases(text);
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these on some malformed input (NUL in a plain scalar, a tag that is not a URI, a stray
            // directive); found by fuzzing.
            throw new YamlException("the text cannot be read as YAML", e);
        }
    }

    private static void RejectRecursiveAliases(string text)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<string?>();
        var openCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case YamlDotNet.Core.Events.MappingStart m:
                    Push(m.Anchor);
                    break;
                case YamlDotNet.Core.Events.SequenceStart q:
                    Push(q.Anchor);
                    break;
                case YamlDotNet.Core.Events.MappingEnd or YamlDotNet.Core.Events.SequenceEnd:
                    if (open.TryPop(out var name) && name is not null)
                    {
                        openCounts[name]--;
                    }

                    break;
                case YamlDotNet.Core.Events.AnchorAlias alias when openCounts.GetValueOrDefault(alias.Value.Value) > 0:
                    throw new YamlException(alias.Start, alias.End, $"the alias *{alias.Value.Value} refers to a node that contains it");
                default:
                    break;
            }
        }

        void Push(AnchorName anchor)
        {
            var name = anchor.IsEmpty ? null : anchor.Value;
            open.Push(name);
            if (name is not null)
            {
                openCounts[name] = openCounts.GetValueOrDefault(name) + 1;
            }
        }
    }

    /// <summary>Converts a YAML node with YAML 1.2 core-schema typing.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The value.</returns>
    /// <exception cref="YamlException">An alias, a nesting deeper than <see cref="MaxDepth"/>, or an infinite or NaN number.</exception>
    public static RegoValue FromNode(YamlNode node)
    {
        var budget = MaxValues;
        return Convert(node, yaml11: false, 0, ref budget);
    }

    /// <summary>
    /// The most values one conversion produces. NOTE: YamlDotNet resolves aliases to shared nodes, so nine lines of
    /// anchors can stand for 10^9 values ("billion laughs"); past this budget the document is refused (found by
    /// probing while fuzzing: yaml.unmarshal hung inside one builtin call, past every step and time check).
    /// </summary>
    public const long MaxValues = 4_000_000;

    /// <summary>
    /// Converts a node as OPA's <c>yaml.unmarshal</c> reads YAML (YAML 1.1 typing: <c>yes</c>/<c>no</c>/<c>on</c>/<c>off</c>
    /// are booleans, digits may contain <c>_</c>; non-string keys become their text).
    /// </summary>
    /// <param name="node">The node.</param>
    /// <returns>The value.</returns>
    /// <param name="maxValues">The most values the document may expand to (see <see cref="MaxValues"/>).</param>
    internal static RegoValue FromNodeYaml11(YamlNode node, long maxValues = MaxValues)
    {
        var budget = maxValues;
        return Convert(node, yaml11: true, 0, ref budget);
    }

    private static RegoValue Convert(YamlNode node, bool yaml11, int depth, ref long budget)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(node.Start, node.End, $"document nested deeper than {MaxDepth} levels");
        }

        if (--budget < 0)
        {
            throw new YamlException(node.Start, node.End, "document contains excessive aliasing");
        }

        switch (node)
        {
            case YamlMappingNode map:
                var dict = new Dictionary<RegoValue, RegoValue>(map.Children.Count);
                foreach (var (k, v) in map.Children)
                {
                    dict[Key(k, yaml11, depth, ref budget)] = Convert(v, yaml11, depth + 1, ref budget);
                }

                return RegoObject.Wrap(dict);
            case YamlSequenceNode seq:
                var items = new RegoValue[seq.Children.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Convert(seq.Children[i], yaml11, depth + 1, ref budget);
                }

                return RegoArray.Wrap(items);
            case YamlScalarNode scalar:
                return yaml11 ? Scalar11(scalar) : Scalar(scalar);
            default:
                throw new YamlException(node.Start, node.End, "aliases are not supported");
        }
    }

    private static RegoString Key(YamlNode key, bool yaml11, int depth, ref long budget)
    {
        if (!yaml11)
        {
            return key is YamlScalarNode s
                ? new RegoString(s.Value ?? string.Empty)
                : throw new YamlException(key.Start, key.End, "a mapping key must be a scalar");
        }

        var value = Convert(key, yaml11, depth + 1, ref budget);
        return value as RegoString ?? new RegoString(value is RegoNull ? "null" : value.ToString());
    }

    private static RegoValue Scalar(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is "tag:yaml.org,2002:str" || (tag is null && node.Style is not (ScalarStyle.Plain or ScalarStyle.Any)))
        {
            return new RegoString(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return RegoNull.Instance;
            case "true" or "True" or "TRUE":
                return RegoBoolean.True;
            case "false" or "False" or "FALSE":
                return RegoBoolean.False;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF" or ".nan" or ".NaN" or ".NAN":
                throw new YamlException(node.Start, node.End, $"'{text}' is not representable as a Rego number");
        }

        return (RegoValue?)Number(text) ?? new RegoString(text);
    }

    private static RegoValue Scalar11(YamlScalarNode node)
    {
        var text = node.Value ?? string.Empty;
        return node.Style is ScalarStyle.Plain or ScalarStyle.Any ? Plain11(text) : new RegoString(text);
    }

    /// <summary>What an unquoted scalar means to <c>yaml.unmarshal</c> (YAML 1.1 typing).</summary>
    /// <param name="text">The scalar's text.</param>
    /// <returns>The value.</returns>
    internal static RegoValue Plain11(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return RegoNull.Instance;
            case "true" or "True" or "TRUE" or "yes" or "Yes" or "YES" or "on" or "On" or "ON" or "y" or "Y":
                return RegoBoolean.True;
            case "false" or "False" or "FALSE" or "no" or "No" or "NO" or "off" or "Off" or "OFF" or "n" or "N":
                return RegoBoolean.False;
        }

        return (RegoValue?)Number(text.Replace("_", string.Empty, StringComparison.Ordinal)) ?? new RegoString(text);
    }

    /// <summary>The message of a YAML error without the position YamlDotNet puts in front of it.</summary>
    /// <param name="e">The error.</param>
    /// <returns>The bare message.</returns>
    internal static string Reason(YamlException e)
    {
        var m = e.Message;
        var i = m.IndexOf("): ", StringComparison.Ordinal);
        return m.StartsWith('(') && i >= 0 ? m[(i + 3)..] : m;
    }

    /// <summary>A YAML number (<c>12</c>, <c>-3.5</c>, <c>.5</c>, <c>+1e3</c>, <c>0x1F</c>, <c>0o17</c>), or null.</summary>
    private static RegoNumber? Number(string text)
    {
        if (text.Length == 0 || !(char.IsAsciiDigit(text[0]) || text[0] is '-' or '+' or '.'))
        {
            return null;
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
        {
            return RegoNumber.From(hex);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && text.Length > 2 && text.AsSpan(2).IndexOfAnyExceptInRange('0', '7') < 0 && text.Length <= 23)
        {
            return RegoNumber.From(System.Convert.ToInt64(text[2..], 8));
        }

        var unsigned = text[0] == '+' ? text.AsSpan(1) : text.AsSpan();
        return RegoNumber.TryParse(unsigned, out var n) ? n : null;
    }
}
