using OAuthGuard.Rego.Compilation.Stages;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Evaluation;
using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego.Compilation;

/// <summary>Compiles a query string against a compiled policy: parse, resolve, check calls, order for safety.</summary>
internal static class QueryCompiler
{
    public static CompiledQuery Compile(PolicyModel policy, string text, List<Diagnostic> diagnostics)
    {
        var ids = new NodeIdGenerator();
        var query = RegoParser.ParseQuery(new SourceText("query", text), ids, diagnostics);
        if (query is null || diagnostics.Count > 0)
        {
            return Empty;
        }

        var functionPaths = new HashSet<string>(policy.Functions.Keys, StringComparer.Ordinal);
        var lowering = new Lowering([], functionPaths, policy.Options, diagnostics, null);
        var ir = lowering.LowerQuery(query);
        var literals = ir.Literals;
        IrWalker.Query(ir, t =>
        {
            if (t is IrCall { Kind: CallKind.Function, Function: null } call && policy.Functions.TryGetValue(call.Name, out var node))
            {
                call.Function = node;
                call.Arity = node.Functions[0].Args.Length;
            }
        });
        var replaced = new HashSet<string>(StringComparer.Ordinal);
        CheckUndefinedFunctions.CollectReplaced(ir, replaced);
        IrWalker.Query(ir, t => CheckUndefinedFunctions.Check(t, diagnostics, replaced));
        if (diagnostics.Count > 0)
        {
            return Empty;
        }

        SafetyAnalysis.Reorder(ir, [], diagnostics);
        var named = new List<(string, int)>();
        foreach (var v in lowering.RootVars)
        {
            if (!v.IsGenerated)
            {
                named.Add((v.Name, v.Slot));
            }
        }

        return new CompiledQuery(ir, literals, lowering.FrameSize, [.. named]);
    }

    private static CompiledQuery Empty => new(new IrQuery([]), [], 0, []);
}
