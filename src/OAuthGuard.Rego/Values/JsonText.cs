using System.Globalization;
using System.Text;

namespace OAuthGuard.Rego.Values;

/// <summary>JSON string quoting shared by value printing and serialisation.</summary>
internal static class JsonText
{
    /// <summary>Appends <paramref name="s"/> as a JSON string literal with minimal escaping.</summary>
    /// <param name="sb">The destination.</param>
    /// <param name="s">The text.</param>
    public static void AppendQuoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
