// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Globalization;
using System.Text;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;

namespace OAuthGuard.GitHub.Review;

/// <summary>
/// The markdown OAuthGuard posts on a pull request. Rule text (title, remediation) comes from the
/// policies' METADATA and is rendered as markdown; text that can carry values from scanned files
/// (messages, app names, paths) is escaped.
/// </summary>
internal static class ReviewText
{
    /// <summary>The body of one inline comment, ending with its fingerprint marker.</summary>
    public static string InlineComment(Finding finding, RuleDescriptor? rule, FindingCopyGroup? copies = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var md = new StringBuilder();
        md.Append("**").Append(SeverityText.Label(finding.Severity)).Append("** · ")
            .Append(Markdown.Code(finding.RuleId));
        if (rule is not null)
        {
            md.Append(" · ").Append(rule.Title);
        }

        md.Append("\n\n").Append(Markdown.Text(finding.Message)).Append("\n\n");
        if (copies is { Others.IsEmpty: false })
        {
            var others = copies.All.Where(f => f.Fingerprint != finding.Fingerprint)
                .Select(f => Markdown.Code(Invariant($"{f.File}:{f.Line}")));
            md.Append("The app is ").Append(copies.AlsoIn).Append(": ").Append(string.Join(", ", others)).Append(".\n\n");
        }

        if (!string.IsNullOrWhiteSpace(rule?.Remediation))
        {
            md.Append("**Fix:** ").Append(rule.Remediation).Append("\n\n");
        }

        md.Append("<sub>App ").Append(Markdown.Code(finding.AppName))
            .Append(" · element ").Append(Markdown.Code(finding.ElementPath));
        if (rule is not null && !rule.Links.IsDefaultOrEmpty)
        {
            md.Append(" · [").Append(Markdown.Text(rule.Links[0].Description ?? "documentation")).Append("](").Append(rule.Links[0].Url).Append(')');
        }

        md.Append("</sub>\n\n").Append(CommentMarker.ForFingerprint(finding.Fingerprint));
        return md.ToString();
    }

    /// <summary>What a comment becomes when its finding is gone but someone replied, so the thread stays readable.</summary>
    public static string ResolvedComment(string fingerprint, string? headSha)
    {
        var at = headSha is { Length: >= 7 } ? " as of " + headSha[..7] : "";
        return "**Resolved**" + at + ": OAuthGuard no longer reports this finding. The thread is kept because it has replies.\n\n"
            + CommentMarker.ForFingerprint(fingerprint, resolved: true);
    }

    /// <summary>The body of an earlier review once a newer one replaces it.</summary>
    public static string SupersededReview =>
        "This OAuthGuard review is out of date: a later run posted a newer review.\n\n" + CommentMarker.SupersededReview;

    /// <summary>
    /// The review body: a headline, the findings that are not commented inline, and how many
    /// findings lie outside the pull request's changes.
    /// </summary>
    public static string ReviewBody(ReviewBodyContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var md = new StringBuilder();
        var reported = content.InlineCount + content.CopiesCommented + content.BodyFindings.Count;
        md.Append("### OAuthGuard\n\n");
        if (reported == 0)
        {
            md.Append("No findings in the changes of this pull request.");
        }
        else
        {
            md.Append(Invariant($"{Count(reported, "finding")} reported for this pull request"));
            var bySeverity = content.BodyFindings.Select(f => f.Severity).Concat(content.InlineSeverities).Concat(content.CopySeverities)
                .GroupBy(s => s).OrderByDescending(g => g.Key)
                .Select(g => Invariant($"{g.Count()} {SeverityText.Name(g.Key)}"));
            md.Append(" (").Append(string.Join(", ", bySeverity)).Append(").");
            if (content.InlineCount > 0)
            {
                md.Append(Invariant($" {Count(content.InlineCount, "is", "are")} commented on the changed lines."));
            }
        }

        md.Append("\n\n");
        if (content.CopiesCommented > 0)
        {
            md.Append(Invariant($"{Count(content.CopiesCommented, "more finding")} on copies of the same apps in other folders {(content.CopiesCommented == 1 ? "is" : "are")} named in those comments.\n\n"));
        }

        var listed = content.BodyFindings.Where(f => f.Severity >= content.MinSeverity).ToList();
        var quiet = content.BodyFindings.Where(f => f.Severity < content.MinSeverity).ToList();
        if (listed.Count > 0)
        {
            md.Append(content.InlineCount > 0 || content.InlineLimited ? "Not commented inline" : "Findings");
            md.Append(content.Reason is null ? ":" : " (" + content.Reason + "):");
            md.Append("\n\n| Severity | Rule | App | Location | Message |\n|---|---|---|---|---|\n");
            var groups = FindingCopies.Group(listed);
            foreach (var group in groups.Take(JobSummaryWriter.MaxRows))
            {
                var finding = group.First;
                content.Rules.TryGetValue(finding.RuleId, out var rule);
                var ruleCell = Markdown.Code(finding.RuleId, inTable: true) + (rule is null ? "" : " " + Markdown.Cell(rule.Title));
                var location = JobSummaryWriter.Location(finding.File, finding.Line, content.BlobUrl) + JobSummaryWriter.CopiesCell(group, content.BlobUrl);
                md.Append(Invariant($"| {SeverityText.Label(finding.Severity)} | {ruleCell} | {Markdown.Cell(finding.AppName)} | {location} | {Markdown.Cell(finding.Message)} |\n"));
            }

            if (groups.Length > JobSummaryWriter.MaxRows)
            {
                md.Append(Invariant($"\n{groups.Length - JobSummaryWriter.MaxRows} more are listed in the job summary and the SARIF file.\n"));
            }

            md.Append('\n');
        }

        if (quiet.Count > 0)
        {
            md.Append(Invariant($"Below `{SeverityText.Name(content.MinSeverity)}`, not commented inline (one line per app):\n\n"));
            md.Append(JobSummaryWriter.PerAppLines(quiet, content.BlobUrl));
            md.Append('\n');
        }

        if (content.OutsideCount > 0)
        {
            md.Append(Invariant($"{Count(content.OutsideCount, "other finding")} outside this pull request's changes {(content.OutsideCount == 1 ? "is" : "are")} listed in the job summary and in code scanning.\n\n"));
        }

        md.Append(CommentMarker.Review);
        return md.ToString();
    }

    private static string Count(int n, string noun) => Invariant($"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string Count(int n, string one, string many) => Invariant($"{n} {(n == 1 ? one : many)}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What the review body is made of.</summary>
/// <param name="InlineSeverities">Severities of the findings commented inline.</param>
/// <param name="BodyFindings">Findings listed in the body, most severe first.</param>
/// <param name="InlineLimited">True when the inline limit pushed findings into the body.</param>
/// <param name="Reason">Why the body findings are not inline, or null.</param>
/// <param name="OutsideCount">Findings the filter mode leaves out of the review.</param>
/// <param name="Rules">Rules by id, for titles.</param>
/// <param name="BlobUrl">Base for links to files at the head commit, or null.</param>
internal sealed record ReviewBodyContent(
    IReadOnlyList<Severity> InlineSeverities,
    IReadOnlyList<Finding> BodyFindings,
    bool InlineLimited,
    string? Reason,
    int OutsideCount,
    IReadOnlyDictionary<string, RuleDescriptor> Rules,
    string? BlobUrl)
{
    /// <summary>How many findings are commented inline.</summary>
    public int InlineCount => InlineSeverities.Count;

    /// <summary>The <c>comment-min-severity</c> threshold: body findings below it are listed one line per app.</summary>
    public Severity MinSeverity { get; init; } = Severity.None;

    /// <summary>Severities of the findings on copies of an app that an inline comment on another copy covers.</summary>
    public IReadOnlyList<Severity> CopySeverities { get; init; } = [];

    /// <summary>How many findings on copies the inline comments cover.</summary>
    public int CopiesCommented => CopySeverities.Count;
}
