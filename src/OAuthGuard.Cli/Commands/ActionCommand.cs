// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.CommandLine;
using OAuthGuard.Engines;
using OAuthGuard.Engines.Opa;
using OAuthGuard.GitHub;
using OAuthGuard.Reporters;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// <c>oauthguard action</c>: the container action's entry point. It takes no options: GitHub passes
/// the inputs as <c>INPUT_*</c> variables and the context as <c>GITHUB_*</c> variables (see
/// docs/github-action.md). Exit codes as for <c>scan</c>: 0, 1 at or above fail-on, 2 for bad inputs
/// or a scan that cannot run; a pull-request review that cannot be posted never changes it.
/// </summary>
internal static class ActionCommand
{
    private const string TokenVariable = "INPUT_TOKEN";

    public static Command Create(CliContext ctx) => Create(ctx, DefaultScanner.Create, DefaultScanner.Engines.Keys);

    internal static Command Create(CliContext ctx, Func<Scanner> scannerFactory, IEnumerable<string> engines)
    {
        var known = engines.ToHashSet(StringComparer.Ordinal);
        var command = new Command("action", "Run as the OAuthGuard GitHub Action (reads INPUT_* and GITHUB_* variables).");
        command.SetAction((_, ct) => CommandErrors.Guard(ctx, () =>
        {
            // NOTE: the scan may run the OPA CLI on policies from the repository, and Rego's
            // opa.runtime() exposes the process environment; so the token leaves the environment
            // before anything is scanned and reaches the runner only through this closure.
            var token = ctx.GetEnvironmentVariable(TokenVariable);
            Environment.SetEnvironmentVariable(TokenVariable, null);
            string? GetVariable(string name) => name == TokenVariable ? token : ctx.GetEnvironmentVariable(name);
            var runner = new ActionRunner(
                (request, token) => scannerFactory().ScanAsync(request with { Engine = EngineChoice.Resolve(request.Engine, null, known, ctx.GetEnvironmentVariable, ctx.Out) }, token),
                result => SarifReporter.Render(result, SarifOptions(ctx)),
                ctx.Out,
                new ActionRunnerOptions { WorkingDirectory = ctx.WorkingDirectory });
            return runner.RunAsync(GetVariable, ct);
        }));
        return command;
    }

    // The action's results are relative to the workspace (the checkout), which is also where GitHub's
    // GITHUB_REPOSITORY and GITHUB_SHA point, so snippets and provenance come from there.
    private static ReportOptions SarifOptions(CliContext ctx)
    {
        var workspace = ctx.GetEnvironmentVariable("GITHUB_WORKSPACE") is { Length: > 0 } w ? w : ctx.WorkingDirectory;
        return ReportOptions.Default with
        {
            Sources = SourceLines.FromDirectory(workspace),
            VersionControl = Provenance.Detect(workspace, ctx.GetEnvironmentVariable),
        };
    }
}
