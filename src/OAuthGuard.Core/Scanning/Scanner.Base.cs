using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using OAuthGuard.Baselines;
using OAuthGuard.Configuration;
using OAuthGuard.Findings;
using OAuthGuard.Reporters;
using OAuthGuard.Repository;
using OAuthGuard.Suppressions;

namespace OAuthGuard.Scanning;

/// <summary>The comparison half of the scan: the base's findings and document, and the configuration as policies see it.</summary>
public sealed partial class Scanner
{
    /// <summary>
    /// Scans the base as an overlay on the head snapshot, with the head's compiled policies and rule set (so
    /// disabling a rule never turns its findings into "fixed" ones: SFOAUTH104 reports the disabling itself)
    /// and the base's own <c>.oauthguard.yml</c> for app declarations and suppressions.
    /// </summary>
    private async Task<BaseFindings> ScanBaseAsync(ComparisonBase comparison, ScanRequest request, string root, PreparedScan policies, RepositorySnapshot head, DateOnly today, CancellationToken cancellationToken)
    {
        var (overlay, renames) = comparison.For(root);
        var config = policies.Config;
        if (request.ConfigFile is null && overlay.TryGetValue(ConfigLoader.DefaultFileName, out var configBytes))
        {
            // A base configuration that does not parse is treated as absent: the head's own file was checked strictly.
            config = configBytes is null ? ScanConfiguration.Empty : ConfigLoader.Parse(Encoding.UTF8.GetString(configBytes), ConfigLoader.DefaultFileName) switch
            {
                (var parsed, { IsEmpty: true }) => parsed,
                _ => ScanConfiguration.Empty,
            };
        }

        var snapshot = _options.Reader.ReadOverlay(head, overlay, cancellationToken);
        var scratch = new List<ToolNotification>();
        var suppressions = new SuppressionResolver(snapshot.Comments, config, today, scratch);
        var input = snapshot.Input;
        input["config"] = ConfigDocument(config, suppressions, policies);
        input["scan"] = ScanDocument(today);
        var evaluation = await policies.Policies!.EvaluateAsync(input, cancellationToken).ConfigureAwait(false);
        var errors = evaluation.Diagnostics.Where(d => d.Level == "error").ToList();
        if (errors.Count > 0)
        {
            throw new ScanSetupException(errors.Select(e => e with { Message = $"on the base ({comparison.Info.Description}): {e.Message}" }));
        }

        var findings = new FindingBuilder(policies, snapshot.Locator, suppressions, scratch) { ConfigPositions = ConfigPositions(config) }.Build(evaluation.Findings);

        // Added after the base's own evaluation: what the head's policies see as input.base.renames.
        var renamed = new JsonObject();
        foreach (var (now, was) in renames.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            renamed[now] = was;
        }

        input["renames"] = renamed;

        // Files the base scanned that the head's .forceignore hides: their findings are hidden, not fixed.
        var hidden = new JsonArray();
        foreach (var h in snapshot.HiddenByForceIgnore)
        {
            hidden.Add((JsonNode)new JsonObject { ["file"] = h.File, ["line"] = h.Line, ["pattern"] = h.Pattern });
        }

        input["hiddenByForceIgnore"] = hidden;
        return new BaseFindings(comparison.Info, findings, input, renames)
        {
            FailOn = config.FailOn ?? Severity.High,
            Hidden = snapshot.HiddenByForceIgnore,
        };
    }

    /// <summary>
    /// The threshold in force. <c>--fail-on</c> wins; otherwise the configuration's, but with a base that has a
    /// configuration the stricter of the two sides: a change cannot relax the gate that judges it (SFOAUTH104
    /// reports the relaxation, and it must still be able to fail).
    /// </summary>
    private static Severity Threshold(ScanRequest request, ScanConfiguration config, BaseFindings? compared)
    {
        if (request.FailOn is { } explicitThreshold)
        {
            return explicitThreshold;
        }

        var head = config.FailOn ?? Severity.High;
        if (compared?.FailOn is not { } onBase)
        {
            return head;
        }

        static int Leniency(Severity s) => s == Severity.None ? int.MaxValue : (int)s;
        return Leniency(onBase) < Leniency(head) ? onBase : head;
    }

    /// <summary><c>input.scan</c>: the date findings that depend on "now" are judged against (SFOAUTH105).</summary>
    private static JsonObject ScanDocument(DateOnly today) =>
        new() { ["date"] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>The baseline file in force: <c>--baseline</c>, else <c>baseline:</c> in the configuration.</summary>
    private static (string Path, string Display)? BaselinePath(ScanRequest request, string root, ScanConfiguration config)
    {
        if (request.BaselineFile is { } file)
        {
            var full = Path.GetFullPath(file, request.WorkingDirectory ?? Directory.GetCurrentDirectory());
            return File.Exists(full) ? (full, file) : throw new ScanSetupException("baseline_error", $"--baseline: '{file}' does not exist (write it with --write-baseline)");
        }

        if (config.Baseline is { } configured)
        {
            var folder = config.File is null ? root : Path.GetDirectoryName(Path.GetFullPath(Path.Combine(root, config.File))) ?? root;
            var full = Path.GetFullPath(configured.Value, folder);
            return File.Exists(full)
                ? (full, configured.Value)
                : throw new ScanSetupException([new ToolNotification("baseline_error", "error", $"baseline: '{configured.Value}' does not exist (write it with oauthguard scan --write-baseline {configured.Value})", config.File, configured.Position.Line, configured.Position.Column)]);
        }

        return null;
    }

    /// <summary>
    /// <c>input.config</c>: the configuration as policies see it (docs/input-document.md). SFOAUTH104 compares it
    /// with <c>input.base.config</c>, so it carries everything that can relax a verdict.
    /// </summary>
    private static JsonObject ConfigDocument(ScanConfiguration config, SuppressionResolver suppressions, PreparedScan prepared)
    {
        var defaults = new JsonObject();
        foreach (var rule in prepared.AllRules.OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            defaults[rule.Id] = rule.Severity.ToName();
        }

        var apps = new JsonObject();
        foreach (var app in config.Apps)
        {
            var settings = new JsonObject();
            if (app.Client is not null)
            {
                settings["client"] = app.Client;
            }

            apps[app.Name] = settings;
        }

        var severity = new JsonObject();
        foreach (var o in config.SeverityOverrides.OrderBy(o => o.RuleId, StringComparer.Ordinal))
        {
            severity[o.RuleId] = o.Severity.ToName();
        }

        var document = new JsonObject
        {
            ["apps"] = apps,
            ["certificates"] = new JsonObject
            {
                ["expiryWarningDays"] = config.CertificateExpiryWarningDays?.Value ?? ScanConfiguration.DefaultExpiryWarningDays,
            },
            ["rules"] = new JsonObject
            {
                ["disabled"] = new JsonArray([.. config.DisabledRules.Select(d => d.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(v => (JsonNode)JsonValue.Create(v))]),
                ["severity"] = severity,
                ["defaults"] = defaults,
            },
            ["policies"] = new JsonArray([.. config.PolicyDirectories.Select(p => (JsonNode)JsonValue.Create(p.Value))]),
            ["suppressions"] = new JsonArray([.. config.Suppressions.Select(s => (JsonNode)new JsonObject { ["rule"] = s.RuleId, ["app"] = s.App })]),
            ["inlineSuppressions"] = new JsonArray([.. suppressions.Inline.Select(s => (JsonNode)new JsonObject
            {
                ["rules"] = new JsonArray([.. s.RuleIds.Select(r => (JsonNode)JsonValue.Create(r))]),
                ["file"] = s.File,
                ["path"] = s.ElementPath,
                ["line"] = s.Line,
            })]),
        };
        if (config.FailOn is { } failOn)
        {
            document["failOn"] = failOn.ToName();
        }

        if (config.File is { } file)
        {
            document["file"] = file;
        }

        if (config.Baseline is { } baseline)
        {
            document["baseline"] = baseline.Value;
        }

        return document;
    }

    /// <summary>Where each configuration entry was written, keyed as SFOAUTH104 names them.</summary>
    private static Dictionary<string, ElementLocation> ConfigPositions(ScanConfiguration config)
    {
        var positions = new Dictionary<string, ElementLocation>(StringComparer.Ordinal);
        void Add(string key, ConfigPosition at) => positions.TryAdd(key, new ElementLocation(at.Line, at.Column, key));
        foreach (var d in config.DisabledRules)
        {
            Add("rules/disabled/" + d.Value, d.Position);
        }

        foreach (var o in config.SeverityOverrides)
        {
            Add("rules/severity/" + o.RuleId, o.Position);
        }

        foreach (var s in config.Suppressions)
        {
            Add($"suppressions/{s.RuleId}/{s.App}", s.Position);
        }

        foreach (var a in config.Apps)
        {
            Add($"apps/{a.Name}/client", a.Position);
        }

        if (config.PolicyDirectories.Length > 0)
        {
            Add("policies", config.PolicyDirectories[0].Position);
        }

        if (config.Baseline is { } baseline)
        {
            Add("baseline", baseline.Position);
        }

        return positions;
    }

    /// <summary>What the scan is compared with.</summary>
    /// <param name="Info">The base, for reports.</param>
    /// <param name="Findings">The base's findings.</param>
    /// <param name="Input">The base's input document (null for a baseline file).</param>
    /// <param name="Renames">Scanned-tree path → base path of renamed files.</param>
    private sealed record BaseFindings(BaseInfo Info, ImmutableArray<Finding> Findings, JsonObject? Input, IReadOnlyDictionary<string, string> Renames)
    {
        /// <summary>The base configuration's threshold (git or API bases only; a baseline file has none).</summary>
        public Severity? FailOn { get; init; }

        /// <summary>Files the base scanned that the head's <c>.forceignore</c> hides.</summary>
        public ImmutableArray<IgnoredFile> Hidden { get; init; } = [];
    }
}

/// <summary>Gives every finding its <see cref="BaselineState"/> by fingerprint, and lists the base's findings that are gone.</summary>
internal static class BaseComparison
{
    public static (ImmutableArray<Finding> Findings, ImmutableArray<Finding> Absent) Compare(ImmutableArray<Finding> head, ImmutableArray<Finding> baseFindings, IReadOnlyDictionary<string, string> renames)
    {
        var renamedFrom = renames.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        var byFingerprint = new Dictionary<string, (Finding Finding, string Message)>(StringComparer.Ordinal);
        foreach (var f in baseFindings)
        {
            var (fingerprint, message) = (f.Fingerprint, f.Message);
            if (renamedFrom.TryGetValue(f.File, out var now))
            {
                // A renamed file keeps its findings: the base's finding is identified as if it had the new name.
                var (oldName, newName) = (ComponentName(f.File), ComponentName(now));
                var app = f.AppName == oldName ? newName : f.AppName;
                fingerprint = Fingerprint.Compute(f.RuleId, f.AppKind, app, now, f.ElementPath);
                message = oldName.Length > 0 ? message.Replace(oldName, newName, StringComparison.Ordinal) : message;
            }

            byFingerprint.TryAdd(fingerprint, (f, message));
        }

        var states = ImmutableArray.CreateBuilder<Finding>(head.Length);
        foreach (var f in head)
        {
            if (byFingerprint.Remove(f.Fingerprint, out var old))
            {
                var same = old.Finding.Severity == f.Severity && string.Equals(old.Message, f.Message, StringComparison.Ordinal);
                states.Add(f with { BaselineState = same ? BaselineState.Unchanged : BaselineState.Updated });
            }
            else
            {
                states.Add(f with { BaselineState = BaselineState.New });
            }
        }

        var absent = byFingerprint.Values.Select(v => v.Finding with { BaselineState = BaselineState.Absent })
            .OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Line).ThenBy(f => f.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.AppName, StringComparer.Ordinal).ThenBy(f => f.ElementPath, StringComparer.Ordinal);
        return (states.ToImmutable(), [.. absent]);
    }

    // A component's name is its file name up to the first dot (Salesforce API names have no dots).
    private static string ComponentName(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? name : name[..dot];
    }
}
