// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Frozen;
using OAuthGuard.Engines;
using OAuthGuard.Findings;
using OAuthGuard.Policies;

namespace OAuthGuard.GitHub.Actions;

/// <summary>
/// The rule catalogue of the policies shipped inside this binary: the trusted source of rule text (title, remediation,
/// links) when the result comes from an untrusted results file.
/// </summary>
internal static class BundledRules
{
    private static readonly Lazy<FrozenDictionary<string, RuleDescriptor>> Catalogue = new(Load);

    /// <summary>Gets the bundled rules by id.</summary>
    public static IReadOnlyDictionary<string, RuleDescriptor> ById => Catalogue.Value;

    private static FrozenDictionary<string, RuleDescriptor> Load()
    {
        var sources = PolicyLoader.LoadBundled();
        var (annotations, _) = AnnotationReader.Read(sources);
        var errors = new List<ToolNotification>();
        return RuleCatalog.Build(annotations, sources, errors).ToFrozenDictionary(r => r.Id, StringComparer.Ordinal);
    }
}
