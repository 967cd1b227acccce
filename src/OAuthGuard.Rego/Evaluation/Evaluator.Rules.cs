using OAuthGuard.Rego.Ast;
using OAuthGuard.Rego.Compilation;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Evaluation;

/// <summary>The data tree: base documents, virtual documents from rules (memoised per evaluation), conflicts.</summary>
internal sealed partial class Evaluator
{
    private RuleCache _cache;

    private bool TryData(IrTerm[] path, RegoValue?[] frame, out RegoValue? value)
    {
        var node = _policy.Tree.Root;
        for (var i = 0; i < path.Length; i++)
        {
            if (_overrides is not null && FindOverride(node) is { } ov)
            {
                return TryWalk(ov, path, i, frame, out value);
            }

            if (node.Rules.Count > 0 || node.Default is not null)
            {
                return TryWalk(NodeValue(node), path, i, frame, out value);
            }

            if (!TryEval(path[i], frame, out var key))
            {
                value = null;
                return false;
            }

            if (key is null)
            {
                value = null;
                return true;
            }

            if (node.Children.TryGetValue(key, out var child))
            {
                node = child;
                continue;
            }

            var baseValue = node.BaseData is { } b ? LookupBase(b, key) : null;
            if (_overrides is not null)
            {
                baseValue = ApplyOverrides(baseValue, [.. node.Path, key]);
            }

            return TryWalk(baseValue, path, i + 1, frame, out value, baseDocument: _overrides is null);
        }

        value = NodeValue(node);
        return true;
    }

    private bool EvalDataPath(RuleTreeNode node, IrTerm[] path, int index, RegoValue?[] frame, Func<RegoValue, bool> k)
    {
        if (_overrides is not null && FindOverride(node) is { } ov)
        {
            return EvalPath(ov, path, index, frame, k);
        }

        if (node.Rules.Count > 0 || node.Default is not null || index == path.Length)
        {
            return NodeValue(node) is not { } v || EvalPath(v, path, index, frame, k);
        }

        if (TryEval(path[index], frame, out var key))
        {
            if (key is null)
            {
                return true;
            }

            if (node.Children.TryGetValue(key, out var child))
            {
                return EvalDataPath(child, path, index + 1, frame, k);
            }

            var baseValue = node.BaseData is { } b ? LookupBase(b, key) : null;
            if (_overrides is not null)
            {
                baseValue = ApplyOverrides(baseValue, [.. node.Path, key]);
            }

            return baseValue is null || EvalPath(baseValue, path, index + 1, frame, k, baseDocument: _overrides is null);
        }

        return NodeValue(node) is not { } all || EvalPath(all, path, index, frame, k);
    }

    /// <summary>The value of a node of the data tree, memoised for the evaluation (or the current <c>with</c> scope).</summary>
    private RegoValue? NodeValue(RuleTreeNode node)
    {
        if (_cache.TryGet(node.Index, out var cached))
        {
            return cached;
        }

        if (!node.HasRules && _overrides is null)
        {
            return node.BaseData;
        }

        RegoValue? value;
        if (_overrides is not null && FindOverride(node) is { } ov)
        {
            value = ov;
        }
        else if (node.Rules.Count > 0 || node.Default is not null)
        {
            value = node.BaseData ?? EvalRules(node);
        }
        else
        {
            value = ObjectNode(node, node.BaseData as RegoObject);
        }

        if (_overrides is not null && value is not null)
        {
            value = ApplyOverrides(value, node.Path);
        }

        _cache.Set(node.Index, value);
        return value;
    }

    /// <summary>A node without rules of its own: its base object merged with what the rules below it produce.</summary>
    private RegoObject? ObjectNode(RuleTreeNode node, RegoObject? start)
    {
        if (node.Functions.Count > 0)
        {
            return null;
        }

        var level = new Dictionary<RegoValue, object>();
        if (start is not null)
        {
            foreach (var (k, v) in start)
            {
                level[k] = v;
            }
        }

        CollectInto(level, node);
        return Freeze(level);
    }

    /// <summary>
    /// Adds a node's object-building rules and its children to one level of the object being built. Path levels
    /// (dictionaries) merge; rule values are leaves, which may only meet equal values.
    /// </summary>
    private void CollectInto(Dictionary<RegoValue, object> level, RuleTreeNode node)
    {
        foreach (var rule in node.Rules)
        {
            if (rule.Suffix.Length > 0)
            {
                AddObjectRule(rule, level);
            }
        }

        foreach (var child in node.SortedChildren)
        {
            if (!child.HasRules || child.Functions.Count > 0)
            {
                continue;
            }

            var key = child.Path[^1];
            if (child.BaseData is not null && (child.Rules.Count > 0 || child.Default is not null))
            {
                continue; // the base document shadows the rules (already in the level)
            }

            var ownValue = child.Default is not null || child.Rules.Exists(r => r.Suffix.Length == 0);
            if (ownValue || (_overrides is not null && FindOverride(child) is not null))
            {
                if (NodeValue(child) is { } leaf)
                {
                    if (leaf is RegoSet members && level.TryGetValue(key, out var set) && set is HashSet<RegoValue> accumulated)
                    {
                        accumulated.UnionWith(members);
                        continue;
                    }

                    if (level.TryGetValue(key, out var existing) && !(existing is RuleLeaf ev && ev.Value.Equals(leaf)))
                    {
                        throw Error(ErrorCodes.ConflictError, "object keys must be unique", FirstSpan(child));
                    }

                    level[key] = new RuleLeaf(leaf);
                }

                continue;
            }

            Dictionary<RegoValue, object> sub;
            if (level.TryGetValue(key, out var current))
            {
                sub = current switch
                {
                    Dictionary<RegoValue, object> d => d,
                    RegoObject baseObject => ToLevel(baseObject),
                    _ => throw Error(ErrorCodes.ConflictError, "object keys must be unique", FirstSpan(child)),
                };
            }
            else
            {
                sub = [];
            }

            CollectInto(sub, child);
            level[key] = sub;
        }
    }

    private static Syntax.SourceSpan? FirstSpan(RuleTreeNode node)
    {
        if (node.Rules.Count > 0)
        {
            return node.Rules[0].Source.Span;
        }

        if (node.Default is { } d)
        {
            return d.Source.Span;
        }

        foreach (var child in node.SortedChildren)
        {
            if (FirstSpan(child) is { } span)
            {
                return span;
            }
        }

        return null;
    }

    private RegoValue? EvalRules(RuleTreeNode node)
    {
        var first = node.Rules.Count > 0 ? node.Rules[0] : node.Default;
        if (first is null)
        {
            return null;
        }

        if (first.Kind == RuleKind.PartialSet && first.Suffix.Length == 0)
        {
            var set = new HashSet<RegoValue>();
            foreach (var rule in node.Rules)
            {
                EvalRuleBodies(rule, (r, frame) =>
                {
                    if (r.Key is null)
                    {
                        return true;
                    }

                    if (TryEval(r.Key, frame, out var member))
                    {
                        if (member is not null)
                        {
                            ChargeElements(1, r.Source.Span);
                            set.Add(member);
                        }

                        return true;
                    }

                    return Eval(r.Key, frame, v =>
                    {
                        ChargeElements(1, r.Source.Span);
                        set.Add(v);
                        return true;
                    });
                });
            }

            return RegoSet.Wrap(set);
        }

        if (first.Suffix.Length > 0)
        {
            return ObjectNode(node, null);
        }

        RegoValue? result = null;
        var exitEarly = node.RulesExitEarly;
        foreach (var rule in node.Rules)
        {
            var v = EvalComplete(rule, exitEarly);
            if (v is null)
            {
                continue;
            }

            if (exitEarly)
            {
                // OPA's early exit: every definition has this same constant value; the rest cannot change it.
                result = v;
                break;
            }

            if (result is not null && !result.Equals(v))
            {
                throw Error(ErrorCodes.ConflictError, $"rule {node.PathText} produced conflicting values", rule.Source.Span);
            }

            result = v;
        }

        if (result is null && node.Default is { } d)
        {
            result = EvalComplete(d);
        }

        return result;
    }

    /// <summary>
    /// Evaluates a complete rule's clauses (else chain): the first clause with solutions gives the value. With
    /// <paramref name="firstOnly"/> (early exit) the search stops at the first solution.
    /// </summary>
    private RegoValue? EvalComplete(IrRule rule, bool firstOnly = false)
    {
        RegoValue? found = null;
        for (var clause = rule; clause is not null && found is null; clause = clause.Else)
        {
            EvalClause(clause, frame =>
            {
                if (clause.Value is null)
                {
                    found ??= RegoBoolean.True;
                    return !firstOnly;
                }

                return Eval(clause.Value, frame, v =>
                {
                    if (found is not null && !found.Equals(v))
                    {
                        throw Error(ErrorCodes.ConflictError, $"rule {rule.PathText} produced conflicting values", clause.Source.Span);
                    }

                    found = v;
                    return !firstOnly;
                });
            });
        }

        return found;
    }

    /// <summary>Runs every solution of one clause's body in a fresh frame, with the rule as the current rule.</summary>
    private void EvalClause(IrRule clause, Func<RegoValue?[], bool> onSolution)
    {
        var frame = clause.FrameSize == 0 ? [] : new RegoValue?[clause.FrameSize];
        var saved = _currentRule;
        _currentRule = clause;
        Enter(clause.Source.Span);
        try
        {
            EvalQuery(clause.Body, 0, frame, () => onSolution(frame));
        }
        finally
        {
            Leave();
            _currentRule = saved;
        }
    }

    private void EvalRuleBodies(IrRule rule, Func<IrRule, RegoValue?[], bool> onSolution)
    {
        for (var clause = rule; clause is not null; clause = clause.Else)
        {
            var any = false;
            EvalClause(clause, frame =>
            {
                any = true;
                return onSolution(clause, frame);
            });
            if (any)
            {
                break;
            }
        }
    }

    private void AddObjectRule(IrRule rule, Dictionary<RegoValue, object> root)
    {
        EvalRuleBodies(rule, (r, frame) =>
        {
            var all = new IrTerm[r.Suffix.Length + 1];
            r.Suffix.CopyTo(all, 0);
            var isSet = r.Kind == RuleKind.PartialSet;
            all[^1] = (isSet ? r.Key : r.Value) ?? new IrConst(r.Source.Span, RegoBoolean.True);
            var direct = new RegoValue[all.Length];
            var simple = true;
            for (var i = 0; i < all.Length; i++)
            {
                if (!TryEval(all[i], frame, out var item))
                {
                    simple = false;
                    break;
                }

                if (item is null)
                {
                    return true;
                }

                direct[i] = item;
            }

            return simple ? Insert(direct) : EvalItems(all, 0, new RegoValue[all.Length], frame, Insert);

            bool Insert(RegoValue[] values)
            {
                var map = root;
                for (var i = 0; i < values.Length - 2; i++)
                {
                    if (!map.TryGetValue(values[i], out var next))
                    {
                        next = new Dictionary<RegoValue, object>();
                        map[values[i]] = next;
                    }

                    if (next is not Dictionary<RegoValue, object> nested)
                    {
                        throw Error(ErrorCodes.ConflictError, "object keys must be unique", r.Source.Span);
                    }

                    map = nested;
                }

                var leafKey = values[^2];
                var leaf = values[^1];
                ChargeElements(1, r.Source.Span);
                if (isSet)
                {
                    if (!map.TryGetValue(leafKey, out var members))
                    {
                        map[leafKey] = members = new HashSet<RegoValue>();
                    }

                    if (members is not HashSet<RegoValue> memberSet)
                    {
                        throw Error(ErrorCodes.ConflictError, "object keys must be unique", r.Source.Span);
                    }

                    memberSet.Add(leaf);
                    return true;
                }

                if (map.TryGetValue(leafKey, out var existing) && !(existing is RuleLeaf ev && ev.Value.Equals(leaf)))
                {
                    throw Error(ErrorCodes.ConflictError, "object keys must be unique", r.Source.Span);
                }

                map[leafKey] = new RuleLeaf(leaf);
                return true;
            }
        });
    }

    private static RegoObject Freeze(Dictionary<RegoValue, object> map)
    {
        var result = new Dictionary<RegoValue, RegoValue>(map.Count);
        foreach (var (k, v) in map)
        {
            result[k] = v switch
            {
                Dictionary<RegoValue, object> nested => Freeze(nested),
                HashSet<RegoValue> set => RegoSet.Wrap(new HashSet<RegoValue>(set)),
                RuleLeaf leaf => leaf.Value,
                _ => (RegoValue)v,
            };
        }

        return RegoObject.Wrap(result);
    }

    private static Dictionary<RegoValue, object> ToLevel(RegoObject o)
    {
        var level = new Dictionary<RegoValue, object>(o.Count);
        foreach (var (k, v) in o)
        {
            level[k] = v;
        }

        return level;
    }

    /// <summary>A value a rule produced, in an object being built: unlike base objects, it never merges with other rules.</summary>
    private sealed record RuleLeaf(RegoValue Value);

    /// <summary>Per-evaluation memo of node values; replaced wholesale inside <c>with</c> scopes.</summary>
    private sealed class RuleCache(int size)
    {
        private readonly RegoValue?[] _values = new RegoValue?[size];
        private readonly bool[] _known = new bool[size];

        public bool TryGet(int index, out RegoValue? value)
        {
            value = _values[index];
            return _known[index];
        }

        public void Set(int index, RegoValue? value)
        {
            _values[index] = value;
            _known[index] = true;
        }
    }
}
