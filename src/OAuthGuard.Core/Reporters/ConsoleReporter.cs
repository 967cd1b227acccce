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

                var state = f.BaselineState is { } b ? (b == BaselineState.Unchanged ? paint.Dim("existing  ") : paint.Warning(b.ToName().PadRight(10))) : "";
                var line = $"  {position}{paint.Severity(f.Severity, severity)}{state}{f.RuleId}  {Subject(f)}{OneLine(f.Message)}";
                sb.Append(f.IsSuppressed ? paint.Dim(line) : line).Append('\n');
                if (!copy.Others.IsEmpty)
                {
                    sb.Append(Indent).Append(copy.AlsoIn).Append(": ")
                      .Append(string.Join(", ", copy.Others.Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.File}:{o.Line}")))).Append('\n');
                }

                // The bundled policies already end their messages with the factors ("Severity lowered
                // from … because …", "Higher risk because …"); a line below repeats only what the
                // message leaves out (user policies whose messages do not name them).
                var higher = NotInMessage(f, f.Aggravating);
                if (!f.IsSuppressed && higher.Length > 0)
                {
                    sb.Append(Indent).Append("higher risk: ").Append(OneLine(string.Join("; ", higher))).Append('\n');
                }

                var lowered = NotInMessage(f, f.Compensating);
                if (!f.IsSuppressed && lowered.Length > 0)
                {
                    sb.Append(Indent).Append("lowered by: ").Append(OneLine(string.Join("; ", lowered))).Append('\n');
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

        if (result.Absent.Length > 0)
        {
            sb.Append(paint.Bold("Fixed (on the base, gone now)")).Append('\n');
            foreach (var f in result.Absent)
            {
                sb.Append("  ").Append(paint.Ok("fixed")).Append(CultureInfo.InvariantCulture, $"     {f.Severity.ToName().ToUpperInvariant().PadRight(10)}{f.RuleId}  {f.AppName} ({f.File}): {OneLine(FirstSentence(f.Message))}").Append('\n');
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

        if (result.Base is { } compared)
        {
            sb.Append(Comparison(result, compared)).Append('\n');
        }

        sb.Append(Summary(result, paint)).Append('\n');
        return sb.ToString();
    }

    private static string Comparison(ScanResult result, BaseInfo compared)
    {
        int Count(BaselineState state) => result.Findings.Count(f => !f.IsSuppressed && f.BaselineState == state);
        var source = compared.Kind == "baseline" ? $"the baseline {compared.Description}" : compared.Description;
        return string.Create(CultureInfo.InvariantCulture,
            $"Compared with {source}: {Count(BaselineState.New)} new, {Count(BaselineState.Updated)} updated, {Count(BaselineState.Unchanged)} existing, {result.Absent.Length} fixed.");
    }

    private static string[] NotInMessage(Finding f, IEnumerable<string> factors) =>
        factors.Where(x => !f.Message.Contains(x, StringComparison.Ordinal)).ToArray();

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
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
        var scope = result.Base is not null && result.FailOnScope == FailOnScope.New ? " new or updated" : "";
        sb.Append(' ').Append(result.FailOn == Severity.None
            ? "Threshold: none (never fails)."
            : failing > 0
                ? paint.Error(string.Create(CultureInfo.InvariantCulture, $"{failing}{scope} at or above {result.FailOn.ToName()}: failing."))
                : string.Create(CultureInfo.InvariantCulture, $"None{scope} at or above {result.FailOn.ToName()}: passing."));
        return sb.ToString();
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    // "Billing: Connected App Billing does not…" says the name twice; the prefix is kept only when the message does not
    // name the app (configuration findings, key files).
    private static string Subject(Finding f) =>
        f.AppName.Length > 0 && f.Message.Contains(f.AppName, StringComparison.Ordinal) ? string.Empty : f.AppName + ": ";

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
