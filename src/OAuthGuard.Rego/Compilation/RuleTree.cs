using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation;

/// <summary>
/// One node of the data tree: rules whose static head path ends here, functions defined here, child nodes, and
/// the base document at this path. A node's value is its rules' value, or an object of its children merged with
/// base data.
/// </summary>
internal sealed class RuleTreeNode(RegoValue[] path)
{
    public RegoValue[] Path { get; } = path;

    public string PathText { get; } = FormatPath(path);

    public Dictionary<RegoValue, RuleTreeNode> Children { get; } = [];

    /// <summary>Gets the children in key order (for deterministic iteration).</summary>
    public RuleTreeNode[] SortedChildren { get; set; } = [];

    /// <summary>Gets the non-function rules that contribute to this node (complete, partial set, object-producing).</summary>
    public List<IrRule> Rules { get; } = [];

    /// <summary>Gets the function definitions at this path.</summary>
    public List<IrRule> Functions { get; } = [];

    /// <summary>Gets or sets the default rule, if any.</summary>
    public IrRule? Default { get; set; }

    /// <summary>Gets or sets the base document at this path, if any.</summary>
    public RegoValue? BaseData { get; set; }

    /// <summary>Gets or sets a value indicating whether a module declares this package (an empty package is <c>{}</c>).</summary>
    public bool IsPackage { get; set; }

    /// <summary>Gets or sets a value indicating whether any rule is defined at or below this node.</summary>
    public bool HasRules { get; set; }

    /// <summary>Gets or sets a dense index for per-evaluation caches.</summary>
    public int Index { get; set; }

    /// <summary>
    /// Gets a value indicating whether the complete rules here stop at the first definition that succeeds, as OPA's early
    /// exit does: every definition (else clauses included, defaults aside) has no ref-head suffix and one and the same
    /// constant value, so no later definition can change the value or conflict with it.
    /// </summary>
    public bool RulesExitEarly => EarlyExit(ref _rulesEarlyExit, Rules);

    /// <summary>Gets a value indicating whether calls of the function defined here stop at the first definition that succeeds (see <see cref="RulesExitEarly"/>).</summary>
    public bool FunctionsExitEarly => EarlyExit(ref _functionsEarlyExit, Functions);

    // 0: not computed yet, 1: yes, 2: no (computed once, on first use; a race computes the same answer twice).
    private int _rulesEarlyExit;
    private int _functionsEarlyExit;

    private static bool EarlyExit(ref int cached, List<IrRule> definitions)
    {
        if (cached == 0)
        {
            cached = ConstantValued(definitions) ? 1 : 2;
        }

        return cached == 1;
    }

    private static bool ConstantValued(List<IrRule> definitions)
    {
        RegoValue? value = null;
        foreach (var definition in definitions)
        {
            for (var clause = definition; clause is not null; clause = clause.Else)
            {
                if (clause.IsDefault)
                {
                    continue;
                }

                var v = clause.Value switch
                {
                    null => RegoBoolean.True,
                    IrConst c => c.Value,
                    _ => null,
                };
                if (v is null || clause.Suffix.Length > 0 || clause.Key is not null || (value is not null && !value.Equals(v)))
                {
                    return false;
                }

                value = v;
            }
        }

        return value is not null;
    }

    public static string FormatPath(ReadOnlySpan<RegoValue> path)
    {
        var sb = new System.Text.StringBuilder("data");
        foreach (var p in path)
        {
            if (p is RegoString s && IsIdentifier(s.Value))
            {
                sb.Append('.').Append(s.Value);
            }
            else
            {
                sb.Append('[');
                p.WriteRego(sb);
                sb.Append(']');
            }
        }

        return sb.ToString();
    }

    private static bool IsIdentifier(string s)
    {
        if (s.Length == 0 || !(char.IsAsciiLetter(s[0]) || s[0] == '_'))
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The data tree of a compiled policy.</summary>
internal sealed class RuleTree
{
    public RuleTree()
    {
        Root = new RuleTreeNode([]);
        Nodes.Add(Root);
    }

    public RuleTreeNode Root { get; }

    public List<RuleTreeNode> Nodes { get; } = [];

    public RuleTreeNode GetOrAdd(ReadOnlySpan<RegoValue> path)
    {
        var node = Root;
        for (var i = 0; i < path.Length; i++)
        {
            if (!node.Children.TryGetValue(path[i], out var child))
            {
                child = new RuleTreeNode(path[..(i + 1)].ToArray()) { Index = Nodes.Count };
                Nodes.Add(child);
                node.Children[path[i]] = child;
            }

            node = child;
        }

        return node;
    }

    public RuleTreeNode? Find(ReadOnlySpan<RegoValue> path)
    {
        var node = Root;
        foreach (var key in path)
        {
            if (!node.Children.TryGetValue(key, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }
}
