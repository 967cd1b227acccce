using System.Collections.Immutable;
using System.Text;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Conformance.Tests;

/// <summary>The outcome of one case.</summary>
/// <param name="Passed">True when the case behaved as expected.</param>
/// <param name="Detail">What happened, for failures (empty on success).</param>
internal sealed record CaseOutcome(bool Passed, string Detail)
{
    public static readonly CaseOutcome Pass = new(true, string.Empty);

    public static CaseOutcome Fail(string detail) => new(false, detail);
}

/// <summary>
/// Runs one case on its own through the public API only (RegoCompiler → CompiledPolicy.Evaluate) and compares the
/// outcome as OPA's runner does: solutions as a set of binding objects in JSON form (sets become sorted arrays,
/// non-string keys their JSON text), arrays sorted first when <c>sort_bindings</c> is set; expected errors by code
/// and by message substring.
/// </summary>
internal static class CaseRunner
{
    /// <summary>How long one case may run before it counts as a failure.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Runs a case on a thread with a large stack, so deep recursion or a hang fails this case only.</summary>
    /// <param name="c">The case.</param>
    /// <returns>The outcome.</returns>
    public static CaseOutcome Run(ConformanceCase c)
    {
        using var cts = new CancellationTokenSource();
        CaseOutcome? outcome = null;
        var thread = new Thread(() => outcome = RunInline(c, cts.Token), 256 * 1024 * 1024) { IsBackground = true, Name = "case" };
        thread.Start();
        if (!thread.Join(Timeout))
        {
            cts.Cancel();
            return thread.Join(TimeSpan.FromSeconds(2))
                ? outcome ?? CaseOutcome.Fail("no outcome")
                : CaseOutcome.Fail($"timed out after {Timeout.TotalSeconds:0} s (the evaluation did not stop on cancellation)");
        }

        return outcome ?? CaseOutcome.Fail("no outcome");
    }

    /// <summary>Runs a case on the calling thread.</summary>
    /// <param name="c">The case.</param>
    /// <param name="cancellationToken">Stops the evaluation.</param>
    /// <returns>The outcome.</returns>
    public static CaseOutcome RunInline(ConformanceCase c, CancellationToken cancellationToken)
    {
        if (c.LoadError is not null)
        {
            return CaseOutcome.Fail($"could not read the case: {c.LoadError}");
        }

        try
        {
            var (result, errors) = Execute(c, cancellationToken);
            return c.ExpectsError ? CheckError(c, result, errors) : CheckResult(c, result, errors);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return CaseOutcome.Fail($"engine crashed: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
    }

    /// <summary>Parses a Rego term (e.g. an <c>input_term</c>) by evaluating it through the engine's own query API.</summary>
    /// <param name="term">The term text.</param>
    /// <returns>The value.</returns>
    /// <exception cref="RegoException">The term does not parse or is not a ground value.</exception>
    public static RegoValue ParseTerm(string term)
    {
        var compiled = new RegoCompiler().Compile();
        var policy = compiled.Policy ?? throw new RegoException(compiled.Diagnostics.FirstOrDefault() ?? Diagnostic.Error(ErrorCodes.InternalError, "empty compile failed"));
        var result = policy.Evaluate($"input_term_value := {term}");
        return result.Solutions.Length == 1 && result.Solutions[0].Bindings.TryGetValue("input_term_value", out var v)
            ? v
            : throw new RegoException(Diagnostic.Error(ErrorCodes.InternalError, $"input_term is not a single ground value: {term}"));
    }

    private static (QueryResult? Result, ImmutableArray<Diagnostic> Errors) Execute(ConformanceCase c, CancellationToken cancellationToken)
    {
        var compiler = new RegoCompiler();
        for (var i = 0; i < c.Modules.Length; i++)
        {
            compiler.AddModule(c.Modules.Length == 1 ? "case.rego" : $"module-{i}.rego", c.Modules[i]);
        }

        if (c.Data is not null)
        {
            compiler.AddData(c.Data);
        }

        var compiled = compiler.Compile();
        if (compiled.Policy is not { } policy)
        {
            return (null, compiled.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray());
        }

        RegoValue? input = c.Input;
        if (c.InputTerm is { } term)
        {
            try
            {
                input = ParseTerm(term);
            }
            catch (RegoException e)
            {
                return (null, [Diagnostic.Error("harness_input_term_error", $"input_term '{term}' could not be read: {e.Diagnostic}")]);
            }
        }

        try
        {
            var options = new EvaluationOptions { StrictBuiltinErrors = c.StrictError };
            return (policy.Evaluate(c.Query, input, options, cancellationToken), []);
        }
        catch (RegoException e)
        {
            return (null, [e.Diagnostic]);
        }
    }

    private static CaseOutcome CheckError(ConformanceCase c, QueryResult? result, ImmutableArray<Diagnostic> errors)
    {
        var want = $"error{(c.WantErrorCode is null ? string.Empty : $" {c.WantErrorCode}")}{(c.WantError is null ? string.Empty : $" containing \"{c.WantError}\"")}";
        if (errors.IsEmpty)
        {
            return CaseOutcome.Fail($"expected {want}\nbut got a result: {Describe(result)}");
        }

        var match = errors.Any(e =>
            (c.WantErrorCode is null || e.Code == c.WantErrorCode) &&
            (c.WantError is null || e.Message.Contains(c.WantError, StringComparison.Ordinal) ||
             $"{e.Code}: {e.Message}".Contains(c.WantError, StringComparison.Ordinal) || MatchesLocatedForm(c, e)));
        return match ? CaseOutcome.Pass : CaseOutcome.Fail($"expected {want}\nbut got:\n{DescribeErrors(errors)}");
    }

    /// <summary>
    /// OPA's runner matches <c>want_error</c> against the error's full text, <c>test-N.rego:ROW: code: message</c>, with
    /// the modules named <c>test-0.rego</c>, <c>test-1.rego</c>… in order. This accepts that form when the module (by
    /// position), the row and the code agree and the message contains the rest.
    /// </summary>
    private static bool MatchesLocatedForm(ConformanceCase c, Diagnostic e)
    {
        var m = System.Text.RegularExpressions.Regex.Match(c.WantError!, @"^test-(\d+)\.rego:(\d+): ([a-z_]+): (.*)$", System.Text.RegularExpressions.RegexOptions.Singleline);
        if (!m.Success || e.Span is not { } span)
        {
            return false;
        }

        var module = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var file = c.Modules.Length == 1 ? "case.rego" : $"module-{module}.rego";
        return span.Source.Path == file &&
            span.Line == int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) &&
            e.Code == m.Groups[3].Value &&
            e.Message.Contains(m.Groups[4].Value, StringComparison.Ordinal);
    }

    private static CaseOutcome CheckResult(ConformanceCase c, QueryResult? result, ImmutableArray<Diagnostic> errors)
    {
        if (!errors.IsEmpty || result is null)
        {
            return CaseOutcome.Fail($"expected a result but got:\n{DescribeErrors(errors)}");
        }

        if (c.WantResult is not { } want)
        {
            // NOTE: no case in the suite lacks both want_result and an expected error; treat it as "any result, no error".
            return CaseOutcome.Pass;
        }

        var expected = want.Select(w => Canonical(w, c.SortBindings)).ToImmutableSortedSet(ValueComparer.Instance);
        var actual = result.Solutions
            .Select(s => Canonical(RegoObject.Create(s.Bindings.Select(kv => new KeyValuePair<RegoValue, RegoValue>(new RegoString(kv.Key), kv.Value))), c.SortBindings))
            .ToImmutableSortedSet(ValueComparer.Instance);
        if (expected.SetEquals(actual))
        {
            return CaseOutcome.Pass;
        }

        var sb = new StringBuilder("results differ\nexpected:\n");
        foreach (var e in expected)
        {
            sb.Append(actual.Contains(e) ? "    " : "  - ").AppendLine(RegoJson.Serialize(e));
        }

        sb.AppendLine("actual:");
        foreach (var a in actual)
        {
            sb.Append(expected.Contains(a) ? "    " : "  + ").AppendLine(RegoJson.Serialize(a));
        }

        return CaseOutcome.Fail(sb.ToString().TrimEnd());
    }

    /// <summary>
    /// The JSON form of a binding object: the value goes through JSON (sets → sorted arrays, non-string keys → their
    /// JSON text) and back, so both sides compare alike, as values (numbers by what they denote, as OPA's runner
    /// compares them, not by how they are written: <c>-42.0</c> is <c>-42</c>); with <paramref name="sortBindings"/>
    /// each binding that is an array has its elements sorted.
    /// </summary>
    private static RegoValue Canonical(RegoValue bindings, bool sortBindings)
    {
        var json = RegoJson.Parse(RegoJson.Serialize(bindings));
        if (sortBindings && json is RegoObject obj)
        {
            json = RegoObject.Create(obj.Select(kv => new KeyValuePair<RegoValue, RegoValue>(
                kv.Key,
                kv.Value is RegoArray arr ? RegoArray.Create(arr.Order(ValueComparer.Instance)) : kv.Value)));
        }

        return json;
    }

    private static string Describe(QueryResult? result) =>
        result is null ? "(none)" : result.IsUndefined ? "undefined (no solutions)" :
        string.Join(", ", result.Solutions.Select(s => RegoJson.Serialize(RegoObject.Create(s.Bindings.Select(kv => new KeyValuePair<RegoValue, RegoValue>(new RegoString(kv.Key), kv.Value))))));

    private static string DescribeErrors(ImmutableArray<Diagnostic> errors) =>
        errors.IsEmpty ? "  (no error and no result)" : string.Join('\n', errors.Select(e => $"  {e}"));
}
