using System.CommandLine;
using System.Globalization;
using System.Text;
using OAuthGuard.Reporters;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary><c>oauthguard rules</c>: lists the rules (bundled and from policy folders) with id, severity and title.</summary>
internal static class RulesCommand
{
    public static Command Create(CliContext ctx) => Create(ctx, DefaultScanner.Create, DefaultScanner.Engines.Keys);

    internal static Command Create(CliContext ctx, Func<Scanner> scannerFactory) => Create(ctx, _ => scannerFactory(), ["embedded"]);

    internal static Command Create(CliContext ctx, Func<string?, Scanner> scannerFactory, IEnumerable<string> engines)
    {
        var known = engines.ToHashSet(StringComparer.Ordinal);
        var config = new Option<string?>("--config", "-c") { Description = "Configuration file (default: .oauthguard.yml in the current folder)." };
        var policies = new Option<string[]>("--policies") { Description = "Extra policy folder; repeatable.", AllowMultipleArgumentsPerToken = false };
        var engine = EngineChoice.CreateEngineOption();
        var opaPath = EngineChoice.CreateOpaPathOption();
        var command = new Command("rules", "List the rules: id, severity and title.") { config, policies, engine, opaPath };
        command.SetAction((parse, ct) => CommandErrors.Guard(ctx, async () =>
        {
            var request = new ScanRequest(".", parse.GetValue(config), parse.GetValue(policies), EngineChoice.Resolve(parse.GetValue(engine) ?? "embedded", parse.GetValue(opaPath), known, ctx.GetEnvironmentVariable, ctx.Error)) { WorkingDirectory = ctx.WorkingDirectory };
            var prepared = await scannerFactory(parse.GetValue(opaPath)).PrepareAsync(request, ct).ConfigureAwait(false);
            var active = prepared.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
            var width = prepared.AllRules.Select(r => r.Id.Length).DefaultIfEmpty(2).Max();
            var sb = new StringBuilder();
            sb.Append("ID".PadRight(width)).Append("  SEVERITY  TITLE\n");
            foreach (var rule in prepared.AllRules)
            {
                var state = active.TryGetValue(rule.Id, out var effective) ? effective : null;
                var severity = state?.Severity ?? rule.Severity;
                sb.Append(rule.Id.PadRight(width)).Append("  ").Append(severity.ToName().PadRight(8)).Append("  ").Append(rule.Title);
                if (state is null)
                {
                    sb.Append(" (disabled by configuration)");
                }
                else if (state.Severity != rule.Severity)
                {
                    sb.Append(CultureInfo.InvariantCulture, $" (severity changed from {rule.Severity.ToName()} by configuration)");
                }

                sb.Append('\n');
            }

            await ctx.Out.WriteAsync(sb.ToString()).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
