using System.Collections.Immutable;
using System.Text.Encodings.Web;
using System.Text.Json;
using OAuthGuard.Configuration;
using OAuthGuard.Findings;
using OAuthGuard.Reporters;
using OAuthGuard.Scanning;

namespace OAuthGuard.Baselines;

/// <summary>
/// A baseline file (<c>--write-baseline FILE</c>, <c>--baseline FILE</c>, <c>baseline:</c> in <c>.oauthguard.yml</c>):
/// the fingerprints of the findings a team accepted at one point, with enough of each finding to say what was
/// fixed later. Deterministic: findings sorted by fingerprint, no dates, no absolute paths; so the file can be
/// committed and reviewed. Format documented in docs/cli.md.
/// </summary>
public static class BaselineFile
{
    /// <summary>The format version written in <c>oauthguardBaseline</c>.</summary>
    public const int FormatVersion = 1;

    /// <summary>Renders the baseline of <paramref name="findings"/> (suppressed ones included) as indented JSON with a trailing newline.</summary>
    public static string Render(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("oauthguardBaseline", FormatVersion);
            w.WriteString("fingerprintKey", Fingerprint.SarifKey);
            w.WriteStartArray("findings");
            foreach (var f in findings.OrderBy(f => f.Fingerprint, StringComparer.Ordinal).ThenBy(f => f.File, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("fingerprint", f.Fingerprint);
                w.WriteString("rule", f.RuleId);
                w.WriteString("severity", f.Severity.ToName());
                w.WriteString("app", f.AppName);
                w.WriteString("kind", f.AppKind);
                w.WriteString("file", f.File);
                w.WriteString("path", f.ElementPath);
                w.WriteString("message", f.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads a baseline file into the findings it recorded.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="display">The name used in messages.</param>
    /// <exception cref="ScanSetupException">The file cannot be read or is not a baseline (code <c>baseline_error</c>, with line and column for JSON errors).</exception>
    public static ImmutableArray<Finding> Read(string path, string display)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScanSetupException([new ToolNotification("baseline_error", "error", "cannot read the baseline file: " + e.Message, display, null, null)]);
        }

        return Parse(bytes, display);
    }

    /// <summary>Parses baseline JSON; <paramref name="display"/> names the file in messages.</summary>
    /// <exception cref="ScanSetupException">Not a baseline (code <c>baseline_error</c>).</exception>
    public static ImmutableArray<Finding> Parse(byte[] bytes, string display)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("oauthguardBaseline", out var version) || version.ValueKind != JsonValueKind.Number)
            {
                throw Invalid(display, "not an OAuthGuard baseline file (no \"oauthguardBaseline\" version); write one with oauthguard scan --write-baseline FILE");
            }

            if (!version.TryGetInt32(out var v) || v != FormatVersion)
            {
                throw Invalid(display, $"baseline format {version.GetRawText()} is not supported (this version reads {FormatVersion})");
            }

            if (root.TryGetProperty("fingerprintKey", out var key) && key.ValueKind == JsonValueKind.String && key.GetString() != Fingerprint.SarifKey)
            {
                throw Invalid(display, $"the baseline holds {key.GetString()} fingerprints and this version computes {Fingerprint.SarifKey}; write it again with --write-baseline");
            }

            if (!root.TryGetProperty("findings", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(display, "\"findings\" must be an array");
            }

            var findings = ImmutableArray.CreateBuilder<Finding>();
            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                string Text(string name) =>
                    item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && p.GetString() is { } s
                        ? s
                        : throw Invalid(display, $"findings[{index}].{name} must be a string");

                var severityText = Text("severity");
                if (!ConfigLoader.TryParseSeverity(severityText, allowNone: false, out var severity))
                {
                    throw Invalid(display, $"findings[{index}].severity '{severityText}' is not critical, high, medium, low or note");
                }

                findings.Add(new Finding(Text("rule"), severity, Text("app"), Text("kind"), Text("file"), 1, 1, Text("path"), Text("message"), [], [], Text("fingerprint"), null));
                index++;
            }

            return findings.ToImmutable();
        }
        catch (JsonException e)
        {
            var message = e.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd('.', ' ');
            throw new ScanSetupException([new ToolNotification("baseline_error", "error", "the baseline file is not valid JSON: " + message, display, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1)]);
        }
    }

    private static ScanSetupException Invalid(string display, string message) =>
        new([new ToolNotification("baseline_error", "error", message, display, null, null)]);
}
