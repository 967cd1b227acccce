using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>
/// Reports rules that depend on themselves through references or calls:
/// <c>rego_recursion_error: rule data.p is recursive: data.p -> data.q -> data.p</c>.
/// </summary>
internal sealed class CheckRecursion : ICompilerStage
{
    public string Name => "CheckRecursion";

    public void Run(CompilationContext context)
    {
        var tree = context.Tree;
        var edges = new Dictionary<RuleTreeNode, List<RuleTreeNode>>();
        foreach (var rule in context.Rules)
        {
            var from = tree.Find(rule.StaticPath);
            if (from is null)
            {
                continue;
            }

            if (!edges.TryGetValue(from, out var list))
            {
                edges[from] = list = [];
            }

            IrWalker.Rule(rule, t => AddDependencies(tree, t, list));
        }

        var state = new Dictionary<RuleTreeNode, int>();
        var stack = new List<RuleTreeNode>();
        var reported = new HashSet<RuleTreeNode>();
        foreach (var node in edges.Keys.OrderBy(n => n.PathText, StringComparer.Ordinal))
        {
            Visit(node, edges, state, stack, reported, context);
        }
    }

    private static void Visit(RuleTreeNode node, Dictionary<RuleTreeNode, List<RuleTreeNode>> edges, Dictionary<RuleTreeNode, int> state, List<RuleTreeNode> stack, HashSet<RuleTreeNode> reported, CompilationContext context)
    {
        if (state.TryGetValue(node, out var s))
        {
            if (s == 1)
            {
                var start = stack.IndexOf(node);
                var cycle = stack.Skip(start).Select(n => n.PathText).Append(node.PathText);
                if (reported.Add(node))
                {
                    var rule = node.Rules.Count > 0 ? node.Rules[0] : node.Functions.Count > 0 ? node.Functions[0] : node.Default;
                    context.Error(ErrorCodes.RecursionError, $"rule {node.PathText} is recursive: {string.Join(" -> ", cycle)}", rule?.Source.Span);
                }
            }

            return;
        }

        state[node] = 1;
        stack.Add(node);
        if (edges.TryGetValue(node, out var next))
        {
            foreach (var n in next)
            {
                Visit(n, edges, state, stack, reported, context);
            }
        }

        stack.RemoveAt(stack.Count - 1);
        state[node] = 2;
    }

    /// <summary>Adds the rule nodes a term may read: the node a data reference reaches, and everything below it.</summary>
    private static void AddDependencies(RuleTree tree, IrTerm term, List<RuleTreeNode> into)
    {
        switch (term)
        {
            case IrCall { Function: { } f }:
                into.Add(f);
                break;
            case IrRootRef { IsInput: false } r:
                AddMatching(tree.Root, r.Path, 0, into);
                break;
        }
    }

    /// <summary>
    /// Adds the rule nodes a data reference may reach from <paramref name="node"/>: a constant key follows that child, a
    /// variable key may be any child (as OPA matches a dynamic reference against the rule paths), and where the
    /// reference ends, everything below may be read.
    /// </summary>
    private static void AddMatching(RuleTreeNode node, IrTerm[] path, int index, List<RuleTreeNode> into)
    {
        for (var i = index; i < path.Length; i++)
        {
            if (path[i] is not IrConst c)
            {
                foreach (var child in node.SortedChildren)
                {
                    if (child.Rules.Count > 0 || child.Default is not null)
                    {
                        into.Add(child);
                    }
                    else
                    {
                        AddMatching(child, path, i + 1, into);
                    }
                }

                return;
            }

            if (!node.Children.TryGetValue(c.Value, out var next))
            {
                return; // below the rule tree: base data only
            }

            node = next;
            if (node.Rules.Count > 0 || node.Default is not null)
            {
                into.Add(node);
                return;
            }
        }

        AddSubtree(node, into);
    }

    private static void AddSubtree(RuleTreeNode node, List<RuleTreeNode> into)
    {
        if (!node.HasRules)
        {
            return;
        }

        if (node.Rules.Count > 0 || node.Default is not null)
        {
            into.Add(node);
        }

        foreach (var child in node.SortedChildren)
        {
            AddSubtree(child, into);
        }
    }
}
