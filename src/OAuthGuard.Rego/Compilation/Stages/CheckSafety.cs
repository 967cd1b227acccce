using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>
/// Orders each body so that every variable is bound before it is used (keeping the written order where it
/// can), then reports variables nothing binds: <c>rego_unsafe_var_error: var x is unsafe</c>.
/// </summary>
internal sealed class CheckSafety : ICompilerStage
{
    public string Name => "CheckSafety";

    public void Run(CompilationContext context)
    {
        foreach (var rule in context.Rules)
        {
            for (var r = rule; r is not null; r = r.Else)
            {
                CheckRule(r, context.Diagnostics);
            }
        }
    }

    private static void CheckRule(IrRule rule, List<Diagnostic> diagnostics)
    {
        var safe = new HashSet<int>();
        var needs = new HashSet<int>();
        var outs = new HashSet<int>();
        foreach (var a in rule.Args)
        {
            SafetyAnalysis.PatternVars(a, safe);
        }

        if (!SafetyAnalysis.Reorder(rule.Body, safe, diagnostics))
        {
            return;
        }

        foreach (var t in HeadTerms(rule))
        {
            needs.Clear();
            outs.Clear();
            SafetyAnalysis.Analyze(t, safe, needs, outs);
            needs.ExceptWith(safe);
            if (needs.Count > 0)
            {
                SafetyAnalysis.ReportUnsafe(t, needs, rule.Source.Span, diagnostics);
                return;
            }
        }
    }

    private static IEnumerable<IrTerm> HeadTerms(IrRule rule)
    {
        foreach (var s in rule.Suffix)
        {
            yield return s;
        }

        if (rule.Key is not null)
        {
            yield return rule.Key;
        }

        if (rule.Value is not null)
        {
            yield return rule.Value;
        }
    }
}
