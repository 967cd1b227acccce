namespace OAuthGuard.Rego.Builtins;

// The tree the query validator works on: built from the gqlparser-shaped AST (GqNode) by GqlMapping.

/// <summary>A GraphQL type reference: a named type, a list, or a non-null wrapper.</summary>
internal sealed record GqlTypeRef(string? Name, GqlTypeRef? Item, bool NonNull)
{
    /// <summary>Gets the innermost named type.</summary>
    public string Base => Name ?? Item!.Base;

    /// <inheritdoc/>
    public override string ToString() => (Name ?? $"[{Item}]") + (NonNull ? "!" : string.Empty);
}

/// <summary>A literal or variable in a GraphQL document.</summary>
internal abstract record GqlValue
{
    public GqPos Pos { get; init; }
}

internal sealed record GqlVariable(string Name) : GqlValue;

internal sealed record GqlScalar(string Kind, string Text) : GqlValue;

internal sealed record GqlList(List<GqlValue> Items) : GqlValue;

internal sealed record GqlObject(List<(string Name, GqlValue Value)> Fields) : GqlValue
{
    /// <summary>Gets the positions of the field names, in the order of <see cref="Fields"/> (empty when unknown).</summary>
    public List<GqPos> FieldPositions { get; init; } = [];
}

internal sealed record GqlDirective(string Name, List<(string Name, GqlValue Value)> Arguments)
{
    public GqPos Pos { get; init; }

    public List<GqPos> ArgumentPositions { get; init; } = [];
}

internal abstract record GqlSelection(List<GqlDirective> Directives)
{
    public GqPos Pos { get; init; }
}

internal sealed record GqlField(string? Alias, string Name, List<(string Name, GqlValue Value)> Arguments, List<GqlDirective> Directives, List<GqlSelection>? Selections) : GqlSelection(Directives)
{
    public List<GqPos> ArgumentPositions { get; init; } = [];
}

internal sealed record GqlSpread(string Name, List<GqlDirective> Directives) : GqlSelection(Directives);

internal sealed record GqlInline(string? TypeCondition, List<GqlDirective> Directives, List<GqlSelection> Selections) : GqlSelection(Directives);

internal sealed record GqlVariableDef(string Name, GqlTypeRef Type, GqlValue? Default)
{
    public GqPos Pos { get; init; }

    public List<GqlDirective> Directives { get; init; } = [];
}

internal sealed record GqlOperation(string Kind, string? Name, List<GqlVariableDef> Variables, List<GqlDirective> Directives, List<GqlSelection> Selections)
{
    public GqPos Pos { get; init; }
}

internal sealed record GqlFragment(string Name, string TypeCondition, List<GqlDirective> Directives, List<GqlSelection> Selections)
{
    public GqPos Pos { get; init; }
}

/// <summary>An argument or input field definition.</summary>
internal sealed record GqlInputDef(string Name, GqlTypeRef Type, GqlValue? Default);

internal sealed record GqlFieldDef(string Name, List<GqlInputDef> Arguments, GqlTypeRef Type);

/// <summary>A type of the loaded schema (kind: SCALAR, OBJECT, INTERFACE, UNION, ENUM, INPUT_OBJECT).</summary>
internal sealed class GqlTypeDef(string kind, string name)
{
    public string Kind { get; } = kind;

    public string Name { get; } = name;

    public List<string> Interfaces { get; } = [];

    public List<GqlFieldDef> Fields { get; } = [];

    public List<GqlInputDef> InputFields { get; } = [];

    public List<string> Members { get; } = [];

    public List<string> EnumValues { get; } = [];
}

internal sealed record GqlDirectiveDef(string Name, List<GqlInputDef> Arguments, List<string> Locations, bool Repeatable = false);

/// <summary>An executable document as the query validator reads it.</summary>
internal sealed class GqlDocument
{
    public List<GqlOperation> Operations { get; } = [];

    public List<GqlFragment> Fragments { get; } = [];
}
