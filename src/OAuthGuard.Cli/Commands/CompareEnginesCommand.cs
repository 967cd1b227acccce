using System.CommandLine;
using System.Globalization;
using OAuthGuard.Engines;
using OAuthGuard.Engines.Opa;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// <c>oauthguard compare-engines</c>: the differential check between the embedded engine and the OPA CLI. Scans each
/// repository with both and diffs the findings; with <c>--cases</c>, also evaluates OPA's compliance-case format with
/// both <c>eval</c>s and diffs the results. Exit 0 = identical, 1 = differences, 2 = setup error (e.g. no opa).
/// </summary>
internal static class CompareEnginesCommand
{
    public static Command Create(CliContext ctx)
    {
        var paths = new Argument<string[]>("paths") { Description = "Repositories to scan with both engines.", Arity = ArgumentArity.ZeroOrMore };
        var opaPath = EngineChoice.CreateOpaPathOption();
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file (default: .oauthguard.yml at each repository's root)." };
        var policies = new Option<string[]>("--policies") { Description = "Extra policy folder; repeatable.", AllowMultipleArgumentsPerToken = false };
        var cases = new Option<string[]>("--cases") { Description = "A folder of Rego compliance cases (OPA's YAML format) to evaluate with both engines; repeatable.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("compare-engines", "Run the embedded engine and the opa CLI side by side and report every difference.")
        {
            paths, opaPath, config, policies, cases,
        };
        command.SetAction((parse, ct) => CommandErrors.Guard(ctx, async () =>
        {
            var opa = parse.GetValue(opaPath);
            var repositories = parse.GetValue(paths) ?? [];
            var caseFolders = parse.GetValue(cases) ?? [];
            if (repositories.Length == 0 && caseFolders.Length == 0)
            {
                await ctx.Error.WriteLineAsync("oauthguard compare-engines: give at least one repository or --cases folder").ConfigureAwait(false);
                return CommandErrors.UsageOrSetupError;
            }

            var untrusted = new List<string> { ctx.WorkingDirectory };
            untrusted.AddRange(repositories.Select(r => Path.GetFullPath(r, ctx.WorkingDirectory)));
            var cli = new OpaCli(new OpaOptions { ExecutablePath = opa ?? OpaOptions.Default.ExecutablePath, SearchPath = ctx.GetEnvironmentVariable("PATH"), UntrustedFolders = untrusted });
            opa = cli.ResolveExecutable();
            var version = await cli.GetVersionAsync(ct).ConfigureAwait(false);
            await ctx.Out.WriteLineAsync($"comparing the embedded engine with opa {version.Text} ({opa})").ConfigureAwait(false);

            var differences = 0;
            foreach (var repository in repositories)
            {
                differences += await CompareScans(ctx, repository, opa, parse.GetValue(config), parse.GetValue(policies), ct).ConfigureAwait(false);
            }

            foreach (var folder in caseFolders)
            {
                var outcome = await CaseComparison.RunAsync(cli, Path.GetFullPath(folder, ctx.WorkingDirectory), ctx.Out, ct).ConfigureAwait(false);
                differences += outcome.Differ;
                await ctx.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{folder}: {outcome.Agree} cases agree, {outcome.Differ} differ, {outcome.Skipped} skipped")).ConfigureAwait(false);
            }

            await ctx.Out.WriteLineAsync(differences == 0 ? "the engines agree" : $"{differences} difference(s)").ConfigureAwait(false);
            return differences == 0 ? 0 : 1;
        }));
        return command;
    }

    private static async Task<int> CompareScans(CliContext ctx, string repository, string? opaPath, string? config, string[]? policies, CancellationToken ct)
    {
        var scanner = DefaultScanner.Create(opaPath);
        ScanRequest Request(string engine) => new(repository, config, policies, engine) { WorkingDirectory = ctx.WorkingDirectory };
        var embedded = await scanner.ScanAsync(Request(EmbeddedEngine.EngineName), ct).ConfigureAwait(false);
        var opa = await scanner.ScanAsync(Request(OpaEngine.EngineName), ct).ConfigureAwait(false);
        var differences = EngineComparison.Compare(embedded, opa);
        EngineComparison.Write(differences, "embedded", "opa", ctx.Out);
        await ctx.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{repository}: {embedded.Findings.Length} findings (embedded), {opa.Findings.Length} (opa), {differences.Length} difference(s)")).ConfigureAwait(false);
        return differences.Length;
    }
}
