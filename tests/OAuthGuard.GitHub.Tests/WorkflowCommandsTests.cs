// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;

namespace OAuthGuard.GitHub.Tests;

public sealed class WorkflowCommandsTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("100%", "100%25")]
    [InlineData("a\r\nb", "a%0D%0Ab")]
    [InlineData("%0A literal", "%250A literal")]
    [InlineData("a:b,c", "a:b,c")]
    public void Message_escapes_percent_cr_lf_only(string input, string expected) =>
        Assert.Equal(expected, WorkflowCommands.EscapeData(input));

    [Theory]
    [InlineData("a:b,c", "a%3Ab%2Cc")]
    [InlineData("x%\ny", "x%25%0Ay")]
    [InlineData("SFOAUTH001 (critical): A, B", "SFOAUTH001 (critical)%3A A%2C B")]
    public void Property_escapes_colon_and_comma_too(string input, string expected) =>
        Assert.Equal(expected, WorkflowCommands.EscapeProperty(input));

    [Fact]
    public void Command_without_file_has_no_properties_and_line_needs_file()
    {
        Assert.Equal("::warning::hi", WorkflowCommands.Command("warning", null, 3, 4, null, "hi"));
        Assert.Equal("::error file=a%2Cb.xml,line=3,col=4,title=t::m", WorkflowCommands.Command("error", "a,b.xml", 3, 4, "t", "m"));
        Assert.Equal("::notice file=a.xml::m", WorkflowCommands.Command("notice", "a.xml", 0, 4, null, "m"));
    }

    [Fact]
    public void Annotations_match_golden_file()
    {
        var set = WorkflowCommands.Annotations(TestData.All);
        Assert.Equal(0, set.Dropped);
        Assert.Equal(6, set.Written); // five unsuppressed findings and one notification
        Golden.Verify("annotations.txt", string.Join("\n", set.Lines) + "\n");
    }

    [Fact]
    public void Caps_cut_the_least_severe_and_say_so()
    {
        // 12 high and 12 critical errors: the 10 error slots go to the criticals.
        var findings = Enumerable.Range(1, 12).SelectMany(i => new[]
        {
            TestData.Finding("SFOAUTH101", Severity.High, "H" + i, "h.xml", i, "p", "high " + i),
            TestData.Finding("SFOAUTH001", Severity.Critical, "C" + i, "z.xml", i, "p", "critical " + i),
        }).Append(TestData.Finding("SFOAUTH005", Severity.Medium, "M", "m.xml", 1, "p", "medium")).ToArray();
        var set = WorkflowCommands.Annotations(TestData.Result(findings) with { Notifications = [] });

        var errors = set.Lines.Where(l => l.StartsWith("::error", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, errors.Count);
        Assert.All(errors, l => Assert.Contains("(critical)", l));
        Assert.Single(set.Lines, l => l.StartsWith("::warning", StringComparison.Ordinal));
        Assert.Equal(14, set.Dropped);
        Assert.Equal(11, set.Written);
        Assert.StartsWith("OAuthGuard: 14 more annotation(s) not written", set.Lines[^1]);
        Assert.DoesNotContain("::", set.Lines[^1][..2]);
    }

    [Fact]
    public void With_a_base_new_findings_get_the_capped_slots_before_existing_ones()
    {
        // A two-year-old repository: 12 existing criticals, and a pull request that adds one high.
        var existing = Enumerable.Range(1, 12).Select(i =>
            TestData.Finding("SFOAUTH001", Severity.Critical, "Old" + i, "old.xml", i, "p", "old " + i) with { BaselineState = BaselineState.Unchanged });
        var added = TestData.Finding("SFOAUTH103", Severity.High, "New", "new.xml", 3, "p", "new") with { BaselineState = BaselineState.New };
        var set = WorkflowCommands.Annotations(TestData.Result([.. existing, added]) with { Notifications = [] });

        var errors = set.Lines.Where(l => l.StartsWith("::error", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, errors.Count);
        Assert.StartsWith("::error file=new.xml,line=3", errors[0], StringComparison.Ordinal);
        Assert.Contains("title=SFOAUTH103 (high)%3A", errors[0], StringComparison.Ordinal);
        Assert.All(errors.Skip(1), l => Assert.Contains("(critical%2C existing)%3A", l, StringComparison.Ordinal));
        Assert.Equal(3, set.Dropped);
    }

    [Fact]
    public void Suppressed_findings_are_not_annotated()
    {
        var set = WorkflowCommands.Annotations(TestData.Result(TestData.Suppressed) with { Notifications = [] });
        Assert.Empty(set.Lines);
    }
}
