using System.CommandLine;
using OAuthGuard.Cli.Commands;

namespace OAuthGuard.Cli;

/// <summary>
/// The command tree. Each command lives in its own file under Commands/ and exposes
/// <c>static Command Create(CliContext context)</c>; this class only lists them.
/// Commands write through <see cref="CliContext"/> so tests can run them in-process.
/// </summary>
internal static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CliContext? context = null)
    {
        context ??= new CliContext(stdout, stderr, Environment.CurrentDirectory, Environment.GetEnvironmentVariable);
        var root = new RootCommand("OAuthGuard: policy-as-code checks for Salesforce OAuth configuration.");
        foreach (var command in Commands(context))
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    private static IEnumerable<Command> Commands(CliContext context)
    {
        return
        [
            ScanCommand.Create(context),
            InitCommand.Create(context),
            PreCommitCommand.Create(context),
            RulesCommand.Create(context),
            ExplainCommand.Create(context),
            ExplainAppCommand.Create(context),
            ActionCommand.Create(context),
            CompareEnginesCommand.Create(context),
            InputCommand.Create(context),
            EvalCommand.Create(context),
            TestCommand.Create(context),
            BuiltinsCommand.Create(context),
        ];
    }
}

/// <summary>What a command may touch: its writers, the working directory and the environment.</summary>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="WorkingDirectory">The directory relative paths are resolved against.</param>
/// <param name="GetEnvironmentVariable">Reads an environment variable (replaceable in tests).</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, string WorkingDirectory, Func<string, string?> GetEnvironmentVariable);
