using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OAuthGuard.Configuration;
using OAuthGuard.Engines;
using OAuthGuard.Findings;

namespace OAuthGuard.Policies;

/// <summary>
/// Turns the engine's <c># METADATA</c> annotations into <see cref="RuleDescriptor"/>s and checks
/// them against the rule contract (docs/contracts.md §2): required keys, known <c>custom</c> keys
/// only, valid severities, unique ids, and at least one rule from every user policy folder.
/// </summary>
public static class RuleCatalog
{
    private static readonly string[] CustomKeys = ["id", "name", "severity", "security_severity", "applies_to", "remediation", "help"];
    private static readonly string[] MetadataKeys = ["scope", "title", "description", "related_resources", "authors", "organizations", "schemas", "entrypoint", "custom"];
    private static readonly string[] AppKinds = ["connectedApp", "externalClientApp", "configuration"];

    /// <summary>Builds the catalogue; problems go to <paramref name="errors"/> and the offending rule is left out.</summary>
    /// <param name="annotations">What the engine parsed.</param>
    /// <param name="sources">The modules compiled, to know which folder each annotation came from.</param>
    /// <param name="errors">Receives contract violations, each with file and line.</param>
    /// <returns>The rules ordered by id.</returns>
    public static ImmutableArray<RuleDescriptor> Build(
        IEnumerable<RuleAnnotation> annotations, IReadOnlyList<PolicySource> sources, ICollection<ToolNotification> errors)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(errors);
        var originByPath = sources.GroupBy(s => s.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Origin, StringComparer.Ordinal);
        var rules = new List<RuleDescriptor>();
        var origins = new Dictionary<string, int>(StringComparer.Ordinal);
        var ids = new Dictionary<string, RuleAnnotation>(StringComparer.Ordinal);
        foreach (var annotation in annotations.OrderBy(a => a.File, StringComparer.Ordinal).ThenBy(a => a.Line ?? 0))
        {
            if (!annotation.Package.StartsWith(RuleOutput.RulesPackage + ".", StringComparison.Ordinal))
            {
                continue;
            }

            var origin = originByPath.GetValueOrDefault(annotation.File, PolicyLoader.BundledOrigin);
            origins[origin] = origins.GetValueOrDefault(origin) + 1;
            if (Describe(annotation, errors) is not { } rule)
            {
                continue;
            }

            if (ids.TryGetValue(rule.Id, out var first))
            {
                errors.Add(Error(annotation, $"rule id {rule.Id} is already used by package {first.Package} ({first.File}:{first.Line})"));
                continue;
            }

            ids.Add(rule.Id, annotation);
            rules.Add(rule);
        }

        foreach (var origin in sources.Select(s => s.Origin).Where(o => o != PolicyLoader.BundledOrigin).Distinct(StringComparer.Ordinal))
        {
            if (!origins.ContainsKey(origin))
            {
                errors.Add(new ToolNotification("policy_folder_error", "error",
                    $"policy folder '{origin}' yields no rules: a rule is a package under {RuleOutput.RulesPackage} with a package-scoped METADATA block", origin, null, null));
            }
        }

        return [.. rules.OrderBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>A representative <c>security-severity</c> score for a severity, used when a rule gives none or an override changes it.</summary>
    public static double DefaultSecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => 9.5,
        Severity.High => 8.0,
        Severity.Medium => 5.5,
        Severity.Low => 3.0,
        _ => 0.0,
    };

    private static RuleDescriptor? Describe(RuleAnnotation annotation, ICollection<ToolNotification> errors)
    {
        var before = errors.Count;
        foreach (var key in annotation.Keys.Where(k => Array.IndexOf(MetadataKeys, k) < 0).Order(StringComparer.Ordinal))
        {
            errors.Add(Error(annotation, $"package {annotation.Package}: unknown METADATA key '{key}' (allowed: {string.Join(", ", MetadataKeys)})"));
        }

        if (annotation.Custom is not { } custom)
        {
            errors.Add(Error(annotation, $"package {annotation.Package}: METADATA needs a 'custom' block with at least id and severity"));
            return null;
        }

        foreach (var key in custom.Select(p => p.Key).Where(k => Array.IndexOf(CustomKeys, k) < 0).Order(StringComparer.Ordinal))
        {
            errors.Add(Error(annotation, $"package {annotation.Package}: unknown METADATA custom key '{key}' (allowed: {string.Join(", ", CustomKeys)})"));
        }

        var id = String(custom, "id", annotation, errors, required: true);
        if (id is not null && !IsRuleId(id))
        {
            errors.Add(Error(annotation, $"package {annotation.Package}: custom.id '{id}' must be letters, digits, '_' or '-', starting with a letter"));
        }

        var severityText = String(custom, "severity", annotation, errors, required: true);
        var severity = Severity.None;
        if (severityText is not null && !ConfigLoader.TryParseSeverity(severityText, allowNone: false, out severity))
        {
            errors.Add(Error(annotation, $"package {annotation.Package}: custom.severity must be critical, high, medium, low or note, not '{severityText}'"));
        }

        double? score = null;
        if (custom["security_severity"] is { } scoreNode)
        {
            if (scoreNode is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.GetValue<double>() is >= 0 and <= 10 and var number)
            {
                score = number;
            }
            else
            {
                errors.Add(Error(annotation, $"package {annotation.Package}: custom.security_severity must be a number from 0 to 10"));
            }
        }

        var appliesTo = ImmutableArray<string>.Empty;
        if (custom["applies_to"] is { } applies)
        {
            var kinds = applies is JsonArray array ? array.Select(k => k is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null).ToList() : null;
            if (kinds is null || kinds.Any(k => k is null || Array.IndexOf(AppKinds, k) < 0))
            {
                errors.Add(Error(annotation, $"package {annotation.Package}: custom.applies_to must be a list of connectedApp, externalClientApp and/or configuration"));
            }
            else
            {
                appliesTo = [.. kinds.OfType<string>()];
            }
        }

        var name = String(custom, "name", annotation, errors, required: false) ?? PascalCase(annotation.Package);
        var remediation = String(custom, "remediation", annotation, errors, required: false) ?? "";
        var help = String(custom, "help", annotation, errors, required: false);
        if (errors.Count != before || id is null)
        {
            return null;
        }

        var title = string.IsNullOrWhiteSpace(annotation.Title) ? id : annotation.Title.Trim();
        var description = annotation.Description?.Trim() ?? title;
        return new RuleDescriptor(id, name, title, description, severity, score ?? DefaultSecuritySeverity(severity), remediation.Trim(),
            (help ?? DefaultHelp(title, description, remediation)).Trim(), annotation.RelatedResources, annotation.Package, appliesTo);
    }

    private static string? String(JsonObject custom, string key, RuleAnnotation annotation, ICollection<ToolNotification> errors, bool required)
    {
        var node = custom[key];
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text)
        {
            return text;
        }

        if (node is not null || required)
        {
            errors.Add(Error(annotation, $"package {annotation.Package}: custom.{key} must be a non-empty string"));
        }

        return null;
    }

    private static string DefaultHelp(string title, string description, string remediation) =>
        remediation.Length == 0 ? $"**{title}**\n\n{description}" : $"**{title}**\n\n{description}\n\n**Remediation:** {remediation.Trim()}";

    private static bool IsRuleId(string id) =>
        char.IsAsciiLetter(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string PascalCase(string package)
    {
        var last = package[(package.LastIndexOf('.') + 1)..];
        var builder = new StringBuilder();
        foreach (var part in last.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpper(part[0], CultureInfo.InvariantCulture)).Append(part.AsSpan(1));
        }

        return builder.ToString();
    }

    private static ToolNotification Error(RuleAnnotation annotation, string message) =>
        new("policy_metadata_error", "error", message, annotation.File, annotation.Line, annotation.Line is null ? null : 1);
}
