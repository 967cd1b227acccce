using OAuthGuard.Rego.Annotations;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;

namespace OAuthGuard.Rego.Syntax;

/// <summary>Entry points of the Rego parser: whole modules (with their <c># METADATA</c> blocks) and queries.</summary>
internal static class RegoParser
{
    /// <summary>Parses a module. Errors (code <c>rego_parse_error</c>) are appended to <paramref name="diagnostics"/>.</summary>
    /// <param name="source">The module source.</param>
    /// <param name="ids">The node id generator shared by the compilation.</param>
    /// <param name="diagnostics">Where errors go.</param>
    /// <returns>The module, or null when it has no valid package clause. A module is returned even when some rules had errors.</returns>
    public static RegoModule? ParseModule(SourceText source, NodeIdGenerator ids, List<Diagnostic> diagnostics)
    {
        var parser = Parser.Create(source, ids, diagnostics, out var comments);
        var module = parser.ParseModule(out var statements);
        if (module is null)
        {
            return null;
        }

        var annotations = AnnotationParser.ParseBlocks(source, comments, statements, diagnostics);
        if (annotations.IsEmpty)
        {
            return module;
        }

        return new RegoModule(module.Span, module.Id, module.Package, module.Imports, module.Rules, annotations);
    }

    /// <summary>Parses a query such as <c>data.p.q = x</c> or <c>x := 1; y := x + 1</c>.</summary>
    /// <param name="source">The query source.</param>
    /// <param name="ids">The node id generator shared by the compilation.</param>
    /// <param name="diagnostics">Where errors go.</param>
    /// <returns>The query, or null after an error.</returns>
    public static Query? ParseQuery(SourceText source, NodeIdGenerator ids, List<Diagnostic> diagnostics)
    {
        var parser = Parser.Create(source, ids, diagnostics, out _);
        return parser.ParseQueryText();
    }
}
