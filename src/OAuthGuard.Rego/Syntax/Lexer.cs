using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Syntax;

/// <summary>
/// Splits Rego source into tokens (OPA's scanner rules: ASCII identifiers, JSON-style strings, raw strings in
/// back-quotes, <c>#</c> comments). Tokens only record offsets; whitespace and comments become flags on the next
/// token, and comments are kept aside for <c># METADATA</c> blocks.
/// </summary>
internal sealed class Lexer
{
    private readonly SourceText _source;
    private readonly string _text;
    private readonly List<Diagnostic> _diagnostics;
    private readonly List<Token> _tokens;
    private readonly List<Token> _comments = [];
    private int _pos;

    private Lexer(SourceText source, List<Diagnostic> diagnostics)
    {
        _source = source;
        _text = source.Text;
        _diagnostics = diagnostics;
        _tokens = new List<Token>(Math.Max(16, _text.Length / 4));
    }

    /// <summary>Tokenizes a source text.</summary>
    /// <param name="source">The source.</param>
    /// <param name="diagnostics">Where lexical errors go (code <c>rego_parse_error</c>).</param>
    /// <param name="comments">The comments, in order, as tokens spanning <c>#…</c> up to the line end.</param>
    /// <returns>The tokens, ending with <see cref="TokenKind.Eof"/>.</returns>
    public static Token[] Tokenize(SourceText source, List<Diagnostic> diagnostics, out List<Token> comments)
    {
        var lexer = new Lexer(source, diagnostics);
        lexer.Run();
        comments = lexer._comments;
        return [.. lexer._tokens];
    }

    private void Run()
    {
        var text = _text;
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            _pos = 1;
        }

        var flags = TokenFlags.None;
        while (true)
        {
            // Whitespace and comments.
            while (_pos < text.Length)
            {
                var c = text[_pos];
                if (c == '\n')
                {
                    flags |= TokenFlags.SpaceBefore | TokenFlags.NewlineBefore;
                    _pos++;
                }
                else if (c is ' ' or '\t' or '\r')
                {
                    flags |= TokenFlags.SpaceBefore;
                    _pos++;
                }
                else if (c == '#')
                {
                    var start = _pos;
                    while (_pos < text.Length && text[_pos] != '\n')
                    {
                        _pos++;
                    }

                    var end = _pos > start && text[_pos - 1] == '\r' ? _pos - 1 : _pos;
                    _comments.Add(new Token(TokenKind.Illegal, TokenFlags.None, start, end - start));
                    flags |= TokenFlags.SpaceBefore;
                }
                else
                {
                    break;
                }
            }

            if (_pos >= text.Length)
            {
                _tokens.Add(new Token(TokenKind.Eof, flags | TokenFlags.NewlineBefore, text.Length, 0));
                return;
            }

            var tokenStart = _pos;
            var kind = Scan(ref flags);
            _tokens.Add(new Token(kind, flags, tokenStart, _pos - tokenStart));
            flags = TokenFlags.None;
        }
    }

    private TokenKind Scan(ref TokenFlags flags)
    {
        var text = _text;
        var start = _pos;
        var c = text[_pos];
        if (IsLetter(c))
        {
            _pos++;
            while (_pos < text.Length && (IsLetter(text[_pos]) || char.IsDigit(text[_pos])))
            {
                _pos++;
            }

            return TokenKinds.Keyword(text.AsSpan(start, _pos - start));
        }

        if (c is >= '0' and <= '9')
        {
            return ScanNumber(ref flags);
        }

        _pos++;
        var next = _pos < text.Length ? text[_pos] : '\0';
        switch (c)
        {
            case '"':
                return ScanString(ref flags);
            case '`':
                return ScanRawString(ref flags);
            case '[': return TokenKind.LBrack;
            case ']': return TokenKind.RBrack;
            case '{': return TokenKind.LBrace;
            case '}': return TokenKind.RBrace;
            case '(': return TokenKind.LParen;
            case ')': return TokenKind.RParen;
            case ',': return TokenKind.Comma;
            case ';': return TokenKind.Semicolon;
            case '.': return TokenKind.Dot;
            case '+': return TokenKind.Plus;
            case '-': return TokenKind.Minus;
            case '*': return TokenKind.Star;
            case '/': return TokenKind.Slash;
            case '%': return TokenKind.Percent;
            case '&': return TokenKind.Amp;
            case '|': return TokenKind.Pipe;
            case ':':
                return Two(next, '=', TokenKind.Assign, TokenKind.Colon);
            case '=':
                return Two(next, '=', TokenKind.Equal, TokenKind.Unify);
            case '<':
                return Two(next, '=', TokenKind.Lte, TokenKind.Lt);
            case '>':
                return Two(next, '=', TokenKind.Gte, TokenKind.Gt);
            case '!':
                if (next == '=')
                {
                    _pos++;
                    return TokenKind.Neq;
                }

                Error(start, "illegal ! character", ref flags);
                return TokenKind.Illegal;
            default:
                if (char.IsHighSurrogate(c) && next != '\0' && char.IsLowSurrogate(next))
                {
                    _pos++;
                }

                return TokenKind.Illegal;
        }
    }

    private TokenKind Two(char next, char expected, TokenKind two, TokenKind one)
    {
        if (next == expected)
        {
            _pos++;
            return two;
        }

        return one;
    }

    private TokenKind ScanNumber(ref TokenFlags flags)
    {
        var text = _text;
        var kind = TokenKind.Number;
        while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
        {
            _pos++;
        }

        if (_pos < text.Length && text[_pos] == '.')
        {
            _pos++;
            var found = false;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                _pos++;
                found = true;
            }

            if (!found)
            {
                Error(_pos, "expected fraction", ref flags);
                kind = TokenKind.Illegal;
            }
        }

        if (_pos < text.Length && text[_pos] is 'e' or 'E')
        {
            _pos++;
            if (_pos < text.Length && text[_pos] is '+' or '-')
            {
                _pos++;
            }

            var found = false;
            while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
            {
                _pos++;
                found = true;
            }

            if (!found)
            {
                Error(_pos, "expected exponent", ref flags);
                kind = TokenKind.Illegal;
            }
        }

        if (_pos < text.Length && IsLetter(text[_pos]))
        {
            Error(_pos, "illegal number format", ref flags);
            while (_pos < text.Length && (IsLetter(text[_pos]) || char.IsDigit(text[_pos])))
            {
                _pos++;
            }

            kind = TokenKind.Illegal;
        }

        return kind;
    }

    private TokenKind ScanString(ref TokenFlags flags)
    {
        var text = _text;
        while (true)
        {
            if (_pos >= text.Length || text[_pos] == '\n')
            {
                Error(_pos, "non-terminated string", ref flags);
                return TokenKind.Illegal;
            }

            var c = text[_pos++];
            if (c == '"')
            {
                return TokenKind.String;
            }

            if (c == '\\')
            {
                var e = _pos < text.Length ? text[_pos] : '\0';
                switch (e)
                {
                    case '\\' or '"' or '/' or 'b' or 'f' or 'n' or 'r' or 't':
                        _pos++;
                        break;
                    case 'u':
                        _pos++;
                        for (var i = 0; i < 4; i++)
                        {
                            if (_pos >= text.Length || !char.IsAsciiHexDigit(text[_pos]))
                            {
                                Error(_pos, "illegal escape sequence", ref flags);
                                SkipToStringEnd();
                                return TokenKind.Illegal;
                            }

                            _pos++;
                        }

                        break;
                    default:
                        Error(_pos, "illegal escape sequence", ref flags);
                        SkipToStringEnd();
                        return TokenKind.Illegal;
                }
            }
        }
    }

    private void SkipToStringEnd()
    {
        while (_pos < _text.Length && _text[_pos] != '\n')
        {
            var c = _text[_pos++];
            if (c == '\\' && _pos < _text.Length && _text[_pos] != '\n')
            {
                _pos++;
            }
            else if (c == '"')
            {
                return;
            }
        }
    }

    private TokenKind ScanRawString(ref TokenFlags flags)
    {
        var end = _text.IndexOf('`', _pos);
        if (end < 0)
        {
            _pos = _text.Length;
            Error(_pos, "non-terminated string", ref flags);
            return TokenKind.Illegal;
        }

        _pos = end + 1;
        return TokenKind.RawString;
    }

    private void Error(int offset, string message, ref TokenFlags flags)
    {
        flags |= TokenFlags.Reported;
        _diagnostics.Add(Diagnostic.Error(ErrorCodes.ParseError, message, new SourceSpan(_source, Math.Min(offset, _text.Length), 0)));
    }

    private static bool IsLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';
}
