using System.Collections.Frozen;
using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Compilation;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Evaluation;

/// <summary>The immutable result of compilation that evaluations read: the data tree, functions, builtins, annotations.</summary>
internal sealed class PolicyModel
{
    public PolicyModel(CompilationContext context)
    {
        Tree = context.Tree;
        BaseData = context.BaseData;
        Builtins = context.Options.Builtins;
        Options = context.Options;
        Annotations = context.AnnotationIndex;
        Rules = [.. context.Rules];
        var functions = new Dictionary<string, RuleTreeNode>(StringComparer.Ordinal);
        foreach (var node in Tree.Nodes)
        {
            if (node.Functions.Count > 0)
            {
                functions[node.PathText] = node;
            }
        }

        Functions = functions.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public RuleTree Tree { get; }

    public RegoObject BaseData { get; }

    public BuiltinRegistry Builtins { get; }

    public CompilerOptions Options { get; }

    public AnnotationIndex Annotations { get; }

    public IrRule[] Rules { get; }

    /// <summary>Gets function nodes by full path (<c>data.a.f</c>).</summary>
    public FrozenDictionary<string, RuleTreeNode> Functions { get; }
}

/// <summary>A query compiled against a policy: lowered, ordered, with its named variables.</summary>
internal sealed class CompiledQuery(IrQuery body, IrLiteral[] literals, int frameSize, (string Name, int Slot)[] namedVars)
{
    public IrQuery Body { get; } = body;

    /// <summary>Gets the literals in written order (expression values are reported in this order).</summary>
    public IrLiteral[] Literals { get; } = literals;

    public int FrameSize { get; } = frameSize;

    public (string Name, int Slot)[] NamedVars { get; } = namedVars;
}
