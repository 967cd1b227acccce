// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Findings;
using OAuthGuard.Scanning;

namespace OAuthGuard.GitHub.Tests.Fakes;

/// <summary>What one run of the action left behind.</summary>
public sealed record RunResult(int ExitCode, string Log, string Outputs, string Summary, string? Sarif);

/// <summary>
/// Runs <c>ActionRunner</c> in-process the way the container runs it: a workspace folder, the
/// GitHub variables, INPUT_* variables, an event file, and the API pointed at a <see cref="FakeGitHub"/>.
/// </summary>
public sealed class ActionHarness : IDisposable
{
    private readonly HttpClient _http = new();

    public ActionHarness(FakeGitHub? github = null, string eventName = "pull_request", string eventFixture = "pull_request.synchronize.json")
    {
        GitHub = github;
        Workspace = Directory.CreateTempSubdirectory("oauthguard-action-").FullName;
        Runner = Path.Combine(Workspace, "_runner");
        Directory.CreateDirectory(Runner);
        Env["GITHUB_ACTIONS"] = "true";
        Env["GITHUB_EVENT_NAME"] = eventName;
        Env["GITHUB_EVENT_PATH"] = Path.Combine(AppContext.BaseDirectory, "Fixtures", eventFixture);
        Env["GITHUB_REPOSITORY"] = "octo-org/salesforce-app";
        Env["GITHUB_WORKSPACE"] = Workspace;
        Env["GITHUB_API_URL"] = github?.BaseUrl ?? "http://127.0.0.1:9";
        Env["GITHUB_SERVER_URL"] = "https://github.com";
        Env["GITHUB_SHA"] = "fedcba9876543210fedcba9876543210fedcba98";
        Env["GITHUB_RUN_ID"] = "424242";
        Env["INPUT_TOKEN"] = "ghs_test_token";
    }

    public FakeGitHub? GitHub { get; }
    public string Workspace { get; }
    public string Runner { get; }
    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);
    public List<TimeSpan> Delays { get; } = [];
    public List<ScanRequest> ScanRequests { get; } = [];

    public async Task<RunResult> RunAsync(ScanResult result)
    {
        // Fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files per step, as the runner provides.
        var outputs = Path.Combine(Runner, "output-" + Guid.NewGuid().ToString("N"));
        var summary = Path.Combine(Runner, "summary-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(outputs, "");
        File.WriteAllText(summary, "");
        Env["GITHUB_OUTPUT"] = outputs;
        Env["GITHUB_STEP_SUMMARY"] = summary;
        var log = new StringWriter { NewLine = "\n" };
        var runner = new ActionRunner(
            (request, _) =>
            {
                ScanRequests.Add(request);
                return Task.FromResult(result);
            },
            r => "{\"version\":\"2.1.0\",\"files\":[" + string.Join(",", r.Findings.Select(f => "\"" + f.File + "\"")) + "]}",
            log,
            new ActionRunnerOptions
            {
                Http = _http,
                Delay = (wait, _) =>
                {
                    Delays.Add(wait);
                    return Task.CompletedTask;
                },
                NewDelimiter = () => "ghadelimiter_fixed",
                WorkingDirectory = Workspace,
            });
        var exit = await runner.RunAsync(name => Env.TryGetValue(name, out var v) ? v : null, CancellationToken.None);
        var sarifName = Env.TryGetValue("INPUT_SARIF-FILE", out var s) ? s : "oauthguard.sarif";
        var sarifPath = Path.Combine(Workspace, sarifName);
        return new RunResult(exit, log.ToString(), File.ReadAllText(outputs), File.ReadAllText(summary),
            File.Exists(sarifPath) ? File.ReadAllText(sarifPath) : null);
    }

    public void Dispose()
    {
        _http.Dispose();
        try
        {
            Directory.Delete(Workspace, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
