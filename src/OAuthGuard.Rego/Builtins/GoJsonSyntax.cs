using System.Globalization;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// The first syntax error Go's <c>encoding/json</c> scanner reports for a text, worded as Go words it
/// (<c>invalid character 'e' looking for beginning of value</c>, <c>unexpected end of JSON input</c>), for builtins whose
/// OPA errors carry Go's message. Only the syntax is checked; values are not built.
/// </summary>
internal static class GoJsonSyntax
{
    /// <summary>Returns Go's error for <paramref name="text"/>, or null when it is one valid JSON value.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The message, or null.</returns>
    public static string? Error(string text)
    {
        var pos = 0;
        try
        {
            SkipSpace(text, ref pos);
            Value(text, ref pos, "looking for beginning of value");
            SkipSpace(text, ref pos);
            return pos < text.Length ? Invalid(text, pos, "after top-level value") : null;
        }
        catch (SyntaxException e)
        {
            return e.Message;
        }
    }

    private static void Value(string s, ref int pos, string context)
    {
        if (pos >= s.Length)
        {
            throw End();
        }

        switch (s[pos])
        {
            case '{':
                pos++;
                SkipSpace(s, ref pos);
                if (Peek(s, pos) == '}')
                {
                    pos++;
                    return;
                }

                while (true)
                {
                    if (Peek(s, pos) != '"')
                    {
                        throw pos >= s.Length ? End() : new SyntaxException(Invalid(s, pos, "looking for beginning of object key string"));
                    }

                    String(s, ref pos);
                    SkipSpace(s, ref pos);
                    Expect(s, ref pos, ':', "after object key");
                    SkipSpace(s, ref pos);
                    Value(s, ref pos, "looking for beginning of value");
                    SkipSpace(s, ref pos);
                    if (Peek(s, pos) == ',')
                    {
                        pos++;
                        SkipSpace(s, ref pos);
                        continue;
                    }

                    Expect(s, ref pos, '}', "after object key:value pair");
                    return;
                }

            case '[':
                pos++;
                SkipSpace(s, ref pos);
                if (Peek(s, pos) == ']')
                {
                    pos++;
                    return;
                }

                while (true)
                {
                    Value(s, ref pos, "looking for beginning of value");
                    SkipSpace(s, ref pos);
                    if (Peek(s, pos) == ',')
                    {
                        pos++;
                        SkipSpace(s, ref pos);
                        continue;
                    }

                    Expect(s, ref pos, ']', "after array element");
                    return;
                }

            case '"':
                String(s, ref pos);
                return;
            case 't':
                Literal(s, ref pos, "true");
                return;
            case 'f':
                Literal(s, ref pos, "false");
                return;
            case 'n':
                Literal(s, ref pos, "null");
                return;
            case '-' or (>= '0' and <= '9'):
                Number(s, ref pos);
                return;
            default:
                throw new SyntaxException(Invalid(s, pos, context));
        }
    }

    private static void String(string s, ref int pos)
    {
        pos++; // opening quote
        while (true)
        {
            if (pos >= s.Length)
            {
                throw End();
            }

            var c = s[pos];
            if (c == '"')
            {
                pos++;
                return;
            }

            if (c < 0x20)
            {
                throw new SyntaxException(Invalid(s, pos, "in string literal"));
            }

            if (c != '\\')
            {
                pos++;
                continue;
            }

            pos++;
            if (pos >= s.Length)
            {
                throw End();
            }

            if (s[pos] == 'u')
            {
                pos++;
                for (var i = 0; i < 4; i++, pos++)
                {
                    if (pos >= s.Length)
                    {
                        throw End();
                    }

                    if (!char.IsAsciiHexDigit(s[pos]))
                    {
                        throw new SyntaxException(Invalid(s, pos, "in \\u hexadecimal character escape"));
                    }
                }

                continue;
            }

            if ("\"\\/bfnrt".Contains(s[pos], StringComparison.Ordinal))
            {
                pos++;
                continue;
            }

            throw new SyntaxException(Invalid(s, pos, "in string escape code"));
        }
    }

    private static void Number(string s, ref int pos)
    {
        if (s[pos] == '-')
        {
            pos++;
            if (pos >= s.Length)
            {
                throw End();
            }

            if (!char.IsAsciiDigit(s[pos]))
            {
                throw new SyntaxException(Invalid(s, pos, "in numeric literal"));
            }
        }

        if (s[pos] == '0')
        {
            pos++;
        }
        else
        {
            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }
        }

        if (Peek(s, pos) == '.')
        {
            pos++;
            if (pos >= s.Length)
            {
                throw End();
            }

            if (!char.IsAsciiDigit(s[pos]))
            {
                throw new SyntaxException(Invalid(s, pos, "after decimal point in numeric literal"));
            }

            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }
        }

        if (Peek(s, pos) is 'e' or 'E')
        {
            pos++;
            if (Peek(s, pos) is '+' or '-')
            {
                pos++;
            }

            if (pos >= s.Length)
            {
                throw End();
            }

            if (!char.IsAsciiDigit(s[pos]))
            {
                throw new SyntaxException(Invalid(s, pos, "in exponent of numeric literal"));
            }

            while (pos < s.Length && char.IsAsciiDigit(s[pos]))
            {
                pos++;
            }
        }
    }

    private static void Literal(string s, ref int pos, string word)
    {
        for (var i = 0; i < word.Length; i++, pos++)
        {
            if (pos >= s.Length)
            {
                throw End();
            }

            if (s[pos] != word[i])
            {
                throw new SyntaxException(Invalid(s, pos, $"in literal {word} (expecting {Quote(word[i])})"));
            }
        }
    }

    private static void Expect(string s, ref int pos, char c, string context)
    {
        if (pos >= s.Length)
        {
            throw End();
        }

        if (s[pos] != c)
        {
            throw new SyntaxException(Invalid(s, pos, context));
        }

        pos++;
    }

    private static char Peek(string s, int pos) => pos < s.Length ? s[pos] : '\0';

    private static void SkipSpace(string s, ref int pos)
    {
        while (pos < s.Length && s[pos] is ' ' or '\t' or '\r' or '\n')
        {
            pos++;
        }
    }

    private static SyntaxException End() => new("unexpected end of JSON input");

    private static string Invalid(string s, int pos, string context)
    {
        var rune = char.IsSurrogatePair(s, pos) ? char.ConvertToUtf32(s[pos], s[pos + 1]) : s[pos];
        return $"invalid character {Quote(rune)} {context}";
    }

    /// <summary>Go's quoteChar: <c>'\''</c>, <c>'"'</c>, otherwise the Go-quoted rune between single quotes.</summary>
    private static string Quote(int rune) => rune switch
    {
        '\'' => @"'\''",
        '"' => "'\"'",
        '\\' => @"'\\'",
        '\n' => @"'\n'",
        '\r' => @"'\r'",
        '\t' => @"'\t'",
        < 0x20 or 0x7F => $"'\\x{rune.ToString("x2", CultureInfo.InvariantCulture)}'",
        _ => $"'{char.ConvertFromUtf32(rune)}'",
    };

    private sealed class SyntaxException(string message) : Exception(message);
}
