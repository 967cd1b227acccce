using System.Globalization;
using System.Text;
using OAuthGuard.Findings;

namespace OAuthGuard.Reporters;

/// <summary>
/// Human-readable output: findings grouped by file, one line each (position, severity, rule, app
/// and message), factors and suppressions underneath, then scan problems and a summary line.
/// Colours are ANSI escapes and only written when <see cref="ReportOptions.UseColor"/> is set, so
/// piped output stays plain.
/// </summary>
public static class ConsoleReporter
{
    /// <summary>Renders <paramref name="result"/> as console text.</summary>
    public static string Render(ScanResult result, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var sb = new StringBuilder();
        var paint = new Painter(options.UseColor);
        var copies = FindingCopies.ByFingerprint(result.Findings);
        foreach (var group in result.Findings.GroupBy(f => f.File, StringComparer.Ordinal))
        {
            sb.Append(paint.Bold(group.Key)).Append('\n');
            foreach (var f in group)
            {
                var position = string.Create(CultureInfo.InvariantCulture, $"{f.Line}:{f.Column}").PadRight(8);
                var severity = f.Severity.ToName().ToUpperInvariant().PadRight(10);
                const string Indent = "                    ";
                var copy = copies[f.Fingerprint];
                if (!ReferenceEquals(copy.First, f))
                {
                    // A copy of an app shown in full elsewhere: one line pointing there.
                    var first = string.Create(CultureInfo.InvariantCulture, $"{copy.First.File}:{copy.First.Line}");
                    var copyLine = $"  {position}{paint.Severity(f.Severity, severity)}{f.RuleId}  {f.AppName}: same finding as in {first} (a copy of the app)";
                    sb.Append(f.IsSuppressed ? paint.Dim(copyLine) : copyLine).Append('\n');
                    continue;
                }

                var line = $"  {position}{paint.Severity(f.Severity, severity)}{f.RuleId}  {f.AppName}: {OneLine(f.Message)}";
                sb.Append(f.IsSuppressed ? paint.Dim(line) : line).Append('\n');
                if (!copy.Others.IsEmpty)
                {
                    sb.Append(Indent).Append(copy.AlsoIn).Append(": ")
                      .Append(string.Join(", ", copy.Others.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.File}:{o.Line}")))).Append('\n');
                }

                if (!f.IsSuppressed && f.Aggravating.Length > 0)
                {
                    sb.Append(Indent).Append("raised by: ").Append(OneLine(string.Join("; ", f.Aggravating))).Append('\n');
                }

                if (!f.IsSuppressed && f.Compensating.Length > 0)
                {
                    sb.Append(Indent).Append("lowered by: ").Append(OneLine(string.Join("; ", f.Compensating))).Append('\n');
                }

                if (f.Suppression is { } s)
                {
                    var expiry = s.Expires is { } e ? string.Create(CultureInfo.InvariantCulture, $", until {e:yyyy-MM-dd}") : "";
                    var where = s.Kind == "inSource" && s.Location.StartsWith(f.File + ":", StringComparison.Ordinal) ? "line " + s.Location[(f.File.Length + 1)..] : s.Location;
                    sb.Append(paint.Dim($"{Indent}suppressed ({where}{expiry}): {OneLine(s.Justification)}")).Append('\n');
                }

                if (f.SuppressionNote is { } note)
                {
                    sb.Append(Indent).Append(paint.Warning("note: ")).Append(OneLine(note)).Append('\n');
                }
            }

            sb.Append('\n');
        }

        if (result.Notifications.Length > 0)
        {
            sb.Append(paint.Bold("Problems met while scanning")).Append('\n');
            foreach (var n in result.Notifications)
            {
                var where = n.File is null ? "" : n.Line is null ? $"{n.File}: " : string.Create(CultureInfo.InvariantCulture, $"{n.File}:{n.Line}:{n.Column ?? 1}: ");
                sb.Append("  ").Append(where).Append(n.Level == "error" ? paint.Error(n.Level) : paint.Warning(n.Level))
                  .Append(": ").Append(OneLine(n.Message)).Append(" [").Append(n.Code).Append("]\n");
            }

            sb.Append('\n');
        }

        sb.Append(Summary(result, paint)).Append('\n');
        return sb.ToString();
    }

    private static string Summary(ScanResult result, Painter paint)
    {
        var active = result.Findings.Where(f => !f.IsSuppressed).ToList();
        var suppressed = result.Findings.Length - active.Count;
        var scanned = string.Create(CultureInfo.InvariantCulture, $"{Plural(result.AppCount, "app")} in {Plural(result.FileCount, "metadata file")} scanned with {Plural(result.Rules.Length, "rule")}");
        if (active.Count == 0)
        {
            var tail = suppressed > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({suppressed} suppressed)") : "";
            return $"{paint.Ok("No findings")}{tail}. {scanned}.";
        }

        var counts = string.Join(", ", active.GroupBy(f => f.Severity).OrderByDescending(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key.ToName()}")));
        var files = active.Select(f => f.File).Distinct(StringComparer.Ordinal).Count();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{Plural(active.Count, "finding")} ({counts}) in {Plural(files, "file")}");
        if (suppressed > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $", {suppressed} suppressed");
        }

        sb.Append(". ").Append(scanned).Append('.');
        var failing = result.Failing.Count();
        sb.Append(' ').Append(result.FailOn == Severity.None
            ? "Threshold: none (never fails)."
            : failing > 0
                ? paint.Error(string.Create(CultureInfo.InvariantCulture, $"{failing} at or above {result.FailOn.ToName()}: failing."))
                : string.Create(CultureInfo.InvariantCulture, $"None at or above {result.FailOn.ToName()}: passing."));
        return sb.ToString();
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private readonly struct Painter(bool enabled)
    {
        public string Bold(string s) => Wrap("1", s);

        public string Dim(string s) => Wrap("2", s);

        public string Ok(string s) => Wrap("32", s);

        public string Warning(string s) => Wrap("33", s);

        public string Error(string s) => Wrap("31", s);

        public string Severity(Severity severity, string s) => severity switch
        {
            Findings.Severity.Critical => Wrap("1;31", s),
            Findings.Severity.High => Wrap("31", s),
            Findings.Severity.Medium => Wrap("33", s),
            Findings.Severity.Low => Wrap("36", s),
            _ => Wrap("2", s),
        };

        private string Wrap(string code, string s) => enabled ? $"\u001b[{code}m{s}\u001b[0m" : s;
    }
}
