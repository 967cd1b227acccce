using System.Collections;
using System.Text;

namespace OAuthGuard.Rego.Values;

/// <summary>
/// An immutable set of unique values. Iteration is in OPA's sort order, so output is deterministic;
/// sets compare as their sorted element sequences.
/// </summary>
public sealed class RegoSet : RegoValue, IReadOnlyCollection<RegoValue>
{
    /// <summary>The empty set.</summary>
    public static readonly RegoSet Empty = new([]);

    private readonly HashSet<RegoValue> _items;
    private RegoValue[]? _sorted;
    private int _hash;

    private RegoSet(HashSet<RegoValue> items) => _items = items;

    /// <inheritdoc/>
    public override RegoValueKind Kind => RegoValueKind.Set;

    /// <inheritdoc/>
    public int Count => _items.Count;

    /// <summary>Gets the elements in sort order.</summary>
    public ReadOnlySpan<RegoValue> Sorted => _sorted ??= SortedCopy();

    /// <summary>Creates a set from a sequence; duplicates collapse.</summary>
    /// <param name="items">The items.</param>
    /// <returns>The set.</returns>
    public static RegoSet Create(IEnumerable<RegoValue> items) => Wrap([.. items]);

    /// <summary>Creates a set from a span; duplicates collapse.</summary>
    /// <param name="items">The items.</param>
    /// <returns>The set.</returns>
    public static RegoSet Create(params ReadOnlySpan<RegoValue> items)
    {
        var set = new HashSet<RegoValue>(items.Length);
        foreach (var item in items)
        {
            set.Add(item);
        }

        return Wrap(set);
    }

    /// <summary>Wraps a hash set the caller promises never to change again.</summary>
    /// <param name="items">The items; ownership passes to the new value.</param>
    /// <returns>The set.</returns>
    internal static RegoSet Wrap(HashSet<RegoValue> items) => items.Count == 0 ? Empty : new RegoSet(items);

    /// <summary>Tests membership.</summary>
    /// <param name="value">The candidate.</param>
    /// <returns>True when the set holds the value.</returns>
    public bool Contains(RegoValue value) => _items.Contains(value);

    /// <summary>Returns a copy of the elements as a mutable hash set.</summary>
    /// <returns>A new hash set.</returns>
    public HashSet<RegoValue> ToHashSet() => new(_items);

    /// <inheritdoc/>
    public IEnumerator<RegoValue> GetEnumerator() => ((IEnumerable<RegoValue>)(_sorted ??= SortedCopy())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            // Order-independent: sum of element hashes.
            var h = 0x5e7;
            foreach (var item in _items)
            {
                h = unchecked(h + item.GetHashCode());
            }

            _hash = h | 1;
        }

        return _hash;
    }

    /// <inheritdoc/>
    public override void WriteRego(StringBuilder sb)
    {
        if (_items.Count == 0)
        {
            sb.Append("set()");
            return;
        }

        sb.Append('{');
        var first = true;
        foreach (var item in Sorted)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            item.WriteRego(sb);
        }

        sb.Append('}');
    }

    private protected override int CompareSameKind(RegoValue other) =>
        RegoArray.CompareSequences(Sorted, ((RegoSet)other).Sorted);

    private protected override bool EqualsSameKind(RegoValue other)
    {
        var o = (RegoSet)other;
        if (o._items.Count != _items.Count || GetHashCode() != o.GetHashCode())
        {
            return false;
        }

        foreach (var item in _items)
        {
            if (!o._items.Contains(item))
            {
                return false;
            }
        }

        return true;
    }

    private RegoValue[] SortedCopy()
    {
        var arr = new RegoValue[_items.Count];
        _items.CopyTo(arr);
        Array.Sort(arr, ValueComparer.Instance);
        return arr;
    }
}

/// <summary>OPA's total order as an <see cref="IComparer{T}"/>.</summary>
internal sealed class ValueComparer : IComparer<RegoValue>
{
    /// <summary>The shared instance.</summary>
    public static readonly ValueComparer Instance = new();

    private ValueComparer()
    {
    }

    /// <inheritdoc/>
    public int Compare(RegoValue? x, RegoValue? y) => RegoValue.Compare(x, y);
}
