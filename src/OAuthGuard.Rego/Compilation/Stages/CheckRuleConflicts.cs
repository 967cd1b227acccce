using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>
/// Reports definitions that cannot coexist at one path: different rule kinds (complete, partial set, object,
/// function), functions with different arities, and complete rules under a path that other rules extend.
/// </summary>
internal sealed class CheckRuleConflicts : ICompilerStage
{
    public string Name => "CheckRuleConflicts";

    public void Run(CompilationContext context)
    {
        foreach (var node in context.Tree.Nodes)
        {
            if (node.Functions.Count > 0)
            {
                if (node.Rules.Count > 0 || node.Default is { Kind: not RuleKind.Function })
                {
                    context.Error(ErrorCodes.TypeError, $"conflicting rules {node.PathText} found", node.Functions[0].Source.Span);
                    continue;
                }

                var arity = node.Functions[0].Args.Length;
                foreach (var f in node.Functions)
                {
                    if (f.Args.Length != arity)
                    {
                        context.Error(ErrorCodes.TypeError, $"conflicting rules {node.PathText} found", f.Source.Span);
                        break;
                    }
                }

                continue;
            }

            var kinds = 0;
            foreach (var r in node.Rules)
            {
                kinds |= KindBit(r);
            }

            if (node.Default is { } d)
            {
                kinds |= KindBit(d);
            }

            if ((kinds & (kinds - 1)) != 0)
            {
                var first = node.Rules.Count > 0 ? node.Rules[0] : node.Default;
                context.Error(ErrorCodes.TypeError, $"conflicting rules {node.PathText} found", first?.Source.Span);
            }

            if ((kinds & 3) != 0 && node.Children.Count > 0 && kinds != 4)
            {
                // A complete value or a set cannot also have rules below it.
                foreach (var child in node.SortedChildren)
                {
                    if (child.HasRules)
                    {
                        var r = child.Rules.Count > 0 ? child.Rules[0] : child.Default ?? (child.Functions.Count > 0 ? child.Functions[0] : null);
                        context.Error(ErrorCodes.TypeError, $"rule {child.PathText} conflicts with {node.PathText}", r?.Source.Span);
                        break;
                    }
                }
            }
        }
    }

    private static int KindBit(IrRule r) => r.Kind switch
    {
        _ when r.Suffix.Length > 0 => 4,
        RuleKind.PartialSet => 2,
        _ => 1,
    };
}
