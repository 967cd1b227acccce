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
    public static string Resolve(string engine, string? opaPath, IReadOnlySet<string> known, Func<string, string?> getVariable, TextWriter? log) =>
        Choose(engine, opaPath, known, getVariable, log, []).Engine;

    /// <summary>
    /// Chooses the engine and, for <c>opa</c>, the absolute path of the executable that will run: a bare name is looked
    /// up on the absolute PATH entries only, never in the current folder or in <paramref name="untrustedFolders"/> (the
    /// repository being scanned). The log names the binary that will actually run.
    /// </summary>
    public static EngineSelection Choose(string engine, string? opaPath, IReadOnlySet<string> known, Func<string, string?> getVariable, TextWriter? log, IEnumerable<string> untrustedFolders)
    {
        if (engine is not ("auto" or OpaEngine.EngineName) || !known.Contains(OpaEngine.EngineName))
        {
            return new EngineSelection(engine == "auto" ? EmbeddedEngine.EngineName : engine, null);
        }

        var asked = opaPath ?? OpaOptions.Default.ExecutablePath;
        var located = OpaCli.Locate(asked, getVariable("PATH"), untrustedFolders);
        if (engine == "auto")
        {
            log?.WriteLine(located is null
                ? $"oauthguard: --engine auto: using the embedded engine ({asked} not found)"
                : $"oauthguard: --engine auto: using opa at {located}");
            return new EngineSelection(located is null ? EmbeddedEngine.EngineName : OpaEngine.EngineName, located);
        }

        if (located is not null)
        {
            log?.WriteLine($"oauthguard: --engine opa: running {located}");
        }

        return new EngineSelection(OpaEngine.EngineName, located);
    }

    /// <summary>The absolute opa path of a selection, or the error that says it was not found.</summary>
    public static string RequireOpa(EngineSelection selection, string? opaPath) =>
        selection.OpaExecutable ?? throw new OpaException(OpaFailure.NotFound, OpaCli.NotFoundMessage(opaPath ?? OpaOptions.Default.ExecutablePath));
}

/// <summary>The engine a command runs, with the absolute path of the opa executable when that engine is opa.</summary>
/// <param name="Engine">The engine name.</param>
/// <param name="OpaExecutable">The absolute path of opa, when found.</param>
internal sealed record EngineSelection(string Engine, string? OpaExecutable);
