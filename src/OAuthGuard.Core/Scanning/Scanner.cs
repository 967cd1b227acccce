using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OAuthGuard.Baselines;
using OAuthGuard.Configuration;
using OAuthGuard.Engines;
using OAuthGuard.Findings;
using OAuthGuard.Policies;
using OAuthGuard.Repository;
using OAuthGuard.Suppressions;

namespace OAuthGuard.Scanning;

/// <summary>
/// The scan pipeline: configuration → policies (compiled once) → repository input document →
/// engine → findings (located, graded, suppressed, fingerprinted, sorted). Used by the CLI and
/// the GitHub Action. Problems that make the scan meaningless (bad configuration, policies that
/// do not compile or evaluate) throw <see cref="ScanSetupException"/>; problems with individual
/// metadata files become notifications and the scan goes on.
/// </summary>
public sealed partial class Scanner
{
    private readonly ScannerOptions _options;

    /// <summary>Creates a scanner over a repository reader and a set of engines.</summary>
    public Scanner(ScannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Runs a scan.</summary>
    public async Task<ScanResult> ScanAsync(ScanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = ResolveRoot(request);
        var policies = await PrepareAsync(request, root, cancellationToken).ConfigureAwait(false);
        var config = policies.Config;
        var notifications = new List<ToolNotification>();

        var snapshot = _options.Reader.Read(root, cancellationToken);
        notifications.AddRange(snapshot.Notifications);
        var today = request.Today ?? DateOnly.FromDateTime(_options.TimeProvider.GetUtcNow().UtcDateTime);
        var suppressions = new SuppressionResolver(snapshot.Comments, config, today, notifications);

        // NOTE: the reader's document is completed in place rather than copied: for 10,000 apps a
        // deep copy doubles the memory of the largest structure of the scan.
        var input = snapshot.Input;
        input["config"] = ConfigDocument(config, suppressions, policies);
        // NOTE: the date, not the time: findings that depend on "now" (SFOAUTH105) change at most
        // once a day, and two scans of one repository on the same day give the same bytes.
        input["scan"] = ScanDocument(today);
        var (appNames, appCount) = Apps(input);
        // A configuration from above the scanned folder (--config ../.oauthguard.yml for a package
        // folder) describes the whole repository: its apps elsewhere are not stale entries.
        var configAbove = request.ConfigFile is not null && !IsInside(root, Path.GetFullPath(request.ConfigFile, request.WorkingDirectory ?? Directory.GetCurrentDirectory()));
        foreach (var app in config.Apps.Where(a => !configAbove && !appNames.Contains(a.Name)))
        {
            notifications.Add(new ToolNotification("config_warning", "warning", $"apps.{app.Name}: no app of that name in the repository", config.File, app.Position.Line, app.Position.Column));
        }

        if (request.ConfigFile is null && config.File is null && ConfigAbove(root) is { } above)
        {
            // A subfolder scanned on its own reads no configuration of its parent folders; say so
            // rather than let declarations and suppressions silently stop applying.
            notifications.Add(new ToolNotification("config_warning", "warning",
                $"{above} is not read when scanning this folder, so its client types, suppressions and rule settings do not apply here; pass --config {above} (the action's config: input) or scan the repository root", null, null, null));
        }

        if (policies.Policies is null)
        {
            throw new ScanSetupException("policy_error", "the policies could not be compiled");
        }

        // The base, when there is one, is evaluated first: its document then becomes input.base.
        BaseFindings? compared = null;
        if (request.Base is { } comparison)
        {
            compared = await ScanBaseAsync(comparison, request, root, policies, snapshot, today, cancellationToken).ConfigureAwait(false);
            input["base"] = compared.Input;
        }
        else if (BaselinePath(request, root, config) is { } baseline)
        {
            compared = new BaseFindings(new BaseInfo("baseline", baseline.Display), BaselineFile.Read(baseline.Path, baseline.Display), null, new Dictionary<string, string>());
        }

        var evaluation = await policies.Policies.EvaluateAsync(input, cancellationToken).ConfigureAwait(false);
        var evalErrors = evaluation.Diagnostics.Where(d => d.Level == "error").ToList();
        if (evalErrors.Count > 0)
        {
            throw new ScanSetupException(evalErrors);
        }

        notifications.AddRange(evaluation.Diagnostics);
        var knownIds = policies.AllRules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var inline in suppressions.Inline)
        {
            foreach (var id in inline.RuleIds.Where(id => !knownIds.Contains(id)))
            {
                notifications.Add(new ToolNotification("suppression_error", "warning", $"inline suppression names unknown rule {id}", inline.File, inline.Line, null));
            }
        }

        var positions = ConfigPositions(config);
        foreach (var h in compared?.Hidden ?? [])
        {
            // SFOAUTH104 points at the .forceignore line that hides the file.
            positions.TryAdd("forceignore/" + h.File, new ElementLocation(h.Line, 1, "forceignore/" + h.File));
        }

        var builder = new FindingBuilder(policies, snapshot.Locator, suppressions, notifications) { ConfigPositions = positions };
        var findings = builder.Build(evaluation.Findings);
        var absent = ImmutableArray<Finding>.Empty;
        if (compared is not null)
        {
            (findings, absent) = BaseComparison.Compare(findings, compared.Findings, compared.Renames);

            // A file the head's .forceignore hides is not fixed: its findings are not reported as such (SFOAUTH104
            // reports the hiding itself).
            var hidden = compared.Hidden.Select(h => h.File).ToHashSet(StringComparer.Ordinal);
            absent = hidden.Count == 0 ? absent : [.. absent.Where(f => !hidden.Contains(f.File))];
        }

        notifications.AddRange(suppressions.Unused(policies.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal)));
        if (request.FailOnScope == FailOnScope.New && compared is null)
        {
            notifications.Add(new ToolNotification("base_warning", "warning", "--fail-on-scope new has no effect without a base (--base, --baseline or baseline: in the configuration): every finding counts", null, null, null));
        }

        return new ScanResult(
            policies.Rules,
            findings,
            [.. notifications.Distinct().OrderBy(n => n.File ?? "", StringComparer.Ordinal).ThenBy(n => n.Line ?? 0).ThenBy(n => n.Column ?? 0)
                .ThenBy(n => n.Code, StringComparer.Ordinal).ThenBy(n => n.Message, StringComparer.Ordinal)],
            $"{policies.Engine.Name} {policies.Engine.Version}",
            appCount,
            snapshot.FileCount)
        {
            FailOn = Threshold(request, config, compared),
            Base = compared?.Info,
            Absent = absent,
            FailOnScope = request.FailOnScope ?? (compared is null ? FailOnScope.All : FailOnScope.New),
            Apps = ScannedApps(input),
        };
    }

    /// <summary>
    /// Loads the configuration and compiles the policies without reading the repository: what
    /// <c>oauthguard rules</c> and <c>explain</c> need.
    /// </summary>
    public async Task<PreparedScan> PrepareAsync(ScanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await PrepareAsync(request, ResolveRoot(request), cancellationToken).ConfigureAwait(false);
    }

    private async Task<PreparedScan> PrepareAsync(ScanRequest request, string root, CancellationToken cancellationToken)
    {
        var config = LoadConfig(request, root);
        if (!_options.Engines.TryGetValue(request.Engine, out var createEngine))
        {
            throw new ScanSetupException("usage_error", $"unknown engine '{request.Engine}' (available: {string.Join(", ", _options.Engines.Keys.Order(StringComparer.Ordinal))})");
        }

        var engine = createEngine();
        var errors = new List<ToolNotification>();
        var sources = new List<PolicySource>(PolicyLoader.LoadBundled());
        var configDir = config.File is null ? root : Path.GetDirectoryName(Path.GetFullPath(Path.Combine(root, config.File))) ?? root;
        foreach (var dir in config.PolicyDirectories)
        {
            var before = errors.Count;
            sources.AddRange(PolicyLoader.LoadDirectory(dir.Value, configDir, errors));
            for (var i = before; i < errors.Count; i++)
            {
                errors[i] = errors[i] with { Message = errors[i].Message, File = config.File, Line = dir.Position.Line, Column = dir.Position.Column };
            }
        }

        foreach (var dir in request.PolicyDirectories ?? [])
        {
            sources.AddRange(PolicyLoader.LoadDirectory(dir, request.WorkingDirectory ?? Directory.GetCurrentDirectory(), errors));
        }

        ThrowIfAny(errors);
        var compilation = await engine.CompileAsync(sources, cancellationToken).ConfigureAwait(false);
        ThrowIfAny(compilation.Diagnostics.Where(d => d.Level == "error"));
        var all = RuleCatalog.Build(compilation.Annotations, sources, errors);
        ThrowIfAny(errors);
        CheckRuleReferences(config, all, errors);
        ThrowIfAny(errors);

        var disabled = config.DisabledRules.Select(d => d.Value).ToHashSet(StringComparer.Ordinal);
        var overrides = config.SeverityOverrides.ToDictionary(o => o.RuleId, o => o.Severity, StringComparer.Ordinal);
        var rules = all.Where(r => !disabled.Contains(r.Id))
            .Select(r => overrides.TryGetValue(r.Id, out var s) ? r with { Severity = s, SecuritySeverity = RuleCatalog.DefaultSecuritySeverity(s) } : r)
            .ToImmutableArray();
        return new PreparedScan(config, engine, compilation.Policies, rules, all);
    }

    private static void CheckRuleReferences(ScanConfiguration config, ImmutableArray<RuleDescriptor> rules, List<ToolNotification> errors)
    {
        var ids = rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        void Check(string id, ConfigPosition at, string where)
        {
            if (!ids.Contains(id))
            {
                errors.Add(new ToolNotification("config_error", "error", $"{where}: unknown rule '{id}' (known: {string.Join(", ", ids.Order(StringComparer.Ordinal))})", config.File, at.Line, at.Column));
            }
        }

        foreach (var d in config.DisabledRules)
        {
            Check(d.Value, d.Position, "rules.disabled");
        }

        foreach (var o in config.SeverityOverrides)
        {
            Check(o.RuleId, o.Position, "rules.severity");
        }

        foreach (var s in config.Suppressions)
        {
            Check(s.RuleId, s.Position, "suppressions");
        }
    }

    private static ScanConfiguration LoadConfig(ScanRequest request, string root)
    {
        string path;
        if (request.ConfigFile is not null)
        {
            path = Path.GetFullPath(request.ConfigFile, request.WorkingDirectory ?? Directory.GetCurrentDirectory());
            if (!File.Exists(path))
            {
                throw new ScanSetupException("usage_error", $"configuration file '{request.ConfigFile}' does not exist");
            }
        }
        else
        {
            path = Path.Combine(root, ConfigLoader.DefaultFileName);
            if (!File.Exists(path))
            {
                return ScanConfiguration.Empty;
            }
        }

        var display = Path.GetRelativePath(root, path).Replace('\\', '/');
        if (display.StartsWith("..", StringComparison.Ordinal))
        {
            display = request.ConfigFile ?? path;
        }

        var (config, errors) = ConfigLoader.Load(path, display);
        ThrowIfAny(errors);
        return config;
    }

    /// <summary>
    /// The path, relative to <paramref name="root"/>, of the nearest <c>.oauthguard.yml</c> in a
    /// folder above it, not looking past the folder that holds <c>.git</c>; null when there is none
    /// or <paramref name="root"/> is itself the repository root.
    /// </summary>
    private static string? ConfigAbove(string root)
    {
        if (Path.Exists(Path.Combine(root, ".git")))
        {
            return null;
        }

        for (var dir = Path.GetDirectoryName(root); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, ConfigLoader.DefaultFileName);
            if (File.Exists(candidate))
            {
                return Path.GetRelativePath(root, candidate).Replace('\\', '/');
            }

            if (Path.Exists(Path.Combine(dir, ".git")))
            {
                return null;
            }
        }

        return null;
    }

    private static bool IsInside(string folder, string path)
    {
        var relative = Path.GetRelativePath(folder, path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    private static string ResolveRoot(ScanRequest request)
    {
        var root = Path.GetFullPath(string.IsNullOrEmpty(request.Path) ? "." : request.Path, request.WorkingDirectory ?? Directory.GetCurrentDirectory());
        if (!Directory.Exists(root))
        {
            throw new ScanSetupException("usage_error", $"'{request.Path}' is not a folder");
        }

        return root;
    }

    private static (HashSet<string> Names, int Count) Apps(JsonObject input)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        foreach (var key in (string[])["connectedApps", "externalClientApps"])
        {
            if (input[key] is JsonArray apps)
            {
                count += apps.Count;
                foreach (var app in apps)
                {
                    if (app?["name"] is JsonValue name && name.TryGetValue<string>(out var text))
                    {
                        names.Add(text);
                    }
                }
            }
        }

        return (names, count);
    }

    private static ImmutableArray<ScannedApp> ScannedApps(JsonObject input) =>
    [
        .. new (string Key, string Kind)[] { ("connectedApps", "connectedApp"), ("externalClientApps", "externalClientApp") }
            .SelectMany(k => input[k.Key] is JsonArray apps
                ? apps.Select(a => a?["name"] is JsonValue v && v.TryGetValue<string>(out var name) ? new ScannedApp(name, k.Kind) : null).OfType<ScannedApp>()
                : Enumerable.Empty<ScannedApp>())
            .Distinct()
            .OrderBy(a => a.Kind, StringComparer.Ordinal)
            .ThenBy(a => a.Name, StringComparer.Ordinal),
    ];

    private static void ThrowIfAny(IEnumerable<ToolNotification> errors)
    {
        var list = errors.ToList();
        if (list.Count > 0)
        {
            throw new ScanSetupException(list);
        }
    }
}

/// <summary>What <see cref="Scanner"/> needs from outside: the repository reader, the engines and a clock.</summary>
public sealed record ScannerOptions
{
    /// <summary>Reads a repository into the input document.</summary>
    public required IRepositoryReader Reader { get; init; }

    /// <summary>Engine factories by name (<c>--engine</c>).</summary>
    public required IReadOnlyDictionary<string, Func<IPolicyEngine>> Engines { get; init; }

    /// <summary>The clock that decides whether a suppression has expired and gives the scan date (<c>input.scan.date</c>).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>Configuration and compiled policies, ready to evaluate a repository.</summary>
/// <param name="Config">The configuration in force.</param>
/// <param name="Engine">The engine that compiled the policies.</param>
/// <param name="Policies">The compiled policy set (null only if the engine returned none without errors).</param>
/// <param name="Rules">Active rules (disabled ones left out, severity overrides applied), ordered by id.</param>
/// <param name="AllRules">Every rule found, as the policies describe it.</param>
public sealed record PreparedScan(
    ScanConfiguration Config,
    IPolicyEngine Engine,
    IPreparedPolicies? Policies,
    ImmutableArray<RuleDescriptor> Rules,
    ImmutableArray<RuleDescriptor> AllRules);
