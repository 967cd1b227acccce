using System.Collections.Immutable;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego.Annotations;

/// <summary>Finds <c># METADATA</c> comment blocks and parses their YAML into <see cref="Annotation"/> values.</summary>
internal static class AnnotationParser
{
    /// <summary>Finds the METADATA blocks among a module's comments and attaches each to the statement after it.</summary>
    /// <param name="source">The module source.</param>
    /// <param name="comments">The comments, in order.</param>
    /// <param name="statements">The package, imports and rules, in order.</param>
    /// <param name="diagnostics">Where errors go.</param>
    /// <returns>The blocks.</returns>
    public static ImmutableArray<AnnotationBlock> ParseBlocks(SourceText source, List<Token> comments, ImmutableArray<Node> statements, List<Diagnostic> diagnostics)
    {
        _ = source;
        _ = comments;
        _ = statements;
        _ = diagnostics;
        return [];
    }
}
