using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Builtins;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation;

// The lowered form the evaluator runs: names resolved (local slots, data/input roots, builtins, functions),
// literals in safe order. Built from the AST by ResolveImportsAndRefs; later stages annotate it in place.

/// <summary>A lowered term.</summary>
internal abstract class IrTerm(SourceSpan span)
{
    public SourceSpan Span { get; } = span;
}

/// <summary>A ground value known at compile time.</summary>
internal sealed class IrConst(SourceSpan span, RegoValue value) : IrTerm(span)
{
    public RegoValue Value { get; } = value;
}

/// <summary>A local variable with a slot in its rule's (or query's) frame.</summary>
internal sealed class IrVar(SourceSpan span, string name, int slot) : IrTerm(span)
{
    public string Name { get; } = name;

    public int Slot { get; } = slot;

    public bool IsGenerated => Name.StartsWith('$');
}

/// <summary>A reference whose head is a value term (a local variable, a composite, a call).</summary>
internal sealed class IrRef(SourceSpan span, IrTerm head, IrTerm[] path) : IrTerm(span)
{
    public IrTerm Head { get; } = head;

    public IrTerm[] Path { get; } = path;
}

/// <summary>A reference rooted at <c>data</c> or <c>input</c>; <see cref="Path"/> starts after the root.</summary>
internal sealed class IrRootRef(SourceSpan span, bool isInput, IrTerm[] path) : IrTerm(span)
{
    public bool IsInput { get; } = isInput;

    public IrTerm[] Path { get; } = path;
}

/// <summary>An array literal.</summary>
internal sealed class IrArray(SourceSpan span, IrTerm[] items) : IrTerm(span)
{
    public IrTerm[] Items { get; } = items;
}

/// <summary>A set literal.</summary>
internal sealed class IrSet(SourceSpan span, IrTerm[] items) : IrTerm(span)
{
    public IrTerm[] Items { get; } = items;
}

/// <summary>An object literal.</summary>
internal sealed class IrObject(SourceSpan span, IrTerm[] keys, IrTerm[] values) : IrTerm(span)
{
    public IrTerm[] Keys { get; } = keys;

    public IrTerm[] Values { get; } = values;
}

/// <summary>The kinds of comprehension.</summary>
internal enum ComprehensionKind
{
    Array,
    Set,
    Object,
}

/// <summary>A comprehension: its body runs in the enclosing frame, with its own local slots.</summary>
internal sealed class IrComprehension(SourceSpan span, ComprehensionKind kind, IrTerm? key, IrTerm value, IrQuery body) : IrTerm(span)
{
    public ComprehensionKind Kind { get; } = kind;

    public IrTerm? Key { get; } = key;

    public IrTerm Value { get; } = value;

    public IrQuery Body { get; } = body;

    /// <summary>Gets or sets the slots owned by the comprehension's scope (not visible outside it).</summary>
    public int[] Locals { get; set; } = [];
}

/// <summary>What a call calls.</summary>
internal enum CallKind
{
    Unknown,
    Builtin,
    Function,
}

/// <summary>A call of a builtin or a user function (<see cref="Name"/> is the builtin name or the function's full path).</summary>
internal sealed class IrCall(SourceSpan span, string name, IrTerm[] args) : IrTerm(span)
{
    public string Name { get; } = name;

    public IrTerm[] Args { get; } = args;

    public CallKind Kind { get; set; }

    public Builtin? Builtin { get; set; }

    /// <summary>Gets or sets the evaluator-implemented builtin this call names, if any.</summary>
    public Intrinsic Intrinsic { get; set; }

    /// <summary>Gets or sets the function's node in the rule tree (set by BuildRuleTree).</summary>
    public RuleTreeNode? Function { get; set; }

    /// <summary>Gets or sets the number of inputs the callee takes (an extra argument is an output).</summary>
    public int Arity { get; set; } = -1;

    /// <summary>Gets or sets a value indicating whether the call's last argument is an output to unify with the result.</summary>
    public bool HasOutput { get; set; }
}

/// <summary>A lowered query (rule body, comprehension body, user query).</summary>
internal sealed class IrQuery(IrLiteral[] literals)
{
    public IrLiteral[] Literals { get; set; } = literals;
}

/// <summary>A lowered literal.</summary>
internal sealed class IrLiteral(SourceSpan span, IrExpr expr, bool negated, IrWith[] with, int index)
{
    public SourceSpan Span { get; } = span;

    public IrExpr Expr { get; } = expr;

    public bool Negated { get; } = negated;

    public IrWith[] With { get; } = with;

    /// <summary>Gets the literal's position as written (query expression values are reported in this order).</summary>
    public int Index { get; } = index;
}

/// <summary>A lowered expression.</summary>
internal abstract class IrExpr;

/// <summary>A term used as an expression.</summary>
internal sealed class IrTermExpr(IrTerm term) : IrExpr
{
    public IrTerm Term { get; } = term;
}

/// <summary><c>a = b</c> or <c>a := b</c> (declarations are resolved into slots already).</summary>
internal sealed class IrUnify(IrTerm left, IrTerm right, bool isAssign) : IrExpr
{
    public IrTerm Left { get; } = left;

    public IrTerm Right { get; } = right;

    public bool IsAssign { get; } = isAssign;
}

/// <summary><c>some x, y</c>: declares only; always true.</summary>
internal sealed class IrSomeDecl(IrVar[] vars) : IrExpr
{
    public IrVar[] Vars { get; } = vars;
}

/// <summary><c>some k, v in xs</c>.</summary>
internal sealed class IrSomeIn(IrTerm? key, IrTerm value, IrTerm collection) : IrExpr
{
    public IrTerm? Key { get; } = key;

    public IrTerm Value { get; } = value;

    public IrTerm Collection { get; } = collection;
}

/// <summary><c>every k, v in xs { body }</c>.</summary>
internal sealed class IrEvery(IrVar? key, IrVar value, IrTerm collection, IrQuery body) : IrExpr
{
    public IrVar? Key { get; } = key;

    public IrVar Value { get; } = value;

    public IrTerm Collection { get; } = collection;

    public IrQuery Body { get; } = body;

    /// <summary>Gets or sets the slots owned by the every body's scope (key and value included).</summary>
    public int[] Locals { get; set; } = [];
}

/// <summary>What a <c>with</c> modifier replaces.</summary>
internal enum WithKind
{
    Input,
    Data,
    Function,
}

/// <summary>A lowered <c>with target as value</c>.</summary>
internal sealed class IrWith(SourceSpan span, WithKind kind, RegoValue[] path, string functionName, IrTerm value, string? replacementFunction)
{
    public SourceSpan Span { get; } = span;

    public WithKind Kind { get; } = kind;

    /// <summary>Gets the target path after the root (input/data targets).</summary>
    public RegoValue[] Path { get; } = path;

    /// <summary>Gets the replaced function's name (builtin name or full data path), for function targets.</summary>
    public string FunctionName { get; } = functionName;

    /// <summary>Gets the value term (evaluated when <see cref="ReplacementFunction"/> is null).</summary>
    public IrTerm Value { get; } = value;

    /// <summary>Gets the name of the function that replaces the target (builtin name or full data path), if any.</summary>
    public string? ReplacementFunction { get; } = replacementFunction;
}

/// <summary>A lowered rule (one definition; else clauses chained).</summary>
internal sealed class IrRule
{
    public required Rule Source { get; init; }

    public required RuleKind Kind { get; init; }

    /// <summary>Gets the full path of the node the rule contributes to (from the data root, package included).</summary>
    public required RegoValue[] StaticPath { get; init; }

    /// <summary>Gets the dynamic head operands after the static path (<c>p[x].r</c>: <c>x</c>, <c>"r"</c>).</summary>
    public required IrTerm[] Suffix { get; init; }

    public IrTerm? Key { get; init; }

    public IrTerm? Value { get; init; }

    public IrTerm[] Args { get; init; } = [];

    public required IrQuery Body { get; init; }

    public IrRule? Else { get; init; }

    public bool IsDefault { get; init; }

    public int FrameSize { get; set; }

    public required string PathText { get; init; }

    public required RegoModule Module { get; init; }
}
