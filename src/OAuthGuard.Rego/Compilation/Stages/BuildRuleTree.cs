using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>
/// Places every rule in the data tree by its full static path (ref heads included), attaches base data to the
/// nodes it overlaps, reports rules that collide with base data, and binds function calls to their nodes.
/// </summary>
internal sealed class BuildRuleTree : ICompilerStage
{
    public string Name => "BuildRuleTree";

    public void Run(CompilationContext context)
    {
        var tree = context.Tree;
        foreach (var rule in context.Rules)
        {
            var node = tree.GetOrAdd(rule.StaticPath);
            if (rule.Kind == RuleKind.Function)
            {
                node.Functions.Add(rule);
            }
            else if (rule.IsDefault)
            {
                if (node.Default is not null)
                {
                    context.Error(ErrorCodes.TypeError, $"multiple default rules {rule.PathText} found", rule.Source.Span);
                }

                node.Default = rule;
            }
            else
            {
                node.Rules.Add(rule);
            }
        }

        foreach (var module in context.Modules)
        {
            tree.GetOrAdd(ResolveImportsAndRefs.PackagePath(module)).IsPackage = true;
        }

        foreach (var node in tree.Nodes)
        {
            node.HasRules = node.Rules.Count > 0 || node.Default is not null || node.IsPackage;
            node.SortedChildren = [.. node.Children.Values.OrderBy(c => c.Path[^1], ValueComparer.Instance)];
        }

        MarkHasRules(tree.Root);
        AttachBaseData(context, tree.Root, context.BaseData);

        foreach (var rule in context.Rules)
        {
            IrWalker.Rule(rule, t => BindCall(tree, t));
        }
    }

    /// <summary>Binds a call to its function node (also used for queries).</summary>
    public static void BindCall(RuleTree tree, IrTerm term)
    {
        if (term is IrCall { Kind: CallKind.Function, Function: null } call)
        {
            foreach (var node in tree.Nodes)
            {
                if (node.Functions.Count > 0 && node.PathText == call.Name)
                {
                    call.Function = node;
                    call.Arity = node.Functions[0].Args.Length;
                    break;
                }
            }
        }
    }

    private static bool MarkHasRules(RuleTreeNode node)
    {
        var any = node.HasRules || node.Functions.Count > 0;
        foreach (var child in node.SortedChildren)
        {
            any |= MarkHasRules(child);
        }

        node.HasRules = any;
        return any;
    }

    private static void AttachBaseData(CompilationContext context, RuleTreeNode node, RegoValue? data)
    {
        node.BaseData = data;
        if (data is null)
        {
            return;
        }

        if (node.Rules.Count > 0 || node.Default is not null || node.Functions.Count > 0)
        {
            // NOTE: OPA lets a base document shadow rules at the same path; evaluation reads the base document.
            return;
        }

        foreach (var child in node.SortedChildren)
        {
            AttachBaseData(context, child, data is RegoObject o ? o.Get(child.Path[^1]) : null);
        }
    }
}
