using System.Collections.Immutable;
using System.Diagnostics;
using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Testing;

/// <summary>The outcome of one policy test, as <c>opa test</c> reports it.</summary>
public enum PolicyTestOutcome
{
    /// <summary>The test rule was defined and not false.</summary>
    Pass,

    /// <summary>The test rule was undefined or false.</summary>
    Fail,

    /// <summary>Evaluating the test rule raised an error (conflict, type error, limits).</summary>
    Error,

    /// <summary>The rule is named <c>todo_…</c> and was not run.</summary>
    Skip,
}

/// <summary>One policy test's result.</summary>
/// <param name="Package">The package path, e.g. <c>data.oauthguard.rules.secret_test</c>.</param>
/// <param name="Name">The rule name, e.g. <c>test_secret_optional_denied</c>.</param>
/// <param name="Outcome">Pass, fail, error or skip.</param>
/// <param name="Duration">How long the evaluation took.</param>
/// <param name="Error">The error, when <paramref name="Outcome"/> is <see cref="PolicyTestOutcome.Error"/>.</param>
/// <param name="Location">Where the (first definition of the) test rule is written.</param>
public sealed record PolicyTestResult(string Package, string Name, PolicyTestOutcome Outcome, TimeSpan Duration, Diagnostic? Error, SourceSpan Location)
{
    /// <summary>Gets the full rule path, e.g. <c>data.pkg.test_x</c>.</summary>
    public string FullName => $"{Package}.{Name}";
}

/// <summary>Options for a test run.</summary>
public sealed record PolicyTestOptions
{
    /// <summary>Gets the default options.</summary>
    public static PolicyTestOptions Default { get; } = new();

    /// <summary>Gets a filter on the full test name (<c>opa test --run</c>); null runs every test.</summary>
    public Func<string, bool>? Filter { get; init; }

    /// <summary>Gets the evaluation options each test runs with.</summary>
    public EvaluationOptions Evaluation { get; init; } = EvaluationOptions.Default;
}

/// <summary>
/// Discovers the <c>test_</c> rules of a compiled policy (every module, like <c>opa test</c>; <c>todo_</c> rules
/// are reported as skipped) and runs each one on its own, timing it.
/// See https://www.openpolicyagent.org/docs/policy-testing/.
/// </summary>
public sealed class PolicyTestRunner
{
    private readonly CompiledPolicy _policy;

    /// <summary>Initializes a new instance of the <see cref="PolicyTestRunner"/> class.</summary>
    /// <param name="policy">The compiled policy, tests included.</param>
    public PolicyTestRunner(CompiledPolicy policy) => _policy = policy;

    /// <summary>Runs every test, ordered by file then position.</summary>
    /// <param name="options">Filter and evaluation options.</param>
    /// <param name="cancellationToken">Stops the run between and within tests.</param>
    /// <returns>One result per test rule.</returns>
    public ImmutableArray<PolicyTestResult> Run(PolicyTestOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= PolicyTestOptions.Default;
        var results = ImmutableArray.CreateBuilder<PolicyTestResult>();
        foreach (var (package, name, span) in Discover())
        {
            var full = $"{package}.{name}";
            if (options.Filter is { } filter && !filter(full))
            {
                continue;
            }

            if (name.StartsWith("todo_", StringComparison.Ordinal))
            {
                results.Add(new PolicyTestResult(package, name, PolicyTestOutcome.Skip, TimeSpan.Zero, null, span));
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            PolicyTestOutcome outcome;
            Diagnostic? error = null;
            try
            {
                var result = _policy.Evaluate(full, null, options.Evaluation, cancellationToken);
                outcome = result.Solutions.Any(s => s.Expressions.Length > 0 && s.Expressions[0].Value is not RegoBoolean { Value: false })
                    ? PolicyTestOutcome.Pass
                    : PolicyTestOutcome.Fail;
            }
            catch (RegoException e)
            {
                outcome = PolicyTestOutcome.Error;
                error = e.Diagnostic;
            }

            results.Add(new PolicyTestResult(package, name, outcome, sw.Elapsed, error, span));
        }

        return results.ToImmutable();
    }

    /// <summary>Lists the test rules: (package path, rule name, first definition), one per rule, in source order.</summary>
    /// <returns>The tests.</returns>
    public ImmutableArray<(string Package, string Name, SourceSpan Location)> Discover()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tests = new List<(string, string, SourceSpan)>();
        foreach (var rule in _policy.Model.Rules)
        {
            var name = rule.Source.Name;
            if (rule.Kind == RuleKind.Function || rule.Source.Head.Path.Length > 0 ||
                !(name.StartsWith("test_", StringComparison.Ordinal) || name.StartsWith("todo_", StringComparison.Ordinal)))
            {
                continue;
            }

            var package = Compilation.RuleTreeNode.FormatPath(rule.StaticPath.AsSpan(0, rule.StaticPath.Length - 1));
            if (seen.Add($"{package}.{name}"))
            {
                tests.Add((package, name, rule.Source.Span));
            }
        }

        tests.Sort((a, b) =>
        {
            var c = string.CompareOrdinal(a.Item3.Source.Path, b.Item3.Source.Path);
            return c != 0 ? c : a.Item3.Start.CompareTo(b.Item3.Start);
        });
        return [.. tests];
    }
}
