using System.Collections.Immutable;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Ast;

/// <summary>A term: a value, a variable, a reference, a composite, a comprehension or a call.</summary>
internal abstract class Term : Node
{
    private protected Term(SourceSpan span, int id)
        : base(span, id)
    {
    }
}

/// <summary>A scalar literal: null, a boolean, a number or a string (raw strings included).</summary>
internal sealed class ScalarTerm(SourceSpan span, int id, RegoValue value) : Term(span, id)
{
    /// <summary>Gets the value.</summary>
    public RegoValue Value { get; } = value;
}

/// <summary>A variable. The wildcard <c>_</c> is given a unique generated name by the parser (<c>$_0</c>, …).</summary>
internal sealed class VarTerm(SourceSpan span, int id, string name) : Term(span, id)
{
    /// <summary>Gets the variable name.</summary>
    public string Name { get; } = name;

    /// <summary>Gets a value indicating whether the parser generated this name for a <c>_</c> wildcard.</summary>
    public bool IsWildcard => Name.StartsWith("$_", StringComparison.Ordinal);
}

/// <summary>
/// A reference: a head term followed by path operands. <c>data.a.b[x]</c> has head <c>data</c> (a var) and
/// path <c>"a"</c>, <c>"b"</c>, <c>x</c>; a dotted name becomes a string <see cref="ScalarTerm"/>.
/// </summary>
internal sealed class RefTerm(SourceSpan span, int id, Term head, ImmutableArray<Term> path) : Term(span, id)
{
    /// <summary>Gets the head (usually a <see cref="VarTerm"/>; may be a composite, comprehension or call).</summary>
    public Term Head { get; } = head;

    /// <summary>Gets the path operands after the head.</summary>
    public ImmutableArray<Term> Path { get; } = path;
}

/// <summary>An array literal <c>[a, b]</c>.</summary>
internal sealed class ArrayTerm(SourceSpan span, int id, ImmutableArray<Term> items) : Term(span, id)
{
    /// <summary>Gets the items.</summary>
    public ImmutableArray<Term> Items { get; } = items;
}

/// <summary>A set literal <c>{a, b}</c> or <c>set()</c>.</summary>
internal sealed class SetTerm(SourceSpan span, int id, ImmutableArray<Term> items) : Term(span, id)
{
    /// <summary>Gets the items.</summary>
    public ImmutableArray<Term> Items { get; } = items;
}

/// <summary>An object literal <c>{k: v}</c>.</summary>
internal sealed class ObjectTerm(SourceSpan span, int id, ImmutableArray<KeyValuePair<Term, Term>> entries) : Term(span, id)
{
    /// <summary>Gets the entries in written order.</summary>
    public ImmutableArray<KeyValuePair<Term, Term>> Entries { get; } = entries;
}

/// <summary>An array comprehension <c>[term | body]</c>.</summary>
internal sealed class ArrayComprehension(SourceSpan span, int id, Term term, Query body) : Term(span, id)
{
    /// <summary>Gets the output term.</summary>
    public Term Term { get; } = term;

    /// <summary>Gets the body.</summary>
    public Query Body { get; } = body;
}

/// <summary>A set comprehension <c>{term | body}</c>.</summary>
internal sealed class SetComprehension(SourceSpan span, int id, Term term, Query body) : Term(span, id)
{
    /// <summary>Gets the output term.</summary>
    public Term Term { get; } = term;

    /// <summary>Gets the body.</summary>
    public Query Body { get; } = body;
}

/// <summary>An object comprehension <c>{key: value | body}</c>.</summary>
internal sealed class ObjectComprehension(SourceSpan span, int id, Term key, Term value, Query body) : Term(span, id)
{
    /// <summary>Gets the key term.</summary>
    public Term Key { get; } = key;

    /// <summary>Gets the value term.</summary>
    public Term Value { get; } = value;

    /// <summary>Gets the body.</summary>
    public Query Body { get; } = body;
}

/// <summary>
/// A call of a builtin or user function. Infix operators are calls too, under OPA's builtin names:
/// <c>plus minus mul div rem equal neq lt lte gt gte or and internal.member_2 internal.member_3</c>
/// (<c>|</c> is <c>or</c>, <c>&amp;</c> is <c>and</c>, <c>x in xs</c> is <c>internal.member_2</c>, <c>k, v in xs</c>
/// is <c>internal.member_3</c>). Unary minus on a non-literal is <c>minus(0, x)</c>.
/// </summary>
internal sealed class CallTerm(SourceSpan span, int id, RefTerm function, ImmutableArray<Term> arguments) : Term(span, id)
{
    /// <summary>Gets the function reference as written, e.g. <c>count</c>, <c>array.concat</c>, <c>data.lib.f</c>.</summary>
    public RefTerm Function { get; } = function;

    /// <summary>Gets the arguments.</summary>
    public ImmutableArray<Term> Arguments { get; } = arguments;

    /// <summary>Gets the dotted function name, e.g. <c>array.concat</c> or <c>data.lib.f</c>.</summary>
    public string Name => AstNames.DottedName(Function);
}
