namespace OAuthGuard.Rego.Builtins;

/// <summary>Converts the gqlparser-shaped query AST into the tree the query validator works on, positions kept.</summary>
internal static class GqlMapping
{
    /// <summary>Converts a query document.</summary>
    public static GqlDocument Document(GqQueryDocument doc)
    {
        var result = new GqlDocument();
        foreach (var op in doc.Operations)
        {
            result.Operations.Add(new GqlOperation(
                op.Operation.Length == 0 ? "query" : op.Operation, // gqlparser walks an operation without a type as a query
                op.Name.Length == 0 ? null : op.Name,
                [.. op.VariableDefinitions.Select(Variable)],
                Directives(op.Directives),
                Selections(op.SelectionSet)) { Pos = op.Pos });
        }

        foreach (var f in doc.Fragments)
        {
            result.Fragments.Add(new GqlFragment(f.Name, f.TypeCondition, Directives(f.Directives), Selections(f.SelectionSet)) { Pos = f.Pos });
        }

        return result;
    }

    /// <summary>Converts a value.</summary>
    public static GqlValue Value(GqValue v)
    {
        GqlValue result = v.Kind switch
        {
            GqKind.Variable => new GqlVariable(v.Raw),
            GqKind.Int => new GqlScalar("Int", v.Raw),
            GqKind.Float => new GqlScalar("Float", v.Raw),
            GqKind.String or GqKind.Block => new GqlScalar("String", v.Raw),
            GqKind.Boolean => new GqlScalar("Boolean", v.Raw),
            GqKind.Null => new GqlScalar("Null", v.Raw),
            GqKind.Enum => new GqlScalar("Enum", v.Raw),
            GqKind.List => new GqlList([.. v.Children.Select(c => c.Value is null ? new GqlScalar("Null", "null") : Value(c.Value))]),
            GqKind.Object => new GqlObject([.. v.Children.Select(c => (c.Name, c.Value is null ? (GqlValue)new GqlScalar("Null", "null") : Value(c.Value)))])
            {
                FieldPositions = [.. v.Children.Select(c => c.Pos)],
            },
            _ => new GqlScalar("Unknown", v.Raw),
        };
        return result with { Pos = v.Pos };
    }

    private static GqlVariableDef Variable(GqVariableDefinition v) =>
        new(v.Variable, GqlSchema.Ref(v.Type), v.DefaultValue is null ? null : Value(v.DefaultValue))
        {
            Pos = v.Pos,
            Directives = Directives(v.Directives),
        };

    private static List<(string, GqlValue)> Arguments(List<GqArgument> args) =>
        [.. args.Select(a => (a.Name, a.Value is null ? (GqlValue)new GqlScalar("Null", "null") : Value(a.Value)))];

    private static List<GqlDirective> Directives(List<GqDirective> dirs) =>
        [.. dirs.Select(d => new GqlDirective(d.Name, Arguments(d.Arguments)) { Pos = d.Pos, ArgumentPositions = [.. d.Arguments.Select(a => a.Pos)] })];

    private static List<GqlSelection> Selections(List<GqSelection> selections) =>
        [.. selections.Select(Selection)];

    private static GqlSelection Selection(GqSelection s) => s switch
    {
        GqField f => new GqlField(f.Alias, f.Name, Arguments(f.Arguments), Directives(f.Directives), f.SelectionSet.Count == 0 ? null : Selections(f.SelectionSet))
        {
            Pos = f.Pos,
            ArgumentPositions = [.. f.Arguments.Select(a => a.Pos)],
        },
        GqSpread sp => new GqlSpread(sp.Name, Directives(sp.Directives)) { Pos = sp.Pos },
        GqInline i => new GqlInline(i.TypeCondition.Length == 0 ? null : i.TypeCondition, Directives(i.Directives), Selections(i.SelectionSet)) { Pos = i.Pos },
        _ => throw new InvalidOperationException("unknown selection"),
    };
}
