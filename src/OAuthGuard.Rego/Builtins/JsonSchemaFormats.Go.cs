namespace OAuthGuard.Rego.Builtins;

/// <content>The URL and e-mail address checks, as Go's <c>net/url.Parse</c> and <c>net/mail.ParseAddress</c> accept them.</content>
internal static partial class JsonSchemaFormats
{
    /// <summary>
    /// What Go's <c>url.Parse</c> rejects: control characters, a scheme that is empty before a colon, a colon in the
    /// first segment of a relative path, bad percent escapes (and escaped ASCII in a host), characters a host or user
    /// information may not hold, and a port that is not all digits. The query is not checked, as in Go.
    /// </summary>
    private static class GoUrl
    {
        public static bool TryParse(string raw, out string scheme, out string path)
        {
            scheme = string.Empty;
            path = string.Empty;
            foreach (var c in raw)
            {
                if (c < 0x20 || c == 0x7f)
                {
                    return false;
                }
            }

            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0 && !Unescape(raw[(hash + 1)..], host: false))
            {
                return false;
            }

            var rest = hash >= 0 ? raw[..hash] : raw;
            if (!Scheme(rest, out scheme, out rest))
            {
                return false;
            }

            var question = rest.IndexOf('?', StringComparison.Ordinal);
            if (question >= 0)
            {
                rest = rest[..question];
            }

            if (!rest.StartsWith('/'))
            {
                if (scheme.Length > 0)
                {
                    return true; // opaque
                }

                var slash = rest.IndexOf('/', StringComparison.Ordinal);
                if ((slash >= 0 ? rest[..slash] : rest).Contains(':', StringComparison.Ordinal))
                {
                    return false;
                }
            }

            if ((scheme.Length > 0 || !rest.StartsWith("///", StringComparison.Ordinal)) && rest.StartsWith("//", StringComparison.Ordinal))
            {
                var end = rest.IndexOf('/', 2);
                var authority = end >= 0 ? rest[2..end] : rest[2..];
                rest = end >= 0 ? rest[end..] : string.Empty;
                if (!Authority(authority))
                {
                    return false;
                }
            }

            path = rest;
            return Unescape(rest, host: false);
        }

        private static bool Scheme(string raw, out string scheme, out string rest)
        {
            scheme = string.Empty;
            rest = raw;
            for (var i = 0; i < raw.Length; i++)
            {
                var c = raw[i];
                if (char.IsAsciiLetter(c))
                {
                    continue;
                }

                if (char.IsAsciiDigit(c) || c is '+' or '-' or '.')
                {
                    if (i == 0)
                    {
                        return true;
                    }

                    continue;
                }

                if (c == ':')
                {
                    if (i == 0)
                    {
                        return false; // missing protocol scheme
                    }

                    scheme = raw[..i];
                    rest = raw[(i + 1)..];
                }

                return true;
            }

            return true;
        }

        private static bool Authority(string authority)
        {
            var at = authority.LastIndexOf('@');
            var host = at >= 0 ? authority[(at + 1)..] : authority;
            if (at >= 0)
            {
                var user = authority[..at];
                foreach (var c in user)
                {
                    if (!char.IsAsciiLetterOrDigit(c) && !"-._:~!$&'()*+,;=%@".Contains(c, StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                if (!Unescape(user, host: false))
                {
                    return false;
                }
            }

            if (host.StartsWith('['))
            {
                var close = host.LastIndexOf(']');
                if (close < 0 || !Port(host[(close + 1)..]))
                {
                    return false;
                }

                var zone = host.IndexOf("%25", 0, close, StringComparison.Ordinal);
                return zone >= 0
                    ? Unescape(host[..zone], host: true) && Unescape(host[zone..close], host: false) && Unescape(host[close..], host: true)
                    : Unescape(host, host: true);
            }

            var colon = host.LastIndexOf(':');
            return (colon < 0 || Port(host[colon..])) && Unescape(host, host: true);
        }

        private static bool Port(string colonPort) =>
            colonPort.Length == 0 || (colonPort[0] == ':' && colonPort.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0);

        /// <summary>Go's <c>unescape</c>: every <c>%</c> needs two hex digits; in a host, only <c>%25</c> and escapes of non-ASCII bytes, and only the characters a host may hold.</summary>
        private static bool Unescape(string s, bool host)
        {
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (c == '%')
                {
                    if (i + 2 >= s.Length || !char.IsAsciiHexDigit(s[i + 1]) || !char.IsAsciiHexDigit(s[i + 2]))
                    {
                        return false;
                    }

                    if (host && s[i + 1] is >= '0' and <= '7' && string.CompareOrdinal(s, i, "%25", 0, 3) != 0)
                    {
                        return false;
                    }

                    i += 2;
                }
                else if (host && c < 0x80 && !char.IsAsciiLetterOrDigit(c) && !"-_.~!$&'()*+,;=:[]<>\"".Contains(c, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Go's <c>mail.ParseAddress</c> for one address: <c>local@domain</c> or <c>display name &lt;local@domain&gt;</c>,
    /// where the local part is a dot-atom or a quoted string and the domain a dot-atom, with comments and folding
    /// white space around the parts.
    /// </summary>
    private static class GoMail
    {
        public static bool IsAddress(string s)
        {
            var p = new Cursor(s);
            if (!p.SkipCfws())
            {
                return false;
            }

            var save = p.Position;
            if (p.AddrSpec() && p.SkipCfws() && p.Empty)
            {
                return true;
            }

            // display-name "<" addr-spec ">"
            p.Position = save;
            if (!p.Empty && p.Peek != '<')
            {
                if (!p.Phrase())
                {
                    return false;
                }
            }

            if (!p.SkipCfws() || !p.Consume('<') || !p.AddrSpec() || !p.Consume('>'))
            {
                return false;
            }

            return p.SkipCfws() && p.Empty;
        }

        private sealed class Cursor(string s)
        {
            public int Position { get; set; }

            public bool Empty => Position >= s.Length;

            public char Peek => s[Position];

            public bool Consume(char c)
            {
                if (!Empty && s[Position] == c)
                {
                    Position++;
                    return true;
                }

                return false;
            }

            private void SkipSpace()
            {
                while (!Empty && s[Position] is ' ' or '\t')
                {
                    Position++;
                }
            }

            /// <summary>Skips white space and (nested) comments; false on an unclosed comment.</summary>
            public bool SkipCfws()
            {
                while (!Empty)
                {
                    if (s[Position] is ' ' or '\t' or '\r' or '\n')
                    {
                        Position++;
                        continue;
                    }

                    if (s[Position] != '(')
                    {
                        break;
                    }

                    var depth = 0;
                    while (true)
                    {
                        if (Empty)
                        {
                            return false;
                        }

                        var c = s[Position++];
                        if (c == '\\')
                        {
                            Position++;
                        }
                        else if (c == '(')
                        {
                            depth++;
                        }
                        else if (c == ')' && --depth == 0)
                        {
                            break;
                        }
                    }
                }

                return true;
            }

            public bool AddrSpec()
            {
                SkipSpace();
                if (Empty)
                {
                    return false;
                }

                var local = s[Position] == '"' ? QuotedString() : DotAtom(permissive: false);
                if (!local || !Consume('@'))
                {
                    return false;
                }

                SkipSpace();
                if (Empty)
                {
                    return false;
                }

                return s[Position] == '[' ? DomainLiteral() : DotAtom(permissive: false);
            }

            /// <summary>A domain literal: an IPv4 address, or <c>IPv6:</c> and an IPv6 address, in brackets.</summary>
            private bool DomainLiteral()
            {
                var close = s.IndexOf(']', Position);
                if (close < 0)
                {
                    return false;
                }

                var text = s[(Position + 1)..close];
                if (text.Any(c => c is '[' or '\\' || (c < 0x80 && (c < '!' || c > '~'))))
                {
                    return false;
                }

                Position = close + 1;
                return text.StartsWith("IPv6:", StringComparison.Ordinal)
                    ? GoIp.Parse(text[5..])
                    : GoIp.Parse(text) && (!text.Contains(':', StringComparison.Ordinal) || text.StartsWith("::ffff:", StringComparison.OrdinalIgnoreCase));
            }

            /// <summary>One or more words (atoms that may hold dots, or quoted strings).</summary>
            public bool Phrase()
            {
                var words = 0;
                while (true)
                {
                    var save = Position;
                    if (!SkipCfws() || Empty)
                    {
                        Position = save;
                        break;
                    }

                    var ok = s[Position] == '"' ? QuotedString() : DotAtom(permissive: true);
                    if (!ok)
                    {
                        Position = save;
                        break;
                    }

                    words++;
                }

                return words > 0;
            }

            private bool DotAtom(bool permissive)
            {
                var start = Position;
                while (!Empty && IsAtext(s[Position]))
                {
                    Position++;
                }

                if (Position == start)
                {
                    return false;
                }

                if (permissive)
                {
                    return true;
                }

                var atom = s.AsSpan(start, Position - start);
                return atom[0] != '.' && atom[^1] != '.' && !atom.Contains("..", StringComparison.Ordinal);
            }

            private bool QuotedString()
            {
                Position++; // the opening quote
                var any = false;
                while (!Empty)
                {
                    var c = s[Position++];
                    if (c == '"')
                    {
                        return any;
                    }

                    if (c == '\\')
                    {
                        if (Empty)
                        {
                            return false;
                        }

                        c = s[Position++];
                    }
                    else if ((c < 0x20 && c != '\t') || c == 0x7f)
                    {
                        return false;
                    }

                    any = true;
                }

                return false;
            }

            private static bool IsAtext(char c) =>
                c >= 0x80 || (c >= '!' && c <= '~' && !"()<>[]:;@\\,\"".Contains(c, StringComparison.Ordinal));
        }
    }
}
