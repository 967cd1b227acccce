using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation;

/// <summary>Annotations by target, for <c>rego.metadata.rule()</c> and <c>rego.metadata.chain()</c>.</summary>
internal sealed class AnnotationIndex
{
    /// <summary>Gets rule-scope annotations by the rule definition they precede.</summary>
    public Dictionary<Rule, Annotations.Annotation> Rules { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>Gets document-scope annotations by rule path text.</summary>
    public Dictionary<string, Annotations.Annotation> Documents { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets package-scope annotations by package path text.</summary>
    public Dictionary<string, Annotations.Annotation> Packages { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets subpackages-scope annotations by package path text.</summary>
    public Dictionary<string, Annotations.Annotation> Subpackages { get; } = new(StringComparer.Ordinal);

    /// <summary>Builds the <c>rego.metadata.chain()</c> array for a rule definition.</summary>
    public RegoArray Chain(IrRule rule)
    {
        var entries = new List<RegoValue>();
        var rulePath = PathArray(rule.StaticPath);
        entries.Add(Entry(rulePath, Rules.GetValueOrDefault(rule.Source)));
        if (Documents.TryGetValue(rule.PathText, out var doc))
        {
            entries.Add(Entry(rulePath, doc));
        }

        var pkg = Stages.ResolveImportsAndRefs.PackagePath(rule.Module);
        if (Packages.TryGetValue(RuleTreeNode.FormatPath(pkg), out var p))
        {
            entries.Add(Entry(PathArray(pkg), p));
        }

        for (var n = pkg.Length; n >= 0; n--)
        {
            if (Subpackages.TryGetValue(RuleTreeNode.FormatPath(pkg.AsSpan(0, n)), out var sp))
            {
                entries.Add(Entry(PathArray(pkg[..n]), sp));
            }
        }

        return RegoArray.Create(entries);
    }

    /// <summary>The <c>rego.metadata.rule()</c> object: the rule's own annotation, else its document's, else empty.</summary>
    public RegoValue Rule(IrRule rule) =>
        Rules.GetValueOrDefault(rule.Source)?.Value ?? Documents.GetValueOrDefault(rule.PathText)?.Value ?? RegoObject.Empty;

    private static RegoArray PathArray(RegoValue[] path) => RegoArray.Create(path);

    private static RegoObject Entry(RegoArray path, Annotations.Annotation? a) =>
        a?.Value is { } v
            ? RegoObject.Create(("annotations", v), ("path", path))
            : RegoObject.Create(("path", path));
}
