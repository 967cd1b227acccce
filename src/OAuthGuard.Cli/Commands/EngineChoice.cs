using System.CommandLine;
using OAuthGuard.Engines;
using OAuthGuard.Engines.Opa;

namespace OAuthGuard.Cli.Commands;

/// <summary>The <c>--engine</c> and <c>--opa-path</c> options shared by scan, rules, explain and test, and what <c>auto</c> means.</summary>
internal static class EngineChoice
{
    /// <summary>The engine names <c>--engine</c> accepts.</summary>
    public static readonly string[] Names = [EmbeddedEngine.EngineName, OpaEngine.EngineName, "auto"];

    public static Option<string> CreateEngineOption(string defaultEngine = "embedded")
    {
        var option = new Option<string>("--engine")
        {
            Description = "Policy engine: embedded (built in), opa (the Open Policy Agent CLI) or auto (opa when it is found, else embedded).",
            DefaultValueFactory = _ => defaultEngine,
        };
        option.AcceptOnlyFromAmong(Names);
        return option;
    }

    public static Option<string?> CreateOpaPathOption() =>
        new("--opa-path") { Description = "The opa executable for --engine opa|auto (default: opa on PATH)." };

    /// <summary>
    /// Resolves <c>auto</c>: the OPA CLI when this build registers an <c>opa</c> engine and the executable is found,
    /// the embedded engine otherwise. Says which on <paramref name="log"/> so the choice is never silent.
    /// </summary>
    public static string Resolve(string engine, string? opaPath, IReadOnlySet<string> known, Func<string, string?> getVariable, TextWriter? log)
    {
        if (engine != "auto")
        {
            return engine;
        }

        var located = known.Contains(OpaEngine.EngineName) ? OpaCli.Locate(opaPath ?? OpaOptions.Default.ExecutablePath, getVariable("PATH")) : null;
        log?.WriteLine(located is null
            ? $"oauthguard: --engine auto: using the embedded engine ({opaPath ?? "opa"} not found)"
            : $"oauthguard: --engine auto: using opa at {located}");
        return located is null ? EmbeddedEngine.EngineName : OpaEngine.EngineName;
    }
}
