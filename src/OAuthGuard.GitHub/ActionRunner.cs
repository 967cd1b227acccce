// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using OAuthGuard.Baselines;
using OAuthGuard.Files;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;
using OAuthGuard.GitHub.Api;
using OAuthGuard.GitHub.Review;
using OAuthGuard.Scanning;

namespace OAuthGuard.GitHub;

/// <summary>What the runner may replace for tests; everything defaults to the real thing.</summary>
internal sealed record ActionRunnerOptions
{
    /// <summary>The HTTP client for the REST API; a new one is made (and disposed) when null.</summary>
    public HttpClient? Http { get; init; }

    /// <summary>Waits between retries; tests record instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task>? Delay { get; init; }

    /// <summary>The delimiter source for multi-line outputs.</summary>
    public Func<string>? NewDelimiter { get; init; }

    /// <summary>Where relative paths go when <c>GITHUB_WORKSPACE</c> is unset.</summary>
    public string WorkingDirectory { get; init; } = Environment.CurrentDirectory;
}

/// <summary>
/// The container action from start to end: read the inputs and GitHub's variables, scan (or load
/// the results of an earlier run), write SARIF, annotations, outputs and the job summary, and
/// publish the pull-request review. The scan and the SARIF rendering come in as functions, so this
/// class knows nothing about engines. Exit code: 0 below the fail-on threshold, 1 at or above it,
/// 2 for bad inputs or a scan that could not run; problems with GitHub's API never change it.
/// </summary>
internal sealed class ActionRunner
{
    private readonly Func<ScanRequest, CancellationToken, Task<ScanResult>> _scan;
    private readonly Func<ScanResult, string> _sarif;
    private readonly TextWriter _out;
    private readonly ActionRunnerOptions _options;

    /// <summary>Creates the runner; all output goes to <paramref name="stdout"/>, where the runner reads workflow commands.</summary>
    public ActionRunner(Func<ScanRequest, CancellationToken, Task<ScanResult>> scan, Func<ScanResult, string> sarif, TextWriter stdout, ActionRunnerOptions? options = null)
    {
        _scan = scan;
        _sarif = sarif;
        _out = stdout;
        _options = options ?? new ActionRunnerOptions();
    }

    /// <summary>Runs the action with variables read through <paramref name="getVariable"/>.</summary>
    public async Task<int> RunAsync(Func<string, string?> getVariable, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var inputs = ActionInputs.Parse(getVariable, out var inputErrors);
        if (!inputErrors.IsEmpty)
        {
            foreach (var error in inputErrors)
            {
                _out.WriteLine(WorkflowCommands.Command("error", null, null, null, "OAuthGuard input", error));
            }

            return 2;
        }

        var github = ActionEnvironment.Read(getVariable);
        var workspace = github.Workspace ?? _options.WorkingDirectory;

        // Output files go inside the workspace and never through a symbolic link; checked before anything runs.
        if (!TryResolveOutput(workspace, inputs.SarifFile, "sarif-file", out var sarifPath))
        {
            return 2;
        }

        string? resultsPath = null;
        if (inputs.ResultsFile is { } resultsFile && !TryResolveOutput(workspace, resultsFile, "results-file", out resultsPath))
        {
            return 2;
        }

        var notes = ImmutableArray.CreateBuilder<string>();
        var exit = 0;

        var gitHubEvent = GitHubEvent.Parse(github.EventName, ReadEvent(github.EventPath, notes), out var eventProblem);
        if (eventProblem is not null)
        {
            notes.Add("GITHUB_EVENT_PATH: " + eventProblem);
        }

        // 1. The result: a fresh scan, or the hand-over file of the fork-safe pattern.
        ScanResult result;
        PullRequestTarget? target = null;
        var repository = github.Repository;
        if (inputs.FromResults is { } fromResults)
        {
            var loaded = LoadResults(Resolve(workspace, fromResults), gitHubEvent, github, notes);
            if (loaded is null)
            {
                return 2;
            }

            (result, target) = loaded.Value;
        }
        else
        {
            var comparison = await ReadBaseAsync(inputs, github, gitHubEvent, workspace, notes, ct).ConfigureAwait(false);
            var request = new ScanRequest(
                Resolve(workspace, inputs.Path),
                inputs.Config is null ? null : Resolve(workspace, inputs.Config),
                [.. inputs.PolicyFolders.Select(p => Resolve(workspace, p))],
                inputs.Engine,
                inputs.FailOn)
            {
                WorkingDirectory = workspace,
                Base = comparison,
                FailOnScope = inputs.FailOnScope,
            };
            try
            {
                result = await _scan(request, ct).ConfigureAwait(false);
            }
            catch (ScanSetupException e)
            {
                foreach (var error in e.Errors)
                {
                    _out.WriteLine(WorkflowCommands.Command("error", RelativeToWorkspace(workspace, error.File), error.Line, error.Column, "OAuthGuard: " + error.Code, error.Message));
                }

                return 2;
            }
#pragma warning disable CA1031 // The action's outermost boundary: any scan failure becomes one error line and exit code 2, never a stack trace.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                _out.WriteLine(WorkflowCommands.Command("error", null, null, null, "OAuthGuard", "the scan could not run: " + e.Message));
                return 2;
            }

            switch (WorkspacePaths.Prefix(workspace, request.Path))
            {
                case { } prefix:
                    result = WorkspacePaths.Rebase(result, prefix);
                    break;
                default:
                    notes.Add("The scanned folder is outside GITHUB_WORKSPACE, so file paths cannot be matched to the repository; annotations and review comments may not attach to files.");
                    break;
            }

            if (gitHubEvent.PullRequestNumber is { } number && gitHubEvent.HeadSha is { } sha && repository is not null)
            {
                target = new PullRequestTarget(gitHubEvent.BaseRepository ?? repository, number, sha);
            }
        }

        if (inputs.FailOn is { } failOn)
        {
            result = result with { FailOn = failOn };
        }

        if (inputs.FailOnScope is { } scope)
        {
            result = result with { FailOnScope = scope };
        }

        // 2. Files for other steps: SARIF for upload-sarif, and the hand-over file when asked.
        if (!TryWrite(sarifPath, _sarif(result), "sarif-file"))
        {
            exit = 2;
        }

        if (resultsPath is not null)
        {
            var handOver = new ResultsFile(ResultsFile.CurrentFormat, target?.Number, target?.HeadSha ?? github.Sha, result);
            if (!TryWrite(resultsPath, handOver.ToJson(), "results-file"))
            {
                exit = 2;
            }
        }

        // 3. Annotations, most severe first, cut where GitHub cuts.
        var dropped = 0;
        if (inputs.Annotations)
        {
            var annotations = WorkflowCommands.Annotations(result);
            foreach (var line in annotations.Lines)
            {
                _out.WriteLine(line);
            }

            dropped = annotations.Dropped;
        }

        // 4. The review.
        if (inputs.CommentMode == CommentMode.Off)
        {
            _out.WriteLine("OAuthGuard: comment-mode is off; nothing is posted on the pull request.");
        }
        else if (target is null)
        {
            var why = inputs.FromResults is not null
                ? "the results file cannot be matched to a pull request (see the job summary)"
                : github.EventName is null
                    ? "not running in GitHub Actions"
                    : "the '" + github.EventName + "' event has no pull request";
            _out.WriteLine("OAuthGuard: no pull request review: " + why + ".");
        }
        else if (inputs.Token.Length == 0)
        {
            notes.Add("No pull request review was posted: the token input is empty.");
        }
        else
        {
            var outcome = await PublishAsync(inputs, github, target, result, ct).ConfigureAwait(false);
            _out.WriteLine("OAuthGuard: " + outcome.Message);
            if (!outcome.Posted)
            {
                _out.WriteLine(WorkflowCommands.Command("warning", null, null, null, "OAuthGuard review", outcome.Message));
                notes.Add(outcome.Message);
            }
        }

        // 5. Outputs and summary.
        var outputs = OutputsWriter.Outputs(result, inputs.SarifFile);
        if (github.OutputFile is { } outputFile)
        {
            TryAppend(outputFile, new OutputsWriter(_options.NewDelimiter).Format(outputs), "GITHUB_OUTPUT");
        }

        if (github.SummaryFile is { } summaryFile)
        {
            var blobUrl = repository is not null && (target?.HeadSha ?? github.Sha) is { } sha
                ? github.ServerUrl + "/" + repository + "/blob/" + sha
                : null;
            var summary = JobSummaryWriter.Write(result, new SummaryContext(result.FailOn, blobUrl, dropped, notes.ToImmutable()));
            TryAppend(summaryFile, summary, "GITHUB_STEP_SUMMARY");
        }
        else
        {
            foreach (var note in notes)
            {
                _out.WriteLine("OAuthGuard: " + note);
            }
        }

        var failing = result.Failing.Count();
        _out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"OAuthGuard: {result.Findings.Count(f => !f.IsSuppressed)} finding(s), {failing} at or above fail-on '{SeverityText.Name(result.FailOn)}'."));
        return exit != 0 ? exit : result.ExitCode;
    }

    /// <summary>
    /// The base of a pull request or push, read through the API. Any failure is said once (a warning and a
    /// note in the summary) and the scan then judges every finding, as without a base.
    /// </summary>
    private async Task<ComparisonBase?> ReadBaseAsync(ActionInputs inputs, ActionEnvironment github, GitHubEvent gitHubEvent, string workspace, ImmutableArray<string>.Builder notes, CancellationToken ct)
    {
        if (gitHubEvent.BaseSha is null || github.Repository is null || (gitHubEvent.PullRequestNumber is null && !gitHubEvent.BaseIsPushBefore))
        {
            return null;
        }

        string? problem = null;
        if (inputs.Token.Length == 0)
        {
            problem = "the token input is empty";
        }
        else
        {
            var ownsHttp = _options.Http is null;
            var http = _options.Http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
            try
            {
                var client = new GitHubClient(http, new Uri(github.ApiUrl), inputs.Token, GitHubClientOptions.Default with { Delay = _options.Delay ?? GitHubClientOptions.Default.Delay });
                var repository = gitHubEvent.BaseIsPushBefore ? github.Repository : gitHubEvent.BaseRepository ?? github.Repository;
                return await ApiBaseReader.ReadAsync(client, repository, gitHubEvent, github.Sha, workspace, ct).ConfigureAwait(false);
            }
            catch (GitHubApiException e)
            {
                problem = e.Message;
            }
            catch (HttpRequestException e)
            {
                problem = "GitHub's API could not be reached (" + e.Message + ")";
            }
            finally
            {
                if (ownsHttp)
                {
                    http.Dispose();
                }
            }
        }

        var message = "The base commit could not be read through GitHub's API (" + problem + "), so every finding is judged, not only the ones this change introduced.";
        _out.WriteLine(WorkflowCommands.Command("warning", null, null, null, "OAuthGuard base", message));
        notes.Add(message);
        return null;
    }

    private async Task<ReviewOutcome> PublishAsync(ActionInputs inputs, ActionEnvironment github, PullRequestTarget target, ScanResult result, CancellationToken ct)
    {
        var ownsHttp = _options.Http is null;
        var http = _options.Http ?? new HttpClient { Timeout = TimeSpan.FromSeconds(100) };
        try
        {
            var clientOptions = GitHubClientOptions.Default with { Delay = _options.Delay ?? GitHubClientOptions.Default.Delay };
            var client = new GitHubClient(http, new Uri(github.ApiUrl), inputs.Token, clientOptions);
            if (inputs.FromResults is not null)
            {
                // The hand-over file is untrusted: only publish on the pull request whose head is the scanned commit.
                var pr = await client.GetPullRequestAsync(target.Repository, target.Number, ct).ConfigureAwait(false);
                if (!string.Equals(pr.Head?.Sha, target.HeadSha, StringComparison.OrdinalIgnoreCase))
                {
                    return new ReviewOutcome(false, string.Create(CultureInfo.InvariantCulture,
                        $"No review was posted: pull request #{target.Number} is now at another commit than the one scanned; the run for that commit publishes its own review."), null);
                }
            }

            var blobUrl = github.ServerUrl + "/" + target.Repository + "/blob/" + target.HeadSha;
            var options = new ReviewOptions(inputs.CommentMode, inputs.FilterMode, inputs.MaxComments, target.HeadSha, blobUrl, inputs.CommentMinSeverity);
            return await new ReviewPublisher(client, _out).PublishAsync(target, result, options, ct).ConfigureAwait(false);
        }
        catch (GitHubApiException e)
        {
            return new ReviewOutcome(false, "No review was posted: " + e.Message, null);
        }
        catch (HttpRequestException e)
        {
            return new ReviewOutcome(false, "No review was posted: GitHub's API could not be reached (" + e.Message + ").", null);
        }
        finally
        {
            if (ownsHttp)
            {
                http.Dispose();
            }
        }
    }

    /// <summary>Loads the hand-over file and checks it against the <c>workflow_run</c> event.</summary>
    private (ScanResult, PullRequestTarget?)? LoadResults(string path, GitHubEvent gitHubEvent, ActionEnvironment github, ImmutableArray<string>.Builder notes)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _out.WriteLine(WorkflowCommands.Command("error", null, null, null, "OAuthGuard input", $"from-results: cannot read {path}: {e.Message}"));
            return null;
        }

        var file = ResultsFile.Read(json, path, out var error);
        if (file is null)
        {
            _out.WriteLine(WorkflowCommands.Command("error", null, null, null, "OAuthGuard input", "from-results: " + error));
            return null;
        }

        // The file is untrusted: rule text comes from the bundled catalogue, or is escaped like scanned values.
        file = file.WithTrustedRuleText(BundledRules.ById);

        if (file.PullRequest is not { } number || file.HeadSha is not { } sha || github.Repository is null)
        {
            notes.Add("The results file names no pull request: the review is skipped.");
            return (file.Result, null);
        }

        if (gitHubEvent.HeadSha is { } eventSha && !string.Equals(eventSha, sha, StringComparison.OrdinalIgnoreCase))
        {
            notes.Add("The results file is for commit " + sha + " but the triggering run is for " + eventSha + ": the review is skipped.");
            return (file.Result, null);
        }

        return (file.Result, new PullRequestTarget(github.Repository, number, sha));
    }

    private static string? ReadEvent(string? path, ImmutableArray<string>.Builder notes)
    {
        if (path is null)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            notes.Add("GITHUB_EVENT_PATH (" + path + ") could not be read: " + e.Message);
            return null;
        }
    }

    private bool TryResolveOutput(string workspace, string path, string input, [NotNullWhen(true)] out string? full)
    {
        try
        {
            full = OutputPath.Resolve(workspace, path, confine: true);
            return true;
        }
        catch (OutputPathException e)
        {
            _out.WriteLine(WorkflowCommands.Command("error", null, null, null, "OAuthGuard input", input + ": " + e.Message));
            full = null;
            return false;
        }
    }

    private bool TryWrite(string path, string text, string input)
    {
        try
        {
            OutputPath.WriteAllText(path, text);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _out.WriteLine(WorkflowCommands.Command("error", null, null, null, "OAuthGuard input", $"{input}: cannot write {path}: {e.Message}"));
            return false;
        }
    }

    private void TryAppend(string path, string text, string variable)
    {
        try
        {
            OutputPath.AppendAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _out.WriteLine(WorkflowCommands.Command("warning", null, null, null, "OAuthGuard", $"{variable}: cannot append to {path}: {e.Message}"));
        }
    }

    private static string Resolve(string workspace, string path) => Path.GetFullPath(Path.Combine(workspace, path));

    /// <summary>Annotations need workspace-relative paths; setup errors may carry absolute ones.</summary>
    private static string? RelativeToWorkspace(string workspace, string? file)
    {
        if (file is null || !Path.IsPathRooted(file))
        {
            return file?.Replace('\\', '/');
        }

        var relative = Path.GetRelativePath(workspace, file);
        return relative.StartsWith("..", StringComparison.Ordinal) ? null : relative.Replace('\\', '/');
    }
}
