using System.Collections.Immutable;
using OAuthGuard.Rego.Annotations;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego;

/// <summary>The package and <c># METADATA</c> annotations of one module, read without compiling it.</summary>
/// <param name="Package">The package path, e.g. <c>data.oauthguard.rules.x</c>, or null when the module has no valid package clause.</param>
/// <param name="Annotations">Package- and subpackages-scoped annotations, with <see cref="Annotation.Path"/> set to the package path.</param>
/// <param name="Diagnostics">Parse errors (<c>rego_parse_error</c>), including invalid METADATA blocks.</param>
public sealed record ModuleAnnotations(string? Package, ImmutableArray<Annotation> Annotations, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>Reads Rego source without compiling it: for tools that need a module's metadata but not its rules.</summary>
public static class RegoSyntax
{
    /// <summary>
    /// Parses one module and returns its package-level annotations (scopes <c>package</c> and <c>subpackages</c>).
    /// Used by hosts that evaluate policies elsewhere (e.g. with the <c>opa</c> CLI) but describe rules from the
    /// same METADATA blocks as the embedded engine.
    /// </summary>
    /// <param name="path">The path shown in diagnostics.</param>
    /// <param name="source">The Rego text.</param>
    /// <returns>The package, its annotations and any parse errors.</returns>
    public static ModuleAnnotations ReadPackageAnnotations(string path, string source)
    {
        var diagnostics = new List<Diagnostic>();
        var module = RegoParser.ParseModule(new SourceText(path, source), new NodeIdGenerator(), diagnostics);
        if (module is null)
        {
            return new ModuleAnnotations(null, [], [.. diagnostics]);
        }

        var package = AstNames.DottedName(module.Package.Path);
        var annotations = module.Annotations
            .Select(b => b.Annotation)
            .OfType<Annotation>()
            .Where(a => a.Scope is AnnotationScopes.Package or AnnotationScopes.Subpackages)
            .Select(a => a with { Path = package })
            .ToImmutableArray();
        return new ModuleAnnotations(package, annotations, [.. diagnostics]);
    }
}
