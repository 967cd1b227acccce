using System.Collections.Immutable;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Syntax;

/// <summary>Rule statements: heads (complete, <c>contains</c>, ref heads, functions), <c>default</c>, bodies, <c>else</c>.</summary>
internal sealed partial class Parser
{
    private Rule ParseRule()
    {
        var startToken = Current;
        var start = startToken.Start;
        var isDefault = false;
        if (Kind == TokenKind.Default && !IsRefContinuation(Peek()))
        {
            Advance();
            isDefault = true;
        }

        if (Kind != TokenKind.Ident && !(TokenKinds.IsKeyword(Kind) && IsRefContinuation(Peek())))
        {
            throw NotARuleHead();
        }

        // Head: a name, then refs / a call (whitespace before them is allowed in heads, as in OPA).
        var headTerm = ParseHeadTerm();
        RefTerm head;
        var arguments = ImmutableArray<Term>.Empty;
        var isFunction = false;
        switch (headTerm)
        {
            case VarTerm v:
                head = new RefTerm(v.Span, NextId(), v, []);
                break;
            case RefTerm r when r.Head is VarTerm:
                head = r;
                break;
            case CallTerm c when c.Function.Head is VarTerm:
                head = c.Function;
                arguments = c.Arguments;
                isFunction = true;
                if (c.Id == _ids.Count - 1)
                {
                    _ids.Count--; // the call node itself is not kept
                }

                break;
            default:
                throw Error(headTerm.Span, $"{ValueName(headTerm)} cannot be used for rule name");
        }

        Term? key = null;
        Term? value = null;
        var isAssignment = false;
        var usesContains = false;
        switch (Kind)
        {
            case TokenKind.Contains:
                if (isFunction)
                {
                    throw Unexpected($"the contains keyword can only be used with multi-value rule definitions (e.g., {AstPrinter.Print(head)} contains <VALUE> {{ ... }})");
                }

                Advance();
                usesContains = true;
                key = ParseTermInfix(keyValue: true);
                break;
            case TokenKind.Unify:
                Advance();
                value = ParseTermInfix(keyValue: true);
                break;
            case TokenKind.Assign:
                Advance();
                isAssignment = true;
                value = ParseTermInfix(keyValue: true);
                break;
        }

        var kind = usesContains ? RuleKind.PartialSet
            : isFunction ? RuleKind.Function
            : IsStringPath(head) ? RuleKind.Complete
            : RuleKind.PartialObject;
        if (kind == RuleKind.PartialObject)
        {
            key = head.Path[^1];
        }

        if (isDefault)
        {
            ValidateDefault(start, value, arguments);
            var emptyBody = new Query(Span(_lastEnd, _lastEnd), NextId(), []);
            return new Rule(SpanFrom(start), NextId(), kind, head, arguments, key, value, isAssignment, true, emptyBody, null);
        }

        Query body;
        if (Kind == TokenKind.If)
        {
            Advance();
            body = ParseIfBody();
        }
        else if (Kind == TokenKind.LBrace)
        {
            // v0 style: report what OPA 1.x reports, then parse the body anyway to stay in sync.
            _diagnostics.Add(Diagnostics.Diagnostic.Error(Diagnostics.ErrorCodes.ParseError, "`if` keyword is required before rule body", Span(start, start)));
            if (!usesContains && value is null && !isFunction && head.Path.Length == 1)
            {
                _diagnostics.Add(Diagnostics.Diagnostic.Error(Diagnostics.ErrorCodes.ParseError, "`contains` keyword is required for partial set rules", Span(start, start)));
            }

            body = ParseBracedBody();
        }
        else
        {
            if (value is null && !usesContains && !isFunction)
            {
                if (head.Path.Length == 0)
                {
                    throw Error(head.Span, "var cannot be used for rule name");
                }

                if (head.Path.Length == 1)
                {
                    throw Error(Span(start, start), "`contains` keyword is required for partial set rules");
                }
            }

            body = new Query(Span(_lastEnd, _lastEnd), NextId(), []);
        }

        Rule? elseRule = null;
        if (Kind == TokenKind.Else && !IsRefContinuation(Peek()))
        {
            if (kind == RuleKind.PartialSet)
            {
                throw Error(TokenSpan(Current), "else keyword cannot be used on multi-value rules");
            }

            if (!IsGroundPath(head))
            {
                throw Error(TokenSpan(Current), "else keyword cannot be used on rules with variables in head");
            }

            elseRule = ParseElse(kind, head, arguments);
        }

        if (Kind == TokenKind.LBrace && !Current.NewlineBefore)
        {
            throw Error(TokenSpan(Current), elseRule is null ? "`if` keyword is required before rule body" : "unexpected { token: expected else keyword");
        }

        return new Rule(SpanFrom(start), NextId(), kind, head, arguments, key, value, isAssignment, false, body, elseRule);
    }

    private ParseAbortException NotARuleHead()
    {
        if (Kind is TokenKind.Eof or TokenKind.Illegal || TokenKinds.IsKeyword(Kind) && Kind is not (TokenKind.Null or TokenKind.True or TokenKind.False))
        {
            return Unexpected();
        }

        // OPA parses such a statement as a query and then refuses it as a rule: report the same.
        var saved = Save();
        Term? term = null;
        try
        {
            term = ParseTermInfix(keyValue: false);
        }
        catch (ParseAbortException)
        {
            Restore(saved);
        }

        return term is null ? Unexpected() : Error(term.Span, $"{ValueName(term)} cannot be used for rule name");
    }

    /// <summary>Parses the rule name and its ref/call continuation; operators right after the name are errors.</summary>
    private Term ParseHeadTerm()
    {
        var nameToken = Advance();
        Term head = new VarTerm(TokenSpan(nameToken), NextId(), TokenText(nameToken));
        if (IsBinaryOperator(Kind))
        {
            throw Unexpected();
        }

        if (Kind is TokenKind.Dot or TokenKind.LBrack or TokenKind.LParen)
        {
            return ParseRefChain(head, nameToken.Start, allowSpace: true);
        }

        return head;
    }

    private Query ParseIfBody()
    {
        if (Kind == TokenKind.LBrace)
        {
            // OPA reads `p if {…}` as a single literal first and keeps it unless it is a set literal; that only
            // matters when the braces hold an object or a comprehension, or start a longer expression.
            if (Peek().Kind != TokenKind.RBrace && !BracedTermLikely())
            {
                return ParseBracedBody();
            }

            var saved = Save();
            try
            {
                var literal = ParseLiteral();
                if (literal.Expr is not TermExpr { Term: SetTerm })
                {
                    return new Query(literal.Span, NextId(), [literal]);
                }
            }
            catch (ParseAbortException)
            {
            }

            Restore(saved);
            return ParseBracedBody();
        }

        if (Kind == TokenKind.Eof)
        {
            throw Unexpected("rule body expected");
        }

        var single = ParseLiteral();
        return new Query(single.Span, NextId(), [single]);
    }

    /// <summary>
    /// Returns true when the braces starting here may be a term rather than a body: a <c>:</c> or <c>|</c> at their
    /// top level (object, comprehension), or an operator right after them on the same line.
    /// </summary>
    private bool BracedTermLikely()
    {
        var depth = 0;
        for (var i = _pos; i < _tokens.Length; i++)
        {
            var k = _tokens[i].Kind;
            if (k is TokenKind.LBrace or TokenKind.LBrack or TokenKind.LParen)
            {
                depth++;
            }
            else if (k is TokenKind.RBrace or TokenKind.RBrack or TokenKind.RParen)
            {
                if (--depth == 0)
                {
                    var next = _tokens[Math.Min(i + 1, _tokens.Length - 1)];
                    return !next.NewlineBefore && (IsBinaryOperator(next.Kind) || next.Kind is TokenKind.Unify or TokenKind.Assign or TokenKind.In or TokenKind.With
                        || (!next.SpaceBefore && next.Kind is TokenKind.Dot or TokenKind.LBrack));
                }
            }
            else if (k == TokenKind.Eof)
            {
                return false;
            }
            else if (depth == 1 && k is TokenKind.Colon or TokenKind.Pipe)
            {
                return true;
            }
        }

        return false;
    }

    private Query ParseBracedBody()
    {
        Expect(TokenKind.LBrace);
        var body = ParseBody(TokenKind.RBrace);
        Expect(TokenKind.RBrace);
        return body;
    }

    private Rule ParseElse(RuleKind kind, RefTerm head, ImmutableArray<Term> arguments)
    {
        var start = Advance().Start;
        Term? value = null;
        var isAssignment = false;
        switch (Kind)
        {
            case TokenKind.LBrace or TokenKind.If:
                break;
            case TokenKind.Assign or TokenKind.Unify:
                isAssignment = Advance().Kind == TokenKind.Assign;
                value = ParseTermInfix(keyValue: true);
                break;
            default:
                throw Unexpected("expected else value term or rule body");
        }

        Query body;
        if (Kind == TokenKind.If)
        {
            Advance();
            body = ParseIfBody();
        }
        else if (Kind == TokenKind.LBrace)
        {
            body = ParseBracedBody();
        }
        else
        {
            body = new Query(Span(_lastEnd, _lastEnd), NextId(), []);
        }

        Rule? next = null;
        if (Kind == TokenKind.Else && !IsRefContinuation(Peek()))
        {
            next = ParseElse(kind, head, arguments);
        }

        return new Rule(SpanFrom(start), NextId(), kind, head, arguments, kind == RuleKind.PartialObject ? head.Path[^1] : null, value, isAssignment, false, body, next);
    }

    private void ValidateDefault(int start, Term? value, ImmutableArray<Term> arguments)
    {
        var span = Span(start, start);
        if (value is null)
        {
            throw Error(span, "illegal default rule (must have a value)");
        }

        if (FindNonConstant(value) is { } bad)
        {
            throw Error(span, $"illegal default rule (value cannot contain {bad})");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            if (argument is not VarTerm v)
            {
                throw Error(span, $"illegal default rule (arguments cannot contain {ValueName(argument)})");
            }

            if (!seen.Add(v.Name))
            {
                throw Error(span, $"illegal default rule (arguments cannot be repeated {v.Name})");
            }
        }
    }

    /// <summary>Returns "ref", "var" or "call" for the first such term outside comprehensions, or null.</summary>
    private static string? FindNonConstant(Term term) => term switch
    {
        RefTerm => "ref",
        VarTerm => "var",
        CallTerm => "call",
        ArrayTerm a => a.Items.Select(FindNonConstant).FirstOrDefault(x => x is not null),
        SetTerm s => s.Items.Select(FindNonConstant).FirstOrDefault(x => x is not null),
        ObjectTerm o => o.Entries.Select(e => FindNonConstant(e.Key) ?? FindNonConstant(e.Value)).FirstOrDefault(x => x is not null),
        _ => null,
    };

    private static bool IsStringPath(RefTerm head)
    {
        foreach (var part in head.Path)
        {
            if (part is not ScalarTerm { Value: RegoString })
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsGroundPath(RefTerm head)
    {
        foreach (var part in head.Path)
        {
            if (!IsGround(part))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsGround(Term term) => term switch
    {
        ScalarTerm => true,
        ArrayTerm a => a.Items.All(IsGround),
        SetTerm s => s.Items.All(IsGround),
        ObjectTerm o => o.Entries.All(e => IsGround(e.Key) && IsGround(e.Value)),
        _ => false,
    };
}
