using System.Collections.Immutable;
using System.Globalization;
using OAuthGuard.Findings;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Configuration;

/// <summary>
/// Reads <c>.oauthguard.yml</c> with YamlDotNet's representation model (no reflection, so it is
/// Native AOT safe, and every node keeps its line and column). Unknown keys and bad values are
/// errors that name the file, line and column; all of them are reported, not just the first.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The file name looked for at the repository root.</summary>
    public const string DefaultFileName = ".oauthguard.yml";

    private static readonly string[] TopLevelKeys = ["apps", "rules", "fail-on", "policies", "suppressions", "certificates", "baseline"];
    private static readonly string[] CertificateKeys = ["expiry-warning-days"];
    private static readonly string[] AppKeys = ["client"];
    private static readonly string[] RulesKeys = ["disabled", "severity"];
    private static readonly string[] SuppressionKeys = ["rule", "app", "reason", "expires"];

    /// <summary>Reads and validates a configuration file.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="displayPath">The path used in messages (e.g. repository-relative).</param>
    /// <returns>The configuration, and the errors found (the configuration is unusable when there are any).</returns>
    public static (ScanConfiguration Config, ImmutableArray<ToolNotification> Errors) Load(string path, string displayPath)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (ScanConfiguration.Empty, [new ToolNotification("config_error", "error", $"cannot read the configuration file: {e.Message}", displayPath, null, null)]);
        }

        return Parse(text, displayPath);
    }

    /// <summary>Parses configuration text; <paramref name="displayPath"/> names it in messages.</summary>
    public static (ScanConfiguration Config, ImmutableArray<ToolNotification> Errors) Parse(string text, string displayPath)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader(displayPath);
        YamlStream stream;
        try
        {
            // RegoYaml.Load refuses recursive aliases, which would overflow the stack inside YamlDotNet.
            stream = OAuthGuard.Rego.Values.RegoYaml.Load(text);
        }
        catch (YamlException e) when (e.InnerException is InvalidOperationException or ArgumentException)
        {
            // NOTE: YamlDotNet throws these (not YamlException) on some malformed input: a NUL in a plain scalar, a
            // global tag that is not a URI, a stray directive inside a mapping; found by fuzzing. They carry no
            // position: point at the first control character when there is one.
            var (line, column) = FirstControlCharacter(text);
            reader.Error(new Mark(0, line, column), "invalid YAML: " + YamlProblem(e.InnerException));
            return (ScanConfiguration.Empty, reader.Errors.ToImmutable());
        }
        catch (YamlException e)
        {
            reader.Error(e.Start, $"invalid YAML: {StripMarkPrefix(e.Message)}");
            return (ScanConfiguration.Empty, reader.Errors.ToImmutable());
        }

        if (stream.Documents.Count > 1)
        {
            reader.Error(stream.Documents[1].RootNode.Start, "the configuration file must hold a single YAML document");
        }

        var config = stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode)
            ? ScanConfiguration.Empty with { File = displayPath }
            : reader.ReadRoot(stream.Documents[0].RootNode);
        return (config, reader.Errors.ToImmutable());
    }

    /// <summary>A one-line reason for a YAML error YamlDotNet reported without a position.</summary>
    /// <param name="e">What YamlDotNet threw.</param>
    /// <returns>The reason.</returns>
    public static string YamlProblem(Exception e) => e is InvalidOperationException
        ? "the text contains a control character or construct YAML does not allow"
        : "the document cannot be read as YAML (" + (e.Message.Split('\n')[0].Split(" (Parameter", StringSplitOptions.None)[0]).TrimEnd('.') + ")";

    /// <summary>The 1-based line and column of the first control character other than tab, CR and LF (1, 1 when none).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The position.</returns>
    public static (int Line, int Column) FirstControlCharacter(string text)
    {
        int line = 1, column = 1;
        foreach (var c in text)
        {
            if (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
            {
                return (line, column);
            }

            (line, column) = c == '\n' ? (line + 1, 1) : (line, column + 1);
        }

        return (1, 1);
    }

    /// <summary>Parses a severity or threshold name (<c>critical</c> … <c>note</c>, and <c>none</c> when allowed).</summary>
    public static bool TryParseSeverity(string text, bool allowNone, out Severity severity)
    {
        severity = text switch
        {
            "critical" => Severity.Critical,
            "high" => Severity.High,
            "medium" => Severity.Medium,
            "low" => Severity.Low,
            "note" => Severity.Note,
            "none" when allowNone => Severity.None,
            _ => (Severity)(-1),
        };
        return (int)severity >= 0;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain };

    private static string StripMarkPrefix(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: …) - (…): "; the location is reported separately.
        var index = message.LastIndexOf("): ", StringComparison.Ordinal);
        return index >= 0 ? message[(index + 3)..] : message;
    }

    private sealed class Reader(string file)
    {
        public ImmutableArray<ToolNotification>.Builder Errors { get; } = ImmutableArray.CreateBuilder<ToolNotification>();

        public void Error(Mark mark, string message) =>
            Errors.Add(new ToolNotification("config_error", "error", message, file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column)));

        public ScanConfiguration ReadRoot(YamlNode root)
        {
            var apps = ImmutableArray<AppSettings>.Empty;
            var disabled = ImmutableArray<ConfigValue<string>>.Empty;
            var overrides = ImmutableArray<SeverityOverride>.Empty;
            var policies = ImmutableArray<ConfigValue<string>>.Empty;
            var suppressions = ImmutableArray<ConfigSuppression>.Empty;
            Severity? failOn = null;
            ConfigValue<string>? baseline = null;
            ConfigValue<int>? expiryWarningDays = null;
            foreach (var (key, value) in Entries(root, "the configuration file", TopLevelKeys))
            {
                switch (key)
                {
                    case "apps": apps = ReadApps(value); break;
                    case "rules": (disabled, overrides) = ReadRules(value); break;
                    case "fail-on": failOn = ReadSeverity(value, "fail-on", allowNone: true); break;
                    case "policies": policies = ReadStrings(value, "policies"); break;
                    case "suppressions": suppressions = ReadSuppressions(value); break;
                    case "baseline": baseline = Scalar(value, "baseline") is { Length: > 0 } b ? new ConfigValue<string>(b, Position(value)) : null; break;
                    case "certificates": expiryWarningDays = ReadCertificates(value); break;
                    default: break;
                }
            }

            return new ScanConfiguration(file, apps, disabled, overrides, failOn, policies, suppressions)
            {
                CertificateExpiryWarningDays = expiryWarningDays,
                Baseline = baseline,
            };
        }

        private ConfigValue<int>? ReadCertificates(YamlNode node)
        {
            ConfigValue<int>? days = null;
            foreach (var (_, value) in Entries(node, "certificates", CertificateKeys))
            {
                var text = Scalar(value, "certificates.expiry-warning-days");
                if (text is null)
                {
                    continue;
                }

                if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= ScanConfiguration.MaxExpiryWarningDays)
                {
                    days = new ConfigValue<int>(n, Position(value));
                }
                else
                {
                    Error(value.Start, $"certificates.expiry-warning-days must be a whole number of days from 0 to {ScanConfiguration.MaxExpiryWarningDays}, not '{text}'");
                }
            }

            return days;
        }

        private ImmutableArray<AppSettings> ReadApps(YamlNode node)
        {
            var apps = ImmutableArray.CreateBuilder<AppSettings>();
            foreach (var (name, value, keyNode) in EntriesWithKeys(node, "apps", allowed: null))
            {
                string? client = null;
                foreach (var (key, setting) in Entries(value, $"apps.{name}", AppKeys))
                {
                    if (key == "client")
                    {
                        var text = Scalar(setting, $"apps.{name}.client");
                        if (text is "private" or "public")
                        {
                            client = text;
                        }
                        else if (text is not null)
                        {
                            Error(setting.Start, $"apps.{name}.client must be 'private' or 'public', not '{text}'");
                        }
                    }
                }

                apps.Add(new AppSettings(name, client, Position(keyNode)));
            }

            return [.. apps.OrderBy(a => a.Name, StringComparer.Ordinal)];
        }

        private (ImmutableArray<ConfigValue<string>>, ImmutableArray<SeverityOverride>) ReadRules(YamlNode node)
        {
            var disabled = ImmutableArray<ConfigValue<string>>.Empty;
            var overrides = ImmutableArray.CreateBuilder<SeverityOverride>();
            foreach (var (key, value) in Entries(node, "rules", RulesKeys))
            {
                if (key == "disabled")
                {
                    disabled = ReadStrings(value, "rules.disabled");
                }
                else
                {
                    foreach (var (id, level, keyNode) in EntriesWithKeys(value, "rules.severity", allowed: null))
                    {
                        if (ReadSeverity(level, $"rules.severity.{id}", allowNone: false) is { } severity)
                        {
                            overrides.Add(new SeverityOverride(id, severity, Position(keyNode)));
                        }
                    }
                }
            }

            return (disabled, overrides.ToImmutable());
        }

        private ImmutableArray<ConfigSuppression> ReadSuppressions(YamlNode node)
        {
            var result = ImmutableArray.CreateBuilder<ConfigSuppression>();
            if (node is not YamlSequenceNode sequence)
            {
                Error(node.Start, "suppressions must be a list of entries with rule, app, reason and optional expires");
                return [];
            }

            foreach (var item in sequence)
            {
                string? rule = null, app = null, reason = null;
                DateOnly? expires = null;
                var valid = true;
                foreach (var (key, value) in Entries(item, "a suppression", SuppressionKeys))
                {
                    var text = Scalar(value, $"suppressions[].{key}");
                    switch (key)
                    {
                        case "rule": rule = text; break;
                        case "app": app = text; break;
                        case "reason": reason = text; break;
                        default:
                            if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                            {
                                expires = date;
                            }
                            else if (text is not null)
                            {
                                Error(value.Start, $"suppressions[].expires must be a date written YYYY-MM-DD, not '{text}'");
                                valid = false;
                            }

                            break;
                    }
                }

                if (item is not YamlMappingNode)
                {
                    continue;
                }

                foreach (var (name, present) in new[] { ("rule", rule), ("app", app), ("reason", reason) })
                {
                    if (string.IsNullOrWhiteSpace(present))
                    {
                        Error(item.Start, $"a suppression needs a non-empty '{name}'");
                        valid = false;
                    }
                }

                if (valid && rule is not null && app is not null && reason is not null)
                {
                    result.Add(new ConfigSuppression(rule, app, reason.Trim(), expires, Position(item)));
                }
            }

            return result.ToImmutable();
        }

        private Severity? ReadSeverity(YamlNode node, string name, bool allowNone)
        {
            var text = Scalar(node, name);
            if (text is null)
            {
                return null;
            }

            if (TryParseSeverity(text, allowNone, out var severity))
            {
                return severity;
            }

            var allowed = allowNone ? "critical, high, medium, low, note or none" : "critical, high, medium, low or note";
            Error(node.Start, $"{name} must be one of {allowed}, not '{text}'");
            return null;
        }

        private ImmutableArray<ConfigValue<string>> ReadStrings(YamlNode node, string name)
        {
            if (IsNull(node))
            {
                return [];
            }

            if (node is not YamlSequenceNode sequence)
            {
                Error(node.Start, $"{name} must be a list");
                return [];
            }

            var result = ImmutableArray.CreateBuilder<ConfigValue<string>>();
            foreach (var item in sequence)
            {
                if (Scalar(item, $"an entry of {name}") is { Length: > 0 } text)
                {
                    result.Add(new ConfigValue<string>(text, Position(item)));
                }
            }

            return result.ToImmutable();
        }

        private string? Scalar(YamlNode node, string name)
        {
            if (node is YamlScalarNode scalar && !IsNull(scalar))
            {
                return scalar.Value;
            }

            Error(node.Start, $"{name} must be a single value");
            return null;
        }

        private IEnumerable<(string Key, YamlNode Value)> Entries(YamlNode node, string name, string[] allowed) =>
            EntriesWithKeys(node, name, allowed).Select(e => (e.Key, e.Value));

        private List<(string Key, YamlNode Value, YamlNode KeyNode)> EntriesWithKeys(YamlNode node, string name, string[]? allowed)
        {
            var result = new List<(string, YamlNode, YamlNode)>();
            if (IsNull(node))
            {
                // An empty section ("apps:" with nothing under it) is allowed and means "nothing configured".
                return result;
            }

            if (node is not YamlMappingNode mapping)
            {
                Error(node.Start, $"{name} must be a mapping of keys to values");
                return result;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in mapping.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
                {
                    Error(keyNode.Start, $"keys of {name} must be plain names");
                    continue;
                }

                if (allowed is not null && Array.IndexOf(allowed, key) < 0)
                {
                    Error(keyNode.Start, $"unknown key '{key}' in {name} (expected one of: {string.Join(", ", allowed)})");
                    continue;
                }

                if (!seen.Add(key))
                {
                    Error(keyNode.Start, $"duplicate key '{key}' in {name}");
                    continue;
                }

                result.Add((key, value, keyNode));
            }

            return result;
        }

        private static ConfigPosition Position(YamlNode node) =>
            new((int)Math.Max(1, node.Start.Line), (int)Math.Max(1, node.Start.Column));
    }
}
