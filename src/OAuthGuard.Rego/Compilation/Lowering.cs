using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Syntax;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Compilation;

/// <summary>What a global name (a rule of the package, or an import) stands for.</summary>
/// <param name="IsInput">True when rooted at <c>input</c>.</param>
/// <param name="Path">The path after the root.</param>
internal sealed record GlobalName(bool IsInput, RegoValue[] Path);

/// <summary>
/// Turns AST into IR for one rule chain or one query: resolves names (locals get frame slots; package rules and
/// imports become full <c>data</c>/<c>input</c> references) and resolves calls to builtins or functions.
/// </summary>
internal sealed partial class Lowering
{
    private readonly Dictionary<string, GlobalName> _globals;
    private readonly HashSet<string> _functionPaths;
    private readonly CompilationContext? _context;
    private readonly CompilerOptions _options;
    private readonly List<Diagnostic> _diagnostics;
    private Scope _scope;
    private int _slots;

    public Lowering(Dictionary<string, GlobalName> globals, HashSet<string> functionPaths, CompilerOptions options, List<Diagnostic> diagnostics, CompilationContext? context)
    {
        _globals = globals;
        _functionPaths = functionPaths;
        _options = options;
        _diagnostics = diagnostics;
        _context = context;
        _scope = new Scope(null);
    }

    public int FrameSize => _slots;

    /// <summary>Gets the variables of the outermost scope (the query's named variables, for results).</summary>
    public IEnumerable<IrVar> RootVars => _scope.AllVars();

    /// <summary>Lowers a rule and its else chain into one <see cref="IrRule"/> chain sharing one frame size.</summary>
    public IrRule LowerRule(Rule rule, RegoValue[] packagePath, RegoModule module)
    {
        var result = LowerRuleClause(rule, packagePath, module, rule.Arguments);
        SetFrameSize(result, _slots);
        return result;
    }

    private static void SetFrameSize(IrRule? rule, int size)
    {
        for (; rule is not null; rule = rule.Else)
        {
            rule.FrameSize = size;
        }
    }

    private IrRule LowerRuleClause(Rule rule, RegoValue[] packagePath, RegoModule module, System.Collections.Immutable.ImmutableArray<Term> args)
    {
        _scope = new Scope(null);
        var argTerms = args.IsDefaultOrEmpty ? rule.Arguments : args;
        foreach (var a in argTerms)
        {
            DeclarePattern(a);
        }

        Collect(rule.Body, _scope.Names);
        CollectTerm(rule.Head, _scope.Names, false);
        if (rule.Key is not null)
        {
            CollectTerm(rule.Key, _scope.Names, false);
        }

        if (rule.Value is not null)
        {
            CollectTerm(rule.Value, _scope.Names, false);
        }

        RemoveDeclared(rule.Body, _scope.Names);

        var irArgs = new IrTerm[argTerms.Length];
        for (var i = 0; i < argTerms.Length; i++)
        {
            irArgs[i] = LowerTerm(argTerms[i]);
        }

        var body = LowerQueryInScope(rule.Body);

        // Head: static path = the package path plus leading scalar operands; the rest is the dynamic suffix.
        var staticPath = new List<RegoValue>(packagePath) { new RegoString(rule.Name) };
        var suffix = new List<IrTerm>();
        foreach (var part in rule.Head.Path)
        {
            if (suffix.Count == 0 && part is ScalarTerm s)
            {
                staticPath.Add(s.Value);
            }
            else
            {
                suffix.Add(LowerTerm(part));
            }
        }

        if (rule.Kind == RuleKind.PartialObject && rule.Key is { } key && (rule.Head.Path.IsEmpty || !ReferenceEquals(rule.Head.Path[^1], key)))
        {
            suffix.Add(LowerTerm(key));
        }

        IrTerm? irKey = rule.Kind == RuleKind.PartialSet && rule.Key is { } member ? LowerTerm(member) : null;
        IrTerm? irValue = rule.Value is { } v ? LowerTerm(v) : null;
        var path = staticPath.ToArray();
        IrRule? elseRule = rule.Else is { } e ? LowerRuleClause(e, packagePath, module, argTerms) : null;
        return new IrRule
        {
            Source = rule,
            Kind = rule.Kind,
            StaticPath = path,
            Suffix = [.. suffix],
            Key = irKey,
            Value = irValue,
            Args = irArgs,
            Body = body,
            Else = elseRule,
            IsDefault = rule.IsDefault,
            PathText = RuleTreeNode.FormatPath(path),
            Module = module,
        };
    }

    /// <summary>Lowers a user query in a fresh root scope.</summary>
    public IrQuery LowerQuery(Query query)
    {
        _scope = new Scope(null);
        Collect(query, _scope.Names);
        return LowerQueryInScope(query);
    }

    private IrQuery LowerQueryInScope(Query query)
    {
        var literals = new IrLiteral[query.Literals.Length];
        for (var i = 0; i < literals.Length; i++)
        {
            literals[i] = LowerLiteral(query.Literals[i], i);
        }

        return new IrQuery(literals);
    }

    private IrLiteral LowerLiteral(Literal literal, int index)
    {
        var with = literal.With.IsDefaultOrEmpty ? [] : new IrWith[literal.With.Length];
        for (var i = 0; i < with.Length; i++)
        {
            with[i] = LowerWith(literal.With[i]);
        }

        IrExpr expr = literal.Expr switch
        {
            TermExpr t => new IrTermExpr(LowerTerm(t.Term)),
            UnifyExpr u => new IrUnify(LowerTerm(u.Left), LowerTerm(u.Right), false),
            AssignExpr a => LowerAssign(a),
            SomeDeclExpr s => new IrSomeDecl([.. s.Variables.Select(DeclareVar)]),
            SomeInExpr s => LowerSomeIn(s),
            EveryExpr e => LowerEvery(e),
            _ => throw new InvalidOperationException("unknown expression kind"),
        };
        return new IrLiteral(literal.Span, expr, literal.Negated, with, index);
    }

    private IrUnify LowerAssign(AssignExpr a)
    {
        var right = LowerTerm(a.Right);
        DeclarePattern(a.Left);
        return new IrUnify(LowerTerm(a.Left), right, true);
    }

    private IrSomeIn LowerSomeIn(SomeInExpr s)
    {
        var collection = LowerTerm(s.Collection);
        if (s.Key is { } k)
        {
            DeclarePattern(k);
        }

        DeclarePattern(s.Value);
        return new IrSomeIn(s.Key is { } key ? LowerTerm(key) : null, LowerTerm(s.Value), collection);
    }

    private IrEvery LowerEvery(EveryExpr e)
    {
        var collection = LowerTerm(e.Collection);
        var outer = _scope;
        _scope = new Scope(outer);
        var key = e.Key is { } k ? DeclareVar(k) : null;
        var value = DeclareVar(e.Value);
        Collect(e.Body, _scope.Names);
        var body = LowerQueryInScope(e.Body);
        var locals = _scope.AllVars().Select(v => v.Slot).ToArray();
        _scope = outer;
        return new IrEvery(key, value, collection, body) { Locals = locals };
    }

    private IrWith LowerWith(WithModifier w)
    {
        string? replacement = FunctionNameOf(w.Value);
        var value = replacement is null ? LowerTerm(w.Value) : new IrConst(w.Value.Span, RegoBoolean.True);
        var target = w.Target;
        if (target.Head is VarTerm { Name: "input" } && ConstPath(target, 0) is { } inputPath)
        {
            return new IrWith(w.Span, WithKind.Input, inputPath, string.Empty, value, null);
        }

        if (FunctionNameOf(target) is { } fn)
        {
            return new IrWith(w.Span, WithKind.Function, [], fn, value, replacement);
        }

        if (FullDataPath(target) is { } dataPath)
        {
            return new IrWith(w.Span, WithKind.Data, dataPath, string.Empty, value, null);
        }

        if (target.Head is VarTerm hv && _globals.TryGetValue(hv.Name, out var g) && g.IsInput && ConstPath(target, 0) is { } rest)
        {
            return new IrWith(w.Span, WithKind.Input, [.. g.Path, .. rest], string.Empty, value, null);
        }

        _diagnostics.Add(Diagnostic.Error(ErrorCodes.CompileError, "with keyword target must reference existing input, data, or a function", w.Span));
        return new IrWith(w.Span, WithKind.Input, [], string.Empty, value, null);
    }

    /// <summary>The builtin name or full function path a term names, when it names a function.</summary>
    private string? FunctionNameOf(Term term)
    {
        var r = term switch
        {
            RefTerm rt => rt,
            VarTerm v => new RefTerm(v.Span, v.Id, v, []),
            _ => null,
        };
        if (r is null)
        {
            return null;
        }

        if (FullDataPath(r) is { } path)
        {
            var text = RuleTreeNode.FormatPath(path);
            return _functionPaths.Contains(text) ? text : null;
        }

        var dotted = AstNames.DottedName(r);
        return IsLocal(r.Head) ? null : (_options.Builtins.TryGet(dotted, out _) || Intrinsics.IsIntrinsic(dotted) ? dotted : null);
    }

    private bool IsLocal(Term head)
    {
        if (head is not VarTerm v)
        {
            return true;
        }

        for (var s = _scope; s is not null; s = s.Parent)
        {
            if (s.Declared.ContainsKey(v.Name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The full data path of a reference with a constant path (rule names and imports resolved), or null.</summary>
    private RegoValue[]? FullDataPath(RefTerm r)
    {
        if (r.Head is not VarTerm v || IsLocal(v))
        {
            return null;
        }

        if (v.Name == "data")
        {
            return ConstPath(r, 0);
        }

        if (_globals.TryGetValue(v.Name, out var g) && !g.IsInput && ConstPath(r, 0) is { } rest)
        {
            return [.. g.Path, .. rest];
        }

        return null;
    }

    private static RegoValue[]? ConstPath(RefTerm r, int from)
    {
        var result = new RegoValue[r.Path.Length - from];
        for (var i = from; i < r.Path.Length; i++)
        {
            if (r.Path[i] is not ScalarTerm s)
            {
                return null;
            }

            result[i - from] = s.Value;
        }

        return result;
    }
}
