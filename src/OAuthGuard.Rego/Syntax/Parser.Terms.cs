using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Syntax;

/// <summary>Terms: scalars, variables, references and calls, arrays, sets, objects and comprehensions.</summary>
internal sealed partial class Parser
{
    private static readonly string[] WildcardNames = [.. Enumerable.Range(0, 32).Select(i => "$_" + i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Parses one term: a primary followed by any <c>.x</c>, <c>[x]</c> or <c>(args)</c> that touches it.</summary>
    private Term ParseTerm()
    {
        Enter();
        var t = Current;
        Term term;
        switch (t.Kind)
        {
            case TokenKind.Null:
                Advance();
                term = new ScalarTerm(TokenSpan(t), NextId(), RegoNull.Instance);
                break;
            case TokenKind.True:
            case TokenKind.False:
                Advance();
                term = new ScalarTerm(TokenSpan(t), NextId(), RegoBoolean.From(t.Kind == TokenKind.True));
                break;
            case TokenKind.Number:
                term = ParseNumber(t.Start, negative: false);
                break;
            case TokenKind.Minus:
                term = ParseMinus();
                break;
            case TokenKind.Dot when Peek().Kind == TokenKind.Number && !Peek().SpaceBefore:
                term = ParseNumber(t.Start, negative: false);
                break;
            case TokenKind.String:
                Advance();
                term = new ScalarTerm(TokenSpan(t), NextId(), new RegoString(DecodeString(t)));
                break;
            case TokenKind.RawString:
                Advance();
                term = new ScalarTerm(TokenSpan(t), NextId(), new RegoString(_text.Substring(t.Start + 1, t.Length - 2)));
                break;
            case TokenKind.Ident:
            case TokenKind.Contains:
                Advance();
                term = MakeVar(t);
                break;
            case TokenKind.LBrack:
                term = ParseArray();
                break;
            case TokenKind.LBrace:
                term = ParseSetOrObject();
                break;
            case TokenKind.LParen:
                Advance();
                term = ParseTermInfix(keyValue: true);
                if (Kind != TokenKind.RParen)
                {
                    throw Error(TokenSpan(Current), "non-terminated expression");
                }

                Advance();
                break;
            default:
                if (TokenKinds.IsKeyword(t.Kind) && IsRefContinuation(Peek()))
                {
                    Advance();
                    term = MakeVar(t);
                    break;
                }

                throw Unexpected();
        }

        if (IsRefContinuation(Current) || (Kind == TokenKind.LParen && !Current.SpaceBefore))
        {
            term = ParseRefChain(term, t.Start, allowSpace: false);
        }
        else if (term is VarTerm { Name: "input" or "data" } root)
        {
            term = new RefTerm(root.Span, NextId(), root, []);
        }

        Leave();
        return term;
    }

    private VarTerm MakeVar(Token t)
    {
        var chars = TokenChars(t);
        if (chars is "_")
        {
            var n = _wildcards++;
            var name = n < WildcardNames.Length ? WildcardNames[n] : "$_" + n.ToString(CultureInfo.InvariantCulture);
            return new VarTerm(TokenSpan(t), NextId(), name);
        }

        return new VarTerm(TokenSpan(t), NextId(), TokenText(t));
    }

    /// <summary>Parses <c>.name</c>, <c>[term]</c> and <c>(args)</c> after a head term.</summary>
    private Term ParseRefChain(Term head, int start, bool allowSpace)
    {
        Enter();
        if (head is not (VarTerm or ArrayTerm or ObjectTerm or SetTerm or ArrayComprehension or SetComprehension or ObjectComprehension or CallTerm or RefTerm))
        {
            throw Error(head.Span, $"illegal ref (head cannot be {ValueName(head)})");
        }

        var path = ImmutableArray.CreateBuilder<Term>();
        Term refHead = head;
        if (head is RefTerm existing)
        {
            refHead = existing.Head;
            path.AddRange(existing.Path);
        }

        while (true)
        {
            var t = Current;
            if (!allowSpace && t.SpaceBefore)
            {
                break;
            }

            allowSpace = false;
            if (t.Kind == TokenKind.Dot)
            {
                Advance();
                var name = Current;
                if (name.SpaceBefore || (name.Kind != TokenKind.Ident && !TokenKinds.IsKeyword(name.Kind)))
                {
                    throw Unexpected("expected identifier");
                }

                Advance();
                path.Add(new ScalarTerm(TokenSpan(name), NextId(), new RegoString(TokenText(name))));
            }
            else if (t.Kind == TokenKind.LBrack)
            {
                Advance();
                var index = ParseTermInfix(keyValue: true);
                Expect(TokenKind.RBrack, "expected ]");
                path.Add(index);
            }
            else if (t.Kind == TokenKind.LParen)
            {
                var function = path.Count == 0 && refHead is VarTerm v
                    ? new RefTerm(v.Span, NextId(), v, [])
                    : new RefTerm(SpanFrom(start), NextId(), refHead, path.ToImmutable());
                Advance();
                if (Kind == TokenKind.RParen)
                {
                    Advance();
                    refHead = function is { Head: VarTerm { Name: "set" }, Path.Length: 0 }
                        ? new SetTerm(SpanFrom(start), NextId(), [])
                        : new CallTerm(SpanFrom(start), NextId(), function, []);
                }
                else
                {
                    var args = ParseTermList(TokenKind.RParen);
                    refHead = new CallTerm(SpanFrom(start), NextId(), function, args);
                }

                // A call may itself be the head of a reference: f(x).y, f(x)[0].
                path.Clear();
            }
            else
            {
                break;
            }
        }

        Term result;
        if (path.Count > 0)
        {
            result = new RefTerm(SpanFrom(start), NextId(), refHead, path.ToImmutable());
        }
        else
        {
            result = refHead is VarTerm { Name: "input" or "data" } root ? new RefTerm(root.Span, NextId(), root, []) : refHead;
        }

        Leave();
        return result;
    }

    /// <summary>Parses comma-separated terms up to <paramref name="end"/> (a trailing comma is allowed) and the end token.</summary>
    private ImmutableArray<Term> ParseTermList(TokenKind end, Term? first = null)
    {
        var items = ImmutableArray.CreateBuilder<Term>();
        if (first is not null)
        {
            items.Add(first);
        }

        while (Kind != end)
        {
            items.Add(ParseTermInfix(keyValue: false));
            if (Kind == TokenKind.Comma)
            {
                Advance();
                continue;
            }

            if (Kind != end)
            {
                throw Unexpected($"expected \",\" or \"{TokenKinds.Describe(end)}\"");
            }
        }

        Advance();
        return items.ToImmutable();
    }

    private Term ParseArray()
    {
        var start = Advance().Start;
        if (Kind == TokenKind.RBrack)
        {
            Advance();
            return new ArrayTerm(SpanFrom(start), NextId(), []);
        }

        var (head, body, _) = ParseCollectionHead(TokenKind.RBrack);
        if (body is not null)
        {
            return new ArrayComprehension(SpanFrom(start), NextId(), head, body);
        }

        if (Kind is not (TokenKind.Comma or TokenKind.RBrack))
        {
            head = ParseTermInfix(keyValue: false, head);
        }

        if (Kind == TokenKind.Comma)
        {
            Advance();
        }
        else if (Kind != TokenKind.RBrack)
        {
            throw Unexpected("expected \",\" or \"]\"");
        }

        var items = ParseTermList(TokenKind.RBrack, head);
        return new ArrayTerm(SpanFrom(start), NextId(), items);
    }

    /// <summary>
    /// Reads the first item of an array or set/object literal. When it is followed by <c>| body</c> that closes with
    /// <paramref name="end"/>, it is a comprehension's output term and the body is returned too. A leading comma, as
    /// in <c>[, x | y]</c>, rules a comprehension out, as in OPA; the caller learns that for <c>{k: v | …}</c>.
    /// </summary>
    private (Term Head, Query? Body, bool MayBeComprehension) ParseCollectionHead(TokenKind end)
    {
        var potentialComprehension = true;
        if (Kind == TokenKind.Comma)
        {
            potentialComprehension = false;
            Advance();
        }

        var head = ParseTerm();
        if (Kind == TokenKind.Pipe && potentialComprehension)
        {
            var afterHead = Save();
            Advance();
            var body = TryParseComprehensionBody(end, afterHead);
            if (body is not null)
            {
                Advance();
                return (head, body, true);
            }
        }

        return (head, null, potentialComprehension);
    }

    /// <summary>
    /// Parses a comprehension body after <c>|</c>; when that fails, rewinds to <paramref name="fallback"/> so the
    /// caller can read <c>a | b</c> as a set union instead (OPA tries comprehensions first).
    /// </summary>
    private Query? TryParseComprehensionBody(TokenKind end, State fallback)
    {
        try
        {
            var body = ParseBody(end);
            if (Kind != end)
            {
                throw Unexpected();
            }

            return body;
        }
        catch (ParseAbortException)
        {
            Restore(fallback);
            return null;
        }
    }

    private Term ParseSetOrObject()
    {
        var start = Advance().Start;
        if (Kind == TokenKind.RBrace)
        {
            Advance();
            return new ObjectTerm(SpanFrom(start), NextId(), []);
        }

        var (head, body, potentialComprehension) = ParseCollectionHead(TokenKind.RBrace);
        if (body is not null)
        {
            return new SetComprehension(SpanFrom(start), NextId(), head, body);
        }

        if (Kind is not (TokenKind.Comma or TokenKind.RBrace or TokenKind.Colon))
        {
            head = ParseTermInfix(keyValue: false, head);
        }

        switch (Kind)
        {
            case TokenKind.Colon:
                return ParseObject(start, head, potentialComprehension);
            case TokenKind.Comma:
                Advance();
                break;
            case TokenKind.RBrace:
                break;
            default:
                throw Unexpected("non-terminated set");
        }

        var items = ParseTermList(TokenKind.RBrace, head);
        return new SetTerm(SpanFrom(start), NextId(), items);
    }

    private Term ParseObject(int start, Term key, bool potentialComprehension)
    {
        Advance(); // ':'
        var value = ParseTerm();
        if (Kind == TokenKind.Pipe && potentialComprehension)
        {
            var afterValue = Save();
            Advance();
            var body = TryParseComprehensionBody(TokenKind.RBrace, afterValue);
            if (body is not null)
            {
                Advance();
                return new ObjectComprehension(SpanFrom(start), NextId(), key, value, body);
            }
        }

        if (Kind is not (TokenKind.Comma or TokenKind.RBrace))
        {
            value = ParseTermInfix(keyValue: false, value);
        }

        var entries = ImmutableArray.CreateBuilder<KeyValuePair<Term, Term>>();
        entries.Add(new KeyValuePair<Term, Term>(key, value));
        while (true)
        {
            if (Kind == TokenKind.RBrace)
            {
                Advance();
                break;
            }

            if (Kind != TokenKind.Comma)
            {
                throw Unexpected("non-terminated object");
            }

            Advance();
            if (Kind == TokenKind.RBrace)
            {
                Advance();
                break;
            }

            var k = ParseTermInfix(keyValue: false);
            Expect(TokenKind.Colon, "expected \":\"");
            var v = ParseTermInfix(keyValue: false);
            entries.Add(new KeyValuePair<Term, Term>(k, v));
        }

        return new ObjectTerm(SpanFrom(start), NextId(), entries.ToImmutable());
    }

    private Term ParseMinus()
    {
        var minus = Advance();
        if (Kind == TokenKind.Number || (Kind == TokenKind.Dot && Peek().Kind == TokenKind.Number && !Peek().SpaceBefore))
        {
            return ParseNumber(minus.Start, negative: true);
        }

        // Unary minus on a non-literal: minus(0, x).
        var operand = ParseTerm();
        var zero = new ScalarTerm(TokenSpan(minus), NextId(), RegoNumber.Zero);
        return MakeCall(minus.Start, minus, "minus", null, zero, operand);
    }

    private ScalarTerm ParseNumber(int start, bool negative)
    {
        var first = Current;
        var textStart = first.Start;
        if (first.Kind == TokenKind.Dot)
        {
            Advance();
        }

        var digits = Advance();
        if (first.Kind != TokenKind.Dot && digits.Length > 1 && _text[digits.Start] == '0')
        {
            var second = _text[digits.Start + 1];
            if (second != '.' && !(digits.Length > 2 && second is 'e' or 'E'))
            {
                throw Error(TokenSpan(digits), "unexpected number token: expected number without leading zero");
            }
        }

        var literal = _text.AsSpan(textStart, digits.End - textStart);
        RegoNumber number;
        if (negative)
        {
            Span<char> buffer = literal.Length < 128 ? stackalloc char[literal.Length + 1] : new char[literal.Length + 1];
            buffer[0] = '-';
            literal.CopyTo(buffer[1..]);
            if (!RegoNumber.TryParse(buffer, out number))
            {
                throw Error(Span(start, digits.End), "number too big");
            }
        }
        else if (!RegoNumber.TryParse(literal, out number))
        {
            throw Error(Span(start, digits.End), "number too big");
        }

        return new ScalarTerm(Span(start, digits.End), NextId(), number);
    }

    /// <summary>Decodes a JSON-style string literal (the lexer has checked its escapes).</summary>
    private string DecodeString(Token t)
    {
        var inner = _text.AsSpan(t.Start + 1, t.Length - 2);
        if (inner.IndexOf('\\') < 0)
        {
            return inner.ToString();
        }

        var sb = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c != '\\' || i + 1 >= inner.Length)
            {
                sb.Append(c);
                continue;
            }

            var e = inner[++i];
            switch (e)
            {
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    var code = (char)int.Parse(inner.Slice(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    i += 4;
                    sb.Append(code);
                    break;
                default: sb.Append(e); break;
            }
        }

        // Lone surrogates become U+FFFD, as Go's JSON decoder does.
        var s = sb.ToString();
        return ReplaceLoneSurrogates(s);
    }

    private static string ReplaceLoneSurrogates(string s)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var ok = !char.IsSurrogate(c)
                || (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]));
            if (ok && char.IsHighSurrogate(c))
            {
                sb?.Append(c).Append(s[i + 1]);
                i++;
                continue;
            }

            if (!ok)
            {
                sb ??= new StringBuilder(s, 0, i, s.Length);
                sb.Append('\uFFFD');
            }
            else
            {
                sb?.Append(c);
            }
        }

        return sb?.ToString() ?? s;
    }
}
