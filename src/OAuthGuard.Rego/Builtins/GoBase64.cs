namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Base64 decoding with the rules and error texts of Go's <c>encoding/base64</c> (padded encodings, not strict): line
/// breaks are skipped, the leftover bits of the last quantum are ignored, and an error names the input byte at fault
/// (<c>illegal base64 data at input byte N</c>), which OPA's messages carry.
/// </summary>
internal static class GoBase64
{
    private const string Std = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private const string Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /// <summary>Decodes <paramref name="s"/> as Go's <c>StdEncoding</c> or <c>URLEncoding</c> does.</summary>
    /// <param name="s">The text.</param>
    /// <param name="url">Whether the URL alphabet is used.</param>
    /// <param name="bytes">The bytes decoded.</param>
    /// <param name="error">Go's error text, or null.</param>
    /// <returns>Whether the text decoded.</returns>
    public static bool TryDecode(string s, bool url, out byte[] bytes, out string? error)
    {
        var alphabet = url ? Url : Std;
        var output = new List<byte>(s.Length * 3 / 4);
        var si = 0;
        Span<int> quantum = stackalloc int[4];
        while (true)
        {
            var length = 4;
            for (var j = 0; j < 4; j++)
            {
                if (si == s.Length)
                {
                    if (j == 0)
                    {
                        bytes = [.. output];
                        error = null;
                        return true;
                    }

                    return Fail(si - j, out bytes, out error);
                }

                var c = s[si++];
                var v = c < 128 ? alphabet.IndexOf(c, StringComparison.Ordinal) : -1;
                if (v >= 0)
                {
                    quantum[j] = v;
                    continue;
                }

                if (c is '\n' or '\r')
                {
                    j--;
                    continue;
                }

                if (c != '=' || j < 2)
                {
                    return Fail(si - 1, out bytes, out error);
                }

                if (j == 2)
                {
                    // "==" is expected; the first '=' is consumed.
                    SkipLineBreaks(s, ref si);
                    if (si == s.Length)
                    {
                        return Fail(s.Length, out bytes, out error);
                    }

                    if (s[si] != '=')
                    {
                        return Fail(si - 1, out bytes, out error);
                    }

                    si++;
                }

                SkipLineBreaks(s, ref si);
                if (si < s.Length)
                {
                    return Fail(si, out bytes, out error);
                }

                length = j;
                break;
            }

            var n = (quantum[0] << 18) | (quantum[1] << 12) | (length > 2 ? quantum[2] << 6 : 0) | (length > 3 ? quantum[3] : 0);
            output.Add((byte)(n >> 16));
            if (length > 2)
            {
                output.Add((byte)(n >> 8));
            }

            if (length > 3)
            {
                output.Add((byte)n);
            }

            if (length < 4)
            {
                bytes = [.. output];
                error = null;
                return true;
            }
        }
    }

    /// <summary>
    /// Decodes base64url as OPA's <c>base64url.decode</c> does: unpadded text of length 2 or 3 modulo 4 is padded
    /// first (RFC 7515 appendix C); length 1 modulo 4 is an error.
    /// </summary>
    /// <param name="s">The text.</param>
    /// <returns>The bytes.</returns>
    /// <exception cref="BuiltinException">Go's error text.</exception>
    public static byte[] DecodeUrlLenient(string s)
    {
        if (!s.EndsWith('='))
        {
            switch (s.Length % 4)
            {
                case 2:
                    s += "==";
                    break;
                case 3:
                    s += "=";
                    break;
                case 1:
                    throw new BuiltinException($"illegal base64url string: {s}");
            }
        }

        return TryDecode(s, url: true, out var bytes, out var error) ? bytes : throw new BuiltinException(error!);
    }

    private static void SkipLineBreaks(string s, ref int si)
    {
        while (si < s.Length && s[si] is '\n' or '\r')
        {
            si++;
        }
    }

    private static bool Fail(int at, out byte[] bytes, out string? error)
    {
        bytes = [];
        error = $"illegal base64 data at input byte {at.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        return false;
    }
}
