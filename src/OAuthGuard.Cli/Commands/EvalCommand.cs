using System.CommandLine;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Cli.Commands;

/// <summary>
/// <c>oauthguard eval [-d PATH]… [-i FILE] [--format json|pretty] [--strict-builtin-errors] QUERY</c>: evaluates a
/// query like <c>opa eval</c> and prints OPA's output shape. Exit codes: 0 (also when undefined, unless
/// <c>--fail</c>), 1 for any error (load, parse, compile or evaluation) or an undefined result with <c>--fail</c>.
/// </summary>
internal static class EvalCommand
{
    /// <summary>Exit code for errors and, with <c>--fail</c>, undefined results (as <c>opa eval</c>).</summary>
    public const int ErrorExit = 1;

    public static Command Create(CliContext ctx)
    {
        var query = new Argument<string?>("query") { Description = "The Rego query, e.g. data.pkg.allow.", Arity = ArgumentArity.ZeroOrOne };
        var data = new Option<string[]>("--data", "-d") { Description = "Policy or data file (.rego, .json, .yaml) or folder; repeatable.", AllowMultipleArgumentsPerToken = false };
        var input = new Option<string?>("--input", "-i") { Description = "Input document (JSON or YAML)." };
        var format = new Option<string>("--format", "-f") { Description = "Output format: json (default) or pretty.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "pretty");
        var strict = new Option<bool>("--strict-builtin-errors") { Description = "Treat the first builtin error as fatal instead of undefined." };
        var fail = new Option<bool>("--fail") { Description = "Exit 1 when the result is undefined." };
        var list = new Option<bool>("--list-builtins") { Description = "List the builtins this engine provides and exit." };
        var command = new Command("eval", "Evaluate a Rego query, like opa eval.") { query, data, input, format, strict, fail, list };
        command.SetAction(parse =>
        {
            if (parse.GetValue(list))
            {
                BuiltinsCommand.Write(ctx.Out);
                return 0;
            }

            if (parse.GetValue(query) is not { Length: > 0 } q)
            {
                ctx.Error.WriteLine("oauthguard eval: a query is required, e.g. oauthguard eval -d policy.rego data.pkg.allow");
                return CommandErrors.UsageOrSetupError;
            }

            return Run(ctx, q, parse.GetValue(data) ?? [], parse.GetValue(input), parse.GetValue(format) == "pretty", parse.GetValue(strict), parse.GetValue(fail));
        });
        return command;
    }

    internal static int Run(CliContext ctx, string query, string[] paths, string? inputPath, bool pretty, bool strict, bool failOnUndefined)
    {
        var files = RegoFiles.Load(paths, ctx.WorkingDirectory);
        var errors = files.Errors.Select(e => new EvalError("load_error", e.Message, e.File, e.Line, e.Column)).ToList();
        RegoValue? input = null;
        if (inputPath is not null)
        {
            input = RegoFiles.ReadDocument(Path.GetFullPath(inputPath, ctx.WorkingDirectory), inputPath, out var inputError);
            if (inputError is not null)
            {
                errors.Add(new EvalError("load_error", inputError.Message, inputError.File, inputError.Line, inputError.Column));
            }
        }

        if (errors.Count == 0)
        {
            var compiler = new RegoCompiler();
            foreach (var (path, source) in files.Modules)
            {
                compiler.AddModule(path, source);
            }

            compiler.AddData(files.Data);
            var compiled = compiler.Compile();
            if (compiled.Policy is { } policy)
            {
                try
                {
                    var result = policy.Evaluate(query, input, new EvaluationOptions { StrictBuiltinErrors = strict });
                    ctx.Out.Write(pretty ? EvalOutput.Pretty(result) : EvalOutput.Json(result));
                    return failOnUndefined && result.IsUndefined ? ErrorExit : 0;
                }
                catch (RegoException e)
                {
                    errors.Add(From(e.Diagnostic));
                }
            }
            else
            {
                errors.AddRange(compiled.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(From));
            }
        }

        ctx.Out.Write(pretty ? EvalOutput.PrettyErrors(errors) : EvalOutput.JsonErrors(errors));
        return ErrorExit;
    }

    private static EvalError From(Diagnostic d) =>
        new(d.Code, d.Message, d.Span is { Source: not null } ? d.File ?? string.Empty : string.Empty, d.Span is { Source: not null } ? d.Line ?? 0 : 0, d.Span is { Source: not null } ? d.Column ?? 0 : 0);
}
