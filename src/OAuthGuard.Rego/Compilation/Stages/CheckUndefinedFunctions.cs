using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>
/// Reports calls of unknown functions (<c>rego_type_error: undefined function f</c>) and calls with the wrong
/// number of arguments; one extra argument is an output (<c>count(xs, n)</c>) and is marked as such. Calls of a
/// builtin OAuthGuard deliberately leaves out (<see cref="BuiltinDeclaration.Unavailable"/>) are a compile error too,
/// unless some <c>with</c> in the compilation replaces that builtin (a test that mocks <c>http.send</c>).
/// </summary>
internal sealed class CheckUndefinedFunctions : ICompilerStage
{
    public string Name => "CheckUndefinedFunctions";

    public void Run(CompilationContext context)
    {
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in context.Rules)
        {
            CollectReplacedFunctions(rule, replaced);
        }

        foreach (var rule in context.Rules)
        {
            IrWalker.Rule(rule, t => Check(t, context.Diagnostics, replaced));
        }
    }

    /// <summary>Adds the names of the functions that some <c>with</c> in the rule (nested bodies included) replaces.</summary>
    /// <param name="rule">The rule.</param>
    /// <param name="names">Receives the names.</param>
    public static void CollectReplacedFunctions(IrRule rule, HashSet<string> names)
    {
        for (var r = rule; r is not null; r = r.Else)
        {
            CollectReplacedFunctions(r.Body, names);
        }

        IrWalker.Rule(rule, t =>
        {
            if (t is IrComprehension c)
            {
                CollectReplacedFunctions(c.Body, names);
            }
        });
    }

    /// <summary>Adds the names of the functions that some <c>with</c> in the query replaces.</summary>
    /// <param name="query">The query.</param>
    /// <param name="names">Receives the names.</param>
    public static void CollectReplacedFunctions(IrQuery query, HashSet<string> names)
    {
        foreach (var lit in query.Literals)
        {
            foreach (var w in lit.With)
            {
                if (w.Kind == WithKind.Function)
                {
                    names.Add(w.FunctionName);
                }
            }

            if (lit.Expr is IrEvery e)
            {
                CollectReplacedFunctions(e.Body, names);
            }
        }
    }

    public static void Check(IrTerm term, List<Diagnostic> diagnostics, IReadOnlySet<string>? replaced = null)
    {
        if (term is not IrCall call)
        {
            return;
        }

        if (call.Kind == CallKind.Unknown || (call.Kind == CallKind.Function && call.Function is null))
        {
            diagnostics.Add(Diagnostic.Error(ErrorCodes.TypeError, $"undefined function {call.Name}", call.Span));
            return;
        }

        if (call.Builtin?.Declaration.Unavailable is { } reason && (replaced is null || !replaced.Contains(call.Name)))
        {
            diagnostics.Add(Diagnostic.Error(ErrorCodes.TypeError, BuiltinRegistry.Builder.UnavailableMessage(call.Name, reason), call.Span));
            return;
        }

        if (call.Arity < 0)
        {
            return;
        }

        if (call.Args.Length > call.Arity + 1)
        {
            diagnostics.Add(Diagnostic.Error(ErrorCodes.TypeError, $"{call.Name}: too many arguments", call.Span));
        }
        else if (call.Args.Length < call.Arity)
        {
            diagnostics.Add(Diagnostic.Error(ErrorCodes.TypeError, $"{call.Name}: too few arguments", call.Span));
        }
        else
        {
            call.HasOutput = call.Args.Length == call.Arity + 1;
        }
    }
}
