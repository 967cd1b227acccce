using System.Text;
using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Compilation;
using OAuthGuard.Rego.Compilation.Stages;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Evaluation;

/// <summary>Calls: builtins (with OPA's error mapping), user functions, intrinsics, and <c>with</c> replacements.</summary>
internal sealed partial class Evaluator
{
    private bool TryCall(IrCall call, RegoValue?[] frame, out RegoValue? value)
    {
        value = null;
        if (call.Intrinsic == Intrinsic.Print)
        {
            value = RegoBoolean.True;
            return EvalPrint(call, frame);
        }

        if (call.Builtin is { Declaration.Relation: true })
        {
            return false;
        }

        var args = call.Args.Length == 0 ? [] : new RegoValue[call.Args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            if (!TryEval(call.Args[i], frame, out var arg))
            {
                return false;
            }

            if (arg is null)
            {
                return true;
            }

            args[i] = arg;
        }

        value = Invoke(call, call.Name, args);
        return true;
    }

    /// <summary>A call whose last argument receives the result: <c>count(xs, n)</c>.</summary>
    private bool EvalCallWithOutput(IrCall call, RegoValue?[] frame, Func<bool> k)
    {
        var inputs = call.Args[..^1];
        var output = call.Args[^1];
        return EvalArgs(inputs, frame, args =>
            CallWithArgs(call, args, frame, result => UnifyValue(output, result, frame, k)));
    }

    private bool CallWithArgs(IrCall call, RegoValue[] args, RegoValue?[] frame, Func<RegoValue, bool> k)
    {
        if (call.Builtin is { Declaration.Relation: true } && !IsReplaced(call.Name))
        {
            if (Invoke(call, call.Name, args) is RegoArray results)
            {
                foreach (var r in results)
                {
                    if (!k(r))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        if (call.Intrinsic == Intrinsic.Print)
        {
            return !EvalPrint(call, frame) || k(RegoBoolean.True);
        }

        return Invoke(call, call.Name, (RegoValue[])args.Clone()) is not { } value || k(value);
    }

    private bool IsReplaced(string name) => _functionOverrides is not null && _functionOverrides.ContainsKey(name);

    /// <summary>Invokes a function by name (honouring <c>with</c> replacements); null is undefined.</summary>
    private RegoValue? Invoke(IrCall call, string name, RegoValue[] args)
    {
        if (_functionOverrides is not null && _functionOverrides.TryGetValue(name, out var replacement))
        {
            if (replacement.Value is { } constant)
            {
                return constant;
            }

            if (replacement.Function is { } fn)
            {
                // A replacement runs with the original functions: mocks never call other mocks.
                var saved = _functionOverrides;
                _functionOverrides = null;
                try
                {
                    return InvokeByName(call, fn, args);
                }
                finally
                {
                    _functionOverrides = saved;
                }
            }
        }

        if (call.Intrinsic != Intrinsic.None && name == call.Name)
        {
            return EvalIntrinsic(call);
        }

        if (call.Kind == CallKind.Function && name == call.Name && call.Function is { } node)
        {
            return CallFunction(node, args, call);
        }

        return call.Builtin is { } builtin && name == call.Name ? CallBuiltin(builtin, args, call) : InvokeByName(call, name, args);
    }

    private RegoValue? InvokeByName(IrCall call, string name, RegoValue[] args)
    {
        if (_policy.Functions.TryGetValue(name, out var node))
        {
            return CallFunction(node, args, call);
        }

        if (_policy.Builtins.TryGet(name, out var builtin))
        {
            return CallBuiltin(builtin, args, call);
        }

        throw Error(ErrorCodes.TypeError, $"undefined function {name}", call.Span);
    }

    private RegoValue? CallBuiltin(Builtin builtin, RegoValue[] args, IrCall call)
    {
        var decl = builtin.Declaration;
        if (decl.Withheld is { } reason)
        {
            throw Error(ErrorCodes.BuiltinError, CheckUndefinedFunctions.WithheldMessage(decl.Name, reason), call.Span);
        }

        string? cacheKey = null;
        if (decl.Nondeterministic)
        {
            var sb = new StringBuilder(decl.Name);
            foreach (var a in args)
            {
                sb.Append('\u0001');
                CheckExpanded(a, call.Span);
                a.WriteRego(sb);
            }

            cacheKey = sb.ToString();
            if (_nondeterministicCache.TryGetValue(cacheKey, out var cached))
            {
                return cached;
            }
        }

        RegoValue? result;
        try
        {
            _builtinContext.Location = call.Span;
            result = builtin.Function(_builtinContext, args);
        }
        catch (SizeLimitException e)
        {
            // Never undefined: a policy must not be able to retry its way past the budget.
            throw LimitError(e.IsTimeLimit ? TimeLimitMessage() : e.Message, call.Span);
        }
        catch (RegoException e) when (e.Diagnostic is { Code: ErrorCodes.CancelError, Span: null })
        {
            // A limit hit while the builtin wrote a value out (RegoJson): name the rule and the call's place.
            throw LimitError(e.Diagnostic.Message, call.Span);
        }
        catch (OperandException e)
        {
            // As in OPA, an operand of the wrong type at run time is a builtin error like any other: it fails the
            // query only with strict builtin errors, and otherwise leaves the call undefined.
            if (_options.StrictBuiltinErrors)
            {
                throw Error(ErrorCodes.EvalTypeError, $"{decl.Name}: {e.Message}", call.Span);
            }

            return null;
        }
        catch (BuiltinException e)
        {
            if (_options.StrictBuiltinErrors)
            {
                throw Error(ErrorCodes.BuiltinError, $"{decl.Name}: {e.Message}", call.Span);
            }

            return null;
        }

        if (result is not (null or RegoBoolean))
        {
            // Booleans (most results: comparisons, tests) are shared instances; everything else is charged.
            ChargeResult(result, call.Span);
        }

        if (cacheKey is not null && result is not null)
        {
            _nondeterministicCache[cacheKey] = result;
        }

        return result;
    }

    /// <summary>Calls a user function: every definition whose arguments match; differing results conflict.</summary>
    private RegoValue? CallFunction(RuleTreeNode node, RegoValue[] args, IrCall call)
    {
        RegoValue? result = null;
        IrRule? fallback = null;
        var exitEarly = node.FunctionsExitEarly;
        foreach (var def in node.Functions)
        {
            if (def.IsDefault)
            {
                fallback = def;
                continue;
            }

            var v = CallDefinition(def, args, exitEarly);
            if (v is null)
            {
                continue;
            }

            if (exitEarly)
            {
                // OPA's early exit: every definition has this same constant result; the rest cannot change it.
                return v;
            }

            if (result is not null && !result.Equals(v))
            {
                throw Error(ErrorCodes.ConflictError, $"function {node.PathText} produced conflicting values for the same inputs", call.Span);
            }

            result = v;
        }

        if (result is null && fallback is not null)
        {
            result = CallDefinition(fallback, args);
        }

        return result;
    }

    private RegoValue? CallDefinition(IrRule def, RegoValue[] args, bool firstOnly = false)
    {
        RegoValue? found = null;
        for (var clause = def; clause is not null && found is null; clause = clause.Else)
        {
            var frame = new RegoValue?[Math.Max(clause.FrameSize, 1)];
            var saved = _currentRule;
            _currentRule = clause;
            Enter(clause.Source.Span);
            try
            {
                var c = clause;
                UnifyArgs(c.Args, args, 0, frame, () => EvalQuery(c.Body, 0, frame, () =>
                {
                    if (c.Value is null)
                    {
                        found ??= RegoBoolean.True;
                        return !firstOnly;
                    }

                    return Eval(c.Value, frame, v =>
                    {
                        if (found is not null && !found.Equals(v))
                        {
                            throw Error(ErrorCodes.ConflictError, $"function {RuleTreeNode.FormatPath(def.StaticPath)} produced conflicting values for the same inputs", c.Source.Span);
                        }

                        found = v;
                        return !firstOnly;
                    });
                }));
            }
            finally
            {
                Leave();
                _currentRule = saved;
            }
        }

        return found;
    }

    private bool UnifyArgs(IrTerm[] patterns, RegoValue[] args, int index, RegoValue?[] frame, Func<bool> k) =>
        index == patterns.Length || index == args.Length
            ? k()
            : UnifyValue(patterns[index], args[index], frame, () => UnifyArgs(patterns, args, index + 1, frame, k));

    private RegoValue? EvalIntrinsic(IrCall call)
    {
        switch (call.Intrinsic)
        {
            case Intrinsic.MetadataRule:
                return _currentRule is { } r ? _policy.Annotations.Rule(r) : RegoObject.Empty;
            case Intrinsic.MetadataChain:
                return _currentRule is { } rule ? _policy.Annotations.Chain(rule) : RegoArray.Empty;
            default:
                return RegoBoolean.True;
        }
    }

    /// <summary><c>print</c>: writes its arguments (undefined ones as <c>&lt;undefined&gt;</c>); always true.</summary>
    private bool EvalPrint(IrCall call, RegoValue?[] frame)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < call.Args.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            var values = new List<RegoValue>();
            Eval(call.Args[i], frame, v =>
            {
                values.Add(v);
                return true;
            });
            if (_options.PrintOutput is null)
            {
                // The arguments are evaluated (their errors count), but nothing reads the line: do not write it.
                continue;
            }

            if (values.Count == 0)
            {
                sb.Append("<undefined>");
            }

            for (var j = 0; j < values.Count; j++)
            {
                if (j > 0)
                {
                    sb.Append(' ');
                }

                if (values[j] is RegoString s)
                {
                    sb.Append(s.Value);
                }
                else
                {
                    CheckExpanded(values[j], call.Span);
                    values[j].WriteRego(sb);
                }
            }
        }

        _options.PrintOutput?.WriteLine(sb.ToString());
        return true;
    }
}
