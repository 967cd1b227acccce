// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;

namespace OAuthGuard.GitHub.Tests;

public sealed class OutputsAndInputsTests
{
    [Fact]
    public void Outputs_match_golden_file()
    {
        var writer = new OutputsWriter(() => "ghadelimiter_fixed");
        var text = writer.Format(OutputsWriter.Outputs(TestData.All, "reports/oauthguard.sarif"));
        Golden.Verify("outputs.txt", text);
    }

    [Fact]
    public void Multi_line_values_use_a_delimiter_that_is_not_in_the_value()
    {
        var delimiters = new Queue<string>(["EOF", "EOF", "ghadelimiter_2"]);
        var writer = new OutputsWriter(delimiters.Dequeue);
        var text = writer.Format([new("notes", "line one\nEOF\nline three")]);
        Assert.Equal("notes<<ghadelimiter_2\nline one\nEOF\nline three\nghadelimiter_2\n", text);
    }

    [Fact]
    public void Default_delimiter_is_random()
    {
        var writer = new OutputsWriter();
        var a = writer.Format([new("x", "1\n2")]);
        var b = writer.Format([new("x", "1\n2")]);
        Assert.NotEqual(a, b);
        Assert.StartsWith("x<<ghadelimiter_", a);
    }

    [Fact]
    public void Inputs_are_read_with_hyphens_kept()
    {
        var env = new Dictionary<string, string>
        {
            ["INPUT_PATH"] = "force-app",
            ["INPUT_FAIL-ON"] = "medium",
            ["INPUT_POLICY-FOLDERS"] = "policies/extra\n  policies/more , third",
            ["INPUT_COMMENT-MODE"] = "Summary",
            ["INPUT_FILTER-MODE"] = "added",
            ["INPUT_ANNOTATIONS"] = "false",
            ["INPUT_MAX-COMMENTS"] = "5",
            ["INPUT_SARIF-FILE"] = "out/x.sarif",
            ["INPUT_ENGINE"] = "opa",
            ["INPUT_COMMENT-MIN-SEVERITY"] = "High",
        };
        var inputs = ActionInputs.Parse(n => env.GetValueOrDefault(n), out var errors);
        Assert.Empty(errors);
        Assert.Equal("force-app", inputs.Path);
        Assert.Equal(Severity.Medium, inputs.FailOn);
        Assert.Equal(["policies/extra", "policies/more", "third"], inputs.PolicyFolders.ToArray());
        Assert.Equal(CommentMode.Summary, inputs.CommentMode);
        Assert.Equal(FilterMode.Added, inputs.FilterMode);
        Assert.False(inputs.Annotations);
        Assert.Equal(5, inputs.MaxComments);
        Assert.Equal("out/x.sarif", inputs.SarifFile);
        Assert.Equal("opa", inputs.Engine);
        Assert.Equal(Severity.High, inputs.CommentMinSeverity);
        Assert.Equal("INPUT_FAIL-ON", ActionInputs.VariableName("fail-on"));
    }

    [Fact]
    public void Defaults_apply_when_nothing_is_set()
    {
        var inputs = ActionInputs.Parse(_ => null, out var errors);
        Assert.Empty(errors);
        Assert.Equal(".", inputs.Path);
        Assert.Null(inputs.FailOn);
        Assert.Equal(CommentMode.Review, inputs.CommentMode);
        Assert.Equal(FilterMode.DiffContext, inputs.FilterMode);
        Assert.True(inputs.Annotations);
        Assert.Equal("auto", inputs.Engine);
        Assert.Equal(Severity.Low, inputs.CommentMinSeverity);
    }

    [Fact]
    public void Every_bad_input_is_named()
    {
        var env = new Dictionary<string, string>
        {
            ["INPUT_FAIL-ON"] = "severe",
            ["INPUT_ANNOTATIONS"] = "yes",
            ["INPUT_MAX-COMMENTS"] = "-1",
            ["INPUT_FILTER-MODE"] = "diff",
            ["INPUT_COMMENT-MIN-SEVERITY"] = "none",
        };
        ActionInputs.Parse(n => env.GetValueOrDefault(n), out var errors);
        Assert.Equal(5, errors.Length);
        Assert.Contains(errors, e => e.StartsWith("input 'comment-min-severity': 'none' is not one of critical, high, medium, low, note", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("input 'fail-on': 'severe' is not one of critical, high", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("input 'annotations'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("input 'max-comments'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("input 'filter-mode'", StringComparison.Ordinal));
    }

    [Fact]
    public void Action_yml_declares_exactly_the_inputs_the_action_reads()
    {
        var root = FindRepositoryRoot();
        var yaml = File.ReadAllText(Path.Combine(root, "action.yml"));
        var declared = System.Text.RegularExpressions.Regex.Matches(
                yaml.Split("\noutputs:")[0].Split("\ninputs:")[1], @"^  ([a-z][a-z-]*):\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value).Order().ToList();
        Assert.Equal(ActionInputs.Names.Order().ToList(), declared);
        foreach (var output in OutputsWriter.Outputs(TestData.All, "x").Select(o => o.Key))
        {
            Assert.Matches(@"(?m)^  " + output + @":\s*$", yaml.Split("\noutputs:")[1]);
        }
    }

    internal static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OAuthGuard.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
