using System.Collections.Immutable;
using OAuthGuard.Rego.Ast;

namespace OAuthGuard.Rego.Syntax;

/// <summary>
/// Bodies, literals (<c>not</c>, <c>some</c>, <c>every</c>, <c>with</c>) and infix expressions with OPA's
/// precedence, loosest first: <c>:=</c>/<c>=</c> (literal level only), <c>in</c>, comparisons, <c>|</c>,
/// <c>&amp;</c>, <c>+ -</c>, <c>* / %</c>. Infix operators become calls under OPA's builtin names.
/// </summary>
internal sealed partial class Parser
{
    private Query ParseBody(TokenKind end)
    {
        Enter();
        var start = Current.Start;
        if (Kind == end)
        {
            throw Error(TokenSpan(Current), "found empty body");
        }

        var literals = ImmutableArray.CreateBuilder<Literal>();
        while (true)
        {
            literals.Add(ParseLiteral());
            if (Kind == TokenKind.Semicolon)
            {
                Advance();
                continue;
            }

            if (Kind == end)
            {
                break;
            }

            if (!Current.NewlineBefore)
            {
                throw Unexpected($"expected \\n or ; or {TokenKinds.Describe(end)}");
            }
        }

        Leave();
        return new Query(SpanFrom(start), NextId(), literals.ToImmutable());
    }

    private Literal ParseLiteral()
    {
        Enter();
        var start = Current.Start;
        var negated = false;
        if (Kind == TokenKind.Not && !IsRefContinuation(Peek()))
        {
            Advance();
            negated = true;
        }

        Expr expr;
        if (negated && _notBody && Kind == TokenKind.LBrace)
        {
            expr = ParseNotBody(start);
            negated = false;
        }
        else
        {
            switch (Kind)
            {
                case TokenKind.Some when !IsRefContinuation(Peek()):
                    if (negated)
                    {
                        throw Unexpected("illegal negation of 'some'");
                    }

                    expr = ParseSome();
                    break;
                case TokenKind.Every when !IsRefContinuation(Peek()):
                    if (negated)
                    {
                        throw Unexpected("illegal negation of 'every'");
                    }

                    expr = ParseEvery();
                    break;
                default:
                    expr = ParseExpr();
                    break;
            }
        }

        var with = ImmutableArray<WithModifier>.Empty;
        if (Kind == TokenKind.With && expr is not SomeDeclExpr)
        {
            with = ParseWith();
        }

        Leave();
        return new Literal(SpanFrom(start), NextId(), expr, negated, with);
    }

    /// <summary>
    /// Parses <c>not { a; b }</c> (OPA's experimental not-body) as its equivalent <c>[true | a; b] == []</c>:
    /// true exactly when the body has no solution, with the body's own variables kept local.
    /// </summary>
    private TermExpr ParseNotBody(int start)
    {
        var open = Current;
        var body = ParseBracedBody();
        var braces = SpanFrom(open.Start);
        var comprehension = new ArrayComprehension(braces, NextId(), new ScalarTerm(TokenSpan(open), NextId(), Values.RegoBoolean.True), body);
        var empty = new ArrayTerm(braces, NextId(), []);
        var head = new VarTerm(braces, NextId(), "equal");
        var call = new CallTerm(SpanFrom(start), NextId(), new RefTerm(braces, NextId(), head, []), [comprehension, empty]);
        return new TermExpr(call.Span, NextId(), call);
    }

    private Expr ParseExpr()
    {
        var start = Current.Start;
        var left = ParseTermInfix(keyValue: true);
        if (Kind is TokenKind.Assign or TokenKind.Unify)
        {
            var assign = Advance().Kind == TokenKind.Assign;
            var right = ParseTermInfix(keyValue: true);
            var span = SpanFrom(start);
            return assign ? new AssignExpr(span, NextId(), left, right) : new UnifyExpr(span, NextId(), left, right);
        }

        return new TermExpr(left.Span, NextId(), left);
    }

    private Expr ParseSome()
    {
        var start = Advance().Start;

        // `some x in xs` / `some k, v in xs`: parse a term and see whether it is a membership call.
        var saved = Save();
        Term? term = null;
        try
        {
            term = ParseTermInfix(keyValue: true);
        }
        catch (ParseAbortException)
        {
            Restore(saved);
        }

        if (term is CallTerm call && IsMember(call, out var arity))
        {
            Discard(call);
            var args = call.Arguments;
            return arity == 2
                ? new SomeInExpr(SpanFrom(start), NextId(), null, args[0], args[1])
                : new SomeInExpr(SpanFrom(start), NextId(), args[0], args[1], args[2]);
        }

        Restore(saved);
        var variables = ImmutableArray.CreateBuilder<VarTerm>();
        while (true)
        {
            if (Kind != TokenKind.Ident)
            {
                throw Unexpected("expected var");
            }

            var t = Advance();
            variables.Add(MakeVar(t));
            if (Kind != TokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        return new SomeDeclExpr(SpanFrom(start), NextId(), variables.ToImmutable());
    }

    private EveryExpr ParseEvery()
    {
        var start = Advance().Start;
        var term = ParseTermInfix(keyValue: true);
        if (term is not CallTerm call || !IsMember(call, out var arity))
        {
            throw Error(term.Span, "unexpected term: expected `x[, y] in xs { ... }` expression");
        }

        Discard(call);

        VarTerm? key = null;
        VarTerm value;
        Term collection;
        if (arity == 2)
        {
            value = call.Arguments[0] as VarTerm ?? throw Error(call.Arguments[0].Span, "expected value to be a variable");
            collection = call.Arguments[1];
        }
        else
        {
            key = call.Arguments[0] as VarTerm ?? throw Error(call.Arguments[0].Span, "expected key to be a variable");
            value = call.Arguments[1] as VarTerm ?? throw Error(call.Arguments[1].Span, "expected value to be a variable");
            collection = call.Arguments[2];
        }

        if (Kind != TokenKind.LBrace)
        {
            throw Unexpected("missing body");
        }

        var body = ParseBracedBody();
        return new EveryExpr(SpanFrom(start), NextId(), key, value, collection, body);
    }

    private static bool IsMember(CallTerm call, out int arity)
    {
        arity = 0;
        if (call.Function is { Head: VarTerm { Name: "internal" }, Path: [ScalarTerm { Value: Values.RegoString name }] })
        {
            if (name.Value == "member_2" && call.Arguments.Length == 2)
            {
                arity = 2;
            }
            else if (name.Value == "member_3" && call.Arguments.Length == 3)
            {
                arity = 3;
            }
        }

        return arity != 0;
    }

    private ImmutableArray<WithModifier> ParseWith()
    {
        var list = ImmutableArray.CreateBuilder<WithModifier>();
        while (Kind == TokenKind.With)
        {
            var start = Advance().Start;
            if (Kind != TokenKind.Ident)
            {
                throw Unexpected("expected ident");
            }

            var target = ParseTerm();
            var reference = target switch
            {
                RefTerm r => r,
                VarTerm v => new RefTerm(v.Span, NextId(), v, []),
                _ => throw Error(target.Span, "unexpected term: expected with target path"),
            };
            Expect(TokenKind.As, "expected as keyword");
            var value = ParseTermInfix(keyValue: true);
            list.Add(new WithModifier(SpanFrom(start), NextId(), reference, value));
        }

        return list.ToImmutable();
    }

    // ---- infix terms ----------------------------------------------------------------------------------------

    /// <summary>Parses a term with infix operators. <paramref name="keyValue"/> allows <c>k, v in xs</c>.</summary>
    private Term ParseTermInfix(bool keyValue, Term? primary = null)
    {
        Enter();
        var start = primary?.Span.Start ?? Current.Start;
        var left = ParseBinary(1, primary);
        if (keyValue && Kind == TokenKind.Comma)
        {
            var saved = Save();
            Advance();
            Term? middle = null;
            try
            {
                middle = ParseBinary(1, null);
            }
            catch (ParseAbortException)
            {
            }

            if (middle is not null && Kind == TokenKind.In)
            {
                var op = Advance();
                var right = ParseBinary(1, null);
                left = MakeCall(start, op, "internal", "member_3", left, middle, right);
            }
            else
            {
                Restore(saved);
            }
        }

        while (Kind == TokenKind.In)
        {
            var op = Advance();
            var right = ParseBinary(1, null);
            left = MakeCall(start, op, "internal", "member_2", left, right);
        }

        Leave();
        return left;
    }

    private static int Precedence(TokenKind kind) => kind switch
    {
        TokenKind.Equal or TokenKind.Neq or TokenKind.Lt or TokenKind.Lte or TokenKind.Gt or TokenKind.Gte => 1,
        TokenKind.Pipe => 2,
        TokenKind.Amp => 3,
        TokenKind.Plus or TokenKind.Minus => 4,
        TokenKind.Star or TokenKind.Slash or TokenKind.Percent => 5,
        _ => 0,
    };

    private static bool IsBinaryOperator(TokenKind kind) => Precedence(kind) > 0;

    private static string OperatorName(TokenKind kind) => kind switch
    {
        TokenKind.Equal => "equal",
        TokenKind.Neq => "neq",
        TokenKind.Lt => "lt",
        TokenKind.Lte => "lte",
        TokenKind.Gt => "gt",
        TokenKind.Gte => "gte",
        TokenKind.Pipe => "or",
        TokenKind.Amp => "and",
        TokenKind.Plus => "plus",
        TokenKind.Minus => "minus",
        TokenKind.Star => "mul",
        TokenKind.Slash => "div",
        _ => "rem",
    };

    /// <summary>Precedence climbing over the left-associative binary operators.</summary>
    private Term ParseBinary(int minPrecedence, Term? primary)
    {
        Enter();
        var left = primary ?? ParseTerm();
        var start = left.Span.Start;
        while (true)
        {
            var precedence = Precedence(Kind);
            if (precedence == 0 || precedence < minPrecedence)
            {
                break;
            }

            var op = Advance();
            var right = ParseBinary(precedence + 1, null);
            left = MakeCall(start, op, OperatorName(op.Kind), null, left, right);
        }

        Leave();
        return left;
    }

    /// <summary>Gives back the ids of an operator call that was only needed to recognise <c>x in xs</c>.</summary>
    private void Discard(CallTerm call)
    {
        if (call.Id == _ids.Count - 1 && call.Function.Head.Id < call.Id && call.Function.Head.Id > call.Arguments[^1].Id)
        {
            _ids.Count = call.Function.Head.Id;
        }
    }

    private CallTerm MakeCall(int start, Token op, string name, string? member, params ReadOnlySpan<Term> args)
    {
        var opSpan = TokenSpan(op);
        var head = new VarTerm(opSpan, NextId(), name);
        ImmutableArray<Term> path = member is null ? [] : [new ScalarTerm(opSpan, NextId(), new Values.RegoString(member))];
        var function = new RefTerm(opSpan, NextId(), head, path);
        return new CallTerm(SpanFrom(start), NextId(), function, [.. args]);
    }
}
