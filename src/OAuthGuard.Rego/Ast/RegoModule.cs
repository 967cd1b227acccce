using System.Collections.Immutable;
using OAuthGuard.Rego.Annotations;
using OAuthGuard.Rego.Syntax;

namespace OAuthGuard.Rego.Ast;

/// <summary>A parsed Rego module (one file): package, imports, rules and the <c># METADATA</c> blocks in it.</summary>
internal sealed class RegoModule(SourceSpan span, int id, Package package, ImmutableArray<Import> imports, ImmutableArray<Rule> rules, ImmutableArray<AnnotationBlock> annotations) : Node(span, id)
{
    /// <summary>Gets the package declaration.</summary>
    public Package Package { get; } = package;

    /// <summary>Gets the imports.</summary>
    public ImmutableArray<Import> Imports { get; } = imports;

    /// <summary>Gets the rules, in written order.</summary>
    public ImmutableArray<Rule> Rules { get; } = rules;

    /// <summary>Gets the <c># METADATA</c> blocks, each attached to the package or the rule that follows it.</summary>
    public ImmutableArray<AnnotationBlock> Annotations { get; } = annotations;
}

/// <summary><c>package a.b.c</c>: the path is a reference rooted at <c>data</c>.</summary>
internal sealed class Package(SourceSpan span, int id, RefTerm path) : Node(span, id)
{
    /// <summary>Gets the package path as a reference (<c>data.a.b.c</c>).</summary>
    public RefTerm Path { get; } = path;
}

/// <summary><c>import data.x.y as z</c>, <c>import input.a</c>, <c>import rego.v1</c> or <c>import future.keywords.in</c>.</summary>
internal sealed class Import(SourceSpan span, int id, RefTerm path, string? alias) : Node(span, id)
{
    /// <summary>Gets the imported reference.</summary>
    public RefTerm Path { get; } = path;

    /// <summary>Gets the alias, when given.</summary>
    public string? Alias { get; } = alias;
}

/// <summary>The kinds of rule head.</summary>
internal enum RuleKind
{
    /// <summary><c>p := v if …</c> or <c>p if …</c> (value <c>true</c>); also ref heads without a variable key.</summary>
    Complete,

    /// <summary><c>p contains x if …</c> (a partial set).</summary>
    PartialSet,

    /// <summary>
    /// <c>p[k] := v if …</c>: a ref head with an operand that is not a string (<c>p[k]</c>, <c>p[1]</c>,
    /// <c>a.b[x].c</c>); <see cref="Rule.Key"/> is the head's last operand and <see cref="Rule.Head"/> includes it.
    /// </summary>
    PartialObject,

    /// <summary><c>f(x) := v if …</c>.</summary>
    Function,
}

/// <summary>
/// A rule. <see cref="Head"/> is the full reference of the head relative to the package (<c>p</c>, <c>a.b[x]</c>);
/// <see cref="Value"/> is what the rule produces (null means <c>true</c> for complete rules, absent for sets);
/// <see cref="Key"/> is the set member or object key; <see cref="Else"/> chains <c>else</c> clauses.
/// </summary>
internal sealed class Rule(
    SourceSpan span,
    int id,
    RuleKind kind,
    RefTerm head,
    ImmutableArray<Term> arguments,
    Term? key,
    Term? value,
    bool isAssignment,
    bool isDefault,
    Query body,
    Rule? @else) : Node(span, id)
{
    /// <summary>Gets the kind of head.</summary>
    public RuleKind Kind { get; } = kind;

    /// <summary>Gets the head reference relative to the package, e.g. <c>p</c> or <c>a.b[x]</c>.</summary>
    public RefTerm Head { get; } = head;

    /// <summary>Gets the function parameters (functions only).</summary>
    public ImmutableArray<Term> Arguments { get; } = arguments;

    /// <summary>Gets the member (partial set) or key (partial object), if any.</summary>
    public Term? Key { get; } = key;

    /// <summary>Gets the value term; null means <c>true</c> (complete, partial object and function rules) or no value (partial sets).</summary>
    public Term? Value { get; } = value;

    /// <summary>Gets a value indicating whether the head used <c>:=</c> (rather than <c>=</c> or nothing).</summary>
    public bool IsAssignment { get; } = isAssignment;

    /// <summary>Gets a value indicating whether this is a <c>default</c> rule.</summary>
    public bool IsDefault { get; } = isDefault;

    /// <summary>Gets the body (empty for <c>p := 1</c> written without a body).</summary>
    public Query Body { get; } = body;

    /// <summary>Gets the next <c>else</c> clause, if any (its Head/Arguments repeat this rule's).</summary>
    public Rule? Else { get; } = @else;

    /// <summary>Gets the rule's name: the first operand of the head reference.</summary>
    public string Name => Head.Head is VarTerm v ? v.Name : string.Empty;
}
