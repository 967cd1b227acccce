using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OAuthGuard.Findings;

namespace OAuthGuard.Engines;

/// <summary>
/// A Rego evaluator behind the scan: the embedded OAuthGuard.Rego engine, or the <c>opa</c> CLI.
/// An engine compiles a policy set once, reports the <c># METADATA</c> annotations it found and
/// evaluates <c>data.oauthguard.rules</c> against an input document. Everything downstream
/// (rule catalogue, locating, suppressions, reporters) is engine-independent.
/// </summary>
public interface IPolicyEngine
{
    /// <summary>The engine's name as given to <c>--engine</c>, e.g. <c>embedded</c>.</summary>
    string Name { get; }

    /// <summary>The engine's version, shown in reports (e.g. <c>embedded 0.1.0</c>).</summary>
    string Version { get; }

    /// <summary>
    /// Parses and compiles <paramref name="sources"/>. Compile errors are returned as
    /// diagnostics (with file and line), never thrown; <see cref="PolicyCompilation.Policies"/>
    /// is null when the set cannot be evaluated.
    /// </summary>
    ValueTask<PolicyCompilation> CompileAsync(IReadOnlyList<PolicySource> sources, CancellationToken cancellationToken);
}

/// <summary>A policy set compiled by one engine, ready to be evaluated many times.</summary>
public interface IPreparedPolicies
{
    /// <summary>
    /// Evaluates every rule package's <c>deny</c> set under <c>data.oauthguard.rules</c> against
    /// <paramref name="input"/>. Evaluation errors come back as diagnostics; the findings of the
    /// packages that evaluated are still returned.
    /// </summary>
    ValueTask<EngineEvaluation> EvaluateAsync(JsonObject input, CancellationToken cancellationToken);
}

/// <summary>One Rego module handed to an engine.</summary>
/// <param name="Path">The path shown in diagnostics: <c>policies/oauthguard/…</c> for bundled modules, the file path for user modules.</param>
/// <param name="Text">The module source.</param>
/// <param name="Origin">Where the module came from: <c>bundled</c> or the user policy folder as given.</param>
public sealed record PolicySource(string Path, string Text, string Origin);

/// <summary>The outcome of compiling a policy set.</summary>
/// <param name="Policies">The compiled set, or null when compilation failed.</param>
/// <param name="Annotations">Every package-scoped <c># METADATA</c> block, with its package path.</param>
/// <param name="Diagnostics">Parse and compile errors, each with file and line where known.</param>
public sealed record PolicyCompilation(
    IPreparedPolicies? Policies,
    ImmutableArray<RuleAnnotation> Annotations,
    ImmutableArray<ToolNotification> Diagnostics);

/// <summary>The outcome of one evaluation.</summary>
/// <param name="Findings">What the rules' <c>deny</c> sets contained, in the engine's order.</param>
/// <param name="Diagnostics">Evaluation errors (e.g. <c>eval_conflict_error</c>) with the policy location.</param>
public sealed record EngineEvaluation(ImmutableArray<RawFinding> Findings, ImmutableArray<ToolNotification> Diagnostics);

/// <summary>One element of a rule package's <c>deny</c> set, still as the policy wrote it.</summary>
/// <param name="Package">The rule package, e.g. <c>oauthguard.rules.web_server_flow_secret</c>.</param>
/// <param name="Value">The finding object (docs/contracts.md §2); validated by the host.</param>
public sealed record RawFinding(string Package, JsonNode? Value);

/// <summary>A package-scoped <c># METADATA</c> block as an engine parsed it.</summary>
/// <param name="Package">The package path without the <c>data.</c> prefix, e.g. <c>oauthguard.rules.web_server_flow_secret</c>.</param>
/// <param name="Title">The <c>title</c> key.</param>
/// <param name="Description">The <c>description</c> key.</param>
/// <param name="RelatedResources">The <c>related_resources</c> entries.</param>
/// <param name="Custom">The <c>custom</c> object, or null when absent.</param>
/// <param name="File">The module the block sits in.</param>
/// <param name="Line">1-based line of the block, when known.</param>
public sealed record RuleAnnotation(
    string Package,
    string? Title,
    string? Description,
    ImmutableArray<RuleLink> RelatedResources,
    JsonObject? Custom,
    string File,
    int? Line)
{
    /// <summary>
    /// The block's top-level keys as written (e.g. <c>title</c>, <c>custom</c>), when the engine
    /// exposes them; empty when it does not. Used to reject unknown keys.
    /// </summary>
    public ImmutableArray<string> Keys { get; init; } = [];
}
