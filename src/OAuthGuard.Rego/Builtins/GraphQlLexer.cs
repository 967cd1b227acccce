using System.Globalization;
using System.Text;

namespace OAuthGuard.Rego.Builtins;

/// <summary>A GraphQL syntax or validation error at a position (<see cref="GqPos.None"/> when unknown).</summary>
internal sealed class GraphQlSyntaxException(string message, GqPos pos = default) : Exception(message)
{
    public GqPos Pos { get; } = pos;
}

/// <summary>Token kinds, in gqlparser's order; <see cref="GqLexer.Describe(GqTok)"/> gives their spelling.</summary>
internal enum GqTokKind
{
    Invalid, Eof, Bang, Dollar, Amp, ParenL, ParenR, Spread, Colon, Equals, At, BracketL, BracketR, BraceL, BraceR, Pipe,
    Name, Int, Float, String, BlockString,
}

/// <summary>A token: kind, value (names, numbers, the decoded text of strings; empty for punctuators) and position.</summary>
internal readonly record struct GqTok(GqTokKind Kind, string Value, GqPos Pos, string? Error = null);

/// <summary>
/// The GraphQL lexer of OPA's GraphQL library (gqlparser), rule for rule, so that tokens, positions and the parser's
/// error messages come out the same: columns count code points, a character the lexer cannot read is an
/// <see cref="GqTokKind.Invalid"/> token at the place where reading stopped (the parser then reports it as
/// <c>Unexpected &lt;Invalid&gt;</c>), a number may be followed directly by a name, and a block string's position is
/// computed from its last line, as gqlparser computes it.
/// </summary>
internal sealed class GqLexer(string input)
{
    private int _end;
    private int _endRunes;
    private int _startRunes;
    private int _line = 1;
    private int _lineStartRunes;

    /// <summary>The spelling of a kind in gqlparser's messages.</summary>
    public static string Describe(GqTokKind kind) => kind switch
    {
        GqTokKind.Invalid => "<Invalid>",
        GqTokKind.Eof => "<EOF>",
        GqTokKind.Bang => "!",
        GqTokKind.Dollar => "$",
        GqTokKind.Amp => "&",
        GqTokKind.ParenL => "(",
        GqTokKind.ParenR => ")",
        GqTokKind.Spread => "...",
        GqTokKind.Colon => ":",
        GqTokKind.Equals => "=",
        GqTokKind.At => "@",
        GqTokKind.BracketL => "[",
        GqTokKind.BracketR => "]",
        GqTokKind.BraceL => "{",
        GqTokKind.BraceR => "}",
        GqTokKind.Pipe => "|",
        GqTokKind.Name => "Name",
        GqTokKind.Int => "Int",
        GqTokKind.Float => "Float",
        GqTokKind.String => "String",
        _ => "BlockString",
    };

    /// <summary>A token as gqlparser prints it: its kind, then its value quoted when it has one.</summary>
    public static string Describe(GqTok tok) =>
        tok.Value.Length > 0 ? Describe(tok.Kind) + " " + Sprintf.GoQuote(tok.Value) : Describe(tok.Kind);

    /// <summary>Reads the next token.</summary>
    public GqTok Next()
    {
        while (true)
        {
            SkipWhitespace();
            var start = _end;
            _startRunes = _endRunes;
            if (_end >= input.Length)
            {
                return Make(GqTokKind.Eof, string.Empty);
            }

            var c = input[_end];
            _end++;
            _endRunes++;
            switch (c)
            {
                case '!': return Make(GqTokKind.Bang, string.Empty);
                case '$': return Make(GqTokKind.Dollar, string.Empty);
                case '&': return Make(GqTokKind.Amp, string.Empty);
                case '(': return Make(GqTokKind.ParenL, string.Empty);
                case ')': return Make(GqTokKind.ParenR, string.Empty);
                case ':': return Make(GqTokKind.Colon, string.Empty);
                case '=': return Make(GqTokKind.Equals, string.Empty);
                case '@': return Make(GqTokKind.At, string.Empty);
                case '[': return Make(GqTokKind.BracketL, string.Empty);
                case ']': return Make(GqTokKind.BracketR, string.Empty);
                case '{': return Make(GqTokKind.BraceL, string.Empty);
                case '}': return Make(GqTokKind.BraceR, string.Empty);
                case '|': return Make(GqTokKind.Pipe, string.Empty);
                case '.' when string.CompareOrdinal(input, start, "...", 0, 3) == 0:
                    _end += 2;
                    _endRunes += 2;
                    return Make(GqTokKind.Spread, string.Empty);
                case '#':
                    SkipComment();
                    continue;
                case '"' when string.CompareOrdinal(input, start, "\"\"\"", 0, 3) == 0:
                    return BlockString();
                case '"':
                    return QuotedString();
            }

            if (c == '_' || char.IsAsciiLetter(c))
            {
                while (_end < input.Length && (input[_end] == '_' || char.IsAsciiLetterOrDigit(input[_end])))
                {
                    _end++;
                    _endRunes++;
                }

                return Make(GqTokKind.Name, input[start.._end]);
            }

            if (c == '-' || char.IsAsciiDigit(c))
            {
                _end--;
                _endRunes--;
                return Number(start);
            }

            _end--;
            _endRunes--;
            return Invalid(Unreadable(c));
        }
    }

    private GqTok Make(GqTokKind kind, string value) =>
        new(kind, value, new GqPos(_line, _startRunes - _lineStartRunes + 1));

    /// <summary>A token the lexer cannot read, at the place reading stopped, with gqlparser's lexer message.</summary>
    private GqTok Invalid(string error) => new(GqTokKind.Invalid, string.Empty, new GqPos(_line, _endRunes - _lineStartRunes + 1), error);

    /// <summary>gqlparser formats a control character's code in decimal behind <c>\u</c>.</summary>
    private static string ControlCharacter(char c) => $"Invalid character within String: \"\\u{(int)c:D4}\".";

    private static string Unreadable(char c) => c switch
    {
        < ' ' and not ('\t' or '\n' or '\r') => $"Cannot contain the invalid character \"\\u{(int)c:D4}\"",
        '\'' => "Unexpected single quote character ('), did you mean to use a double quote (\")?",
        _ => $"Cannot parse the unexpected character \"{FirstByte(c)}\".",
    };

    /// <summary>The next character as gqlparser describes it: its first UTF-8 byte read as a character, quoted.</summary>
    private string DescribeNext() => _end < input.Length ? "\"" + FirstByte(input[_end]) + "\"" : "<EOF>";

    private static char FirstByte(char c) => c < 0x80 ? c : (char)System.Text.Encoding.UTF8.GetBytes(char.IsSurrogate(c) ? "\uFFFD" : c.ToString())[0];

    private void NewLine()
    {
        _line++;
        _lineStartRunes = _endRunes;
    }

    private void SkipWhitespace()
    {
        while (_end < input.Length)
        {
            switch (input[_end])
            {
                case '\t' or ' ' or ',' or '\uFEFF':
                    _end++;
                    _endRunes++;
                    break;
                case '\n':
                    _end++;
                    _endRunes++;
                    NewLine();
                    break;
                case '\r':
                    _end++;
                    _endRunes++;
                    NewLine();
                    if (_end < input.Length && input[_end] == '\n')
                    {
                        _end++;
                        _endRunes++;
                    }

                    break;
                default:
                    return;
            }
        }
    }

    private void SkipComment()
    {
        while (_end < input.Length && (input[_end] > '\u001f' || input[_end] == '\t'))
        {
            Advance();
        }
    }

    /// <summary>Moves past one code point (two chars for a surrogate pair).</summary>
    private void Advance()
    {
        _end += char.IsHighSurrogate(input[_end]) && _end + 1 < input.Length && char.IsLowSurrogate(input[_end + 1]) ? 2 : 1;
        _endRunes++;
    }

    private bool AcceptChar(char a, char b = '\0')
    {
        if (_end < input.Length && (input[_end] == a || (b != '\0' && input[_end] == b)))
        {
            _end++;
            _endRunes++;
            return true;
        }

        return false;
    }

    private int AcceptDigits()
    {
        var n = 0;
        while (_end < input.Length && char.IsAsciiDigit(input[_end]))
        {
            _end++;
            _endRunes++;
            n++;
        }

        return n;
    }

    private GqTok Number(int start)
    {
        var isFloat = false;
        _ = AcceptChar('-');
        if (AcceptChar('0'))
        {
            var extra = AcceptDigits();
            if (extra != 0)
            {
                _end -= extra;
                _endRunes -= extra;
                return Invalid($"Invalid number, unexpected digit after 0: {DescribeNext()}.");
            }
        }
        else if (AcceptDigits() == 0)
        {
            return Invalid($"Invalid number, expected digit but got: {DescribeNext()}.");
        }

        if (AcceptChar('.'))
        {
            isFloat = true;
            if (AcceptDigits() == 0)
            {
                return Invalid($"Invalid number, expected digit but got: {DescribeNext()}.");
            }
        }

        if (AcceptChar('e', 'E'))
        {
            isFloat = true;
            _ = AcceptChar('-', '+');
            if (AcceptDigits() == 0)
            {
                return Invalid($"Invalid number, expected digit but got: {DescribeNext()}.");
            }
        }

        return Make(isFloat ? GqTokKind.Float : GqTokKind.Int, input[start.._end]);
    }

    private GqTok QuotedString()
    {
        _startRunes++; // the position starts after the opening quote
        var sb = new StringBuilder();
        while (_end < input.Length)
        {
            var c = input[_end];
            if (c is '\n' or '\r')
            {
                break;
            }

            if (c < ' ' && c != '\t')
            {
                return Invalid(ControlCharacter(c));
            }

            if (c == '"')
            {
                var tok = Make(GqTokKind.String, sb.ToString());
                _end++;
                _endRunes++;
                return tok;
            }

            if (c != '\\')
            {
                var from = _end;
                Advance();
                sb.Append(input, from, _end - from);
                continue;
            }

            if (_end + 1 >= input.Length)
            {
                _end++;
                _endRunes++;
                return Invalid("Invalid character escape sequence.");
            }

            var escape = input[_end + 1];
            if (escape == 'u')
            {
                if (_end + 6 >= input.Length || !int.TryParse(input.AsSpan(_end + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    _end++;
                    _endRunes++;
                    return Invalid("Invalid character escape sequence: \\" + (_end + 5 >= input.Length ? input[_end..] : input.Substring(_end, 5)) + ".");
                }

                // Go writes a lone surrogate as the replacement character.
                sb.Append(code is >= 0xD800 and <= 0xDFFF ? '\uFFFD' : (char)code);
                _end += 6;
                _endRunes += 6;
                continue;
            }

            char? decoded = escape switch
            {
                '"' or '/' or '\\' => escape,
                'b' => '\b',
                'f' => '\f',
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                _ => null,
            };
            if (decoded is null)
            {
                _end++;
                _endRunes++;
                return Invalid($"Invalid character escape sequence: \\{escape}.");
            }

            sb.Append(decoded.Value);
            _end += 2;
            _endRunes += 2;
        }

        return Invalid("Unterminated string."); // unterminated
    }

    private GqTok BlockString()
    {
        _startRunes += 3;
        _end += 2;
        _endRunes += 2;
        var sb = new StringBuilder();
        while (_end < input.Length)
        {
            var c = input[_end];
            if (c == '"' && string.CompareOrdinal(input, _end, "\"\"\"", 0, 3) == 0)
            {
                var tok = Make(GqTokKind.BlockString, BlockValue(sb.ToString()));
                _end += 3;
                _endRunes += 3;
                return tok;
            }

            if (c < ' ' && c is not ('\t' or '\n' or '\r'))
            {
                return Invalid(ControlCharacter(c));
            }

            if (c == '\\' && string.CompareOrdinal(input, _end, "\\\"\"\"", 0, 4) == 0)
            {
                sb.Append("\"\"\"");
                _end += 4;
                _endRunes += 4;
            }
            else if (c == '\r')
            {
                if (_end + 1 < input.Length && input[_end + 1] == '\n')
                {
                    _end++;
                    _endRunes++;
                }

                sb.Append('\n');
                _end++;
                _endRunes++;
                NewLine();
            }
            else
            {
                var from = _end;
                Advance();
                sb.Append(input, from, _end - from);
                if (c == '\n')
                {
                    NewLine();
                }
            }
        }

        return Invalid("Unterminated string.");
    }

    /// <summary>The value of a block string: common indentation removed, blank first and last lines dropped.</summary>
    private static string BlockValue(string raw)
    {
        var lines = raw.Split('\n');
        var common = int.MaxValue;
        foreach (var line in lines)
        {
            var indent = LeadingWhitespace(line);
            if (indent < line.Length && indent < common)
            {
                common = indent;
                if (common == 0)
                {
                    break;
                }
            }
        }

        if (common != int.MaxValue)
        {
            for (var i = 1; i < lines.Length; i++)
            {
                lines[i] = lines[i].Length < common ? string.Empty : lines[i][common..];
            }
        }

        var first = 0;
        var last = lines.Length;
        while (first < last && LeadingWhitespace(lines[first]) == int.MaxValue)
        {
            first++;
        }

        while (first < last && LeadingWhitespace(lines[last - 1]) == int.MaxValue)
        {
            last--;
        }

        return string.Join('\n', lines[first..last]);
    }

    private static int LeadingWhitespace(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] is not (' ' or '\t'))
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
