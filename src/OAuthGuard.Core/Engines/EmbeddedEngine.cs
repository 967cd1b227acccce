using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OAuthGuard.Findings;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Annotations;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Engines;

/// <summary>The in-process engine: OAuthGuard.Rego compiles the policies once and evaluates them per scan.</summary>
public sealed class EmbeddedEngine : IPolicyEngine
{
    /// <summary>The name used with <c>--engine</c>.</summary>
    public const string EngineName = "embedded";

    private const string RulesQuery = "data." + RuleOutput.RulesPackage;

    /// <inheritdoc />
    public string Name => EngineName;

    /// <inheritdoc />
    public string Version { get; } = typeof(RegoCompiler).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>Limits for each evaluation; the defaults of OAuthGuard.Rego unless replaced.</summary>
    public EvaluationOptions EvaluationOptions { get; init; } = EvaluationOptions.Default;

    /// <inheritdoc />
    public ValueTask<PolicyCompilation> CompileAsync(IReadOnlyList<PolicySource> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var compiler = new RegoCompiler(CompilerOptions.Default with { MaxErrors = 50 });
        foreach (var source in sources)
        {
            compiler.AddModule(source.Path, source.Text);
        }

        var result = compiler.Compile();
        var diagnostics = result.Diagnostics.Select(AnnotationReader.ToNotification).ToImmutableArray();
        if (result.Policy is not { } policy)
        {
            return ValueTask.FromResult(new PolicyCompilation(null, [], diagnostics));
        }

        var annotations = policy.Annotations
            .Select(a => a.Annotation)
            .Where(a => a.Scope == AnnotationScopes.Package)
            .Select(AnnotationReader.ToRuleAnnotation)
            .ToImmutableArray();
        return ValueTask.FromResult(new PolicyCompilation(new Prepared(policy, EvaluationOptions), annotations, diagnostics));
    }

    private sealed class Prepared(CompiledPolicy policy, EvaluationOptions options) : IPreparedPolicies
    {
        public ValueTask<EngineEvaluation> EvaluateAsync(JsonObject input, CancellationToken cancellationToken)
        {
            try
            {
                var result = policy.Evaluate(RulesQuery, RegoJson.FromNode(input), options, cancellationToken);
                var value = result.Solutions.FirstOrDefault()?.Expressions.FirstOrDefault()?.Value;
                // Rule values are written out as one value: a policy can share parts so often that it would be endless.
                var findings = value is null ? [] : RuleOutput.Collect(RegoJson.ToNode(value, options.MaxValueBytes));
                return ValueTask.FromResult(new EngineEvaluation(findings, []));
            }
            catch (RegoException e)
            {
                return ValueTask.FromResult(new EngineEvaluation([], [AnnotationReader.ToNotification(e.Diagnostic)]));
            }
        }
    }
}
