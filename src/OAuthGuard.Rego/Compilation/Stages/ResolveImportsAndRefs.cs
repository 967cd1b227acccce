using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>
/// Resolves names and lowers every rule to IR: rule names of the package and imports (with aliases) become full
/// <c>data</c>/<c>input</c> references, local variables get frame slots, calls are bound to builtins or functions.
/// </summary>
internal sealed class ResolveImportsAndRefs : ICompilerStage
{
    public string Name => "ResolveImportsAndRefs";

    public void Run(CompilationContext context)
    {
        // Rule names per package, across modules (OPA resolves a package's rules from all its modules).
        var rulesByPackage = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var functionPaths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var module in context.Modules)
        {
            var pkg = PackagePath(module);
            var key = RuleTreeNode.FormatPath(pkg);
            if (!rulesByPackage.TryGetValue(key, out var names))
            {
                rulesByPackage[key] = names = new HashSet<string>(StringComparer.Ordinal);
            }

            foreach (var rule in module.Rules)
            {
                names.Add(rule.Name);
                if (rule.Kind == RuleKind.Function)
                {
                    functionPaths.Add(RuleTreeNode.FormatPath([.. pkg, new RegoString(rule.Name), .. StaticHead(rule)]));
                }
            }
        }

        foreach (var module in context.Modules)
        {
            var pkg = PackagePath(module);
            var globals = new Dictionary<string, GlobalName>(StringComparer.Ordinal);
            foreach (var name in rulesByPackage[RuleTreeNode.FormatPath(pkg)])
            {
                globals[name] = new GlobalName(false, [.. pkg, new RegoString(name)]);
            }

            foreach (var import in module.Imports)
            {
                AddImport(context, import, globals);
            }

            foreach (var rule in module.Rules)
            {
                var lowering = new Lowering(globals, functionPaths, context.Options, context.Diagnostics, context);
                context.Rules.Add(lowering.LowerRule(rule, pkg, module));
            }
        }
    }

    /// <summary>The package path as data keys (without the <c>data</c> root).</summary>
    public static RegoValue[] PackagePath(RegoModule module)
    {
        var path = module.Package.Path;
        var result = new List<RegoValue>();
        if (path.Head is VarTerm { Name: not "data" } head)
        {
            result.Add(new RegoString(head.Name));
        }

        foreach (var part in path.Path)
        {
            if (part is ScalarTerm s)
            {
                result.Add(s.Value);
            }
        }

        return [.. result];
    }

    private static IEnumerable<RegoValue> StaticHead(Rule rule)
    {
        foreach (var part in rule.Head.Path)
        {
            if (part is not ScalarTerm s)
            {
                yield break;
            }

            yield return s.Value;
        }
    }

    private static void AddImport(CompilationContext context, Import import, Dictionary<string, GlobalName> globals)
    {
        var path = import.Path;
        if (path.Head is not VarTerm head)
        {
            return;
        }

        var isInput = head.Name == "input";
        if (!isInput && head.Name != "data")
        {
            // rego.v1 and future.keywords.* only switch syntax on; the parser has handled them.
            if (head.Name is "rego" or "future")
            {
                return;
            }

            context.Error(ErrorCodes.CompileError, $"invalid import {AstNames.DottedName(path)}: must begin with input or data", import.Span);
            return;
        }

        var keys = new List<RegoValue>();
        foreach (var part in path.Path)
        {
            if (part is not ScalarTerm s)
            {
                context.Error(ErrorCodes.CompileError, "invalid import: path must be constant", import.Span);
                return;
            }

            keys.Add(s.Value);
        }

        var alias = import.Alias ?? (keys.Count > 0 && keys[^1] is RegoString last ? last.Value : head.Name);
        globals[alias] = new GlobalName(isInput, [.. keys]);
    }
}
