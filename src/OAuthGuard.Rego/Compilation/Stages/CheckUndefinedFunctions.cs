using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>
/// Reports calls of unknown functions (<c>rego_type_error: undefined function f</c>) and calls with the wrong
/// number of arguments; one extra argument is an output (<c>count(xs, n)</c>) and is marked as such. Calls of a
/// builtin OAuthGuard deliberately leaves out (<see cref="BuiltinDeclaration.Withheld"/>) are a compile error too,
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
            for (var r = rule; r is not null; r = r.Else)
            {
                CollectReplaced(r.Body, replaced);
            }

            // A comprehension in a rule's head or arguments can hold a with of its own.
            IrWalker.Rule(rule, t =>
            {
                if (t is IrComprehension c)
                {
                    CollectReplaced(c.Body, replaced);
                }
            });
        }

        foreach (var rule in context.Rules)
        {
            IrWalker.Rule(rule, t => Check(t, context.Diagnostics, replaced));
        }
    }

    /// <summary>Checks one term; <paramref name="replaced"/> names the functions some <c>with</c> replaces.</summary>
    public static void Check(IrTerm term, List<Diagnostic> diagnostics, IReadOnlySet<string> replaced)
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

        if (call.Builtin?.Declaration.Withheld is { } reason && !replaced.Contains(call.Name))
        {
            diagnostics.Add(Diagnostic.Error(ErrorCodes.TypeError, WithheldMessage(call.Name, reason), call.Span));
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

    /// <summary>The message for a call of a builtin OAuthGuard declares but deliberately does not provide.</summary>
    /// <param name="name">The builtin.</param>
    /// <param name="reason">Why it is left out.</param>
    /// <returns>The message.</returns>
    internal static string WithheldMessage(string name, string reason) =>
        $"{name} is deliberately unavailable in OAuthGuard ({reason}); replace it with `with {name} as ...` in tests";

    /// <summary>Adds the names of the functions and builtins that a <c>with</c> in <paramref name="query"/> replaces, nested queries included.</summary>
    /// <param name="query">The query.</param>
    /// <param name="replaced">The names found so far.</param>
    internal static void CollectReplaced(IrQuery query, HashSet<string> replaced)
    {
        foreach (var lit in query.Literals)
        {
            foreach (var w in lit.With)
            {
                if (w.Kind == WithKind.Function)
                {
                    replaced.Add(w.FunctionName);
                }
            }

            if (lit.Expr is IrEvery every)
            {
                CollectReplaced(every.Body, replaced);
            }

            IrWalker.Literal(lit, t =>
            {
                if (t is IrComprehension c)
                {
                    CollectReplaced(c.Body, replaced);
                }
            });
        }
    }
}
