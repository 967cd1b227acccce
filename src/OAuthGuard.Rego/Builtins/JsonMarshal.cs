using System.Text;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary><c>json.marshal_with_options</c>: JSON text with an indent and a line prefix, like Go's MarshalIndent.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#encoding.</remarks>
internal static class JsonMarshal
{
    /// <summary>Registers the builtin.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b) =>
        b.Add("encoding", "json.marshal_with_options(x: any, opts: object[string: any]) => string", "Serialises a value as JSON; options pretty, indent (default a tab) and prefix lay it out over several lines.", MarshalWithOptions);

    private static RegoValue MarshalWithOptions(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var options = Operands.Object(a, 1);
        bool? pretty = null;
        string? indent = null;
        string? prefix = null;
        foreach (var (key, value) in options)
        {
            switch (key)
            {
                case RegoString { Value: "pretty" }:
                    pretty = value is RegoBoolean b ? b.Value : throw Operands.Error(1, $"value of key \"pretty\" must be boolean but got {value.TypeName}");
                    break;
                case RegoString { Value: "indent" }:
                    indent = value is RegoString i ? i.Value : throw Operands.Error(1, $"value of key \"indent\" must be string but got {value.TypeName}");
                    break;
                case RegoString { Value: "prefix" }:
                    prefix = value is RegoString p ? p.Value : throw Operands.Error(1, $"value of key \"prefix\" must be string but got {value.TypeName}");
                    break;
                default:
                    throw new OperandException($"object contained unknown key {(key is RegoString ks ? Sprintf.GoQuote(ks.Value) : key.ToString())}");
            }
        }

        ctx.Budget.CheckExpanded(a[0]);
        var json = Encoding.MarshalJson(a[0]);

        // Pretty unless turned off: asking for an indent or a prefix asks for the multi-line layout.
        if (pretty == false || (pretty is null && indent is null && prefix is null))
        {
            return Operands.Str(json);
        }

        return Operands.Str(Indent(json, prefix ?? string.Empty, indent ?? "\t", ctx.Budget));
    }

    /// <summary>Lays compact JSON text out one element per line; every line, the first included, starts with the prefix.</summary>
    /// <param name="json">Compact JSON.</param>
    /// <param name="prefix">The line prefix.</param>
    /// <param name="indent">One level of indentation.</param>
    /// <param name="budget">Checked at each line break (a long indent times the depth multiplies the length), or null.</param>
    /// <returns>The laid-out text.</returns>
    internal static string Indent(string json, string prefix, string indent, Evaluation.SizeBudget? budget = null)
    {
        var sb = new StringBuilder(json.Length * 2);
        sb.Append(prefix);
        var depth = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < json.Length)
                {
                    sb.Append(json[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    sb.Append(c);
                    break;
                case '{' or '[':
                    sb.Append(c);
                    if (i + 1 < json.Length && json[i + 1] is '}' or ']')
                    {
                        sb.Append(json[++i]);
                        break;
                    }

                    depth++;
                    NewLine(sb, prefix, indent, depth, budget);
                    break;
                case '}' or ']':
                    depth--;
                    NewLine(sb, prefix, indent, depth, budget);
                    sb.Append(c);
                    break;
                case ',':
                    sb.Append(c);
                    NewLine(sb, prefix, indent, depth, budget);
                    break;
                case ':':
                    sb.Append(": ");
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    private static void NewLine(StringBuilder sb, string prefix, string indent, int depth, Evaluation.SizeBudget? budget)
    {
        budget?.CheckChars(sb.Length + 1 + prefix.Length + ((long)depth * indent.Length));
        sb.Append('\n').Append(prefix);
        for (var d = 0; d < depth; d++)
        {
            sb.Append(indent);
        }
    }
}
