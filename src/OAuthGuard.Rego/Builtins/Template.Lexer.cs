using System.Text;

namespace OAuthGuard.Rego.Builtins;

/// <content>The lexer: Go text/template's tokens, delimiters <c>{{</c> <c>}}</c>, trim markers and comments.</content>
internal static partial class Template
{
    private enum Tok
    {
        Text,
        Left,
        Right,
        Space,
        Field,
        Variable,
        Identifier,
        Keyword,
        Bool,
        Nil,
        Dot,
        String,
        RawString,
        Char,
        Number,
        Pipe,
        LeftParen,
        RightParen,
        Declare,
        Assign,
        Comma,
        Eof,
    }

    private readonly record struct Token(Tok Type, string Value, int Pos, int Line);

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "block", "break", "continue", "define", "else", "end", "if", "range", "template", "with",
    };

    /// <summary>Splits a template into tokens; a lexical error is a parse error at its line.</summary>
    private sealed class Lexer(string input)
    {
        private readonly List<Token> _tokens = [];
        private int _pos;
        private int _line = 1;

        public List<Token> Run()
        {
            while (true)
            {
                var open = input.IndexOf("{{", _pos, StringComparison.Ordinal);
                if (open < 0)
                {
                    Emit(Tok.Text, input[_pos..], _pos);
                    break;
                }

                var trimLeft = open + 3 < input.Length && input[open + 2] == '-' && IsSpace(input[open + 3]);
                var text = input[_pos..open];
                if (trimLeft)
                {
                    text = text.TrimEnd(' ', '\t', '\r', '\n');
                }

                Emit(Tok.Text, text, _pos);
                _line += Count(input, _pos, open);
                _pos = open + 2 + (trimLeft ? 2 : 0);
                if (Comment(open))
                {
                    continue;
                }

                Emit(Tok.Left, "{{", open);
                InsideAction();
            }

            _tokens.Add(new Token(Tok.Eof, string.Empty, input.Length, _line));
            return _tokens;
        }

        private void Emit(Tok type, string value, int pos)
        {
            if (type != Tok.Text || value.Length > 0)
            {
                _tokens.Add(new Token(type, value, pos, _line));
            }
        }

        private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

        private static int Count(string s, int from, int to)
        {
            var n = 0;
            for (var i = from; i < to; i++)
            {
                if (s[i] == '\n')
                {
                    n++;
                }
            }

            return n;
        }

        private TemplateError Error(string message) => new TemplateError($"template: template:{_line}: {message}");

        /// <summary>Handles the right delimiter at <see cref="_pos"/> (with its trim marker); true when one was there.</summary>
        private bool RightDelim()
        {
            var trim = _pos + 3 < input.Length && IsSpace(input[_pos]) && string.CompareOrdinal(input, _pos + 1, "-}}", 0, 3) == 0;
            if (trim || string.CompareOrdinal(input, _pos, "}}", 0, 2) == 0)
            {
                var start = _pos;
                _pos += trim ? 4 : 2;
                Emit(Tok.Right, "}}", start);
                if (trim)
                {
                    var end = _pos;
                    while (end < input.Length && IsSpace(input[end]))
                    {
                        end++;
                    }

                    _line += Count(input, _pos, end);
                    _pos = end;
                }

                return true;
            }

            return false;
        }

        /// <summary>A comment <c>{{/* … */}}</c> right after the left delimiter: skipped, with its trim markers.</summary>
        private bool Comment(int open)
        {
            if (string.CompareOrdinal(input, _pos, "/*", 0, 2) != 0)
            {
                return false;
            }

            var close = input.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error("unclosed comment");
            }

            _line += Count(input, _pos, close);
            _pos = close + 2;
            if (!RightDelim())
            {
                throw Error("comment ends before closing delimiter");
            }

            // The comment's Right token is not wanted.
            _tokens.RemoveAt(_tokens.Count - 1);
            _ = open;
            return true;
        }

        private void InsideAction()
        {
            var parens = 0;
            while (true)
            {
                if (parens == 0 && RightDelim())
                {
                    return;
                }

                if (_pos >= input.Length)
                {
                    throw Error("unclosed action");
                }

                var c = input[_pos];
                var start = _pos;
                if (IsSpace(c))
                {
                    while (_pos < input.Length && IsSpace(input[_pos]) && !(parens == 0 && _pos + 3 < input.Length && string.CompareOrdinal(input, _pos + 1, "-}}", 0, 3) == 0))
                    {
                        if (input[_pos] == '\n')
                        {
                            _line++;
                        }

                        _pos++;
                    }

                    if (_pos > start)
                    {
                        Emit(Tok.Space, " ", start);
                    }

                    continue;
                }

                _pos++;
                switch (c)
                {
                    case '=':
                        Emit(Tok.Assign, "=", start);
                        break;
                    case ':':
                        if (_pos >= input.Length || input[_pos] != '=')
                        {
                            throw Error("expected :=");
                        }

                        _pos++;
                        Emit(Tok.Declare, ":=", start);
                        break;
                    case '|':
                        Emit(Tok.Pipe, "|", start);
                        break;
                    case ',':
                        Emit(Tok.Comma, ",", start);
                        break;
                    case '(':
                        parens++;
                        Emit(Tok.LeftParen, "(", start);
                        break;
                    case ')':
                        if (--parens < 0)
                        {
                            throw Error("unexpected right paren");
                        }

                        Emit(Tok.RightParen, ")", start);
                        break;
                    case '"':
                        Quote(start, '"', Tok.String, "unterminated quoted string");
                        break;
                    case '\'':
                        Quote(start, '\'', Tok.Char, "unterminated character constant");
                        break;
                    case '`':
                        var close = input.IndexOf('`', _pos);
                        if (close < 0)
                        {
                            throw Error("unterminated raw quoted string");
                        }

                        _line += Count(input, _pos, close);
                        _pos = close + 1;
                        Emit(Tok.RawString, input[start.._pos], start);
                        break;
                    case '$':
                        Word(start, Tok.Variable);
                        break;
                    case '.' when _pos < input.Length && char.IsAsciiDigit(input[_pos]):
                        Number(start);
                        break;
                    case '.':
                        Word(start, Tok.Field);
                        break;
                    case '+' or '-':
                    case >= '0' and <= '9':
                        Number(start);
                        break;
                    default:
                        if (char.IsLetter(c) || c == '_')
                        {
                            _pos = start;
                            Word(start, Tok.Identifier);
                            break;
                        }

                        throw Error($"unrecognized character in action: U+{(int)c:X4} '{c}'");
                }
            }
        }

        private void Quote(int start, char quote, Tok type, string unterminated)
        {
            while (true)
            {
                if (_pos >= input.Length || input[_pos] == '\n')
                {
                    throw Error(unterminated);
                }

                var c = input[_pos++];
                if (c == '\\')
                {
                    if (_pos >= input.Length || input[_pos] == '\n')
                    {
                        throw Error(unterminated);
                    }

                    _pos++;
                }
                else if (c == quote)
                {
                    break;
                }
            }

            Emit(type, input[start.._pos], start);
        }

        /// <summary>A field (<c>.x</c>), variable (<c>$x</c>) or identifier, then any <c>.field</c> chain as field tokens.</summary>
        private void Word(int start, Tok type)
        {
            if (type != Tok.Identifier)
            {
                // The '.' or '$' is already consumed.
                if (type == Tok.Field && (_pos >= input.Length || !IsAlnum(input[_pos])))
                {
                    Emit(Tok.Dot, ".", start);
                    return;
                }
            }

            while (_pos < input.Length && IsAlnum(input[_pos]))
            {
                _pos++;
            }

            var word = input[start.._pos];
            if (type == Tok.Identifier)
            {
                type = Keywords.Contains(word) ? Tok.Keyword : word is "true" or "false" ? Tok.Bool : word == "nil" ? Tok.Nil : Tok.Identifier;
            }

            Emit(type, word, start);
            if (type is Tok.Keyword or Tok.Bool or Tok.Nil)
            {
                return;
            }

            // A chain of fields right after (no space): .a.b, $x.a, f.a is lexed as one field per element.
            while (_pos + 1 < input.Length && input[_pos] == '.' && IsAlnum(input[_pos + 1]))
            {
                var s = _pos++;
                while (_pos < input.Length && IsAlnum(input[_pos]))
                {
                    _pos++;
                }

                Emit(Tok.Field, input[s.._pos], s);
            }
        }

        private static bool IsAlnum(char c) => c == '_' || char.IsLetterOrDigit(c);

        private void Number(int start)
        {
            _pos = start;
            if (input[_pos] is '+' or '-')
            {
                _pos++;
            }

            while (_pos < input.Length && (char.IsAsciiLetterOrDigit(input[_pos]) || input[_pos] is '.' or '_' || (input[_pos] is '+' or '-' && input[_pos - 1] is 'e' or 'E' or 'p' or 'P')))
            {
                _pos++;
            }

            Emit(Tok.Number, input[start.._pos], start);
        }
    }

    /// <summary>Unquotes a Go string or character literal as <c>strconv.Unquote</c> does for the common escapes.</summary>
    private static string Unquote(string quoted)
    {
        var sb = new StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            c = quoted[++i];
            switch (c)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '\\' or '"' or '\'': sb.Append(c); break;
                case 'x' when i + 2 < quoted.Length && IsHex(quoted, i + 1, 2):
                    sb.Append((char)Convert.ToInt32(quoted.Substring(i + 1, 2), 16));
                    i += 2;
                    break;
                case 'u' when i + 4 < quoted.Length && IsHex(quoted, i + 1, 4):
                    sb.Append((char)Convert.ToInt32(quoted.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                case 'U' when i + 8 < quoted.Length && IsHex(quoted, i + 1, 8):
                    sb.Append(char.ConvertFromUtf32(Convert.ToInt32(quoted.Substring(i + 1, 8), 16)));
                    i += 8;
                    break;
                default:
                    throw new TemplateError("invalid syntax");
            }
        }

        return sb.ToString();
    }

    private static bool IsHex(string s, int start, int count)
    {
        for (var k = start; k < start + count; k++)
        {
            if (!char.IsAsciiHexDigit(s[k]))
            {
                return false;
            }
        }

        return true;
    }
}
