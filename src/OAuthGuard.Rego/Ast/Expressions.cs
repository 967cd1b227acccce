using System.Collections.Immutable;
using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego.Ast;

/// <summary>A query: a conjunction of literals (a rule body, a comprehension body, or a user query).</summary>
internal sealed class Query(SourceSpan span, int id, ImmutableArray<Literal> literals) : Node(span, id)
{
    /// <summary>Gets the literals, in written order.</summary>
    public ImmutableArray<Literal> Literals { get; } = literals;
}

/// <summary>One statement of a query: an expression, possibly negated with <c>not</c>, with <c>with</c> modifiers.</summary>
internal sealed class Literal(SourceSpan span, int id, Expr expr, bool negated, ImmutableArray<WithModifier> with) : Node(span, id)
{
    /// <summary>Gets the expression.</summary>
    public Expr Expr { get; } = expr;

    /// <summary>Gets a value indicating whether the literal is written <c>not expr</c>.</summary>
    public bool Negated { get; } = negated;

    /// <summary>Gets the <c>with</c> modifiers.</summary>
    public ImmutableArray<WithModifier> With { get; } = with;
}

/// <summary>A <c>with target as value</c> modifier.</summary>
internal sealed class WithModifier(SourceSpan span, int id, RefTerm target, Term value) : Node(span, id)
{
    /// <summary>Gets the target: <c>input…</c>, <c>data…</c>, or a function/builtin name.</summary>
    public RefTerm Target { get; } = target;

    /// <summary>Gets the replacement value (or function reference).</summary>
    public Term Value { get; } = value;
}

/// <summary>An expression in a literal.</summary>
internal abstract class Expr : Node
{
    private protected Expr(SourceSpan span, int id)
        : base(span, id)
    {
    }
}

/// <summary>A term used as an expression: true unless it is undefined or <c>false</c>.</summary>
internal sealed class TermExpr(SourceSpan span, int id, Term term) : Expr(span, id)
{
    /// <summary>Gets the term.</summary>
    public Term Term { get; } = term;
}

/// <summary>Unification <c>a = b</c>.</summary>
internal sealed class UnifyExpr(SourceSpan span, int id, Term left, Term right) : Expr(span, id)
{
    /// <summary>Gets the left term.</summary>
    public Term Left { get; } = left;

    /// <summary>Gets the right term.</summary>
    public Term Right { get; } = right;
}

/// <summary>Assignment <c>x := value</c> (declares the variables on the left).</summary>
internal sealed class AssignExpr(SourceSpan span, int id, Term left, Term right) : Expr(span, id)
{
    /// <summary>Gets the left term (a variable, or an array/object pattern of variables).</summary>
    public Term Left { get; } = left;

    /// <summary>Gets the right term.</summary>
    public Term Right { get; } = right;
}

/// <summary>A declaration <c>some x, y</c>.</summary>
internal sealed class SomeDeclExpr(SourceSpan span, int id, ImmutableArray<VarTerm> variables) : Expr(span, id)
{
    /// <summary>Gets the declared variables.</summary>
    public ImmutableArray<VarTerm> Variables { get; } = variables;
}

/// <summary>An iteration <c>some v in xs</c> or <c>some k, v in xs</c>.</summary>
internal sealed class SomeInExpr(SourceSpan span, int id, Term? key, Term value, Term collection) : Expr(span, id)
{
    /// <summary>Gets the key term, when two are given.</summary>
    public Term? Key { get; } = key;

    /// <summary>Gets the value term.</summary>
    public Term Value { get; } = value;

    /// <summary>Gets the collection.</summary>
    public Term Collection { get; } = collection;
}

/// <summary>A universal quantifier <c>every k, v in xs { body }</c>.</summary>
internal sealed class EveryExpr(SourceSpan span, int id, VarTerm? key, VarTerm value, Term collection, Query body) : Expr(span, id)
{
    /// <summary>Gets the key variable, when two are given.</summary>
    public VarTerm? Key { get; } = key;

    /// <summary>Gets the value variable.</summary>
    public VarTerm Value { get; } = value;

    /// <summary>Gets the collection.</summary>
    public Term Collection { get; } = collection;

    /// <summary>Gets the body that must hold for every element.</summary>
    public Query Body { get; } = body;
}
