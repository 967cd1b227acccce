using System.CommandLine;
using System.Text;
using OAuthGuard.Configuration;
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
        var engine = EngineChoice.CreateEngineOption();
        var opaPath = EngineChoice.CreateOpaPathOption();
        var command = new Command("scan", "Scan a repository's Connected Apps and External Client Apps.")
        {
            path, formats, output, failOn, config, policies, engine, opaPath,
        };
        command.SetAction((parse, ct) => CommandErrors.Guard(ctx, async () =>
        {
            var (targets, error) = OutputTargets.Parse(parse.GetValue(formats) ?? [], parse.GetValue(output));
            if (error is not null)
            {
                await ctx.Error.WriteLineAsync($"oauthguard scan: {error}").ConfigureAwait(false);
                return CommandErrors.UsageOrSetupError;
            }

            Severity? threshold = parse.GetValue(failOn) is { } text && ConfigLoader.TryParseSeverity(text, allowNone: true, out var s) ? s : null;
            var request = new ScanRequest(parse.GetValue(path) ?? ".", parse.GetValue(config), parse.GetValue(policies), EngineChoice.Resolve(parse.GetValue(engine) ?? "embedded", parse.GetValue(opaPath), known, ctx.GetEnvironmentVariable, ctx.Error), threshold)
            {
                WorkingDirectory = ctx.WorkingDirectory,
            };
            var result = await scannerFactory(parse.GetValue(opaPath)).ScanAsync(request, ct).ConfigureAwait(false);
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

        var file = Path.GetFullPath(target.File, ctx.WorkingDirectory);
        if (Path.GetDirectoryName(file) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }

        await File.WriteAllTextAsync(file, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), ct).ConfigureAwait(false);
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
