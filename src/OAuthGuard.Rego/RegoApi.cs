using System.Collections.Immutable;
using OAuthGuard.Rego.Annotations;
using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego;

/// <summary>Options that shape compilation.</summary>
public sealed record CompilerOptions
{
    /// <summary>Gets the default options.</summary>
    public static CompilerOptions Default { get; } = new();

    /// <summary>Gets the builtins policies may call.</summary>
    public BuiltinRegistry Builtins { get; init; } = BuiltinRegistry.Default;

    /// <summary>Gets how many errors are collected before compilation stops.</summary>
    public int MaxErrors { get; init; } = 10;
}

/// <summary>Options and limits for one evaluation.</summary>
public sealed record EvaluationOptions
{
    /// <summary>Gets the default options.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>Gets a value indicating whether builtin errors fail the query instead of making the call undefined.</summary>
    public bool StrictBuiltinErrors { get; init; }

    /// <summary>Gets the most evaluation steps allowed before the query fails with <c>eval_cancel_error</c>.</summary>
    public long MaxSteps { get; init; } = 50_000_000;

    /// <summary>
    /// Gets the longest one query may run (wall clock) before it fails with <c>eval_cancel_error</c> naming the rule
    /// it was in; null means no limit. Policies can come from the repository being scanned, so hosts keep one.
    /// </summary>
    public TimeSpan? Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets the largest value one operation may produce, estimated in bytes (2 per string character, 32 per array,
    /// set or object element, one per 8 bits of a number), before the query fails with <c>eval_cancel_error</c>.
    /// Values written out by a builtin (<c>json.marshal</c>, <c>sprintf</c>, ...) count in full, shared parts once per use.
    /// </summary>
    public long MaxValueBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Gets the most bytes (estimated as for <see cref="MaxValueBytes"/>) all the values one query produces may add up
    /// to, garbage included, before it fails with <c>eval_cancel_error</c>: what a policy can make the process hold.
    /// </summary>
    public long MaxTotalBytes { get; init; } = 256L << 20;

    /// <summary>Gets the most bits an integer computed by a query may have (arithmetic on larger ones is slow, writing them out slower).</summary>
    public long MaxNumberBits { get; init; } = 1L << 20;

    /// <summary>Gets the deepest nesting of rule and function calls allowed.</summary>
    public int MaxDepth { get; init; } = 2_000;

    /// <summary>Gets where <c>print</c> output goes (null discards it).</summary>
    public TextWriter? PrintOutput { get; init; }

    /// <summary>Gets the clock for time builtins.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>The outcome of a compilation: a policy, or the diagnostics that prevented one.</summary>
/// <param name="Policy">The compiled policy, or null when there were errors.</param>
/// <param name="Diagnostics">Errors and warnings, sorted by location.</param>
public sealed record CompilationResult(CompiledPolicy? Policy, ImmutableArray<Diagnostic> Diagnostics)
{
    /// <summary>Gets a value indicating whether compilation produced a policy.</summary>
    public bool Success => Policy is not null;
}

/// <summary>The solutions of a query; none means the query is undefined.</summary>
/// <param name="Solutions">One entry per solution.</param>
public sealed record QueryResult(ImmutableArray<QuerySolution> Solutions)
{
    /// <summary>Gets a value indicating whether the query had no solution.</summary>
    public bool IsUndefined => Solutions.IsEmpty;
}

/// <summary>One solution of a query.</summary>
/// <param name="Bindings">The values of the query's named variables (generated names are left out).</param>
/// <param name="Expressions">The value of each top-level expression of the query.</param>
public sealed record QuerySolution(ImmutableSortedDictionary<string, RegoValue> Bindings, ImmutableArray<ExpressionValue> Expressions);

/// <summary>The value of one expression of a query, as <c>opa eval</c> reports it.</summary>
/// <param name="Value">The value (<c>true</c> for expressions that are not plain terms).</param>
/// <param name="Text">The expression's text.</param>
/// <param name="Location">Where the expression stands in the query.</param>
public sealed record ExpressionValue(RegoValue Value, string Text, SourceSpan Location);

/// <summary>One annotation attached to its target, as the host reads it.</summary>
/// <param name="Annotation">The annotation (its <see cref="Annotation.Path"/> names the target).</param>
public sealed record AnnotationEntry(Annotation Annotation);
