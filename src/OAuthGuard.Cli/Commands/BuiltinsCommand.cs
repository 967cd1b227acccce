using System.CommandLine;
using OAuthGuard.Rego.Builtins;

namespace OAuthGuard.Cli.Commands;

/// <summary><c>oauthguard builtins</c>: lists the builtins the embedded engine provides, one per line, sorted.</summary>
internal static class BuiltinsCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("builtins", "List the Rego builtins the embedded engine provides.");
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
            var withheld = d.Withheld is { } reason ? $"  [not provided: {reason}; only mockable with `with`]" : string.Empty;
            output.WriteLine($"{d.Name}({parameters}) -> {d.Result}{withheld}");
        }
    }
}
