using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OAuthGuard.Findings;
using OAuthGuard.Scanning;

namespace OAuthGuard.Reporters;

/// <summary>
/// Writes a scan as SARIF 2.1.0 for GitHub code scanning: one run, rules with
/// <c>security-severity</c> and markdown help, results with relative <c>%SRCROOT%</c> URIs and
/// line-independent <c>partialFingerprints</c>, suppressed findings carried with their
/// justification, and scan problems as tool execution notifications. Keys are written in a fixed
/// order, so the same result always gives the same bytes.
/// </summary>
public static class SarifReporter
{
    /// <summary>The schema URI written into <c>$schema</c>.</summary>
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>The base id that artifact URIs are relative to (the repository root).</summary>
    public const string SourceRoot = "%SRCROOT%";

    /// <summary>The <c>originalUriBaseIds</c> key of the repository root, written when the scan started in a subfolder.</summary>
    public const string RepositoryRoot = "%REPOROOT%";

    // Lines longer than this are not quoted in snippets.
    private const int MaxSnippetLine = 1000;

    /// <summary>Renders <paramref name="result"/> as SARIF text.</summary>
    public static string Render(ScanResult result, ReportOptions options)
    {
        using var stream = new MemoryStream();
        Write(result, options, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <paramref name="result"/> as SARIF (UTF-8, indented, trailing newline) to <paramref name="stream"/>.</summary>
    public static void Write(ScanResult result, ReportOptions options, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stream);
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", SchemaUri);
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            WriteTool(w, result, options);
            WriteInvocation(w, result);
            WriteVersionControl(w, options.VersionControl);
            WriteUriBaseIds(w, options.VersionControl);
            w.WriteStartArray("results");
            var descriptors = SarifDescriptors.For(result);
            var ruleIndex = descriptors.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
            foreach (var finding in result.Findings)
            {
                WriteResult(w, finding, SarifDescriptors.IdFor(finding, result.Rules), ruleIndex, options.Sources);
            }

            // NOTE: findings the change fixed are results too (baselineState absent, SARIF §3.27.24), marked
            // kind "pass" with level "none" as SARIF requires for non-failures, so no consumer counts them as open.
            // They are reported under the rule's own descriptor (graded descriptors exist only for severities that occur).
            foreach (var finding in result.Absent)
            {
                WriteResult(w, finding, finding.RuleId, ruleIndex, null); // no snippet: the line is in the base version of the file
            }

            w.WriteEndArray();
            w.WriteString("columnKind", "utf16CodeUnits");
            w.WriteStartObject("properties");
            w.WriteString("engine", result.Engine);
            w.WriteNumber("apps", result.AppCount);
            w.WriteNumber("files", result.FileCount);
            if (result.Base is { } comparedWith)
            {
                w.WriteString("base", comparedWith.Description);
                w.WriteString("failOnScope", result.FailOnScope.ToName());
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    private static void WriteTool(Utf8JsonWriter w, ScanResult result, ReportOptions options)
    {
        w.WriteStartObject("tool");
        w.WriteStartObject("driver");
        w.WriteString("name", "OAuthGuard");
        w.WriteString("informationUri", ProjectInfo.HomePage);
        w.WriteString("semanticVersion", options.ToolVersion);
        w.WriteString("version", options.ToolVersion);
        w.WriteStartArray("rules");
        var descriptors = SarifDescriptors.For(result);
        var baseIndex = descriptors.Select((d, i) => (d, i)).Where(p => p.d.IsBase).ToDictionary(p => p.d.Rule.Id, p => p.i, StringComparer.Ordinal);
        foreach (var descriptor in descriptors)
        {
            var rule = descriptor.Rule;
            w.WriteStartObject();
            w.WriteString("id", descriptor.Id);
            // A graded descriptor's friendly name stays one Pascal-case identifier (SARIF2012): RuleNameHigh.
            var grade = descriptor.Severity.ToName();
            w.WriteString("name", descriptor.IsBase ? rule.Name : rule.Name + char.ToUpperInvariant(grade[0]) + grade[1..]);
            Message(w, "shortDescription", descriptor.IsBase ? rule.Title : $"{rule.Title} ({descriptor.Severity.ToName()})");
            Message(w, "fullDescription", descriptor.IsBase ? rule.Description
                : $"{rule.Description} Findings of {rule.Id} graded {descriptor.Severity.ToName()} (base severity {rule.Severity.ToName()}): compensating controls lowered them, or the rule judges this case at that severity.");
            w.WriteStartObject("help");
            w.WriteString("text", HelpText(rule));
            w.WriteString("markdown", rule.HelpMarkdown);
            w.WriteEndObject();
            if (rule.Links.FirstOrDefault(l => Uri.IsWellFormedUriString(l.Url, UriKind.Absolute)) is { } link)
            {
                w.WriteString("helpUri", link.Url);
            }

            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", descriptor.Severity.ToSarifLevel());
            w.WriteEndObject();
            if (!descriptor.IsBase && baseIndex.TryGetValue(rule.Id, out var parent))
            {
                w.WriteStartArray("relationships");
                w.WriteStartObject();
                w.WriteStartObject("target");
                w.WriteString("id", rule.Id);
                w.WriteNumber("index", parent);
                w.WriteEndObject();
                w.WriteStartArray("kinds");
                w.WriteStringValue("relevant");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteStartObject("properties");
            w.WriteStartArray("tags");
            w.WriteStringValue("security");
            w.WriteStringValue("salesforce");
            w.WriteStringValue("oauth");
            foreach (var kind in rule.AppliesTo)
            {
                w.WriteStringValue(kind);
            }

            w.WriteEndArray();
            w.WriteString("precision", "high");
            w.WriteString("problem.severity", descriptor.Severity.ToSarifLevel() == "note" ? "recommendation" : descriptor.Severity.ToSarifLevel());
            w.WriteString("security-severity", descriptor.SecuritySeverity.ToString("0.0", CultureInfo.InvariantCulture));
            w.WriteString("severity", descriptor.Severity.ToName());
            if (!descriptor.IsBase)
            {
                w.WriteString("rule", rule.Id);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteInvocation(Utf8JsonWriter w, ScanResult result)
    {
        w.WriteStartArray("invocations");
        w.WriteStartObject();
        w.WriteBoolean("executionSuccessful", true);
        w.WriteStartArray("toolExecutionNotifications");
        foreach (var n in result.Notifications)
        {
            w.WriteStartObject();
            w.WriteString("level", n.Level is "error" or "warning" or "note" ? n.Level : "note");
            Message(w, "message", n.Message);
            w.WriteStartObject("descriptor");
            w.WriteString("id", n.Code);
            w.WriteEndObject();
            if (n.File is not null)
            {
                w.WriteStartArray("locations");
                w.WriteStartObject();
                Physical(w, n.File, n.Line, n.Column);
                w.WriteEndObject();
                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    // %SRCROOT% is the scanned folder; when that lies below the repository root, %REPOROOT% is the root and
    // %SRCROOT% is defined relative to it, so versionControlProvenance can map the whole repository.
    private static void WriteUriBaseIds(Utf8JsonWriter w, VersionControlDetails? vcs)
    {
        var folder = vcs is not null && Uri.IsWellFormedUriString(vcs.RepositoryUri, UriKind.Absolute) ? vcs.ScannedFolder : null;
        w.WriteStartObject("originalUriBaseIds");
        if (folder is not null)
        {
            w.WriteStartObject(RepositoryRoot);
            w.WriteStartObject("description");
            w.WriteString("text", "The root of the repository.");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteStartObject(SourceRoot);
        if (folder is not null)
        {
            w.WriteString("uri", folder);
            w.WriteString("uriBaseId", RepositoryRoot);
        }

        w.WriteStartObject("description");
        w.WriteString("text", folder is null ? "The root of the scanned repository." : "The scanned folder.");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteVersionControl(Utf8JsonWriter w, VersionControlDetails? vcs)
    {
        if (vcs is null || !Uri.IsWellFormedUriString(vcs.RepositoryUri, UriKind.Absolute))
        {
            return;
        }

        w.WriteStartArray("versionControlProvenance");
        w.WriteStartObject();
        w.WriteString("repositoryUri", vcs.RepositoryUri);
        if (vcs.RevisionId is { Length: > 0 } revision)
        {
            w.WriteString("revisionId", revision);
        }

        if (vcs.Branch is { Length: > 0 } branch)
        {
            w.WriteString("branch", branch);
        }

        w.WriteStartObject("mappedTo");
        w.WriteString("uriBaseId", vcs.ScannedFolder is null ? SourceRoot : RepositoryRoot);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static void WriteResult(Utf8JsonWriter w, Finding f, string descriptorId, Dictionary<string, int> ruleIndex, SourceLines? sources)
    {
        w.WriteStartObject();
        w.WriteString("ruleId", descriptorId);
        if (ruleIndex.TryGetValue(descriptorId, out var index))
        {
            w.WriteNumber("ruleIndex", index);
        }

        if (f.BaselineState == BaselineState.Absent)
        {
            w.WriteString("kind", "pass");
            w.WriteString("level", "none");
        }
        else
        {
            w.WriteString("level", f.Severity.ToSarifLevel());
        }

        Message(w, "message", f.SuppressionNote is null ? f.Message : $"{f.Message} {f.SuppressionNote}");
        w.WriteStartArray("locations");
        w.WriteStartObject();
        Physical(w, f.File, f.Line, f.Column, sources);
        w.WriteStartArray("logicalLocations");
        w.WriteStartObject();
        w.WriteString("name", f.AppName);
        w.WriteString("fullyQualifiedName", f.ElementPath.Length == 0 ? $"{f.AppKind}/{f.AppName}" : $"{f.AppKind}/{f.AppName}/{f.ElementPath}");
        w.WriteString("kind", "object");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartObject("partialFingerprints");
        w.WriteString(Fingerprint.SarifKey, f.Fingerprint);
        w.WriteEndObject();
        if (f.BaselineState is { } state)
        {
            w.WriteString("baselineState", state.ToName());
        }

        if (f.Suppression is { } s)
        {
            w.WriteStartArray("suppressions");
            w.WriteStartObject();
            w.WriteString("kind", s.Kind == "inSource" ? "inSource" : "external");
            w.WriteString("status", "accepted");
            w.WriteString("justification", s.Justification);
            w.WriteStartObject("properties");
            w.WriteString("location", s.Location);
            if (s.Expires is { } expires)
            {
                w.WriteString("expires", expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
        }

        w.WriteStartObject("properties");
        w.WriteString("severity", f.Severity.ToName());
        w.WriteString("rule", f.RuleId);
        w.WriteString("app", f.AppName);
        w.WriteString("appKind", f.AppKind);
        w.WriteString("elementPath", f.ElementPath);
        Strings(w, "aggravating", f.Aggravating);
        Strings(w, "compensating", f.Compensating);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Physical(Utf8JsonWriter w, string file, int? line, int? column, SourceLines? sources = null)
    {
        w.WriteStartObject("physicalLocation");
        w.WriteStartObject("artifactLocation");
        w.WriteString("uri", RelativeUri(file));
        w.WriteString("uriBaseId", SourceRoot);
        w.WriteEndObject();
        if (line is { } l)
        {
            w.WriteStartObject("region");
            w.WriteNumber("startLine", Math.Max(1, l));
            if (column is { } c)
            {
                w.WriteNumber("startColumn", Math.Max(1, c));
            }

            var start = Math.Max(1, l);
            var text = sources?.Line(file, start);
            if (text is { Length: > MaxSnippetLine })
            {
                text = null; // a minified file: quoting the line would repeat the whole file per finding
            }

            if (text is not null)
            {
                // With no end given, the region runs to the end of its line (SARIF 2.1.0 §3.30.2).
                var from = Math.Min(text.Length, Math.Max(1, column ?? 1) - 1);
                Message(w, "snippet", text[from..]);
            }

            w.WriteEndObject();
            if (text is not null && sources is not null)
            {
                WriteContextRegion(w, file, start, sources);
            }
        }

        w.WriteEndObject();
    }

    // The finding's line with one line either side, so a reader sees the element in its context.
    private static void WriteContextRegion(Utf8JsonWriter w, string file, int line, SourceLines sources)
    {
        var first = line > 1 && sources.Line(file, line - 1) is { Length: <= MaxSnippetLine } ? line - 1 : line;
        var lines = new List<string>();
        for (var n = first; n <= line + 1 && sources.Line(file, n) is { Length: <= MaxSnippetLine } text; n++)
        {
            lines.Add(text);
        }

        w.WriteStartObject("contextRegion");
        w.WriteNumber("startLine", first);
        w.WriteNumber("endLine", first + lines.Count - 1);
        Message(w, "snippet", string.Join('\n', lines) + "\n");
        w.WriteEndObject();
    }

    /// <summary>Escapes each segment of a repository-relative path so it is a valid relative URI reference.</summary>
    public static string RelativeUri(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return string.Join('/', path.Replace('\\', '/').TrimStart('/').Split('/').Select(Uri.EscapeDataString));
    }

    private static string HelpText(RuleDescriptor rule) =>
        rule.Remediation.Length == 0 ? $"{rule.Title}. {rule.Description}" : $"{rule.Title}. {rule.Description} Remediation: {rule.Remediation}";

    private static void Message(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
