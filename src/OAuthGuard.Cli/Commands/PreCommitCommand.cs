using System.CommandLine;
using OAuthGuard.Reporters;
using OAuthGuard.Scanning;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// <c>oauthguard pre-commit [FILE]…</c>: the pre-commit hook's entry (.pre-commit-hooks.yaml).
/// pre-commit runs it from the repository root with the staged files that match the hook's
/// <c>files</c> pattern. The whole repository is scanned (an External Client App is spread over
/// several files, and the configuration applies), but only findings in the given files are shown
/// and decide the exit code, so a commit is blocked by what it touches. A change to
/// <c>.oauthguard.yml</c> itself reports every finding. Exit codes as for <c>scan</c>.
/// </summary>
internal static class PreCommitCommand
{
    public static Command Create(CliContext ctx) => Create(ctx, DefaultScanner.Create);

    internal static Command Create(CliContext ctx, Func<Scanner> scannerFactory)
    {
        var files = new Argument<string[]>("files") { Description = "The staged files pre-commit passes.", Arity = ArgumentArity.ZeroOrMore };
        var failOn = new Option<string?>("--fail-on") { Description = "Exit 1 when a finding in the files is at or above: critical, high, medium, low, note or none." };
        failOn.AcceptOnlyFromAmong("critical", "high", "medium", "low", "note", "none");
        var command = new Command("pre-commit", "Scan the repository and report the findings in the given (staged) files; for pre-commit hooks.") { files, failOn };
        command.SetAction((parse, ct) => CommandErrors.Guard(ctx, async () =>
        {
            var threshold = parse.GetValue(failOn) is { } text && Configuration.ConfigLoader.TryParseSeverity(text, allowNone: true, out var s) ? s : (Findings.Severity?)null;
            var result = await scannerFactory().ScanAsync(new ScanRequest(".", null, null, "embedded", threshold) { WorkingDirectory = ctx.WorkingDirectory }, ct).ConfigureAwait(false);
            var given = (parse.GetValue(files) ?? []).Select(Normalize).ToHashSet(StringComparer.Ordinal);
            if (!given.Contains(Configuration.ConfigLoader.DefaultFileName))
            {
                result = result with
                {
                    Findings = [.. result.Findings.Where(f => given.Contains(f.File))],
                    Notifications = [.. result.Notifications.Where(n => n.File is null || given.Contains(n.File))],
                };
            }

            await ctx.Out.WriteAsync(ConsoleReporter.Render(result, ReportOptions.Default)).ConfigureAwait(false);
            return result.ExitCode;
        }));
        return command;
    }

    private static string Normalize(string file)
    {
        file = file.Replace('\\', '/');
        while (file.StartsWith("./", StringComparison.Ordinal))
        {
            file = file[2..];
        }

        return file;
    }
}
