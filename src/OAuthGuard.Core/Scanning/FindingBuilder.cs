using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using OAuthGuard.Configuration;
using OAuthGuard.Engines;
using OAuthGuard.Findings;
using OAuthGuard.Repository;
using OAuthGuard.Suppressions;

namespace OAuthGuard.Scanning;

/// <summary>
/// Turns raw <c>deny</c> elements into <see cref="Finding"/>s: checks each against the output
/// contract (docs/contracts.md §2), drops disabled rules, applies severity overrides, locates the
/// element, fingerprints it, resolves suppressions, removes duplicates and sorts.
/// </summary>
internal sealed class FindingBuilder(PreparedScan prepared, IElementLocator locator, SuppressionResolver suppressions, ICollection<ToolNotification> notifications)
{
    private readonly Dictionary<string, RuleDescriptor> _byPackage = prepared.AllRules.ToDictionary(r => r.Package, StringComparer.Ordinal);
    private readonly HashSet<string> _active = prepared.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
    private readonly Dictionary<string, Severity> _overrides = prepared.Config.SeverityOverrides.ToDictionary(o => o.RuleId, o => o.Severity, StringComparer.Ordinal);
    private readonly HashSet<string> _reportedPackages = new(StringComparer.Ordinal);

    public ImmutableArray<Finding> Build(IEnumerable<RawFinding> raw)
    {
        var byFingerprint = new Dictionary<string, Finding>(StringComparer.Ordinal);
        foreach (var item in raw)
        {
            if (Convert(item) is not { } finding)
            {
                continue;
            }

            if (!byFingerprint.TryGetValue(finding.Fingerprint, out var existing) || Compare(finding, existing) < 0)
            {
                byFingerprint[finding.Fingerprint] = finding;
            }
        }

        return [.. byFingerprint.Values
            .OrderBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.AppName, StringComparer.Ordinal)
            .ThenBy(f => f.ElementPath, StringComparer.Ordinal)];
    }

    // Of two findings with one fingerprint the more severe wins; ties go to the ordinal-first message.
    private static int Compare(Finding a, Finding b) =>
        a.Severity != b.Severity ? b.Severity.CompareTo(a.Severity) : string.CompareOrdinal(a.Message, b.Message);

    private Finding? Convert(RawFinding raw)
    {
        if (!_byPackage.TryGetValue(raw.Package, out var rule))
        {
            if (_reportedPackages.Add(raw.Package))
            {
                notifications.Add(new ToolNotification("policy_output_error", "error",
                    $"package {raw.Package} produced findings but has no valid package-scoped METADATA block; its findings are ignored", null, null, null));
            }

            return null;
        }

        if (!_active.Contains(rule.Id))
        {
            return null;
        }

        var problems = new List<string>();
        var obj = raw.Value as JsonObject;
        if (obj is null)
        {
            problems.Add("a finding must be an object");
        }

        var app = Text(obj, "app", problems);
        var kind = Text(obj, "kind", problems);
        var file = Text(obj, "file", problems);
        var path = Text(obj, "path", problems, allowEmpty: true);
        var message = Text(obj, "message", problems);
        var severityText = Text(obj, "severity", problems);
        var severity = Severity.None;
        if (severityText is not null && !ConfigLoader.TryParseSeverity(severityText, allowNone: false, out severity))
        {
            problems.Add($"severity '{severityText}' is not critical, high, medium, low or note");
        }

        if (kind is not null and not ("connectedApp" or "externalClientApp" or "repository"))
        {
            problems.Add($"kind '{kind}' is not connectedApp, externalClientApp or repository");
        }

        var aggravating = List(obj, "aggravating", problems);
        var compensating = List(obj, "compensating", problems);
        if (problems.Count > 0 || app is null || kind is null || file is null || path is null || message is null)
        {
            notifications.Add(new ToolNotification("policy_output_error", "error",
                $"rule {rule.Id} ({raw.Package}) emitted a finding that breaks the output contract: {string.Join("; ", problems)}", null, null, null));
            return null;
        }

        if (_overrides.TryGetValue(rule.Id, out var overridden))
        {
            severity = overridden;
        }

        var location = locator.Locate(file, path);
        // NOTE: a repository finding (a committed key that belongs to no app) is about a file that is
        // not metadata; it points at line 1 of that file, which is expected, not a policy mistake.
        if (location is null && kind != "repository")
        {
            notifications.Add(new ToolNotification("policy_output_error", "warning",
                $"rule {rule.Id} reported app {app} in '{file}', which is not a metadata file the scan read; the finding points at line 1", file, null, null));
        }

        var (suppression, note) = suppressions.Resolve(rule.Id, app, file, path);
        return new Finding(
            rule.Id,
            severity,
            app,
            kind,
            file,
            Math.Max(1, location?.Line ?? 1),
            Math.Max(1, location?.Column ?? 1),
            path,
            message,
            aggravating,
            compensating,
            Fingerprint.Compute(rule.Id, kind, app, file, path),
            suppression)
        {
            SuppressionNote = note,
        };
    }

    private static string? Text(JsonObject? obj, string key, List<string> problems, bool allowEmpty = false)
    {
        if (obj is null)
        {
            return null;
        }

        if (obj[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is var text && (allowEmpty || text.Length > 0))
        {
            return text;
        }

        problems.Add($"'{key}' must be a {(allowEmpty ? "" : "non-empty ")}string");
        return null;
    }

    private static ImmutableArray<string> List(JsonObject? obj, string key, List<string> problems)
    {
        if (obj?[key] is not { } node)
        {
            return [];
        }

        if (node is JsonArray array && array.All(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String))
        {
            // The policy's order is kept: arrays are ordered by the author, and sets arrive sorted from either engine.
            return [.. array.OfType<JsonValue>().Select(v => v.GetValue<string>())];
        }

        problems.Add($"'{key}' must be a list of strings");
        return [];
    }
}
