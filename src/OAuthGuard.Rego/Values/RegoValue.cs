namespace OAuthGuard.Rego.Values;

/// <summary>The kinds of Rego value, in OPA's total order across types.</summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#types.</remarks>
public enum RegoValueKind
{
    /// <summary>The JSON null.</summary>
    Null = 0,

    /// <summary>true or false.</summary>
    Boolean = 1,

    /// <summary>An arbitrary-precision number.</summary>
    Number = 2,

    /// <summary>A Unicode string.</summary>
    String = 3,

    /// <summary>An ordered sequence.</summary>
    Array = 4,

    /// <summary>A map from values to values.</summary>
    Object = 5,

    /// <summary>An unordered collection of unique values (Rego only, not JSON).</summary>
    Set = 6,
}

/// <summary>
/// An immutable Rego value. The set of subtypes is closed: <see cref="RegoNull"/>, <see cref="RegoBoolean"/>,
/// <see cref="RegoNumber"/>, <see cref="RegoString"/>, <see cref="RegoArray"/>, <see cref="RegoObject"/> and
/// <see cref="RegoSet"/>. Equality is structural and ordering follows OPA's total order: first by kind, then
/// within the kind. "Undefined" is not a value: APIs use a <c>null</c> reference for it.
/// </summary>
public abstract class RegoValue : IEquatable<RegoValue>, IComparable<RegoValue>
{
    private protected RegoValue()
    {
    }

    /// <summary>Gets the kind of this value.</summary>
    public abstract RegoValueKind Kind { get; }

    /// <summary>Gets OPA's name for the type of this value, as <c>type_name</c> returns it.</summary>
    public string TypeName => Kind switch
    {
        RegoValueKind.Null => "null",
        RegoValueKind.Boolean => "boolean",
        RegoValueKind.Number => "number",
        RegoValueKind.String => "string",
        RegoValueKind.Array => "array",
        RegoValueKind.Object => "object",
        _ => "set",
    };

    /// <summary>Gets a value indicating whether this is a collection (array, object or set).</summary>
    public bool IsCollection => Kind >= RegoValueKind.Array;

    /// <summary>Compares two values in OPA's total order.</summary>
    /// <param name="other">The other value; <c>null</c> (undefined) sorts first.</param>
    /// <returns>Negative, zero or positive.</returns>
    public int CompareTo(RegoValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return 0;
        }

        if (other is null)
        {
            return 1;
        }

        var byKind = Kind.CompareTo(other.Kind);
        return byKind != 0 ? byKind : CompareSameKind(other);
    }

    /// <inheritdoc/>
    public bool Equals(RegoValue? other) =>
        ReferenceEquals(this, other) || (other is not null && other.Kind == Kind && EqualsSameKind(other));

    /// <inheritdoc/>
    public sealed override bool Equals(object? obj) => obj is RegoValue v && Equals(v);

    /// <inheritdoc/>
    public abstract override int GetHashCode();

    /// <summary>Returns the value written as a Rego term (sets as <c>{…}</c>, the empty set as <c>set()</c>).</summary>
    /// <returns>The Rego text.</returns>
    public sealed override string ToString()
    {
        var sb = new System.Text.StringBuilder();
        WriteRego(sb);
        return sb.ToString();
    }

    /// <summary>Writes the value as a Rego term.</summary>
    /// <param name="sb">The destination.</param>
    public abstract void WriteRego(System.Text.StringBuilder sb);

    /// <summary>Compares with a value of the same kind.</summary>
    /// <param name="other">A value whose <see cref="Kind"/> equals this one's.</param>
    /// <returns>Negative, zero or positive.</returns>
    private protected abstract int CompareSameKind(RegoValue other);

    /// <summary>Tests equality with a value of the same kind.</summary>
    /// <param name="other">A value whose <see cref="Kind"/> equals this one's.</param>
    /// <returns>True when equal.</returns>
    private protected abstract bool EqualsSameKind(RegoValue other);

    /// <summary>Equality operator (structural).</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>True when both are undefined or equal.</returns>
    public static bool operator ==(RegoValue? left, RegoValue? right) =>
        left is null ? right is null : left.Equals(right);

    /// <summary>Inequality operator (structural).</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>True when not equal.</returns>
    public static bool operator !=(RegoValue? left, RegoValue? right) => !(left == right);

    /// <summary>Less-than in OPA's total order.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>True when left sorts before right.</returns>
    public static bool operator <(RegoValue? left, RegoValue? right) => Compare(left, right) < 0;

    /// <summary>Greater-than in OPA's total order.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>True when left sorts after right.</returns>
    public static bool operator >(RegoValue? left, RegoValue? right) => Compare(left, right) > 0;

    /// <summary>Less-than-or-equal in OPA's total order.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>True when left does not sort after right.</returns>
    public static bool operator <=(RegoValue? left, RegoValue? right) => Compare(left, right) <= 0;

    /// <summary>Greater-than-or-equal in OPA's total order.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>True when left does not sort before right.</returns>
    public static bool operator >=(RegoValue? left, RegoValue? right) => Compare(left, right) >= 0;

    /// <summary>Compares two possibly undefined values; undefined sorts first.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>Negative, zero or positive.</returns>
    public static int Compare(RegoValue? left, RegoValue? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
