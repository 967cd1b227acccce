using System.Text;

namespace OAuthGuard.Rego.Values;

/// <summary>The JSON <c>null</c>.</summary>
public sealed class RegoNull : RegoValue
{
    /// <summary>The only instance.</summary>
    public static readonly RegoNull Instance = new();

    private RegoNull()
    {
    }

    /// <inheritdoc/>
    public override RegoValueKind Kind => RegoValueKind.Null;

    /// <inheritdoc/>
    public override int GetHashCode() => 0x6e756c6c;

    /// <inheritdoc/>
    public override void WriteRego(StringBuilder sb) => sb.Append("null");

    private protected override int CompareSameKind(RegoValue other) => 0;

    private protected override bool EqualsSameKind(RegoValue other) => true;
}

/// <summary>A boolean; <c>false</c> sorts before <c>true</c>.</summary>
public sealed class RegoBoolean : RegoValue
{
    /// <summary>The value <c>true</c>.</summary>
    public static readonly RegoBoolean True = new(true);

    /// <summary>The value <c>false</c>.</summary>
    public static readonly RegoBoolean False = new(false);

    private RegoBoolean(bool value) => Value = value;

    /// <summary>Gets the CLR value.</summary>
    public bool Value { get; }

    /// <inheritdoc/>
    public override RegoValueKind Kind => RegoValueKind.Boolean;

    /// <summary>Returns the shared instance for a CLR boolean.</summary>
    /// <param name="value">The boolean.</param>
    /// <returns><see cref="True"/> or <see cref="False"/>.</returns>
    public static RegoBoolean From(bool value) => value ? True : False;

    /// <inheritdoc/>
    public override int GetHashCode() => Value ? 1231 : 1237;

    /// <inheritdoc/>
    public override void WriteRego(StringBuilder sb) => sb.Append(Value ? "true" : "false");

    private protected override int CompareSameKind(RegoValue other) => Value.CompareTo(((RegoBoolean)other).Value);

    private protected override bool EqualsSameKind(RegoValue other) => Value == ((RegoBoolean)other).Value;
}

/// <summary>A Unicode string, compared ordinally.</summary>
public sealed class RegoString : RegoValue
{
    /// <summary>The empty string.</summary>
    public static readonly RegoString Empty = new(string.Empty);

    /// <summary>Initializes a new instance of the <see cref="RegoString"/> class.</summary>
    /// <param name="value">The text.</param>
    public RegoString(string value) => Value = value;

    private int _hash;

    /// <summary>Gets the text.</summary>
    public string Value { get; }

    /// <inheritdoc/>
    public override RegoValueKind Kind => RegoValueKind.String;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        // Cached: object lookups hash the same key instances (compiled constants) over and over.
        if (_hash == 0)
        {
            _hash = StringComparer.Ordinal.GetHashCode(Value) | 1;
        }

        return _hash;
    }

    /// <inheritdoc/>
    public override void WriteRego(StringBuilder sb) => JsonText.AppendQuoted(sb, Value);

    private protected override int CompareSameKind(RegoValue other) =>
        string.CompareOrdinal(Value, ((RegoString)other).Value);

    private protected override bool EqualsSameKind(RegoValue other)
    {
        var o = (RegoString)other;
        return (_hash == 0 || o._hash == 0 || _hash == o._hash) && string.Equals(Value, o.Value, StringComparison.Ordinal);
    }
}
