using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// A source position as OPA's GraphQL library (gqlparser) reports it: 1-based line, and a column counted in Unicode
/// code points from the start of the line. <see cref="None"/> marks a node that came from an AST object.
/// </summary>
internal readonly record struct GqPos(int Line, int Column)
{
    /// <summary>Gets the position of nodes that have none (decoded from an AST object).</summary>
    public static GqPos None => default;

    /// <summary>Gets a value indicating whether the position is known.</summary>
    public bool Known => Line != 0;
}

/// <summary>
/// The AST that <c>graphql.parse*</c> return, shaped like gqlparser's Go structs (field names as Go spells them).
/// <see cref="ToRego"/> gives OPA's form of a node: the JSON of the struct without <c>Position</c>, null values and
/// empty lists; strings, booleans and numbers are always present, even when empty, false or 0.
/// </summary>
internal abstract class GqNode
{
    public GqPos Pos { get; set; }

    /// <summary>Converts the node to OPA's pruned object form.</summary>
    public RegoObject ToRego()
    {
        var pairs = new List<(string, RegoValue)>();
        Write(pairs);
        return RegoObject.Create(pairs.ToArray());
    }

    protected abstract void Write(List<(string, RegoValue)> o);

    protected static void Str(List<(string, RegoValue)> o, string key, string value) => o.Add((key, new RegoString(value)));

    protected static void Bool(List<(string, RegoValue)> o, string key, bool value) => o.Add((key, RegoBoolean.From(value)));

    protected static void Node(List<(string, RegoValue)> o, string key, GqNode? node)
    {
        if (node is not null)
        {
            o.Add((key, node.ToRego()));
        }
    }

    protected static void Nodes<T>(List<(string, RegoValue)> o, string key, List<T> nodes)
        where T : GqNode
    {
        if (nodes.Count > 0)
        {
            o.Add((key, RegoArray.Create(nodes.Select(n => (RegoValue)n.ToRego()))));
        }
    }

    protected static void Strings(List<(string, RegoValue)> o, string key, List<string> values)
    {
        if (values.Count > 0)
        {
            o.Add((key, RegoArray.Create(values.Select(v => (RegoValue)new RegoString(v)))));
        }
    }
}

/// <summary>gqlparser's <c>ValueKind</c> numbers.</summary>
internal static class GqKind
{
    public const int Variable = 0, Int = 1, Float = 2, String = 3, Block = 4, Boolean = 5, Null = 6, Enum = 7, List = 8, Object = 9;
}

internal sealed class GqValue : GqNode
{
    public string Raw { get; set; } = string.Empty;

    public List<GqChild> Children { get; } = [];

    public int Kind { get; set; }

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Raw", Raw);
        Nodes(o, "Children", Children);
        o.Add(("Kind", RegoNumber.From(Kind)));
    }
}

internal sealed class GqChild : GqNode
{
    public string Name { get; set; } = string.Empty;

    public GqValue? Value { get; set; }

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Name", Name);
        Node(o, "Value", Value);
    }
}

internal sealed class GqType : GqNode
{
    public string NamedType { get; set; } = string.Empty;

    public GqType? Elem { get; set; }

    public bool NonNull { get; set; }

    /// <summary>Gets the innermost named type (gqlparser's <c>Type.Name()</c>).</summary>
    public string Name => NamedType.Length > 0 || Elem is null ? NamedType : Elem.Name;

    /// <inheritdoc/>
    public override string ToString() => (NamedType.Length > 0 || Elem is null ? NamedType : $"[{Elem}]") + (NonNull ? "!" : string.Empty);

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "NamedType", NamedType);
        Node(o, "Elem", Elem);
        Bool(o, "NonNull", NonNull);
    }
}

internal sealed class GqArgument : GqNode
{
    public string Name { get; set; } = string.Empty;

    public GqValue? Value { get; set; }

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Name", Name);
        Node(o, "Value", Value);
    }
}

internal sealed class GqDirective : GqNode
{
    public string Name { get; set; } = string.Empty;

    public List<GqArgument> Arguments { get; } = [];

    public string Location { get; set; } = string.Empty;

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Name", Name);
        Nodes(o, "Arguments", Arguments);
        Str(o, "Location", Location);
    }
}

/// <summary>A field, fragment spread or inline fragment.</summary>
internal abstract class GqSelection : GqNode
{
    public List<GqDirective> Directives { get; } = [];
}

internal sealed class GqField : GqSelection
{
    public string Alias { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public List<GqArgument> Arguments { get; } = [];

    public List<GqSelection> SelectionSet { get; } = [];

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Alias", Alias);
        Str(o, "Name", Name);
        Nodes(o, "Arguments", Arguments);
        Nodes(o, "Directives", Directives);
        Nodes(o, "SelectionSet", SelectionSet);
    }
}

internal sealed class GqSpread : GqSelection
{
    public string Name { get; set; } = string.Empty;

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Name", Name);
        Nodes(o, "Directives", Directives);
    }
}

internal sealed class GqInline : GqSelection
{
    public string TypeCondition { get; set; } = string.Empty;

    public List<GqSelection> SelectionSet { get; } = [];

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "TypeCondition", TypeCondition);
        Nodes(o, "Directives", Directives);
        Nodes(o, "SelectionSet", SelectionSet);
    }
}

internal sealed class GqVariableDefinition : GqNode
{
    public string Variable { get; set; } = string.Empty;

    public GqType? Type { get; set; }

    public GqValue? DefaultValue { get; set; }

    public List<GqDirective> Directives { get; } = [];

    public bool Used { get; set; }

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Variable", Variable);
        Node(o, "Type", Type);
        Node(o, "DefaultValue", DefaultValue);
        Nodes(o, "Directives", Directives);
        Bool(o, "Used", Used);
    }
}

internal sealed class GqOperation : GqNode
{
    public string Operation { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public List<GqVariableDefinition> VariableDefinitions { get; } = [];

    public List<GqDirective> Directives { get; } = [];

    public List<GqSelection> SelectionSet { get; } = [];

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Operation", Operation);
        Str(o, "Name", Name);
        Nodes(o, "VariableDefinitions", VariableDefinitions);
        Nodes(o, "Directives", Directives);
        Nodes(o, "SelectionSet", SelectionSet);
    }
}

internal sealed class GqFragment : GqNode
{
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets the experimental fragment variables (gqlparser spells the field in the singular).</summary>
    public List<GqVariableDefinition> VariableDefinition { get; } = [];

    public string TypeCondition { get; set; } = string.Empty;

    public List<GqDirective> Directives { get; } = [];

    public List<GqSelection> SelectionSet { get; } = [];

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Name", Name);
        Nodes(o, "VariableDefinition", VariableDefinition);
        Str(o, "TypeCondition", TypeCondition);
        Nodes(o, "Directives", Directives);
        Nodes(o, "SelectionSet", SelectionSet);
    }
}

internal sealed class GqQueryDocument : GqNode
{
    public List<GqOperation> Operations { get; } = [];

    public List<GqFragment> Fragments { get; } = [];

    protected override void Write(List<(string, RegoValue)> o)
    {
        Nodes(o, "Operations", Operations);
        Nodes(o, "Fragments", Fragments);
    }
}

internal sealed class GqOperationType : GqNode
{
    public string Operation { get; set; } = string.Empty;

    public string Type { get; set; } = string.Empty;

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Operation", Operation);
        Str(o, "Type", Type);
    }
}

internal sealed class GqSchemaDefinition : GqNode
{
    public string Description { get; set; } = string.Empty;

    public List<GqDirective> Directives { get; } = [];

    public List<GqOperationType> OperationTypes { get; } = [];

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Description", Description);
        Nodes(o, "Directives", Directives);
        Nodes(o, "OperationTypes", OperationTypes);
    }
}

/// <summary>A field of an object or interface, or (with <see cref="DefaultValue"/>) an input field.</summary>
internal sealed class GqFieldDefinition : GqNode
{
    public string Description { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public List<GqArgumentDefinition> Arguments { get; } = [];

    public GqValue? DefaultValue { get; set; }

    public GqType? Type { get; set; }

    public List<GqDirective> Directives { get; } = [];

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Description", Description);
        Str(o, "Name", Name);
        Nodes(o, "Arguments", Arguments);
        Node(o, "DefaultValue", DefaultValue);
        Node(o, "Type", Type);
        Nodes(o, "Directives", Directives);
    }
}

internal sealed class GqArgumentDefinition : GqNode
{
    public string Description { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public GqValue? DefaultValue { get; set; }

    public GqType? Type { get; set; }

    public List<GqDirective> Directives { get; } = [];

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Description", Description);
        Str(o, "Name", Name);
        Node(o, "DefaultValue", DefaultValue);
        Node(o, "Type", Type);
        Nodes(o, "Directives", Directives);
    }
}

internal sealed class GqEnumValue : GqNode
{
    public string Description { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public List<GqDirective> Directives { get; } = [];

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Description", Description);
        Str(o, "Name", Name);
        Nodes(o, "Directives", Directives);
    }
}

/// <summary>A type definition or extension (kind SCALAR, OBJECT, INTERFACE, UNION, ENUM or INPUT_OBJECT).</summary>
internal sealed class GqDefinition : GqNode
{
    public string Kind { get; set; } = string.Empty;

    public string Description { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public List<GqDirective> Directives { get; } = [];

    public List<string> Interfaces { get; } = [];

    public List<GqFieldDefinition> Fields { get; } = [];

    /// <summary>Gets the member types of a union.</summary>
    public List<string> Types { get; } = [];

    public List<GqEnumValue> EnumValues { get; } = [];

    public bool BuiltIn { get; set; }

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Kind", Kind);
        Str(o, "Description", Description);
        Str(o, "Name", Name);
        Nodes(o, "Directives", Directives);
        Strings(o, "Interfaces", Interfaces);
        Nodes(o, "Fields", Fields);
        Strings(o, "Types", Types);
        Nodes(o, "EnumValues", EnumValues);
        Bool(o, "BuiltIn", BuiltIn);
    }
}

internal sealed class GqDirectiveDefinition : GqNode
{
    public string Description { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public List<GqArgumentDefinition> Arguments { get; } = [];

    public List<string> Locations { get; } = [];

    public bool IsRepeatable { get; set; }

    protected override void Write(List<(string, RegoValue)> o)
    {
        Str(o, "Description", Description);
        Str(o, "Name", Name);
        Nodes(o, "Arguments", Arguments);
        Strings(o, "Locations", Locations);
        Bool(o, "IsRepeatable", IsRepeatable);
    }
}

internal sealed class GqSchemaDocument : GqNode
{
    public List<GqSchemaDefinition> Schema { get; } = [];

    public List<GqSchemaDefinition> SchemaExtension { get; } = [];

    public List<GqDirectiveDefinition> Directives { get; } = [];

    public List<GqDefinition> Definitions { get; } = [];

    public List<GqDefinition> Extensions { get; } = [];

    protected override void Write(List<(string, RegoValue)> o)
    {
        Nodes(o, "Schema", Schema);
        Nodes(o, "SchemaExtension", SchemaExtension);
        Nodes(o, "Directives", Directives);
        Nodes(o, "Definitions", Definitions);
        Nodes(o, "Extensions", Extensions);
    }
}
