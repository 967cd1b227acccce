// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using OAuthGuard.Findings;

namespace OAuthGuard.GitHub.Actions;

/// <summary>What the job summary says besides the findings themselves.</summary>
/// <param name="FailOn">The threshold the step result is judged against.</param>
/// <param name="BlobUrl">
/// <c>{server}/{owner}/{repo}/blob/{sha}</c> for links to findings, or null to print plain locations.
/// </param>
/// <param name="AnnotationsDropped">Annotations GitHub's caps left out (0 when none or annotations are off).</param>
/// <param name="Notes">Plain sentences about the run, e.g. why no review was posted.</param>
internal sealed record SummaryContext(Severity FailOn, string? BlobUrl, int AnnotationsDropped, ImmutableArray<string> Notes);

/// <summary>Renders the job summary (<c>GITHUB_STEP_SUMMARY</c>) as GitHub-flavoured markdown.</summary>
internal static class JobSummaryWriter
{
    /// <summary>Rows in the findings table; the summary file is capped at 1 MiB by GitHub.</summary>
    public const int MaxRows = 200;

    /// <summary>Renders the whole summary; the same inputs always give the same bytes.</summary>
    public static string Write(ScanResult result, SummaryContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        var rules = result.Rules.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        // With a base, what the change introduced comes first (the table is capped at MaxRows, and
        // a reviewer reads it for the change); the stable sort keeps each group most severe first.
        var active = FindingOrder.MostSevereFirst(result.Findings.Where(f => !f.IsSuppressed)).OrderBy(f => f.IsIntroduced ? 0 : 1).ToList();
        var suppressed = FindingOrder.MostSevereFirst(result.Findings.Where(f => f.IsSuppressed)).ToList();
        var failing = (result with { FailOn = context.FailOn }).Failing.Count();
        var scope = result.Base is not null && result.FailOnScope == FailOnScope.New ? "new or updated " : "";
        var md = new StringBuilder();

        md.Append("## OAuthGuard\n\n");
        md.Append(Invariant($"{Plural(active.Count, "finding")} in {Plural(result.AppCount, "app")} ({Plural(result.FileCount, "metadata file")} read, engine {Markdown.Text(result.Engine)}). "));
        md.Append(context.FailOn == Severity.None
            ? "The step never fails on findings (`fail-on: none`).\n\n"
            : failing == 0
                ? Invariant($"**Passed**: nothing {scope}at or above `{SeverityText.Name(context.FailOn)}`.\n\n")
                : Invariant($"**Failed**: {Plural(failing, scope + "finding")} at or above `{SeverityText.Name(context.FailOn)}`.\n\n"));
        if (result.Base is { } compared)
        {
            int Count(BaselineState state) => active.Count(f => f.BaselineState == state);
            md.Append(Invariant($"Compared with {Markdown.Text(compared.Kind == "baseline" ? "the baseline " + compared.Description : compared.Description)}: {Count(BaselineState.New)} new, {Count(BaselineState.Updated)} updated, {Count(BaselineState.Unchanged)} existing, {result.Absent.Length} fixed.\n\n"));
        }

        md.Append("| Severity | Findings |\n|---|---:|\n");
        foreach (var severity in SeverityText.Descending)
        {
            md.Append(Invariant($"| {SeverityText.Label(severity)} | {active.Count(f => f.Severity == severity)} |\n"));
        }

        if (suppressed.Count > 0)
        {
            md.Append(Invariant($"| Suppressed | {suppressed.Count} |\n"));
        }

        md.Append('\n');
        var groups = FindingCopies.Group(active.Where(f => f.Severity > Severity.Note));
        if (groups.Length > 0)
        {
            md.Append("### Findings\n\n| Severity | Rule | App | Location | Message |\n|---|---|---|---|---|\n");
            foreach (var group in groups.Take(MaxRows))
            {
                var finding = group.First;
                rules.TryGetValue(finding.RuleId, out var rule);
                var ruleCell = rule is null ? Markdown.Code(finding.RuleId, inTable: true) : Markdown.Code(finding.RuleId, inTable: true) + " " + Markdown.Cell(rule.Title);
                var state = finding.BaselineState is { } b ? " (" + (b == BaselineState.Unchanged ? "existing" : b.ToName()) + ")" : "";
                var location = Location(finding.File, finding.Line, context.BlobUrl) + CopiesCell(group, context.BlobUrl);
                md.Append(Invariant($"| {SeverityText.Label(finding.Severity)}{state} | {ruleCell} | {Markdown.Cell(finding.AppName)} | {location} | {Markdown.Cell(finding.Message)} |\n"));
            }

            if (groups.Length > MaxRows)
            {
                md.Append(Invariant($"\n{groups.Length - MaxRows} more finding(s) are not shown here; the SARIF file lists them all.\n"));
            }

            md.Append('\n');
        }

        var notes = active.Where(f => f.Severity <= Severity.Note).ToList();
        if (notes.Count > 0)
        {
            md.Append("### Notes\n\nRecommendations, not weaknesses; one line per app.\n\n");
            md.Append(PerAppLines(notes, context.BlobUrl));
            md.Append('\n');
        }

        if (result.Absent.Length > 0)
        {
            md.Append("### Fixed by this change\n\n| Severity | Rule | App | File |\n|---|---|---|---|\n");
            foreach (var finding in result.Absent.Take(MaxRows))
            {
                md.Append(Invariant($"| {SeverityText.Label(finding.Severity)} | {Markdown.Code(finding.RuleId, inTable: true)} | {Markdown.Cell(finding.AppName)} | {Markdown.Code(finding.File, inTable: true)} |\n"));
            }

            md.Append('\n');
        }

        if (suppressed.Count > 0)
        {
            md.Append(Invariant($"<details><summary>{Plural(suppressed.Count, "suppressed finding")}</summary>\n\n"));
            md.Append("| Rule | App | Location | Justification |\n|---|---|---|---|\n");
            foreach (var finding in suppressed.Take(MaxRows))
            {
                var why = finding.Suppression is { } s ? s.Justification : "";
                md.Append(Invariant($"| {Markdown.Code(finding.RuleId, inTable: true)} | {Markdown.Cell(finding.AppName)} | {Location(finding.File, finding.Line, context.BlobUrl)} | {Markdown.Cell(why)} |\n"));
            }

            md.Append("\n</details>\n\n");
        }

        if (result.Notifications.Length > 0)
        {
            md.Append("### Problems met during the scan\n\n| Level | Code | Location | Message |\n|---|---|---|---|\n");
            foreach (var note in result.Notifications.Take(MaxRows))
            {
                var where = note.File is null ? "" : Location(note.File, note.Line ?? 0, context.BlobUrl);
                md.Append(Invariant($"| {Markdown.Cell(note.Level)} | {Markdown.Code(note.Code, inTable: true)} | {where} | {Markdown.Cell(note.Message)} |\n"));
            }

            md.Append('\n');
        }

        if (context.AnnotationsDropped > 0)
        {
            md.Append(Invariant($"> [!NOTE]\n> {Plural(context.AnnotationsDropped, "annotation")} not shown: GitHub shows at most {WorkflowCommands.PerLevelLimit} annotations per level per step. The most severe were kept.\n\n"));
        }

        foreach (var note in context.Notes)
        {
            md.Append("> [!NOTE]\n> ").Append(Markdown.Text(note).Replace("\n", "\n> ", StringComparison.Ordinal)).Append("\n\n");
        }

        return md.ToString();
    }

    /// <summary>
    /// A markdown list with one line per app: each of its findings as rule, severity, location
    /// (with the copies of the app in other folders) and message. At most <see cref="MaxRows"/> lines.
    /// </summary>
    internal static string PerAppLines(IReadOnlyList<Finding> findings, string? blobUrl)
    {
        var md = new StringBuilder();
        var apps = FindingCopies.Group(findings).GroupBy(g => (g.First.AppKind, g.First.AppName)).ToList();
        foreach (var app in apps.Take(MaxRows))
        {
            md.Append("- ").Append(Markdown.Code(app.Key.AppName)).Append(": ");
            var parts = app.Select(g => Invariant($"{Markdown.Code(g.First.RuleId)} ({SeverityText.Name(g.First.Severity)}, {Location(g.First.File, g.First.Line, blobUrl)}{CopiesCell(g, blobUrl)}) {Markdown.Text(OneLine(g.First.Message))}"));
            md.Append(string.Join(" · ", parts)).Append('\n');
        }

        if (apps.Count > MaxRows)
        {
            md.Append(Invariant($"- … and {apps.Count - MaxRows} more apps; the SARIF file lists them all.\n"));
        }

        return md.ToString();
    }

    /// <summary>" (also in 2 other copies)" after a location, or nothing.</summary>
    internal static string CopiesCell(FindingCopyGroup group, string? blobUrl) =>
        group.Others.IsEmpty ? "" : " (" + group.AlsoIn + ": " + string.Join(", ", group.Others.Select(o => Location(o.File, o.Line, blobUrl))) + ")";

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>A location cell: a link to the line when the blob URL is known, else a code span.</summary>
    internal static string Location(string file, int line, string? blobUrl)
    {
        var label = line > 0 ? Invariant($"{file}:{line}") : file;
        if (blobUrl is null)
        {
            return Markdown.Code(label, inTable: true);
        }

        var anchor = line > 0 ? Invariant($"#L{line}") : "";
        return Invariant($"[{Markdown.Code(label, inTable: true)}]({blobUrl}/{UrlPath(file)}{anchor})");
    }

    /// <summary>Percent-encodes each path segment for a URL, keeping the slashes.</summary>
    internal static string UrlPath(string file) =>
        string.Join('/', file.Split('/').Select(Uri.EscapeDataString));

    private static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
