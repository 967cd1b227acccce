using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Object builtins: lookup with a default, keys, removal and filtering, recursive union, subset.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#object.</remarks>
internal static class Objects
{
    /// <summary>Registers the object builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("object", "object.get(object: object[any: any], key: any, default: any) => any", "Looks up a key, or a path when the key is an array, and falls back to the default when absent.", Get);
        b.Add("object", "object.keys(object: object[any: any]) => set[any]", "Returns the keys of an object as a set.", Keys);
        b.Add("object", "object.remove(object: object[any: any], keys: array[any]|set[any]|object[any: any]) => object[any: any]", "Returns the object without the given keys.", (_, a) => Select(a, keep: false));
        b.Add("object", "object.filter(object: object[any: any], keys: array[any]|set[any]|object[any: any]) => object[any: any]", "Returns the object with only the given keys.", (_, a) => Select(a, keep: true));
        b.Add("object", "object.union(a: object[any: any], b: object[any: any]) => any", "Merges two objects recursively; on conflicts the second wins.", (_, a) => Union(Operands.Object(a, 0), Operands.Object(a, 1)));
        b.Add("object", "object.union_n(objects: array[object[any: any]]) => any", "Merges an array of objects recursively, later ones winning.", UnionN);
        b.Add("object", "object.subset(super: object[any: any]|set[any]|array[any], sub: any) => boolean", "Tests whether sub is contained in super: recursively for objects, by membership for sets, contiguously for arrays.", Subset);
    }

    private static RegoValue Get(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var obj = Operands.Object(a, 0);
        if (a[1] is not RegoArray path)
        {
            return obj.Get(a[1]) ?? a[2];
        }

        RegoValue current = obj;
        foreach (var segment in path.Items)
        {
            RegoValue? next = current switch
            {
                RegoObject o => o.Get(segment),
                RegoArray arr when segment is RegoNumber n && n.TryGetInt32(out var i) && i >= 0 && i < arr.Count => arr[i],
                RegoSet s when s.Contains(segment) => segment,
                _ => null,
            };
            if (next is null)
            {
                return a[2];
            }

            current = next;
        }

        return current;
    }

    private static RegoValue Keys(BuiltinContext ctx, ReadOnlySpan<RegoValue> a) =>
        RegoSet.Create(Operands.Object(a, 0).Keys);

    private static RegoObject Select(ReadOnlySpan<RegoValue> a, bool keep)
    {
        var obj = Operands.Object(a, 0);
        var keys = a[1] switch
        {
            RegoObject o => o.Keys,
            RegoSet s => s.Sorted,
            RegoArray arr => arr.Items,
            _ => throw Operands.TypeError(1, a[1], "object", "set", "array"),
        };
        var result = keep ? new Dictionary<RegoValue, RegoValue>() : obj.ToDictionary();
        foreach (var key in keys)
        {
            if (keep)
            {
                if (obj.Get(key) is { } v)
                {
                    result[key] = v;
                }
            }
            else
            {
                result.Remove(key);
            }
        }

        return RegoObject.Wrap(result);
    }

    /// <summary>Merges two objects recursively; non-object values of the second replace the first's.</summary>
    /// <param name="x">The base object.</param>
    /// <param name="y">The overriding object.</param>
    /// <returns>The merged object.</returns>
    internal static RegoObject Union(RegoObject x, RegoObject y)
    {
        if (y.Count == 0)
        {
            return x;
        }

        var result = x.ToDictionary();
        foreach (var key in y.Keys)
        {
            var v = y.Get(key)!; // NOTE: key comes from y's own key list.
            result[key] = result.TryGetValue(key, out var old) && old is RegoObject oo && v is RegoObject vo ? Union(oo, vo) : v;
        }

        return RegoObject.Wrap(result);
    }

    private static RegoValue UnionN(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var arr = Operands.Array(a, 0);
        var acc = RegoObject.Empty;
        foreach (var item in arr.Items)
        {
            acc = Union(acc, item as RegoObject ?? throw Operands.ElementError(0, arr, item, "object"));
        }

        return acc;
    }

    private static RegoValue Subset(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var super = a[0];
        var sub = a[1];
        return super switch
        {
            RegoObject when sub is not RegoObject => throw Operands.TypeError(1, sub, "object"),
            RegoSet when sub is not RegoSet => throw Operands.TypeError(1, sub, "set"),
            RegoArray when sub is not (RegoArray or RegoSet) => throw Operands.TypeError(1, sub, "array", "set"),
            RegoObject or RegoSet or RegoArray => Operands.Bool(IsSubset(super, sub)),
            _ => throw Operands.TypeError(0, super, "object", "set", "array"),
        };
    }

    private static bool IsSubset(RegoValue super, RegoValue sub)
    {
        switch (super, sub)
        {
            case (RegoObject sup, RegoObject sb):
                foreach (var key in sb.Keys)
                {
                    if (sup.Get(key) is not { } sv || !IsSubset(sv, sb.Get(key)!))
                    {
                        return false;
                    }
                }

                return true;
            case (RegoSet sup, RegoSet sb):
                foreach (var item in sb.Sorted)
                {
                    if (!sup.Contains(item))
                    {
                        return false;
                    }
                }

                return true;
            case (RegoArray sup, RegoSet sb):
                var members = RegoSet.Create(sup.Items);
                return IsSubset(members, sb);
            case (RegoArray sup, RegoArray sb):
                return sb.Count == 0 || sup.Items.IndexOf(sb.Items) >= 0;
            default:
                return super.Equals(sub);
        }
    }
}
