using System.Globalization;
using System.Text;
using System.Text.Json;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Encodings: JSON text, base64, base64url, hex and URL query strings. YAML lives in <see cref="Yaml"/>.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#encoding.</remarks>
internal static class Encoding
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Registers the encoding builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        const string C = "encoding";
        b.Add(C, "json.marshal(x: any) => string", "Serialises a value as compact JSON (sets become arrays).", (ctx, a) =>
        {
            ctx.Budget.CheckExpanded(a[0]);
            return Operands.Str(MarshalJson(a[0]));
        });
        b.Add(C, "json.unmarshal(x: string) => any", "Parses JSON text into a value.", (_, a) => ParseJson(Operands.String(a, 0)));
        b.Add(C, "json.is_valid(x: string) => boolean", "Tests whether a string is valid JSON.", (_, a) => Operands.Bool(a[0] is RegoString s && TryParseJson(s.Value, out var _)));
        b.Add(C, "base64.encode(x: string) => string", "Encodes a string's UTF-8 bytes as padded base64.", (_, a) => Operands.Str(Convert.ToBase64String(Utf8.GetBytes(Operands.String(a, 0)))));
        b.Add(C, "base64.decode(x: string) => string", "Decodes padded base64 into a string.", (_, a) => Operands.Str(Utf8.GetString(DecodeBase64(Operands.String(a, 0), url: false))));
        b.Add(C, "base64.is_valid(x: string) => boolean", "Tests whether a string is valid padded base64.", (_, a) => Operands.Bool(TryDecodeBase64(Operands.String(a, 0), url: false, out var _)));
        b.Add(C, "base64url.encode(x: string) => string", "Encodes a string's UTF-8 bytes as padded base64url.", (_, a) => Operands.Str(ToBase64Url(Operands.String(a, 0), pad: true)));
        b.Add(C, "base64url.encode_no_pad(x: string) => string", "Encodes a string's UTF-8 bytes as base64url without padding.", (_, a) => Operands.Str(ToBase64Url(Operands.String(a, 0), pad: false)));
        b.Add(C, "base64url.decode(x: string) => string", "Decodes base64url, with or without padding, into a string.", (_, a) => Operands.Str(Utf8.GetString(DecodeBase64(Operands.String(a, 0), url: true))));
        b.Add(C, "hex.encode(x: string) => string", "Encodes a string's UTF-8 bytes as lower-case hex.", (_, a) => Operands.Str(Convert.ToHexStringLower(Utf8.GetBytes(Operands.String(a, 0)))));
        b.Add(C, "hex.decode(x: string) => string", "Decodes hex into a string.", HexDecode);
        b.Add(C, "urlquery.encode(x: string) => string", "Escapes a string for a URL query, spaces as +.", (_, a) => Operands.Str(QueryEscape(Operands.String(a, 0))));
        b.Add(C, "urlquery.decode(x: string) => string", "Unescapes a URL query string.", (_, a) => Operands.Str(QueryUnescape(Operands.String(a, 0))));
        b.Add(C, "urlquery.encode_object(object: object[string: string|array[string]|set[string]]) => string", "Encodes an object as a URL query string, keys sorted.", EncodeObject);
        b.Add(C, "urlquery.decode_object(x: string) => object[string: array[string]]", "Decodes a URL query string into an object of value arrays.", DecodeObject);
    }

    /// <summary>Serialises as Go's encoding/json does: compact, with &lt; &gt; &amp; escaped.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    internal static string MarshalJson(RegoValue value)
    {
        var json = RegoJson.Serialize(value);
        if (json.AsSpan().IndexOfAny("<>&\u2028\u2029") < 0)
        {
            return json;
        }

        var sb = new StringBuilder(json.Length + 16);
        foreach (var c in json)
        {
            _ = c switch
            {
                '<' => sb.Append("\\u003c"),
                '>' => sb.Append("\\u003e"),
                '&' => sb.Append("\\u0026"),
                '\u2028' => sb.Append("\\u2028"),
                '\u2029' => sb.Append("\\u2029"),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    private static bool TryParseJson(string text, out RegoValue value)
    {
        try
        {
            value = RegoJson.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            value = RegoNull.Instance;
            return false;
        }
    }

    private static RegoValue ParseJson(string text)
    {
        try
        {
            return RegoJson.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new BuiltinException(ex.Message);
        }
    }

    private static bool TryDecodeBase64(string s, bool url, out byte[] bytes)
    {
        if (!url)
        {
            return GoBase64.TryDecode(s, url: false, out bytes, out _);
        }

        try
        {
            bytes = GoBase64.DecodeUrlLenient(s);
            return true;
        }
        catch (BuiltinException)
        {
            bytes = [];
            return false;
        }
    }

    private static byte[] DecodeBase64(string s, bool url) =>
        url ? GoBase64.DecodeUrlLenient(s) : GoBase64.TryDecode(s, url: false, out var bytes, out var error) ? bytes : throw new BuiltinException(error!);

    private static string ToBase64Url(string s, bool pad)
    {
        var b64 = Convert.ToBase64String(Utf8.GetBytes(s)).Replace('+', '-').Replace('/', '_');
        return pad ? b64 : b64.TrimEnd('=');
    }

    private static RegoValue HexDecode(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        // Go's order: the first byte that is not a hex digit wins over an odd length.
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                throw new BuiltinException($"encoding/hex: invalid byte: {GoRuneQuote(c)}");
            }
        }

        if (s.Length % 2 != 0)
        {
            throw new BuiltinException("encoding/hex: odd length hex string");
        }

        return Operands.Str(Utf8.GetString(Convert.FromHexString(s)));
    }

    /// <summary>Go's <c>%#U</c> of a byte: <c>U+0067 'g'</c> (the quoted form only when printable).</summary>
    private static string GoRuneQuote(char c)
    {
        var code = ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        return char.IsControl(c) || char.IsSurrogate(c) ? $"U+{code}" : $"U+{code} '{c}'";
    }

    /// <summary>Escapes as Go's url.QueryEscape does.</summary>
    /// <param name="s">The text.</param>
    /// <returns>The escaped text.</returns>
    internal static string QueryEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var by in Utf8.GetBytes(s))
        {
            var c = (char)by;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                sb.Append(c);
            }
            else if (c == ' ')
            {
                sb.Append('+');
            }
            else
            {
                sb.Append('%').Append(by.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>Unescapes as Go's url.QueryUnescape does.</summary>
    /// <param name="s">The escaped text.</param>
    /// <returns>The text.</returns>
    internal static string QueryUnescape(string s)
    {
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                {
                    var bad = s[i..Math.Min(s.Length, i + 3)];
                    throw new BuiltinException($"invalid URL escape {Sprintf.GoQuote(bad)}");
                }

                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.AddRange(Utf8.GetBytes(c.ToString()));
            }
        }

        return Utf8.GetString([.. bytes]);
    }

    private static RegoValue EncodeObject(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var obj = Operands.Object(a, 0);
        var sb = new StringBuilder();
        foreach (var (k, v) in obj)
        {
            var key = k as RegoString ?? throw Operands.TypeError(0, k, "string");
            var values = v switch
            {
                RegoString s => [s],
                RegoArray arr => arr.Items.ToArray(),
                RegoSet set => set.Sorted.ToArray(),
                _ => throw Operands.TypeError(0, v, "string", "array", "set"),
            };
            foreach (var item in values)
            {
                var text = item as RegoString ?? throw Operands.TypeError(0, item, "string");
                if (sb.Length > 0)
                {
                    sb.Append('&');
                }

                sb.Append(QueryEscape(key.Value)).Append('=').Append(QueryEscape(text.Value));
            }
        }

        return Operands.Str(sb.ToString());
    }

    private static RegoValue DecodeObject(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var s = Operands.String(a, 0);
        var map = new Dictionary<string, List<RegoValue>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pair in s.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = QueryUnescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? string.Empty : QueryUnescape(pair[(eq + 1)..]);
            if (!map.TryGetValue(key, out var list))
            {
                list = [];
                map[key] = list;
                order.Add(key);
            }

            list.Add(Operands.Str(value));
        }

        var result = new Dictionary<RegoValue, RegoValue>(map.Count);
        foreach (var key in order)
        {
            result[Operands.Str(key)] = RegoArray.Wrap([.. map[key]]);
        }

        return RegoObject.Wrap(result);
    }
}
