using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>
/// Reports calls of unknown functions (<c>rego_type_error: undefined function f</c>) and calls with the wrong
/// number of arguments; one extra argument is an output (<c>count(xs, n)</c>) and is marked as such.
/// </summary>
internal sealed class CheckUndefinedFunctions : ICompilerStage
{
    public string Name => "CheckUndefinedFunctions";

    public void Run(CompilationContext context)
    {
        foreach (var rule in context.Rules)
        {
            IrWalker.Rule(rule, t => Check(t, context.Diagnostics));
        }
    }

    public static void Check(IrTerm term, List<Diagnostic> diagnostics)
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
