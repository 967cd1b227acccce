using System.Globalization;
using System.Text;
using OAuthGuard.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// YAML builtins over YamlDotNet's representation model (no reflection, so AOT-safe). Plain scalars resolve as
/// OPA's YAML library does (YAML 1.1 booleans such as <c>yes</c>/<c>no</c>, numbers, <c>null</c>/<c>~</c>).
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#encoding.</remarks>
internal static class Yaml
{
    private static readonly System.Buffers.SearchValues<char> Escapable = System.Buffers.SearchValues.Create("\n\r\t\"'\\");
    private static readonly System.Buffers.SearchValues<char> Indicators = System.Buffers.SearchValues.Create("-?:,[]{}#&*!|>'\"%@`");

    /// <summary>Registers the YAML builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("encoding", "yaml.marshal(x: any) => string", "Serialises a value as block-style YAML with sorted keys.", (ctx, a) =>
        {
            ctx.Budget.CheckExpanded(a[0], factor: 2);
            return Operands.Str(Marshal(a[0]));
        });
        b.Add("encoding", "yaml.unmarshal(x: string) => any", "Parses YAML text into a value.", (_, a) => Parse(Operands.String(a, 0)));
        b.Add("encoding", "yaml.is_valid(x: string) => boolean", "Tests whether a string is valid YAML.", IsValid);
    }

    /// <summary>
    /// Words a YamlDotNet error the way OPA's YAML library does: <c>yaml: line N: did not find expected ',' or ']'</c>
    /// (no "While parsing …," context, no final period; a position past the end of the text is its last line).
    /// </summary>
    private static string ErrorMessage(YamlException ex, string text)
    {
        var message = ex.Message;
        if (message.StartsWith("While ", StringComparison.Ordinal) && message.IndexOf(", ", StringComparison.Ordinal) is > 0 and var comma)
        {
            message = message[(comma + 2)..];
        }

        message = message.TrimEnd('.');
        if (message.Length > 0)
        {
            message = char.ToLowerInvariant(message[0]) + message[1..];
        }

        var lines = text.TrimEnd('\n').Count(c => c == '\n') + 1;
        return $"yaml: line {Math.Clamp((int)ex.Start.Line, 1, lines)}: {message}";
    }

    /// <summary>YAML forbids tabs in indentation; YamlDotNet lets a tab-indented block mapping key through.</summary>
    private static void RejectTabIndentation(YamlNode node, string text, int depth)
    {
        if (depth > 1000)
        {
            return;
        }

        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    if (map.Style != YamlDotNet.Core.Events.MappingStyle.Flow && IndentedWithTab(text, key.Start))
                    {
                        throw new BuiltinException($"yaml: line {key.Start.Line}: found character that cannot start any token");
                    }

                    RejectTabIndentation(value, text, depth + 1);
                }

                break;
            case YamlSequenceNode seq:
                foreach (var item in seq.Children)
                {
                    RejectTabIndentation(item, text, depth + 1);
                }

                break;
        }
    }

    private static bool IndentedWithTab(string text, Mark start)
    {
        var lineStart = (int)start.Index - ((int)start.Column - 1);
        return lineStart >= 0 && start.Index <= text.Length && text.AsSpan(lineStart, (int)start.Index - lineStart).Contains('\t');
    }

    /// <summary>Every document of the stream must parse (OPA reads them all), and a non-string is simply not valid YAML.</summary>
    private static RegoValue IsValid(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        if (a[0] is not RegoString s)
        {
            return RegoBoolean.False;
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(s.Value));
            foreach (var document in stream.Documents)
            {
                RegoYaml.FromNodeYaml11(document.RootNode);
                RejectTabIndentation(document.RootNode, s.Value, 0);
            }

            return RegoBoolean.True;
        }
        catch (Exception e) when (e is YamlException or BuiltinException)
        {
            return RegoBoolean.False;
        }
    }

    /// <summary>Parses the first YAML document; an empty document is null.</summary>
    /// <param name="text">The YAML text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="BuiltinException">The text is not valid YAML.</exception>
    internal static RegoValue Parse(string text)
    {
        YamlStream stream;
        try
        {
            stream = RegoYaml.Load(text);
        }
        catch (YamlException ex)
        {
            throw new BuiltinException(ErrorMessage(ex, text));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet throws these on some malformed input (NUL in a plain scalar, a tag that is not a URI, a stray
            // directive); found by fuzzing.
            throw new BuiltinException("yaml: the text cannot be read as YAML");
        }

        try
        {
            // A document may expand to a few values per character of text, no more (aliases; see RegoYaml.MaxValues).
            return stream.Documents.Count == 0 ? RegoNull.Instance : RegoYaml.FromNodeYaml11(stream.Documents[0].RootNode, 10_000L + (4L * text.Length));
        }
        catch (YamlException ex)
        {
            throw new BuiltinException($"yaml: line {ex.Start.Line}: {RegoYaml.Reason(ex)}");
        }
    }

    /// <summary>Writes a value as YAML the way OPA's library lays it out (block style, sorted keys).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The YAML text, ending in a newline.</returns>
    internal static string Marshal(RegoValue value)
    {
        var sb = new StringBuilder();
        Write(sb, value, 0, inline: true);
        if (sb.Length == 0 || sb[^1] != '\n')
        {
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private static void Write(StringBuilder sb, RegoValue value, int indent, bool inline)
    {
        switch (value)
        {
            case RegoObject { Count: 0 }:
                sb.Append("{}\n");
                break;
            case RegoArray { Count: 0 } or RegoSet { Count: 0 }:
                sb.Append("[]\n");
                break;
            case RegoObject o:
                var first = true;
                foreach (var (k, v) in o)
                {
                    if (!(first && inline))
                    {
                        sb.Append(' ', indent);
                    }

                    first = false;
                    sb.Append(Scalar(k is RegoString ks ? ks.Value : RegoJson.Serialize(k)));
                    sb.Append(':');
                    WriteChild(sb, v, indent + 2, sequenceIndent: indent);
                }

                break;
            case RegoArray or RegoSet:
                var items = value is RegoArray arr ? arr.Items : ((RegoSet)value).Sorted;
                for (var i = 0; i < items.Length; i++)
                {
                    if (!(i == 0 && inline))
                    {
                        sb.Append(' ', indent);
                    }

                    sb.Append("- ");
                    Write(sb, items[i], indent + 2, inline: true);
                }

                break;
            default:
                sb.Append(ScalarValue(value)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder sb, RegoValue v, int indent, int sequenceIndent)
    {
        switch (v)
        {
            case RegoObject { Count: > 0 }:
                sb.Append('\n');
                Write(sb, v, indent, inline: false);
                break;
            case RegoArray { Count: > 0 } or RegoSet { Count: > 0 }:
                sb.Append('\n');
                Write(sb, v, sequenceIndent, inline: false);
                break;
            default:
                sb.Append(' ');
                Write(sb, v, indent, inline: true);
                break;
        }
    }

    private static string ScalarValue(RegoValue v) => v switch
    {
        RegoString s => Scalar(s.Value),
        RegoNumber n => n.ToText(),
        _ => v.ToString(),
    };

    private static string Scalar(string s)
    {
        var needsQuotes = s.Length == 0 || RegoYaml.Plain11(s) is not RegoString || s != s.Trim() ||
            s.AsSpan().IndexOfAny(Escapable) >= 0 || s.Contains(": ", StringComparison.Ordinal) ||
            s.Contains(" #", StringComparison.Ordinal) || s.EndsWith(':') || Indicators.Contains(s[0]);
        if (!needsQuotes)
        {
            return s;
        }

        var sb = new StringBuilder();
        sb.Append('"').Append(Sprintf.GoQuoteBody(s, '"')).Append('"');
        return sb.ToString();
    }
}
