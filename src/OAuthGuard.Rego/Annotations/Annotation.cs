using System.Collections.Immutable;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Annotations;

/// <summary>
/// A <c># METADATA</c> comment block as written, before it is attached: the YAML text and where it stands.
/// See https://www.openpolicyagent.org/docs/policy-language/#annotations.
/// </summary>
/// <param name="Yaml">The YAML text with the leading <c>#</c> markers removed.</param>
/// <param name="Span">The span of the whole comment block.</param>
/// <param name="Annotation">The parsed annotation, or null when the YAML was invalid (a diagnostic says why).</param>
public sealed record AnnotationBlock(string Yaml, SourceSpan Span, Annotation? Annotation)
{
    /// <summary>
    /// Gets the node the block applies to: the <see cref="Ast.Package"/> for package and subpackages scopes, the
    /// <see cref="Ast.Rule"/> that follows for rule and document scopes; null when nothing follows the block.
    /// </summary>
    internal Ast.Node? Target { get; init; }
}

/// <summary>The scopes an annotation may have.</summary>
public static class AnnotationScopes
{
    /// <summary>Applies to the rule definition that follows.</summary>
    public const string Rule = "rule";

    /// <summary>Applies to all definitions of the rule that follows.</summary>
    public const string Document = "document";

    /// <summary>Applies to the package of the module.</summary>
    public const string Package = "package";

    /// <summary>Applies to the package and every package below it.</summary>
    public const string Subpackages = "subpackages";
}

/// <summary>A parsed annotation (OPA's METADATA fields), typed.</summary>
public sealed record Annotation
{
    /// <summary>Gets the scope: rule, document, package or subpackages.</summary>
    public required string Scope { get; init; }

    /// <summary>Gets the title.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the description.</summary>
    public string? Description { get; init; }

    /// <summary>Gets the organizations.</summary>
    public ImmutableArray<string> Organizations { get; init; } = [];

    /// <summary>Gets the related resources.</summary>
    public ImmutableArray<RelatedResource> RelatedResources { get; init; } = [];

    /// <summary>Gets the authors.</summary>
    public ImmutableArray<Author> Authors { get; init; } = [];

    /// <summary>Gets the schema declarations (path → schema reference or inline definition).</summary>
    public ImmutableArray<SchemaAnnotation> Schemas { get; init; } = [];

    /// <summary>Gets a value indicating whether the annotated rule or package is an entrypoint.</summary>
    public bool Entrypoint { get; init; }

    /// <summary>Gets the <c>custom</c> map, or null when absent.</summary>
    public RegoObject? Custom { get; init; }

    /// <summary>Gets the target path, e.g. <c>data.oauthguard.rules.x</c> or <c>data.a.p</c> (set when attached).</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Gets where the block was written.</summary>
    public SourceSpan? Location { get; init; }

    /// <summary>Gets the annotation as the object <c>rego.metadata.rule()</c> returns (no path or location keys).</summary>
    public RegoObject? Value { get; init; }
}

/// <summary>A related resource.</summary>
/// <param name="Ref">The URL.</param>
/// <param name="Description">What it is.</param>
public sealed record RelatedResource(string Ref, string? Description);

/// <summary>An author.</summary>
/// <param name="Name">The name.</param>
/// <param name="Email">The e-mail address.</param>
public sealed record Author(string? Name, string? Email);

/// <summary>A schema declaration in an annotation.</summary>
/// <param name="Path">The annotated document path, e.g. <c>input</c>.</param>
/// <param name="Schema">The schema reference, e.g. <c>schema.input</c>, when given by reference.</param>
/// <param name="Definition">The inline definition, when given inline.</param>
public sealed record SchemaAnnotation(string Path, string? Schema, RegoValue? Definition);
