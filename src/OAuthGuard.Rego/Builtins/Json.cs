using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Path-based JSON document builtins: json.filter, json.remove and json.patch (RFC 6902).</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#object.</remarks>
internal static class Json
{
    /// <summary>Registers the builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("object", "json.filter(object: object[any: any], paths: array[string|array[any]]|set[string|array[any]]) => any", "Keeps only the parts of a document named by the given paths (\"a/b\" strings or arrays).", (_, a) => Filter(a, keep: true));
        b.Add("object", "json.remove(object: object[any: any], paths: array[string|array[any]]|set[string|array[any]]) => any", "Removes the parts of a document named by the given paths.", (_, a) => Filter(a, keep: false));
        b.Add("object", "json.patch(object: any, patches: array[object[string: any]]) => any", "Applies JSON Patch (RFC 6902) operations to a document; undefined when an operation fails.", Patch);
    }

    private sealed class Trie
    {
        public Dictionary<RegoValue, Trie> Children { get; } = [];

        public bool Leaf { get; set; }
    }

    private static RegoValue Filter(ReadOnlySpan<RegoValue> a, bool keep)
    {
        var obj = Operands.Object(a, 0);
        var root = new Trie();
        foreach (var p in Operands.Elements(a, 1, "set", "array"))
        {
            var node = root;
            foreach (var seg in Segments(p, 1, a[1]))
            {
                if (!node.Children.TryGetValue(seg, out var child))
                {
                    child = new Trie();
                    node.Children[seg] = child;
                }

                node = child;
            }

            node.Leaf = true;
        }

        return (keep ? Keep(obj, root) : Drop(obj, root)) ?? RegoObject.Empty;
    }

    private static RegoValue[] Segments(RegoValue path, int index, RegoValue collection)
    {
        switch (path)
        {
            case RegoString s:
                var parts = s.Value.Trim('/').Split('/');
                var segs = new RegoValue[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                {
                    segs[i] = new RegoString(parts[i].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
                }

                return s.Value.Trim('/').Length == 0 ? [] : segs;
            case RegoArray arr:
                return arr.Items.ToArray();
            default:
                throw Operands.Error(index, $"must be one of {{set, array}} containing string paths or array of path segments but got {path.TypeName}");
        }
    }

    private static bool MatchIndex(Trie node, int i, out Trie child) =>
        node.Children.TryGetValue(RegoNumber.From(i), out child!) ||
        node.Children.TryGetValue(new RegoString(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), out child!);

    private static RegoValue? Keep(RegoValue value, Trie node)
    {
        if (node.Leaf)
        {
            return value;
        }

        switch (value)
        {
            case RegoObject o:
                var map = new Dictionary<RegoValue, RegoValue>();
                foreach (var (k, v) in o)
                {
                    if (node.Children.TryGetValue(k, out var child) && Keep(v, child) is { } kept)
                    {
                        map[k] = kept;
                    }
                }

                return RegoObject.Wrap(map);
            case RegoArray arr:
                var items = new List<RegoValue>();
                for (var i = 0; i < arr.Count; i++)
                {
                    if (MatchIndex(node, i, out var child) && Keep(arr[i], child) is { } kept)
                    {
                        items.Add(kept);
                    }
                }

                return RegoArray.Wrap([.. items]);
            case RegoSet s:
                var set = new HashSet<RegoValue>();
                foreach (var item in s.Sorted)
                {
                    if (node.Children.TryGetValue(item, out var child) && Keep(item, child) is { } kept)
                    {
                        set.Add(kept);
                    }
                }

                return RegoSet.Wrap(set);
            default:
                return null;
        }
    }

    private static RegoValue? Drop(RegoValue value, Trie node)
    {
        if (node.Leaf)
        {
            return null;
        }

        switch (value)
        {
            case RegoObject o:
                var map = new Dictionary<RegoValue, RegoValue>();
                foreach (var (k, v) in o)
                {
                    if (!node.Children.TryGetValue(k, out var child))
                    {
                        map[k] = v;
                    }
                    else if (Drop(v, child) is { } rest)
                    {
                        map[k] = rest;
                    }
                }

                return RegoObject.Wrap(map);
            case RegoArray arr:
                var items = new List<RegoValue>();
                for (var i = 0; i < arr.Count; i++)
                {
                    if (!MatchIndex(node, i, out var child))
                    {
                        items.Add(arr[i]);
                    }
                    else if (Drop(arr[i], child) is { } rest)
                    {
                        items.Add(rest);
                    }
                }

                return RegoArray.Wrap([.. items]);
            case RegoSet s:
                var set = new HashSet<RegoValue>();
                foreach (var item in s.Sorted)
                {
                    if (!node.Children.ContainsKey(item))
                    {
                        set.Add(item);
                    }
                }

                return RegoSet.Wrap(set);
            default:
                return value;
        }
    }

    private static RegoValue? Patch(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var doc = a[0];
        foreach (var p in Operands.Elements(a, 1, "array"))
        {
            var op = p as RegoObject ?? throw Operands.ElementError(1, a[1], p, "object");
            if (op.Get("op") is not RegoString kind || op.Get("path") is not { } pathValue)
            {
                throw new BuiltinException("patch operation needs 'op' and 'path'");
            }

            var path = PointerSegments(pathValue);
            RegoValue? result = kind.Value switch
            {
                "add" => Apply(doc, path, 0, Mode.Add, op.Get("value") ?? throw new BuiltinException("add needs 'value'")),
                "remove" => Apply(doc, path, 0, Mode.Remove, null),
                "replace" => Apply(doc, path, 0, Mode.Replace, op.Get("value") ?? throw new BuiltinException("replace needs 'value'")),
                "test" => Resolve(doc, path) is { } found && op.Get("value") is { } expected && found.Equals(expected) ? doc : null,
                "move" or "copy" when op.Get("from") is { } fromValue => MoveOrCopy(doc, PointerSegments(fromValue), path, kind.Value == "move"),
                _ => throw new BuiltinException($"unsupported patch operation: {kind.Value}"),
            };
            if (result is null)
            {
                return null;
            }

            doc = result;
        }

        return doc;
    }

    private static RegoValue? MoveOrCopy(RegoValue doc, RegoValue[] from, RegoValue[] to, bool move)
    {
        if (Resolve(doc, from) is not { } value)
        {
            return null;
        }

        var source = move ? Apply(doc, from, 0, Mode.Remove, null) : doc;
        return source is null ? null : Apply(source, to, 0, Mode.Add, value);
    }

    /// <summary>
    /// A patch path: an array of segments, or a JSON pointer whose one leading slash is optional (OPA also takes
    /// <c>foo/b</c>). <c>"/"</c> names the key <c>""</c> and <c>"/foo/"</c> the key <c>""</c> inside foo, as RFC 6901 says.
    /// </summary>
    private static RegoValue[] PointerSegments(RegoValue path)
    {
        switch (path)
        {
            case RegoString s when s.Value.Length == 0:
                return [];
            case RegoString s:
                var text = s.Value[0] == '/' ? s.Value[1..] : s.Value;
                var parts = text.Split('/');
                var segments = new RegoValue[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                {
                    segments[i] = Operands.Str(parts[i].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
                }

                return segments;
            case RegoArray arr:
                return arr.Items.ToArray();
            default:
                throw new BuiltinException("patch path must be a string or an array");
        }
    }

    private enum Mode
    {
        Add,
        Remove,
        Replace,
    }

    private static RegoValue? Resolve(RegoValue doc, RegoValue[] path)
    {
        var current = doc;
        foreach (var seg in path)
        {
            RegoValue? next = current switch
            {
                RegoObject o => o.Get(seg),
                RegoArray arr when Index(seg, arr.Count - 1) is int i => arr[i],
                RegoSet s when s.Contains(seg) => seg,
                _ => null,
            };
            if (next is null)
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    private static int? Index(RegoValue seg, int max)
    {
        var ok = seg switch
        {
            RegoNumber n => n.TryGetInt32(out var i) ? i : -1,
            RegoString s when s.Value.Length > 1 && s.Value[0] == '0' => -1, // RFC 6901: no leading zeros
            RegoString s => int.TryParse(s.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : -1,
            _ => -1,
        };
        return ok >= 0 && ok <= max ? ok : null;
    }

    private static RegoValue? Apply(RegoValue doc, RegoValue[] path, int depth, Mode mode, RegoValue? value)
    {
        if (depth == path.Length)
        {
            return mode == Mode.Remove ? null : value;
        }

        var seg = path[depth];
        var last = depth == path.Length - 1;
        switch (doc)
        {
            case RegoObject o:
                var child = o.Get(seg);
                if (last)
                {
                    if (mode != Mode.Add && child is null)
                    {
                        return null;
                    }

                    if (mode == Mode.Remove)
                    {
                        var map = o.ToDictionary();
                        map.Remove(seg);
                        return RegoObject.Wrap(map);
                    }

                    return o.With(seg, value!);
                }

                return child is not null && Apply(child, path, depth + 1, mode, value) is { } updated ? o.With(seg, updated) : null;
            case RegoArray arr:
                var items = new List<RegoValue>(arr.Items.ToArray());
                if (last && mode == Mode.Add && seg is RegoString { Value: "-" })
                {
                    items.Add(value!);
                    return RegoArray.Wrap([.. items]);
                }

                if (Index(seg, last && mode == Mode.Add ? arr.Count : arr.Count - 1) is not int i)
                {
                    return null;
                }

                if (last)
                {
                    switch (mode)
                    {
                        case Mode.Add: items.Insert(i, value!); break;
                        case Mode.Remove: items.RemoveAt(i); break;
                        default: items[i] = value!; break;
                    }

                    return RegoArray.Wrap([.. items]);
                }

                if (Apply(arr[i], path, depth + 1, mode, value) is not { } inner)
                {
                    return null;
                }

                items[i] = inner;
                return RegoArray.Wrap([.. items]);
            case RegoSet s when last:
                // A set's "key" is the element itself: adding needs the value to equal the last segment.
                var set = s.ToHashSet();
                switch (mode)
                {
                    case Mode.Remove:
                        return set.Remove(seg) ? RegoSet.Wrap(set) : null;
                    case Mode.Add when value!.Equals(seg):
                        set.Add(value);
                        return RegoSet.Wrap(set);
                    case Mode.Replace when set.Contains(seg) && value!.Equals(seg):
                        return s;
                    default:
                        return null;
                }

            case RegoSet s:
                if (!s.Contains(seg) || Apply(seg, path, depth + 1, mode, value) is not { } changed)
                {
                    return null;
                }

                var updatedSet = s.ToHashSet();
                updatedSet.Remove(seg);
                updatedSet.Add(changed);
                return RegoSet.Wrap(updatedSet);
            default:
                return null;
        }
    }
}
