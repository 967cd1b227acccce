using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OAuthGuard.Findings;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Annotations;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Engines;

/// <summary>
/// Turns OAuthGuard.Rego's parsed <c># METADATA</c> blocks into <see cref="RuleAnnotation"/>s. Every engine uses
/// this one conversion, so a rule is described identically whichever engine evaluated it.
/// </summary>
public static class AnnotationReader
{
    /// <summary>Reads the package-scoped annotations of every source by parsing it (no compilation).</summary>
    /// <param name="sources">The policy modules.</param>
    /// <returns>The annotations in source order, and any parse errors.</returns>
    public static (ImmutableArray<RuleAnnotation> Annotations, ImmutableArray<ToolNotification> Diagnostics) Read(IReadOnlyList<PolicySource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var annotations = ImmutableArray.CreateBuilder<RuleAnnotation>();
        var diagnostics = ImmutableArray.CreateBuilder<ToolNotification>();
        foreach (var source in sources)
        {
            var module = RegoSyntax.ReadPackageAnnotations(source.Path, source.Text);
            annotations.AddRange(module.Annotations.Where(a => a.Scope == AnnotationScopes.Package).Select(ToRuleAnnotation));
            diagnostics.AddRange(module.Diagnostics.Select(ToNotification));
        }

        return (annotations.ToImmutable(), diagnostics.ToImmutable());
    }

    /// <summary>Converts one package-scoped annotation.</summary>
    /// <param name="a">The annotation, with its <see cref="Annotation.Path"/> set.</param>
    /// <returns>The rule annotation.</returns>
    public static RuleAnnotation ToRuleAnnotation(Annotation a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new RuleAnnotation(
            a.Path.StartsWith("data.", StringComparison.Ordinal) ? a.Path[5..] : a.Path,
            a.Title,
            a.Description,
            [.. a.RelatedResources.Select(r => new RuleLink(r.Ref, r.Description))],
            a.Custom is { } custom ? RegoJson.ToNode(custom) as JsonObject : null,
            a.Location?.Source.Path ?? string.Empty,
            a.Location?.Line)
        {
            Keys = a.Value is { } raw ? [.. raw.Select(p => p.Key is RegoString key ? key.Value : p.Key.ToString())] : [],
        };
    }

    /// <summary>Converts a Rego diagnostic into a scan notification.</summary>
    /// <param name="d">The diagnostic.</param>
    /// <returns>The notification.</returns>
    public static ToolNotification ToNotification(Diagnostic d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Code, d.Severity == DiagnosticSeverity.Error ? "error" : "warning", d.Message, d.File, d.Line, d.Column);
    }
}
