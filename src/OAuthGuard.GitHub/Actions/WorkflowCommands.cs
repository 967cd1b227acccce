// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using OAuthGuard.Findings;

namespace OAuthGuard.GitHub.Actions;

/// <summary>The annotation lines for one step, and how many GitHub's caps would have hidden.</summary>
/// <param name="Lines">Workflow-command lines, most severe first, then a plain log line if any were dropped.</param>
/// <param name="Written">Annotations written.</param>
/// <param name="Dropped">Annotations left out because of the per-step caps.</param>
internal sealed record AnnotationSet(ImmutableArray<string> Lines, int Written, int Dropped);

/// <summary>
/// Turns a scan result into workflow commands (<c>::error file=…,line=…,title=…::message</c>).
/// GitHub shows at most <see cref="PerLevelLimit"/> annotations of each level per step, so the
/// lines are sorted by severity first and the cut is said in a plain log line.
/// </summary>
internal static class WorkflowCommands
{
    /// <summary>GitHub's documented cap: 10 error, 10 warning and 10 notice annotations per step.</summary>
    public const int PerLevelLimit = 10;

    /// <summary>The annotation level for a severity: critical/high fail reviews, medium/low warn, note informs.</summary>
    public static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium or Severity.Low => "warning",
        _ => "notice",
    };

    /// <summary>Builds the annotations for every unsuppressed finding and every tool notification.</summary>
    public static AnnotationSet Annotations(ScanResult result, int perLevelLimit = PerLevelLimit)
    {
        ArgumentNullException.ThrowIfNull(result);
        var titles = result.Rules.GroupBy(r => r.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = ImmutableArray.CreateBuilder<string>();
        int written = 0, dropped = 0;

        bool Admit(string level)
        {
            counts.TryGetValue(level, out var n);
            if (n >= perLevelLimit)
            {
                dropped++;
                return false;
            }

            counts[level] = n + 1;
            written++;
            return true;
        }

        // With a base, what the change introduced gets the capped slots first: in a repository
        // with many old findings, existing criticals would otherwise crowd out a new high. The
        // sort is stable, so each group stays most severe first.
        foreach (var finding in FindingOrder.MostSevereFirst(result.Findings.Where(f => !f.IsSuppressed)).OrderBy(f => f.IsIntroduced ? 0 : 1))
        {
            var level = Level(finding.Severity);
            if (!Admit(level))
            {
                continue;
            }

            titles.TryGetValue(finding.RuleId, out var rule);
            var state = finding.IsIntroduced ? "" : ", existing";
            var title = string.Create(CultureInfo.InvariantCulture, $"{finding.RuleId} ({SeverityText.Name(finding.Severity)}{state}): {rule?.Title ?? finding.RuleId}");
            var message = new StringBuilder(finding.Message);
            if (!string.IsNullOrWhiteSpace(rule?.Remediation))
            {
                message.Append('\n').Append("Fix: ").Append(rule.Remediation);
            }

            lines.Add(Command(level, finding.File, finding.Line, finding.Column, title, message.ToString()));
        }

        foreach (var note in result.Notifications)
        {
            var level = note.Level switch { "error" => "error", "warning" => "warning", _ => "notice" };
            if (Admit(level))
            {
                lines.Add(Command(level, note.File, note.Line, note.Column, "OAuthGuard: " + note.Code, note.Message));
            }
        }

        if (dropped > 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"OAuthGuard: {dropped} more annotation(s) not written: GitHub shows at most {perLevelLimit} per level per step. The job summary and the SARIF file list every finding."));
        }

        return new AnnotationSet(lines.ToImmutable(), written, dropped);
    }

    /// <summary>Formats one workflow command with escaped properties and message.</summary>
    public static string Command(string level, string? file, int? line, int? column, string? title, string message)
    {
        var properties = new List<string>(4);
        if (!string.IsNullOrEmpty(file))
        {
            properties.Add("file=" + EscapeProperty(file));
            if (line is > 0)
            {
                properties.Add("line=" + line.Value.ToString(CultureInfo.InvariantCulture));
                if (column is > 0)
                {
                    properties.Add("col=" + column.Value.ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        if (!string.IsNullOrEmpty(title))
        {
            properties.Add("title=" + EscapeProperty(title));
        }

        var head = properties.Count == 0 ? "::" + level : "::" + level + " " + string.Join(',', properties);
        return head + "::" + EscapeData(message);
    }

    /// <summary>Escapes a command's message: <c>%</c>, CR and LF (the runner's <c>escapeData</c>).</summary>
    public static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Escapes a property value: the message escapes plus <c>:</c> and <c>,</c> (the runner's <c>escapeProperty</c>).</summary>
    public static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);
}

/// <summary>The one ordering every GitHub output uses, so caps always cut the least severe.</summary>
internal static class FindingOrder
{
    /// <summary>Severity descending, then file, line, column, rule id and app (all ordinal).</summary>
    public static IEnumerable<Finding> MostSevereFirst(IEnumerable<Finding> findings) =>
        findings.OrderByDescending(f => f.Severity)
            .ThenBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Column)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.AppName, StringComparer.Ordinal)
            .ThenBy(f => f.Fingerprint, StringComparer.Ordinal);
}

/// <summary>Severity names as users type and read them.</summary>
internal static class SeverityText
{
    /// <summary>The lower-case name (<c>critical</c> … <c>note</c>, <c>none</c>).</summary>
    public static string Name(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        Severity.Note => "note",
        _ => "none",
    };

    /// <summary>The capitalised name for headings and tables.</summary>
    public static string Label(Severity severity) => severity switch
    {
        Severity.Critical => "Critical",
        Severity.High => "High",
        Severity.Medium => "Medium",
        Severity.Low => "Low",
        Severity.Note => "Note",
        _ => "None",
    };

    /// <summary>Severities from most to least severe, excluding <see cref="Severity.None"/>.</summary>
    public static readonly ImmutableArray<Severity> Descending =
        [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Note];
}
