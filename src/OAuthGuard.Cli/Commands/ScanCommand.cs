using System.CommandLine;
using System.Globalization;
using OAuthGuard.Baselines;
using OAuthGuard.Configuration;
using OAuthGuard.Files;
using OAuthGuard.Findings;
using OAuthGuard.GitHub.Actions;
using OAuthGuard.Reporters;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// <c>oauthguard scan [PATH]</c>: evaluates the policies over a repository and writes the reports.
/// Exit codes: 0 = nothing unsuppressed at or above the threshold, 1 = findings at or above it,
/// 2 = usage, configuration or policy error.
/// </summary>
internal static class ScanCommand
{
    public static Command Create(CliContext ctx) => Create(ctx, DefaultScanner.Create, DefaultScanner.Engines.Keys);

    internal static Command Create(CliContext ctx, Func<Scanner> scannerFactory) => Create(ctx, _ => scannerFactory(), ["embedded"]);

    internal static Command Create(CliContext ctx, Func<string?, Scanner> scannerFactory, IEnumerable<string> engines)
    {
        var known = engines.ToHashSet(StringComparer.Ordinal);
        var path = new Argument<string>("path") { Description = "The repository to scan.", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
        var formats = new Option<string[]>("--format", "-f")
        {
            Description = "Report format: console, json, sarif, junit or markdown; repeatable. FORMAT=FILE writes that format to FILE.",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the last --format that names no file to FILE." };
        var failOn = new Option<string?>("--fail-on") { Description = "Exit 1 when a finding is at or above: critical, high, medium, low, note or none." };
        failOn.AcceptOnlyFromAmong("critical", "high", "medium", "low", "note", "none");
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file (default: .oauthguard.yml at the repository root)." };
        var policies = new Option<string[]>("--policies") { Description = "Extra policy folder; repeatable.", AllowMultipleArgumentsPerToken = false };
        var baseRevision = new Option<string?>("--base") { Description = "Compare with this git revision of the repository (branch, tag, sha): findings get new/updated/unchanged states, fixed ones are listed, and policies see input.base." };
        var baseline = new Option<string?>("--baseline") { Description = "Compare with a baseline file written by --write-baseline (instead of git)." };
        var writeBaseline = new Option<string?>("--write-baseline") { Description = "Write the current findings' fingerprints to FILE, to compare later runs with (--baseline)." };
        var failOnScope = new Option<string?>("--fail-on-scope") { Description = "Which findings fail the scan: new (new and updated only; default with a base) or all (default without)." };
        failOnScope.AcceptOnlyFromAmong("new", "all");
        var engine = EngineChoice.CreateEngineOption();
        var opaPath = EngineChoice.CreateOpaPathOption();
        var command = new Command("scan", "Scan a repository's Connected Apps and External Client Apps.")
        {
            path, formats, output, failOn, config, policies, baseRevision, baseline, writeBaseline, failOnScope, engine, opaPath,
        };
        command.SetAction((parse, ct) => CommandErrors.Guard(ctx, async () =>
        {
            var (targets, error) = OutputTargets.Parse(parse.GetValue(formats) ?? [], parse.GetValue(output));
            if (error is not null)
            {
                await ctx.Error.WriteLineAsync($"oauthguard scan: {error}").ConfigureAwait(false);
                return CommandErrors.UsageOrSetupError;
            }

            if (parse.GetValue(baseRevision) is not null && parse.GetValue(baseline) is not null)
            {
                await ctx.Error.WriteLineAsync("oauthguard scan: --base and --baseline compare with two different things; give one of them").ConfigureAwait(false);
                return CommandErrors.UsageOrSetupError;
            }

            Severity? threshold = parse.GetValue(failOn) is { } text && ConfigLoader.TryParseSeverity(text, allowNone: true, out var s) ? s : null;
            FailOnScope? scope = BaselineStateNames.TryParseScope(parse.GetValue(failOnScope), out var parsedScope) ? parsedScope : null;
            var scanPath = parse.GetValue(path) ?? ".";
            var comparison = parse.GetValue(baseRevision) is { } revision
                ? await GitBase.ReadAsync(Path.GetFullPath(scanPath, ctx.WorkingDirectory), revision, ctx.GetEnvironmentVariable("PATH"), ct).ConfigureAwait(false)
                : null;
            var choice = EngineChoice.Choose(parse.GetValue(engine) ?? "embedded", parse.GetValue(opaPath), known, ctx.GetEnvironmentVariable, ctx.Error, [Path.GetFullPath(scanPath, ctx.WorkingDirectory), ctx.WorkingDirectory]);
            var request = new ScanRequest(scanPath, parse.GetValue(config), parse.GetValue(policies), choice.Engine, threshold)
            {
                WorkingDirectory = ctx.WorkingDirectory,
                Base = comparison,
                BaselineFile = parse.GetValue(baseline),
                FailOnScope = scope,
            };
            var opa = choice.Engine == "opa" && known.Contains("opa") ? EngineChoice.RequireOpa(choice, parse.GetValue(opaPath)) : parse.GetValue(opaPath);
            var result = await scannerFactory(opa).ScanAsync(request, ct).ConfigureAwait(false);
            if (parse.GetValue(writeBaseline) is { } baselineFile)
            {
                // Relative to the current folder; an existing symbolic link is refused, never written through (OutputPath).
                OutputPath.WriteAllText(OutputPath.Resolve(ctx.WorkingDirectory, baselineFile, confine: false), BaselineFile.Render(result.Findings));
                // Said on standard error, so the reports on standard output stay as they are; the exit
                // code still judges the findings, which a first-time user may not expect.
                await ctx.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"oauthguard scan: wrote the baseline {baselineFile} ({result.Findings.Length} finding(s)); commit it and compare later scans with --baseline {baselineFile}")).ConfigureAwait(false);
            }

            var root = Path.GetFullPath(parse.GetValue(path) ?? ".", ctx.WorkingDirectory);
            var options = new ReportOptions(ReportOptions.CurrentVersion, UseColor(ctx))
            {
                Sources = SourceLines.FromDirectory(root),
                VersionControl = targets.Any(t => t.Format == "sarif") ? Provenance.Detect(root, ctx.GetEnvironmentVariable) : null,
            };
            foreach (var target in targets)
            {
                await Write(ctx, target, result, options, ct).ConfigureAwait(false);
            }

            return result.ExitCode;
        }));
        return command;
    }

    private static async Task Write(CliContext ctx, OutputTarget target, ScanResult result, ReportOptions options, CancellationToken ct)
    {
        var text = target.Format switch
        {
            "json" => JsonReporter.Render(result, options),
            "sarif" => SarifReporter.Render(result, options),
            "junit" => JunitReporter.Render(result, options),
            "markdown" => JobSummaryWriter.Write(result, new SummaryContext(result.FailOn, null, 0, [])),
            _ => ConsoleReporter.Render(result, target.File is null ? options : options with { UseColor = false }),
        };
        if (target.File is null)
        {
            await ctx.Out.WriteAsync(text).ConfigureAwait(false);
            return;
        }

        // Relative to the current folder; an existing symbolic link is refused, never written through (OutputPath).
        var file = OutputPath.Resolve(ctx.WorkingDirectory, target.File, confine: false);
        ct.ThrowIfCancellationRequested();
        OutputPath.WriteAllText(file, text);
    }

    // Colour only on a real terminal: not when piped, not when NO_COLOR is set, not on TERM=dumb; FORCE_COLOR wins.
    private static bool UseColor(CliContext ctx)
    {
        if (!string.IsNullOrEmpty(ctx.GetEnvironmentVariable("FORCE_COLOR")))
        {
            return true;
        }

        return ReferenceEquals(ctx.Out, Console.Out) && !Console.IsOutputRedirected
            && string.IsNullOrEmpty(ctx.GetEnvironmentVariable("NO_COLOR"))
            && ctx.GetEnvironmentVariable("TERM") != "dumb";
    }
}
