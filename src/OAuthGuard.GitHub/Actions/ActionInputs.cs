// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Globalization;
using OAuthGuard.Findings;

namespace OAuthGuard.GitHub.Actions;

/// <summary>Which comments the review carries.</summary>
public enum CommentMode
{
    /// <summary>One review with inline comments on changed lines and the rest in its body.</summary>
    Review,

    /// <summary>One review whose body lists the findings; no inline comments.</summary>
    Summary,

    /// <summary>Nothing is posted on the pull request.</summary>
    Off,
}

/// <summary>Which findings the review reports (reviewdog's filter modes, same names).</summary>
public enum FilterMode
{
    /// <summary>Findings on lines the pull request adds.</summary>
    Added,

    /// <summary>Findings on any line GitHub shows in the diff (added or context).</summary>
    DiffContext,

    /// <summary>Findings in files the pull request changes.</summary>
    File,

    /// <summary>All findings.</summary>
    NoFilter,
}

/// <summary>
/// The action's inputs, read from the <c>INPUT_*</c> variables GitHub sets for a container action:
/// the input name upper-cased, spaces turned into underscores, hyphens kept (<c>INPUT_FAIL-ON</c>).
/// </summary>
internal sealed record ActionInputs
{
    /// <summary>The folder to scan, relative to the workspace.</summary>
    public string Path { get; init; } = ".";

    /// <summary>The configuration file, relative to the workspace; null for the scan's default.</summary>
    public string? Config { get; init; }

    /// <summary>Extra policy folders, relative to the workspace.</summary>
    public ImmutableArray<string> PolicyFolders { get; init; } = [];

    /// <summary><c>auto</c>, <c>embedded</c> or <c>opa</c>.</summary>
    public string Engine { get; init; } = "auto";

    /// <summary>
    /// The lowest severity that fails the step (<see cref="Severity.None"/> never fails); null leaves
    /// it to the configuration file's <c>fail-on</c>, else <c>high</c>.
    /// </summary>
    public Severity? FailOn { get; init; }

    /// <summary>Where the SARIF file is written, relative to the workspace.</summary>
    public string SarifFile { get; init; } = "oauthguard.sarif";

    /// <summary>What is posted on the pull request.</summary>
    public CommentMode CommentMode { get; init; } = CommentMode.Review;

    /// <summary>Which findings the review reports.</summary>
    public FilterMode FilterMode { get; init; } = FilterMode.DiffContext;

    /// <summary>Whether workflow annotations are written.</summary>
    public bool Annotations { get; init; } = true;

    /// <summary>
    /// The lowest severity that gets an inline review comment (<c>comment-min-severity</c>, default
    /// low); findings below it are listed in the review body, one line per app.
    /// </summary>
    public Severity CommentMinSeverity { get; init; } = Severity.Low;

    /// <summary>The most inline comments one review carries; the rest go to the review body.</summary>
    public int MaxComments { get; init; } = 20;

    /// <summary>Where the findings are also written as JSON for the fork-safe two-workflow pattern; null for none.</summary>
    public string? ResultsFile { get; init; }

    /// <summary>A results file from an earlier run to publish instead of scanning (the <c>workflow_run</c> half).</summary>
    public string? FromResults { get; init; }

    /// <summary>The token for the REST API; empty when none was given.</summary>
    public string Token { get; init; } = "";

    /// <summary>Names of the inputs, as written in <c>action.yml</c>.</summary>
    internal static readonly ImmutableArray<string> Names =
    [
        "path", "config", "policy-folders", "engine", "fail-on", "sarif-file", "comment-mode",
        "filter-mode", "annotations", "max-comments", "comment-min-severity", "results-file", "from-results", "token",
    ];

    /// <summary>The environment variable GitHub sets for an input.</summary>
    internal static string VariableName(string input) =>
        "INPUT_" + input.Replace(' ', '_').ToUpperInvariant();

    /// <summary>
    /// Reads every input. Each bad value yields one message naming the input and the accepted
    /// values; parsing goes on so the user sees every mistake at once.
    /// </summary>
    public static ActionInputs Parse(Func<string, string?> getVariable, out ImmutableArray<string> errors)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var problems = ImmutableArray.CreateBuilder<string>();
        string? Read(string name)
        {
            var value = getVariable(VariableName(name))?.Trim();
            return string.IsNullOrEmpty(value) ? null : value;
        }

        var defaults = new ActionInputs();
        var inputs = new ActionInputs
        {
            Path = Read("path") ?? defaults.Path,
            Config = Read("config"),
            PolicyFolders = SplitList(Read("policy-folders")),
            Engine = Choice(Read("engine"), "engine", ["auto", "embedded", "opa"], defaults.Engine, problems),
            FailOn = ParseFailOn(Read("fail-on"), problems),
            SarifFile = Read("sarif-file") ?? defaults.SarifFile,
            CommentMode = Choice(Read("comment-mode"), "comment-mode", ["review", "summary", "off"], "review", problems) switch
            {
                "summary" => CommentMode.Summary,
                "off" => CommentMode.Off,
                _ => CommentMode.Review,
            },
            FilterMode = Choice(Read("filter-mode"), "filter-mode", ["added", "diff_context", "file", "nofilter"], "diff_context", problems) switch
            {
                "added" => FilterMode.Added,
                "file" => FilterMode.File,
                "nofilter" => FilterMode.NoFilter,
                _ => FilterMode.DiffContext,
            },
            Annotations = ParseBoolean(Read("annotations"), "annotations", defaults.Annotations, problems),
            MaxComments = ParseCount(Read("max-comments"), "max-comments", defaults.MaxComments, problems),
            CommentMinSeverity = ParseSeverity(Read("comment-min-severity"), "comment-min-severity", problems) ?? defaults.CommentMinSeverity,
            ResultsFile = Read("results-file"),
            FromResults = Read("from-results"),
            Token = Read("token") ?? "",
        };
        errors = problems.ToImmutable();
        return inputs;
    }

    /// <summary>Splits a list given one per line or separated by commas, dropping blanks.</summary>
    internal static ImmutableArray<string> SplitList(string? value) =>
        value is null
            ? []
            : [.. value.Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static string Choice(string? value, string name, string[] allowed, string fallback, ImmutableArray<string>.Builder problems)
    {
        if (value is null)
        {
            return fallback;
        }

        var lower = value.ToLowerInvariant();
        if (Array.IndexOf(allowed, lower) >= 0)
        {
            return lower;
        }

        problems.Add($"input '{name}': '{value}' is not one of {string.Join(", ", allowed)}");
        return fallback;
    }

    private static Severity? ParseFailOn(string? value, ImmutableArray<string>.Builder problems) => ParseSeverity(value, "fail-on", problems, allowNone: true);

    private static Severity? ParseSeverity(string? value, string name, ImmutableArray<string>.Builder problems, bool allowNone = false)
    {
        var choice = Choice(value, name, allowNone ? ["critical", "high", "medium", "low", "note", "none"] : ["critical", "high", "medium", "low", "note"], "", problems);
        return choice switch
        {
            "critical" => Severity.Critical,
            "high" => Severity.High,
            "medium" => Severity.Medium,
            "low" => Severity.Low,
            "note" => Severity.Note,
            "none" => Severity.None,
            _ => null,
        };
    }

    private static bool ParseBoolean(string? value, string name, bool fallback, ImmutableArray<string>.Builder problems)
    {
        // The YAML 1.2 core schema's spellings, which is what workflow authors type.
        switch (value?.ToLowerInvariant())
        {
            case null: return fallback;
            case "true": return true;
            case "false": return false;
            default:
                problems.Add($"input '{name}': '{value}' is not true or false");
                return fallback;
        }
    }

    private static int ParseCount(string? value, string name, int fallback, ImmutableArray<string>.Builder problems)
    {
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count <= 1000)
        {
            return count;
        }

        problems.Add($"input '{name}': '{value}' is not a whole number from 0 to 1000");
        return fallback;
    }
}
