using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using OAuthGuard.Cli.Commands;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;
using OAuthGuard.GitHub.Review;
using OAuthGuard.Reporters;
using OAuthGuard.Scanning;
using Xunit.Abstractions;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// The pull-request review the action would post for samples/ if a pull request added every
/// sample file (every line is then on the diff): the real scan, the real review planner, the
/// action's defaults. Quiet reviews mean no note-level inline comment; the counts per severity
/// are written to the test output.
/// </summary>
public sealed class SamplesReviewTests(ITestOutputHelper output)
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static string RepoRoot([CallerFilePath] string caller = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller) ?? ".", "..", ".."));

    private static async Task<ScanResult> ScanSamples() =>
        await DefaultScanner.Create().ScanAsync(new ScanRequest(Path.Combine(RepoRoot(), "samples")));

    // A pull request that adds every file that has a finding: each of its lines is an added line.
    private static DiffMap AddedFiles(ScanResult result)
    {
        var files = result.Findings.Select(f => f.File).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(file =>
        {
            var lines = File.ReadAllLines(Path.Combine(RepoRoot(), "samples", file));
            var patch = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"@@ -0,0 +1,{lines.Length} @@\n"));
            foreach (var line in lines)
            {
                patch.Append('+').Append(line).Append('\n');
            }

            return (file, (string?)"added", (string?)patch.ToString().TrimEnd('\n'));
        });
        return DiffMap.Build(files);
    }

    [Fact]
    public async Task Samples_review_has_no_note_level_inline_comment()
    {
        var result = await ScanSamples();
        var inputs = ActionInputs.Parse(_ => null, out _);
        var plan = ReviewPlanner.Plan(result.Findings, result.Rules, AddedFiles(result), [], [],
            new ReviewOptions(inputs.CommentMode, inputs.FilterMode, inputs.MaxComments, Sha, null, inputs.CommentMinSeverity));
        var create = Assert.IsType<NewReview>(plan.Create);
        var bySeverity = create.Comments.Select(c => result.Findings.Single(f => f.Fingerprint == c.Fingerprint).Severity)
            .GroupBy(s => s).OrderByDescending(g => g.Key).Select(g => $"{g.Key.ToName()} {g.Count()}").ToList();
        output.WriteLine("inline comments by severity: " + string.Join(", ", bySeverity));
        output.WriteLine("listed in the review body: " + plan.BodyCount);

        Assert.DoesNotContain(create.Comments, c => result.Findings.Single(f => f.Fingerprint == c.Fingerprint).Severity == Severity.Note);
        Assert.NotEmpty(create.Comments);
        var notes = result.Findings.Count(f => !f.IsSuppressed && f.Severity == Severity.Note);
        Assert.True(notes > 0, "samples/ has note-level findings, so the test can tell quiet reviews from noisy ones");
        Assert.Contains("Below `low`, not commented inline (one line per app):", create.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_rule_gives_an_app_at_most_one_note()
    {
        var result = await ScanSamples();
        var twice = result.Findings.Where(f => f.Severity == Severity.Note)
            .GroupBy(f => (f.RuleId, f.AppKind, f.AppName, f.File)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(twice);
        Assert.Contains(result.Findings, f => f.Severity == Severity.Note);
    }

    [Fact]
    public async Task Samples_sarif_results_carry_a_security_severity_in_their_band()
    {
        var result = await ScanSamples();
        SarifBands.AssertEveryResultInBand(SarifReporter.Render(result, new ReportOptions("test")));
    }
}
