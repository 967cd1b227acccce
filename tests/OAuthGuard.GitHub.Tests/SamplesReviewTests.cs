// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using OAuthGuard.Engines;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Tests.Fakes;
using OAuthGuard.Repository;
using OAuthGuard.Scanning;
using Xunit.Abstractions;

namespace OAuthGuard.GitHub.Tests;

/// <summary>
/// The review the action posts on the loopback GitHub for a pull request that adds every file of
/// samples/ with a finding (so every finding is on a line of the diff): the real scan (metadata
/// reader, embedded engine, bundled policies) and the action's default inputs. Quiet reviews mean
/// no note-level inline comment; the counts per severity go to the test output.
/// </summary>
public sealed class SamplesReviewTests(ITestOutputHelper output)
{
    private static string Samples([CallerFilePath] string caller = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(caller) ?? ".", "..", "..", "samples"));

    private static string AddedPatch(string path)
    {
        var lines = File.ReadAllLines(path);
        var patch = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"@@ -0,0 +1,{lines.Length} @@"));
        foreach (var line in lines)
        {
            patch.Append("\n+").Append(line);
        }

        return patch.ToString();
    }

    [Fact]
    public async Task The_samples_review_has_no_note_level_inline_comment()
    {
        var scanner = new Scanner(new ScannerOptions
        {
            Reader = new SalesforceRepositoryReader(),
            Engines = new Dictionary<string, Func<IPolicyEngine>> { ["embedded"] = () => new EmbeddedEngine() },
        });
        var result = await scanner.ScanAsync(new ScanRequest(Samples()));
        Assert.Contains(result.Findings, f => f.Severity == Severity.Note && !f.IsSuppressed);

        await using var github = new FakeGitHub();
        foreach (var file in result.Findings.Select(f => f.File).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            github.Files.Add((file, "added", AddedPatch(Path.Combine(Samples(), file))));
        }

        using var action = new ActionHarness(github);
        var run = await action.RunAsync(result);
        Assert.Equal(1, run.ExitCode);

        var labels = github.Comments.Select(c => c.Body[2..c.Body.IndexOf("**", 2, StringComparison.Ordinal)]).ToList();
        var counts = labels.GroupBy(l => l).Select(g => $"{g.Key} {g.Count()}");
        output.WriteLine("inline comments by severity: " + string.Join(", ", counts));
        Assert.NotEmpty(labels);
        Assert.DoesNotContain("Note", labels);
        var review = Assert.Single(github.Reviews);
        Assert.Contains("Below `low`, not commented inline (one line per app):", review.Body, StringComparison.Ordinal);
    }
}
