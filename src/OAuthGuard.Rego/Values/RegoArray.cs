using System.Collections;
using System.Text;

namespace OAuthGuard.Rego.Values;

/// <summary>An immutable ordered sequence; compared element by element, then by length.</summary>
public sealed class RegoArray : RegoValue, IReadOnlyList<RegoValue>
{
    /// <summary>The empty array.</summary>
    public static readonly RegoArray Empty = new([]);

    private readonly RegoValue[] _items;
    private int _hash;

    private RegoArray(RegoValue[] items) => _items = items;

    /// <inheritdoc/>
    public override RegoValueKind Kind => RegoValueKind.Array;

    /// <inheritdoc/>
    public int Count => _items.Length;

    /// <summary>Gets the items as a span, without copying.</summary>
    public ReadOnlySpan<RegoValue> Items => _items;

    /// <inheritdoc/>
    public RegoValue this[int index] => _items[index];

    /// <summary>Creates an array from a sequence (the sequence is copied).</summary>
    /// <param name="items">The items.</param>
    /// <returns>The array.</returns>
    public static RegoArray Create(IEnumerable<RegoValue> items) => Wrap([.. items]);

    /// <summary>Creates an array from a span (the span is copied).</summary>
    /// <param name="items">The items.</param>
    /// <returns>The array.</returns>
    public static RegoArray Create(params ReadOnlySpan<RegoValue> items) => Wrap(items.ToArray());

    /// <summary>Wraps an array the caller promises never to change again.</summary>
    /// <param name="items">The items; ownership passes to the new value.</param>
    /// <returns>The array.</returns>
    internal static RegoArray Wrap(RegoValue[] items) => items.Length == 0 ? Empty : new RegoArray(items);

    /// <inheritdoc/>
    public IEnumerator<RegoValue> GetEnumerator() => ((IEnumerable<RegoValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = new HashCode();
            h.Add(RegoValueKind.Array);
            foreach (var item in _items)
            {
                h.Add(item.GetHashCode());
            }

            _hash = h.ToHashCode() | 1;
        }

        return _hash;
    }

    /// <inheritdoc/>
    public override void WriteRego(StringBuilder sb)
    {
        sb.Append('[');
        for (var i = 0; i < _items.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            _items[i].WriteRego(sb);
        }

        sb.Append(']');
    }

    private protected override int CompareSameKind(RegoValue other) =>
        CompareSequences(_items, ((RegoArray)other)._items);

    private protected override bool EqualsSameKind(RegoValue other)
    {
        var o = (RegoArray)other;
        if (o._items.Length != _items.Length || (_hash != 0 && o._hash != 0 && _hash != o._hash))
        {
            return false;
        }

        for (var i = 0; i < _items.Length; i++)
        {
            if (!_items[i].Equals(o._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Compares two sorted or ordered sequences element-wise, then by length.</summary>
    /// <param name="a">First sequence.</param>
    /// <param name="b">Second sequence.</param>
    /// <returns>Negative, zero or positive.</returns>
    internal static int CompareSequences(ReadOnlySpan<RegoValue> a, ReadOnlySpan<RegoValue> b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}
