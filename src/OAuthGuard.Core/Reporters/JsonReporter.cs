using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OAuthGuard.Findings;

namespace OAuthGuard.Reporters;

/// <summary>
/// Writes a scan as OAuthGuard's own JSON document (format described in docs/cli.md): a summary,
/// every finding with its rule, severity, app, location, element path, message, factors,
/// fingerprint and suppression, the scan's notifications and the rules that ran.
/// </summary>
public static class JsonReporter
{
    /// <summary>The document format version; bumped on incompatible changes.</summary>
    public const int FormatVersion = 1;

    /// <summary>Renders <paramref name="result"/> as JSON text.</summary>
    public static string Render(ScanResult result, ReportOptions options)
    {
        using var stream = new MemoryStream();
        Write(result, options, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <paramref name="result"/> as indented UTF-8 JSON with a trailing newline.</summary>
    public static void Write(ScanResult result, ReportOptions options, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stream);
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", FormatVersion);
            w.WriteStartObject("tool");
            w.WriteString("name", "oauthguard");
            w.WriteString("version", options.ToolVersion);
            w.WriteString("engine", result.Engine);
            w.WriteEndObject();
            WriteSummary(w, result);
            w.WriteStartArray("findings");
            foreach (var f in result.Findings)
            {
                WriteFinding(w, f);
            }

            w.WriteEndArray();
            if (result.Base is not null)
            {
                // Findings of the base that the scanned tree no longer has: fixed by the change.
                w.WriteStartArray("absentFindings");
                foreach (var f in result.Absent)
                {
                    WriteFinding(w, f);
                }

                w.WriteEndArray();
            }

            w.WriteStartArray("notifications");
            foreach (var n in result.Notifications)
            {
                w.WriteStartObject();
                w.WriteString("code", n.Code);
                w.WriteString("level", n.Level);
                w.WriteString("message", n.Message);
                NullableString(w, "file", n.File);
                NullableNumber(w, "line", n.Line);
                NullableNumber(w, "column", n.Column);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("rules");
            foreach (var r in result.Rules)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                w.WriteString("name", r.Name);
                w.WriteString("title", r.Title);
                w.WriteString("severity", r.Severity.ToName());
                w.WriteString("securitySeverity", r.SecuritySeverity.ToString("0.0", CultureInfo.InvariantCulture));
                w.WriteString("package", r.Package);
                w.WriteStartArray("appliesTo");
                foreach (var kind in r.AppliesTo)
                {
                    w.WriteStringValue(kind);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    private static void WriteSummary(Utf8JsonWriter w, ScanResult result)
    {
        w.WriteStartObject("summary");
        w.WriteNumber("apps", result.AppCount);
        w.WriteNumber("files", result.FileCount);
        w.WriteNumber("findings", result.Findings.Count(f => !f.IsSuppressed));
        w.WriteNumber("suppressed", result.Findings.Count(f => f.IsSuppressed));
        w.WriteStartObject("bySeverity");
        foreach (var severity in (Severity[])[Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Note])
        {
            w.WriteNumber(severity.ToName(), result.Findings.Count(f => !f.IsSuppressed && f.Severity == severity));
        }

        w.WriteEndObject();
        w.WriteString("failOn", result.FailOn.ToName());
        w.WriteString("failOnScope", result.FailOnScope.ToName());
        if (result.Base is { } b)
        {
            w.WriteStartObject("base");
            w.WriteString("kind", b.Kind);
            w.WriteString("description", b.Description);
            w.WriteNumber("new", result.Findings.Count(f => !f.IsSuppressed && f.BaselineState == BaselineState.New));
            w.WriteNumber("updated", result.Findings.Count(f => !f.IsSuppressed && f.BaselineState == BaselineState.Updated));
            w.WriteNumber("unchanged", result.Findings.Count(f => !f.IsSuppressed && f.BaselineState == BaselineState.Unchanged));
            w.WriteNumber("absent", result.Absent.Length);
            w.WriteEndObject();
        }

        w.WriteNumber("failing", result.Failing.Count());
        w.WriteNumber("exitCode", result.ExitCode);
        w.WriteEndObject();
    }

    private static void WriteFinding(Utf8JsonWriter w, Finding f)
    {
        w.WriteStartObject();
        w.WriteString("rule", f.RuleId);
        w.WriteString("severity", f.Severity.ToName());
        w.WriteString("app", f.AppName);
        w.WriteString("kind", f.AppKind);
        w.WriteString("file", f.File);
        w.WriteNumber("line", f.Line);
        w.WriteNumber("column", f.Column);
        w.WriteString("path", f.ElementPath);
        w.WriteString("message", f.Message);
        w.WriteStartObject("factors");
        w.WriteStartArray("aggravating");
        foreach (var a in f.Aggravating)
        {
            w.WriteStringValue(a);
        }

        w.WriteEndArray();
        w.WriteStartArray("compensating");
        foreach (var c in f.Compensating)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("fingerprint", f.Fingerprint);
        if (f.BaselineState is { } state)
        {
            w.WriteString("baselineState", state.ToName());
        }

        if (f.Suppression is { } s)
        {
            w.WriteStartObject("suppression");
            w.WriteString("kind", s.Kind);
            w.WriteString("justification", s.Justification);
            NullableString(w, "expires", s.Expires?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("location", s.Location);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("suppression");
        }

        NullableString(w, "suppressionNote", f.SuppressionNote);
        w.WriteEndObject();
    }

    private static void NullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void NullableNumber(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
