using System.CommandLine;
using OAuthGuard.Rego.Builtins;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// <c>oauthguard builtins</c>: lists the builtins the embedded engine declares, one per line, sorted; the few that
/// OAuthGuard deliberately leaves out (network, DNS, cloud signing) say so and why at the end of their line.
/// </summary>
internal static class BuiltinsCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("builtins", "List the Rego builtins the embedded engine provides, and those it deliberately leaves out.");
        command.SetAction(_ =>
        {
            Write(ctx.Out);
            return 0;
        });
        return command;
    }

    internal static void Write(TextWriter output)
    {
        foreach (var d in BuiltinRegistry.Default.Declarations.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            var parameters = d.Variadic ? "..." : string.Join(", ", d.Parameters.Select(p => $"{p.Name}: {p.Type}"));
            var note = d.Withheld is null ? string.Empty : $"  [unavailable in OAuthGuard: {d.Withheld}]";
            output.WriteLine($"{d.Name}({parameters}) -> {d.Result}{note}");
        }
    }
}
