using System.Buffers;
using System.CommandLine;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using OAuthGuard.Engines.Opa;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Testing;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// <c>oauthguard test [PATH]… [-v] [--format pretty|json] [--run REGEX]</c>: runs the <c>test_</c> rules of the given
/// .rego files and folders (data files load as for <c>eval</c>) like <c>opa test</c>. Exit codes: 0 when every test
/// passes, 2 when a test fails or errors (as <c>opa test</c>), 1 when the files do not load or compile. Durations
/// are left out so the same policies always print the same bytes.
/// </summary>
internal static class TestCommand
{
    /// <summary>Exit code when a test fails or errors.</summary>
    public const int TestsFailedExit = 2;

    private const string Rule = "--------------------------------------------------------------------------------";

    public static Command Create(CliContext ctx)
    {
        var paths = new Argument<string[]>("paths") { Description = "Policy and data files or folders (default: .).", Arity = ArgumentArity.ZeroOrMore };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "List every test, not only failures." };
        var format = new Option<string>("--format", "-f") { Description = "Output format: pretty (default) or json.", DefaultValueFactory = _ => "pretty" };
        format.AcceptOnlyFromAmong("pretty", "json");
        var run = new Option<string?>("--run", "-r") { Description = "Run only tests whose full name (data.pkg.test_x) matches this regular expression." };
        var engine = EngineChoice.CreateEngineOption();
        var opaPath = EngineChoice.CreateOpaPathOption();
        var command = new Command("test", "Run Rego policy tests (test_ rules), like opa test.") { paths, verbose, format, run, engine, opaPath };
        command.SetAction((parse, ct) =>
        {
            var given = parse.GetValue(paths) is { Length: > 0 } p ? p : ["."];
            var chosen = EngineChoice.Choose(parse.GetValue(engine) ?? "embedded", parse.GetValue(opaPath), DefaultScanner.Engines.Keys.ToHashSet(StringComparer.Ordinal), ctx.GetEnvironmentVariable, ctx.Error, [ctx.WorkingDirectory, .. given.Select(g => Path.GetFullPath(g, ctx.WorkingDirectory))]);
            return chosen.Engine == OpaEngine.EngineName
                ? CommandErrors.Guard(ctx, () => RunWithOpa(ctx, given, EngineChoice.RequireOpa(chosen, parse.GetValue(opaPath)), parse.GetValue(verbose), parse.GetValue(format) == "json", parse.GetValue(run), ct))
                : Task.FromResult(Run(ctx, given, parse.GetValue(verbose), parse.GetValue(format) == "json", parse.GetValue(run)));
        });
        return command;
    }

    /// <summary>Runs the tests with <c>opa test</c> and reports them in the same formats as the embedded runner.</summary>
    internal static async Task<int> RunWithOpa(CliContext ctx, string[] paths, string? opaPath, bool verbose, bool json, string? runPattern, CancellationToken ct)
    {
        var cli = new OpaCli(new OpaOptions { ExecutablePath = opaPath ?? OpaOptions.Default.ExecutablePath, SearchPath = ctx.GetEnvironmentVariable("PATH"), UntrustedFolders = [ctx.WorkingDirectory] });
        var full = paths.Select(p => Path.GetFullPath(p, ctx.WorkingDirectory)).ToList();
        var results = (await cli.TestAsync(full, runPattern, ct).ConfigureAwait(false))
            .Select(r => new PolicyTestResult(
                r.Package,
                r.Name,
                r.Error is not null ? PolicyTestOutcome.Error : r.Failed ? PolicyTestOutcome.Fail : r.Skipped ? PolicyTestOutcome.Skip : PolicyTestOutcome.Pass,
                TimeSpan.FromTicks(r.DurationNanoseconds / 100),
                r.Error is { } e ? Diagnostic.Error(e.Code, e.Message) : null,
                LineSpan(r.File is null ? "?" : Path.GetRelativePath(ctx.WorkingDirectory, r.File), r.Row ?? 1)))
            .ToList();
        await ctx.Out.WriteAsync(json ? Json(results) : Pretty(results, verbose)).ConfigureAwait(false);
        return results.Any(r => r.Outcome is PolicyTestOutcome.Fail or PolicyTestOutcome.Error) ? TestsFailedExit : 0;
    }

    internal static int Run(CliContext ctx, string[] paths, bool verbose, bool json, string? runPattern)
    {
        Regex? filter = null;
        if (runPattern is not null)
        {
            try
            {
                filter = new Regex(runPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                ctx.Error.WriteLine($"oauthguard test: --run: invalid regular expression: {e.Message}");
                return CommandErrors.UsageOrSetupError;
            }
        }

        var files = RegoFiles.Load(paths, ctx.WorkingDirectory);
        var errors = files.Errors.Select(e => new EvalError("load_error", e.Message, e.File, e.Line, e.Column)).ToList();
        CompiledPolicy? policy = null;
        if (errors.Count == 0)
        {
            var compiler = new RegoCompiler();
            files.Modules.ForEach(m => compiler.AddModule(m.Path, m.Source));
            compiler.AddData(files.Data);
            var compiled = compiler.Compile();
            policy = compiled.Policy;
            errors.AddRange(compiled.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(d => new EvalError(d.Code, d.Message, d.File ?? string.Empty, d.Line ?? 0, d.Column ?? 0)));
        }

        if (policy is null || errors.Count > 0)
        {
            ctx.Error.Write(EvalOutput.PrettyErrors(errors));
            return EvalCommand.ErrorExit;
        }

        var options = new PolicyTestOptions { Filter = filter is null ? null : filter.IsMatch };
        var results = new PolicyTestRunner(policy).Run(options);
        ctx.Out.Write(json ? Json(results) : Pretty(results, verbose));
        return results.Any(r => r.Outcome is PolicyTestOutcome.Fail or PolicyTestOutcome.Error) ? TestsFailedExit : 0;
    }

    // OPA reports a test's file and row only; a span over an empty text of that many lines carries them.
    private static SourceSpan LineSpan(string file, int row) => new(new SourceText(file, new string('\n', Math.Max(0, row - 1))), Math.Max(0, row - 1), 0);

    /// <summary>The <c>opa test</c> text report: failures in detail, a summary by file, then the counts.</summary>
    internal static string Pretty(IReadOnlyList<PolicyTestResult> results, bool verbose)
    {
        var sb = new StringBuilder();
        var bad = results.Where(r => r.Outcome is PolicyTestOutcome.Fail or PolicyTestOutcome.Error).ToList();
        if (bad.Count > 0)
        {
            sb.AppendLine("FAILURES").AppendLine(Rule);
            foreach (var r in bad)
            {
                sb.Append(r.FullName).Append(": ").AppendLine(Label(r.Outcome));
                sb.Append("  ").Append(r.Location.Source.Path).Append(':').Append(r.Location.Line).Append(':').Append(r.Location.Column).AppendLine();
                if (r.Error is { } error)
                {
                    sb.Append("  ").AppendLine(error.ToString());
                }

                sb.AppendLine();
            }
        }

        var shown = verbose ? results.ToList() : bad;
        if (shown.Count > 0)
        {
            sb.AppendLine(bad.Count > 0 ? "SUMMARY" : string.Empty).Append(bad.Count > 0 ? Rule + "\n" : string.Empty);
            foreach (var group in shown.GroupBy(r => r.Location.Source.Path))
            {
                sb.Append(group.Key).AppendLine(":");
                foreach (var r in group)
                {
                    sb.Append(r.FullName).Append(": ").AppendLine(Label(r.Outcome));
                }

                sb.AppendLine();
            }

            sb.AppendLine(Rule);
        }

        var total = results.Count;
        foreach (var (outcome, label) in new[] { (PolicyTestOutcome.Pass, "PASS"), (PolicyTestOutcome.Fail, "FAIL"), (PolicyTestOutcome.Skip, "SKIPPED"), (PolicyTestOutcome.Error, "ERROR") })
        {
            var n = results.Count(r => r.Outcome == outcome);
            if (n > 0 || (outcome == PolicyTestOutcome.Pass && bad.Count == 0))
            {
                sb.Append(label).Append(": ").Append(n).Append('/').Append(total).AppendLine();
            }
        }

        if (total == 0)
        {
            sb.AppendLine("no tests found (test rules are named test_…)");
        }

        return sb.ToString().TrimStart('\n');
    }

    /// <summary>One object per test: location, package, name, and <c>fail</c>/<c>error</c>/<c>skip</c> when set.</summary>
    internal static string Json(IReadOnlyList<PolicyTestResult> results)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (var r in results)
            {
                w.WriteStartObject();
                w.WriteStartObject("location");
                w.WriteString("file", r.Location.Source.Path);
                w.WriteNumber("row", r.Location.Line);
                w.WriteNumber("col", r.Location.Column);
                w.WriteEndObject();
                w.WriteString("package", r.Package);
                w.WriteString("name", r.Name);
                if (r.Outcome == PolicyTestOutcome.Fail)
                {
                    w.WriteBoolean("fail", true);
                }
                else if (r.Outcome == PolicyTestOutcome.Skip)
                {
                    w.WriteBoolean("skip", true);
                }
                else if (r.Outcome == PolicyTestOutcome.Error && r.Error is { } e)
                {
                    w.WriteStartObject("error");
                    w.WriteString("code", e.Code);
                    w.WriteString("message", e.Message);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static string Label(PolicyTestOutcome outcome) => outcome switch
    {
        PolicyTestOutcome.Pass => "PASS",
        PolicyTestOutcome.Fail => "FAIL",
        PolicyTestOutcome.Skip => "SKIPPED",
        _ => "ERROR",
    };
}
