// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Frozen;

namespace OAuthGuard.Salesforce.Schema;

/// <summary>The value types the Metadata API WSDL declares for the fields OAuthGuard reads.</summary>
public enum FieldKind
{
    /// <summary>No declaration: an element Salesforce does not define at this place (kept as text or object).</summary>
    Unknown,

    /// <summary><c>xsd:string</c>.</summary>
    Text,

    /// <summary><c>xsd:boolean</c>: <c>true</c>/<c>false</c> (any case, trimmed) or <c>1</c>/<c>0</c>.</summary>
    Boolean,

    /// <summary><c>xsd:int</c>.</summary>
    WholeNumber,

    /// <summary><c>xsd:double</c>.</summary>
    Number,

    /// <summary>A WSDL <c>simpleType</c> restricted to listed values (compared exactly, after trimming).</summary>
    Enumeration,

    /// <summary>A WSDL <c>complexType</c>: child elements, no text.</summary>
    Complex,
}

/// <summary>One element declared inside a complex type: its name, type and whether it may repeat.</summary>
internal sealed class FieldSpec
{
    private FieldSpec(string name, FieldKind kind, bool repeatable, ComplexTypeSpec? complex, string? enumName, FrozenSet<string>? enumValues)
    {
        Name = name;
        Kind = kind;
        Repeatable = repeatable;
        Complex = complex;
        EnumName = enumName;
        EnumValues = enumValues;
    }

    public string Name { get; }

    public FieldKind Kind { get; }

    /// <summary><c>maxOccurs="unbounded"</c>: always an array in the input document.</summary>
    public bool Repeatable { get; }

    public ComplexTypeSpec? Complex { get; }

    public string? EnumName { get; }

    public FrozenSet<string>? EnumValues { get; }

    /// <summary>What the input document's <c>invalid[].expected</c> says for this field.</summary>
    public string Expected => Kind switch
    {
        FieldKind.Boolean => "boolean",
        FieldKind.WholeNumber => "integer",
        FieldKind.Number => "number",
        FieldKind.Enumeration => "enum " + EnumName,
        FieldKind.Complex => "element " + Complex?.Name,
        _ => "string",
    };

    public static FieldSpec Str(string name) => new(name, FieldKind.Text, false, null, null, null);

    public static FieldSpec Bool(string name) => new(name, FieldKind.Boolean, false, null, null, null);

    public static FieldSpec Int(string name) => new(name, FieldKind.WholeNumber, false, null, null, null);

    public static FieldSpec Enum(string name, EnumSpec type) => new(name, FieldKind.Enumeration, false, null, type.Name, type.Values);

    public static FieldSpec Obj(string name, ComplexTypeSpec type) => new(name, FieldKind.Complex, false, type, null, null);

    /// <summary>The same field, declared <c>maxOccurs="unbounded"</c>.</summary>
    public FieldSpec Many() => new(Name, Kind, true, Complex, EnumName, EnumValues);
}

/// <summary>A WSDL enumeration: its name and its allowed values.</summary>
internal sealed class EnumSpec(string name, params string[] values)
{
    public string Name { get; } = name;

    public FrozenSet<string> Values { get; } = values.ToFrozenSet(StringComparer.Ordinal);
}

/// <summary>A WSDL complex type: the child elements it declares, by local name.</summary>
internal sealed class ComplexTypeSpec(string name, params FieldSpec[] fields)
{
    public string Name { get; } = name;

    public FrozenDictionary<string, FieldSpec> Fields { get; } = fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);

    public FieldSpec? Field(string name) => Fields.GetValueOrDefault(name);
}
