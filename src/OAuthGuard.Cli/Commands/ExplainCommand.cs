using System.CommandLine;
using System.Globalization;
using System.Text;
using OAuthGuard.Reporters;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary><c>oauthguard explain ID</c>: prints one rule's full help, from its METADATA block.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext ctx) => Create(ctx, DefaultScanner.Create);

    internal static Command Create(CliContext ctx, Func<Scanner> scannerFactory)
    {
        var id = new Argument<string>("id") { Description = "The rule id, e.g. SFOAUTH001." };
        var policies = new Option<string[]>("--policies") { Description = "Extra policy folder; repeatable.", AllowMultipleArgumentsPerToken = false };
        var command = new Command("explain", "Print a rule's full help.") { id, policies };
        command.SetAction((parse, ct) => CommandErrors.Guard(ctx, async () =>
        {
            var wanted = parse.GetValue(id) ?? "";
            var request = new ScanRequest(".", null, parse.GetValue(policies)) { WorkingDirectory = ctx.WorkingDirectory };
            var prepared = await scannerFactory().PrepareAsync(request, ct).ConfigureAwait(false);
            var rule = prepared.AllRules.FirstOrDefault(r => string.Equals(r.Id, wanted, StringComparison.OrdinalIgnoreCase));
            if (rule is null)
            {
                await ctx.Error.WriteLineAsync($"oauthguard explain: unknown rule '{wanted}'; 'oauthguard rules' lists them").ConfigureAwait(false);
                return CommandErrors.UsageOrSetupError;
            }

            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"{rule.Id}  {rule.Title}\n\n");
            sb.Append(CultureInfo.InvariantCulture, $"Severity:    {rule.Severity.ToName()} (security-severity {rule.SecuritySeverity.ToString("0.0", CultureInfo.InvariantCulture)})\n");
            sb.Append(CultureInfo.InvariantCulture, $"Applies to:  {(rule.AppliesTo.IsEmpty ? "any app" : string.Join(", ", rule.AppliesTo))}\n");
            sb.Append(CultureInfo.InvariantCulture, $"Package:     {rule.Package}\n\n");
            sb.Append(rule.Description).Append("\n\n");
            if (rule.HelpMarkdown.Length > 0 && rule.HelpMarkdown != rule.Description)
            {
                sb.Append(rule.HelpMarkdown).Append("\n\n");
            }

            if (rule.Remediation.Length > 0)
            {
                sb.Append("Remediation: ").Append(rule.Remediation).Append('\n');
            }

            foreach (var link in rule.Links)
            {
                sb.Append("See: ").Append(link.Url).Append(link.Description is null ? "" : $" ({link.Description})").Append('\n');
            }

            await ctx.Out.WriteAsync(sb.ToString()).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
