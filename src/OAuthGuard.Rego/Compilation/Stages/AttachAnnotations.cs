using OAuthGuard.Rego.Annotations;
using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Compilation.Stages;

/// <summary>
/// Attaches each <c># METADATA</c> block to its target (the package, or the rule that follows it), computes
/// <see cref="Annotation.Path"/>, and indexes annotations for the host and for <c>rego.metadata.*</c>.
/// </summary>
internal sealed class AttachAnnotations : ICompilerStage
{
    public string Name => "AttachAnnotations";

    public void Run(CompilationContext context)
    {
        var index = context.AnnotationIndex;
        foreach (var module in context.Modules)
        {
            var pkgPath = RuleTreeNode.FormatPath(ResolveImportsAndRefs.PackagePath(module));
            foreach (var block in module.Annotations)
            {
                if (block.Annotation is not { } a)
                {
                    continue;
                }

                var beforePackage = block.Span.Start < module.Package.Span.Start;
                var target = beforePackage ? null : module.Rules.FirstOrDefault(r => r.Span.Start > block.Span.Start);
                switch (a.Scope)
                {
                    case AnnotationScopes.Package:
                        Add(context, a with { Path = pkgPath, Location = block.Span });
                        index.Packages[pkgPath] = a with { Path = pkgPath };
                        break;
                    case AnnotationScopes.Subpackages:
                        Add(context, a with { Path = pkgPath, Location = block.Span });
                        index.Subpackages[pkgPath] = a with { Path = pkgPath };
                        break;
                    case AnnotationScopes.Rule or AnnotationScopes.Document when target is not null:
                        var ir = context.Rules.FirstOrDefault(r => ReferenceEquals(r.Source, target));
                        var path = ir?.PathText ?? pkgPath;
                        var attached = a with { Path = path, Location = block.Span };
                        Add(context, attached);
                        if (a.Scope == AnnotationScopes.Rule)
                        {
                            index.Rules[target] = attached;
                        }
                        else
                        {
                            index.Documents[path] = attached;
                        }

                        break;
                    default:
                        context.Error(ErrorCodes.CompileError, $"annotation scope '{a.Scope}' must be applied to a rule or package", block.Span);
                        break;
                }
            }
        }

        context.Annotations.Sort((x, y) =>
        {
            var c = string.CompareOrdinal(x.Annotation.Path, y.Annotation.Path);
            return c != 0 ? c : (x.Annotation.Location?.Start ?? 0).CompareTo(y.Annotation.Location?.Start ?? 0);
        });
    }

    private static void Add(CompilationContext context, Annotation a) => context.Annotations.Add(new AnnotationEntry(a));
}
