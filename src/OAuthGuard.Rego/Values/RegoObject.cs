using System.Collections;
using System.Text;

namespace OAuthGuard.Rego.Values;

/// <summary>
/// An immutable map from values to values. Keys may be any value (JSON keeps to strings). Iteration is in key
/// sort order, so output is deterministic; objects compare key by key in that order, then by size.
/// </summary>
public sealed class RegoObject : RegoValue, IReadOnlyCollection<KeyValuePair<RegoValue, RegoValue>>
{
    /// <summary>The empty object.</summary>
    public static readonly RegoObject Empty = new([]);

    private readonly Dictionary<RegoValue, RegoValue> _map;
    private RegoValue[]? _sortedKeys;
    private int _hash;

    private RegoObject(Dictionary<RegoValue, RegoValue> map) => _map = map;

    /// <inheritdoc/>
    public override RegoValueKind Kind => RegoValueKind.Object;

    /// <inheritdoc/>
    public int Count => _map.Count;

    /// <summary>Gets the keys in sort order.</summary>
    public ReadOnlySpan<RegoValue> Keys => _sortedKeys ??= SortKeys();

    /// <summary>Creates an object from pairs; a later pair with an equal key wins.</summary>
    /// <param name="pairs">The key/value pairs.</param>
    /// <returns>The object.</returns>
    public static RegoObject Create(IEnumerable<KeyValuePair<RegoValue, RegoValue>> pairs)
    {
        var map = new Dictionary<RegoValue, RegoValue>();
        foreach (var (k, v) in pairs)
        {
            map[k] = v;
        }

        return Wrap(map);
    }

    /// <summary>Creates an object with string keys.</summary>
    /// <param name="pairs">The pairs.</param>
    /// <returns>The object.</returns>
    public static RegoObject Create(params ReadOnlySpan<(string Key, RegoValue Value)> pairs)
    {
        var map = new Dictionary<RegoValue, RegoValue>(pairs.Length);
        foreach (var (k, v) in pairs)
        {
            map[new RegoString(k)] = v;
        }

        return Wrap(map);
    }

    /// <summary>Wraps a dictionary the caller promises never to change again.</summary>
    /// <param name="map">The entries; ownership passes to the new value.</param>
    /// <returns>The object.</returns>
    internal static RegoObject Wrap(Dictionary<RegoValue, RegoValue> map) => map.Count == 0 ? Empty : new RegoObject(map);

    /// <summary>Looks up a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value, or null when the key is absent.</returns>
    public RegoValue? Get(RegoValue key) => _map.GetValueOrDefault(key);

    /// <summary>Looks up a string key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value, or null when the key is absent.</returns>
    public RegoValue? Get(string key) => _map.GetValueOrDefault(new RegoString(key));

    /// <summary>Tests whether a key is present.</summary>
    /// <param name="key">The key.</param>
    /// <returns>True when present.</returns>
    public bool ContainsKey(RegoValue key) => _map.ContainsKey(key);

    /// <summary>Returns a copy with one entry added or replaced.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>A new object.</returns>
    public RegoObject With(RegoValue key, RegoValue value)
    {
        var map = new Dictionary<RegoValue, RegoValue>(_map) { [key] = value };
        return new RegoObject(map);
    }

    /// <summary>Returns a copy of the entries as a mutable dictionary.</summary>
    /// <returns>A new dictionary.</returns>
    public Dictionary<RegoValue, RegoValue> ToDictionary() => new(_map);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<RegoValue, RegoValue>> GetEnumerator()
    {
        foreach (var key in _sortedKeys ??= SortKeys())
        {
            yield return new KeyValuePair<RegoValue, RegoValue>(key, _map[key]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var h = 0x0b1;
            foreach (var (k, v) in _map)
            {
                h = unchecked(h + HashCode.Combine(k, v));
            }

            _hash = h | 1;
        }

        return _hash;
    }

    /// <inheritdoc/>
    public override void WriteRego(StringBuilder sb)
    {
        sb.Append('{');
        var first = true;
        foreach (var key in Keys)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            key.WriteRego(sb);
            sb.Append(": ");
            _map[key].WriteRego(sb);
        }

        sb.Append('}');
    }

    private protected override int CompareSameKind(RegoValue other)
    {
        var o = (RegoObject)other;
        var a = Keys;
        var b = o.Keys;
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            var c = a[i].CompareTo(b[i]);
            if (c != 0)
            {
                return c;
            }

            c = _map[a[i]].CompareTo(o._map[b[i]]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private protected override bool EqualsSameKind(RegoValue other)
    {
        var o = (RegoObject)other;
        if (o._map.Count != _map.Count || GetHashCode() != o.GetHashCode())
        {
            return false;
        }

        foreach (var (k, v) in _map)
        {
            if (!o._map.TryGetValue(k, out var ov) || !v.Equals(ov))
            {
                return false;
            }
        }

        return true;
    }

    private RegoValue[] SortKeys()
    {
        var keys = new RegoValue[_map.Count];
        _map.Keys.CopyTo(keys, 0);
        Array.Sort(keys, ValueComparer.Instance);
        return keys;
    }
}
