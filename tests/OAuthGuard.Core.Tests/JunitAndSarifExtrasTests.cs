using System.Collections.Immutable;
using System.Xml.Linq;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Findings;
using OAuthGuard.Reporters;

namespace OAuthGuard.Core.Tests;

/// <summary>The JUnit reporter on hand-made results, and SARIF with snippets and provenance against the official schema.</summary>
public sealed class JunitAndSarifExtrasTests
{
    private const string File1 = "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml";

    private static RuleDescriptor Rule(string id, params string[] appliesTo) =>
        new(id, "Rule" + id, "Title " + id, "Description.", Severity.High, 8.0, "Fix it.", "Help.", [], "oauthguard.rules." + id, [.. appliesTo]);

    private static Finding Finding(string rule, string app, Severity severity, string message, Suppression? suppression = null) =>
        new(rule, severity, app, "connectedApp", File1, 9, 9, "oauthConfig/isConsumerSecretOptional", message, [], [], rule + app + severity, suppression);

    private static ScanResult Result(Severity failOn, params Finding[] findings) =>
        new([Rule("SFOAUTH001", "connectedApp"), Rule("SFOAUTH004", "externalClientApp")], [.. findings], [], "embedded test", 3, 3)
        {
            FailOn = failOn,
            Apps = [new ScannedApp("Billing", "connectedApp"), new ScannedApp("Payroll", "connectedApp"), new ScannedApp("Hub", "externalClientApp")],
        };

    [Fact]
    public void Rules_judge_only_the_app_kinds_they_apply_to_and_severity_decides_failure()
    {
        var result = Result(Severity.High,
            Finding("SFOAUTH001", "Billing", Severity.Critical, "Secret optional."),
            Finding("SFOAUTH001", "Billing", Severity.Note, "Also a note."),
            Finding("SFOAUTH001", "Payroll", Severity.Medium, "Below the threshold."));

        var doc = XDocument.Parse(JunitReporter.Render(result, ReportOptions.Default));

        var s1 = doc.Root!.Elements("testsuite").First();
        Assert.Equal(["Billing", "Payroll"], s1.Elements("testcase").Select(c => (string)c.Attribute("name")!));
        Assert.Equal("1", (string?)s1.Attribute("failures"));
        var billing = s1.Elements("testcase").First();
        Assert.Equal($"{File1}:9: critical: Secret optional.", Assert.Single(billing.Elements("failure")).Value);
        Assert.Contains("note: Also a note.", billing.Element("system-out")!.Value, StringComparison.Ordinal);
        Assert.Null(s1.Elements("testcase").Last().Element("failure"));
        var s4 = doc.Root.Elements("testsuite").Last();
        Assert.Equal(["Hub"], s4.Elements("testcase").Select(c => (string)c.Attribute("name")!));
    }

    [Fact]
    public void Suppressed_findings_are_skipped_unless_another_finding_fails()
    {
        var suppressed = new Suppression("external", "Accepted until the migration (SEC-1).", null, ".oauthguard.yml:4");
        var result = Result(Severity.High,
            Finding("SFOAUTH001", "Billing", Severity.Critical, "Suppressed one.", suppressed),
            Finding("SFOAUTH001", "Payroll", Severity.Critical, "Suppressed.", suppressed),
            Finding("SFOAUTH001", "Payroll", Severity.High, "Not suppressed."));

        var cases = XDocument.Parse(JunitReporter.Render(result, ReportOptions.Default)).Descendants("testcase").ToList();

        Assert.Equal("suppressed: Accepted until the migration (SEC-1).", (string?)cases[0].Element("skipped")!.Attribute("message"));
        Assert.Null(cases[1].Element("skipped"));
        Assert.Single(cases[1].Elements("failure"));
    }

    [Fact]
    public void Control_characters_from_metadata_do_not_break_the_xml()
    {
        var result = Result(Severity.High, Finding("SFOAUTH001", "Bill\u0001ing", Severity.Critical, "Bad \u0000 text \uD83D\uDE00 and \uD800 alone."));

        var xml = JunitReporter.Render(result, ReportOptions.Default);

        var failure = XDocument.Parse(xml).Descendants("failure").Single();
        Assert.Contains("Bad \uFFFD text \uD83D\uDE00 and \uFFFD alone.", failure.Value, StringComparison.Ordinal);
    }

    [SarifSchemaFact]
    public void Sarif_with_snippets_and_provenance_validates_against_the_official_schema()
    {
        var result = Result(Severity.High, Finding("SFOAUTH001", "Billing", Severity.Critical, "Secret optional."));
        var lines = string.Join("\n", Enumerable.Range(1, 12).Select(i => i == 9 ? "        <isConsumerSecretOptional>true</isConsumerSecretOptional>" : $"<!-- line {i} -->"));
        var options = ReportOptions.Default with
        {
            Sources = SourceLines.FromTexts(new Dictionary<string, string> { [File1] = lines }),
            VersionControl = new VersionControlDetails("https://github.com/octo-org/app", "0123456789abcdef0123456789abcdef01234567", "main"),
        };

        var sarif = SarifReporter.Render(result, options);

        SarifSchema.AssertValid(sarif);
        Assert.Contains("\"text\": \"<isConsumerSecretOptional>true</isConsumerSecretOptional>\"", sarif, StringComparison.Ordinal);
        Assert.Contains("\"text\": \"<!-- line 8 -->\\n        <isConsumerSecretOptional>true</isConsumerSecretOptional>\\n<!-- line 10 -->\\n\"", sarif, StringComparison.Ordinal);
        Assert.Contains("\"repositoryUri\": \"https://github.com/octo-org/app\"", sarif, StringComparison.Ordinal);
    }

    [Fact]
    public void Minified_lines_are_not_quoted()
    {
        var result = Result(Severity.High, Finding("SFOAUTH001", "Billing", Severity.Critical, "Secret optional."));
        var text = string.Join("\n", Enumerable.Range(1, 10).Select(i => i == 8 ? new string('x', 5000) : i == 9 ? "<isConsumerSecretOptional>true</isConsumerSecretOptional>" : "<a/>"));
        var options = ReportOptions.Default with { Sources = SourceLines.FromTexts(new Dictionary<string, string> { [File1] = text }) };

        var sarif = System.Text.Json.Nodes.JsonNode.Parse(SarifReporter.Render(result, options))!;
        var location = sarif["runs"]![0]!["results"]![0]!["locations"]![0]!["physicalLocation"]!;

        Assert.Equal(9, location["contextRegion"]!["startLine"]!.GetValue<int>());
        Assert.Equal(10, location["contextRegion"]!["endLine"]!.GetValue<int>());
        Assert.DoesNotContain("xxxx", sarif.ToJsonString(), StringComparison.Ordinal);
        var minified = Result(Severity.High, Finding("SFOAUTH001", "Billing", Severity.Critical, "Secret optional."));
        var oneLine = ReportOptions.Default with { Sources = SourceLines.FromTexts(new Dictionary<string, string> { [File1] = string.Join("\n", Enumerable.Repeat("<a/>", 8)) + "\n" + new string('y', 3000) }) };
        Assert.DoesNotContain("snippet", SarifReporter.Render(minified, oneLine), StringComparison.Ordinal);
    }

    [Fact]
    public void Source_lines_stay_inside_the_root()
    {
        using var repo = new TempRepo();
        repo.Write("inside.xml", "a\nb\n");
        var outside = Path.Combine(Path.GetTempPath(), "oauthguard-tests", "outside-" + Guid.NewGuid().ToString("N") + ".xml");
        File.WriteAllText(outside, "secret\n");
        try
        {
            var sources = SourceLines.FromDirectory(repo.Root);
            Assert.Equal("b", sources.Line("inside.xml", 2));
            Assert.Null(sources.Line("inside.xml", 4));
            Assert.Null(sources.Line("../" + Path.GetFileName(outside), 1));
            Assert.Null(sources.Line(outside, 1));
        }
        finally
        {
            File.Delete(outside);
        }
    }
}
