using System.Collections.Immutable;
using OAuthGuard.Findings;
using OAuthGuard.Policies;

namespace OAuthGuard.Reporters;

/// <summary>
/// One SARIF <c>reportingDescriptor</c>: a rule at one severity. GitHub code scanning shows an
/// alert's severity from its rule's <c>security-severity</c>, not from the result, so a finding
/// whose severity differs from its rule's base severity (lowered by compensating controls, or a
/// note-level check of a critical rule) is reported under a descriptor of its own,
/// <c>SFOAUTH001/high</c>, carrying that severity's score. Findings at the base severity keep
/// the plain rule id, so their alerts are the ones earlier versions created.
/// </summary>
/// <param name="Id">The descriptor id: the rule id, or <c>RULE/severity</c>.</param>
/// <param name="Rule">The rule the descriptor belongs to.</param>
/// <param name="Severity">The severity of every result under this descriptor.</param>
/// <param name="SecuritySeverity">The score code scanning shows: the rule's own for the base descriptor, else the severity's default.</param>
public sealed record SarifDescriptor(string Id, RuleDescriptor Rule, Severity Severity, double SecuritySeverity)
{
    /// <summary>True for the rule's own descriptor (plain rule id).</summary>
    public bool IsBase => Id == Rule.Id;
}

/// <summary>Chooses the descriptors of a SARIF run and the descriptor of each result (documented in docs/rules.md).</summary>
public static class SarifDescriptors
{
    /// <summary>
    /// Every rule's base descriptor in rule order, then one graded descriptor per (rule, severity)
    /// that some result needs, in rule order and severity from most to least severe.
    /// </summary>
    public static ImmutableArray<SarifDescriptor> For(ScanResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var builder = ImmutableArray.CreateBuilder<SarifDescriptor>();
        builder.AddRange(result.Rules.Select(r => new SarifDescriptor(r.Id, r, r.Severity, BaseScore(r))));
        foreach (var rule in result.Rules)
        {
            var graded = result.Findings.Where(f => f.RuleId == rule.Id && f.Severity != rule.Severity)
                .Select(f => f.Severity).Distinct().OrderDescending();
            builder.AddRange(graded.Select(s => new SarifDescriptor(GradedId(rule.Id, s), rule, s, RuleCatalog.DefaultSecuritySeverity(s))));
        }

        return builder.ToImmutable();
    }

    /// <summary>The descriptor id of a finding's result.</summary>
    public static string IdFor(Finding finding, IEnumerable<RuleDescriptor> rules)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var rule = rules.FirstOrDefault(r => r.Id == finding.RuleId);
        return rule is null || rule.Severity == finding.Severity ? finding.RuleId : GradedId(finding.RuleId, finding.Severity);
    }

    /// <summary>The lowest and highest <c>security-severity</c> GitHub shows as <paramref name="severity"/>.</summary>
    public static (double Low, double High) Band(Severity severity) => severity switch
    {
        Severity.Critical => (9.0, 10.0),
        Severity.High => (7.0, 8.9),
        Severity.Medium => (4.0, 6.9),
        Severity.Low => (0.1, 3.9),
        _ => (0.0, 0.0),
    };

    private static string GradedId(string ruleId, Severity severity) => ruleId + "/" + severity.ToName();

    // The rule's own score when it lies in its severity's band; the band's default otherwise (a
    // severity override in the configuration, or a user rule whose score and severity disagree).
    private static double BaseScore(RuleDescriptor rule)
    {
        var (low, high) = Band(rule.Severity);
        return rule.SecuritySeverity >= low && rule.SecuritySeverity <= high ? rule.SecuritySeverity : RuleCatalog.DefaultSecuritySeverity(rule.Severity);
    }
}
