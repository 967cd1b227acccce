using System.Collections.Immutable;
using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Compilation;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Evaluation;

/// <summary>
/// Top-down evaluation in continuation style: each construct calls its continuation once per solution and
/// backtracks by unbinding afterwards. A continuation returns false to stop the search (used by <c>not</c> and
/// <c>every</c>). One evaluator serves one query evaluation; the compiled policy it reads is never mutated.
/// </summary>
internal sealed partial class Evaluator
{
    private readonly PolicyModel _policy;
    private readonly EvaluationOptions _options;
    private readonly CancellationToken _cancellationToken;
    private readonly BuiltinContext _builtinContext;
    private readonly SizeBudget _budget;
    private readonly Dictionary<string, RegoValue> _nondeterministicCache = new(StringComparer.Ordinal);
    private RegoValue? _input;
    private readonly long _deadline;
    private long _steps;
    private int _depth;
    private IrQuery? _topQuery;
    private RegoValue?[]? _expressionValues;
    private IrRule? _currentRule;

    public Evaluator(PolicyModel policy, RegoValue? input, EvaluationOptions options, CancellationToken cancellationToken)
    {
        _policy = policy;
        _input = input;
        _options = options;
        _cancellationToken = cancellationToken;
        _deadline = options.Timeout is { } timeout ? Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds) : long.MaxValue;
        _budget = new SizeBudget(options, _deadline);
        _builtinContext = new BuiltinContext(options.Time, options.PrintOutput, new Dictionary<string, RegoValue>(StringComparer.Ordinal), cancellationToken, _budget);
        _cache = new RuleCache(policy.Tree.Nodes.Count);
    }

    /// <summary>Runs a compiled query and collects its solutions.</summary>
    public QueryResult Run(CompiledQuery query)
    {
        var frame = new RegoValue?[query.FrameSize];
        _topQuery = query.Body;
        _expressionValues = new RegoValue?[query.Literals.Length];
        var solutions = ImmutableArray.CreateBuilder<QuerySolution>();
        EvalQuery(query.Body, 0, frame, () =>
        {
            var bindings = ImmutableSortedDictionary.CreateBuilder<string, RegoValue>(StringComparer.Ordinal);
            foreach (var (name, slot) in query.NamedVars)
            {
                if (frame[slot] is { } v)
                {
                    bindings[name] = v;
                }
            }

            var expressions = ImmutableArray.CreateBuilder<ExpressionValue>(query.Literals.Length);
            for (var i = 0; i < query.Literals.Length; i++)
            {
                var lit = query.Literals[i];
                expressions.Add(new ExpressionValue(_expressionValues[i] ?? RegoBoolean.True, lit.Span.Text, lit.Span));
            }

            solutions.Add(new QuerySolution(bindings.ToImmutable(), expressions.MoveToImmutable()));
            return true;
        });
        return new QueryResult(solutions.ToImmutable());
    }

    /// <summary>
    /// Evaluates literals from <paramref name="index"/> on. Literals with at most one outcome (filters, single-value
    /// bindings) run in a loop without continuations; the first literal that may have several solutions hands the
    /// rest of the query to a continuation. Bindings made in the loop are undone before returning.
    /// </summary>
    private bool EvalQuery(IrQuery query, int index, RegoValue?[] frame, Func<bool> k)
    {
        var literals = query.Literals;
        Span<int> undo = literals.Length <= 32 ? stackalloc int[literals.Length] : new int[literals.Length];
        var bound = 0;
        bool result;
        while (true)
        {
            if (index == literals.Length)
            {
                result = k();
                break;
            }

            var lit = literals[index];
            var outcome = TryFastLiteral(lit, query, frame, out var slot);
            if (outcome == FastOutcome.Fail)
            {
                result = true;
                break;
            }

            if (outcome == FastOutcome.Slow)
            {
                result = EvalSlow(lit, query, index, frame, k);
                break;
            }

            if (slot >= 0)
            {
                undo[bound++] = slot;
            }

            index++;
        }

        for (var i = 0; i < bound; i++)
        {
            frame[undo[i]] = null;
        }

        return result;
    }

    private bool EvalSlow(IrLiteral lit, IrQuery query, int index, RegoValue?[] frame, Func<bool> k) =>
        index == query.Literals.Length - 1
            ? EvalLiteral(lit, query, frame, k)
            : EvalLiteral(lit, query, frame, () => EvalQuery(query, index + 1, frame, k));

    private enum FastOutcome
    {
        Pass,
        Fail,
        Slow,
    }

    /// <summary>Runs a literal that has at most one outcome without continuations; Slow when it needs the general path.</summary>
    private FastOutcome TryFastLiteral(IrLiteral lit, IrQuery query, RegoValue?[] frame, out int boundSlot)
    {
        boundSlot = -1;
        if (lit.With.Length > 0)
        {
            return FastOutcome.Slow;
        }

        switch (lit.Expr)
        {
            case IrTermExpr { Term: IrCall { HasOutput: true } }:
                return FastOutcome.Slow;
            case IrTermExpr te when lit.Negated || !ReferenceEquals(query, _topQuery):
                {
                    if (!TryEval(te.Term, frame, out var v))
                    {
                        return FastOutcome.Slow;
                    }

                    Step(lit.Span);
                    var truthy = v is not null && v is not RegoBoolean { Value: false };
                    return truthy != lit.Negated ? FastOutcome.Pass : FastOutcome.Fail;
                }

            case IrUnify u when !lit.Negated:
                {
                    IrVar? target = null;
                    IrTerm other;
                    if (u.Left is IrVar l && frame[l.Slot] is null)
                    {
                        target = l;
                        other = u.Right;
                    }
                    else if (u.Right is IrVar r && frame[r.Slot] is null)
                    {
                        target = r;
                        other = u.Left;
                    }
                    else
                    {
                        other = u.Right;
                        if (IsPattern(u.Left, frame) || IsPattern(u.Right, frame) || !TryEval(u.Left, frame, out var lv))
                        {
                            return FastOutcome.Slow;
                        }

                        if (!TryEval(other, frame, out var rv2))
                        {
                            return FastOutcome.Slow;
                        }

                        Step(lit.Span);
                        return lv is not null && rv2 is not null && lv.Equals(rv2) ? FastOutcome.Pass : FastOutcome.Fail;
                    }

                    if (other is IrVar ov && frame[ov.Slot] is null)
                    {
                        return FastOutcome.Slow;
                    }

                    if (!TryEval(other, frame, out var value))
                    {
                        return FastOutcome.Slow;
                    }

                    Step(lit.Span);
                    if (value is null)
                    {
                        return FastOutcome.Fail;
                    }

                    frame[target.Slot] = value;
                    boundSlot = target.Slot;
                    return FastOutcome.Pass;
                }

            case IrSomeDecl when !lit.Negated:
                return FastOutcome.Pass;
            default:
                return FastOutcome.Slow;
        }
    }

    private bool EvalLiteral(IrLiteral lit, IrQuery query, RegoValue?[] frame, Func<bool> k)
    {
        Step(lit.Span);
        if (lit.With.Length > 0)
        {
            return EvalWith(lit, query, frame, k);
        }

        return EvalLiteralCore(lit, query, frame, k);
    }

    private bool EvalLiteralCore(IrLiteral lit, IrQuery query, RegoValue?[] frame, Func<bool> k)
    {
        if (lit.Negated)
        {
            if (lit.Expr is IrTermExpr { Term: not IrCall { HasOutput: true } } te && TryEval(te.Term, frame, out var v))
            {
                return (v is not null && v is not RegoBoolean { Value: false }) || k();
            }

            var found = false;
            EvalExpr(lit, query, frame, () =>
            {
                found = true;
                return false;
            });
            return found || k();
        }

        return EvalExpr(lit, query, frame, k);
    }

    private bool EvalExpr(IrLiteral lit, IrQuery query, RegoValue?[] frame, Func<bool> k)
    {
        switch (lit.Expr)
        {
            case IrTermExpr { Term: IrCall { HasOutput: true } call }:
                return EvalCallWithOutput(call, frame, k);
            case IrTermExpr te:
                if (TryEval(te.Term, frame, out var value))
                {
                    return value is null || value is RegoBoolean { Value: false } || Record(lit, query, value, k);
                }

                return Eval(te.Term, frame, v => v is RegoBoolean { Value: false } || Record(lit, query, v, k));
            case IrUnify u:
                return Unify(u.Left, u.Right, frame, k);
            case IrSomeDecl:
                return k();
            case IrSomeIn s:
                return EvalSomeIn(s, frame, k);
            case IrEvery e:
                return EvalEvery(e, frame, k);
            default:
                throw new RegoException(Diagnostic.Error(ErrorCodes.InternalError, "unknown expression", lit.Span));
        }
    }

    private bool Record(IrLiteral lit, IrQuery query, RegoValue value, Func<bool> k)
    {
        if (!ReferenceEquals(query, _topQuery) || _expressionValues is null)
        {
            return k();
        }

        var saved = _expressionValues[lit.Index];
        _expressionValues[lit.Index] = value;
        var r = k();
        _expressionValues[lit.Index] = saved;
        return r;
    }

    /// <summary>The one choke point for the step budget, the wall-clock limit and cancellation (before each literal).</summary>
    private void Step(SourceSpan? span)
    {
        if (++_steps > _options.MaxSteps)
        {
            throw LimitError(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"evaluation exceeded the step limit ({_options.MaxSteps:N0} steps)"), span);
        }

        if ((_steps & 0x3ff) == 0)
        {
            if (_cancellationToken.IsCancellationRequested)
            {
                throw new RegoException(Diagnostic.Error(ErrorCodes.CancelError, "caller cancelled query execution", span));
            }

            if (Environment.TickCount64 > _deadline)
            {
                throw LimitError(TimeLimitMessage(), span);
            }
        }
    }

    private string TimeLimitMessage() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"evaluation exceeded the time limit ({_options.Timeout?.TotalSeconds:0.###} s)");

    /// <summary>Charges <paramref name="count"/> collection elements built by the evaluator to the size budget.</summary>
    private void ChargeElements(int count, SourceSpan span)
    {
        if (!_budget.TryCharge(count * SizeBudget.ElementBytes))
        {
            ThrowTotalExceeded(span);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ThrowTotalExceeded(SourceSpan span) => throw LimitError(_budget.TotalExceeded().Message, span);

    /// <summary>Checks that a value about to be written out (a cache key, a print line) stays within the single-value cap.</summary>
    private void CheckExpanded(RegoValue value, SourceSpan span)
    {
        try
        {
            _budget.CheckExpanded(value);
        }
        catch (SizeLimitException e)
        {
            throw LimitError(e.Message, span);
        }
    }

    /// <summary>Checks and charges a value a builtin returned; a limit error names the rule and the call's place.</summary>
    private void ChargeResult(RegoValue value, SourceSpan span)
    {
        try
        {
            _budget.ChargeValue(value);
        }
        catch (SizeLimitException e)
        {
            throw LimitError(e.IsTimeLimit ? TimeLimitMessage() : e.Message, span);
        }
    }

    /// <summary>A limit error that names the rule being evaluated; its span names the policy file and line.</summary>
    private RegoException LimitError(string message, SourceSpan? span)
    {
        var rule = _currentRule;
        var name = rule is null ? null : "data." + string.Join('.', rule.StaticPath.Select(p => p is RegoString s ? s.Value : p.ToString()));
        return new RegoException(Diagnostic.Error(ErrorCodes.CancelError, name is null ? message : $"{message} in rule {name}", span ?? rule?.Source.Span));
    }

    private void Enter(SourceSpan span)
    {
        if (++_depth > _options.MaxDepth)
        {
            throw new RegoException(Diagnostic.Error(ErrorCodes.CancelError, "evaluation exceeded the depth limit", span));
        }
    }

    private void Leave() => _depth--;

    private static RegoException Error(string code, string message, SourceSpan? span) =>
        new(Diagnostic.Error(code, message, span));
}
