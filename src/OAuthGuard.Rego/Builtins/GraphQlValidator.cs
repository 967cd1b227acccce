using System.Globalization;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Validates an executable GraphQL document against a schema with the rules and messages of OPA's GraphQL library
/// (gqlparser): lone anonymous operation, unique names, supported operation types, fields on their type, leaf and
/// composite selections, known and required arguments and directives, values of the right type, known, used, acyclic
/// and applicable fragments, mergeable fields, single-field subscriptions, and variables that are input types,
/// defined, used and used where allowed. The first failure is thrown with its position.
/// </summary>
internal sealed partial class GqlValidator(GqlSchema schema, GqlDocument doc)
{
    private readonly Dictionary<string, GqlFragment> _fragments = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedFragments = new(StringComparer.Ordinal);
    private HashSet<string> _usedVariables = new(StringComparer.Ordinal);
    private Dictionary<string, GqPos> _variablePositions = new(StringComparer.Ordinal);
    private HashSet<string> _visiting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _acyclic = new(StringComparer.Ordinal);
    private Dictionary<string, GqlVariableDef> _variables = new(StringComparer.Ordinal);

    /// <summary>Runs every rule.</summary>
    /// <exception cref="GraphQlSyntaxException">The first rule that fails.</exception>
    public void Validate()
    {
        if (doc.Operations.Count > 1 && doc.Operations.Any(o => o.Name is null))
        {
            throw Fail("This anonymous operation must be the only defined operation.", doc.Operations.First(o => o.Name is null).Pos);
        }

        Unique(doc.Operations.Where(o => o.Name is not null).Select(o => (o.Name!, o.Pos)), "There can be only one operation named");
        foreach (var f in doc.Fragments)
        {
            if (!_fragments.TryAdd(f.Name, f))
            {
                throw Fail($"There can be only one fragment named \"{f.Name}\".", f.Pos);
            }

            if (!schema.Types.TryGetValue(f.TypeCondition, out var t))
            {
                throw Fail($"Unknown type \"{f.TypeCondition}\".", f.Pos);
            }

            if (t.Kind is not ("OBJECT" or "INTERFACE" or "UNION"))
            {
                throw Fail($"Fragment \"{f.Name}\" cannot condition on non composite type \"{f.TypeCondition}\".", f.Pos);
            }
        }

        foreach (var f in doc.Fragments)
        {
            CheckCycle(f, []);
        }

        _usedVariables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in doc.Fragments)
        {
            Directives(f.Directives, "FRAGMENT_DEFINITION");
        }

        foreach (var op in doc.Operations)
        {
            Operation(op);
        }

        foreach (var f in doc.Fragments)
        {
            if (!_usedFragments.Contains(f.Name))
            {
                throw Fail($"Fragment \"{f.Name}\" is never used.", f.Pos);
            }
        }
    }

    private void Operation(GqlOperation op)
    {
        if (!schema.Roots.TryGetValue(op.Kind, out var rootName))
        {
            throw Fail($"Schema does not support operation type \"{op.Kind}\"", op.Pos);
        }

        Unique(op.Variables.Select(v => ("$" + v.Name, v.Pos)), "There can be only one variable named");
        var variables = new Dictionary<string, GqlTypeRef>(StringComparer.Ordinal);
        foreach (var v in op.Variables)
        {
            if (!schema.Types.ContainsKey(v.Type.Base))
            {
                throw Fail($"Unknown type \"{v.Type.Base}\".", v.Pos);
            }

            if (!schema.IsInputType(v.Type.Base))
            {
                throw Fail($"Variable \"${v.Name}\" cannot be non-input type \"{v.Type}\".", v.Pos);
            }

            if (v.Default is not null)
            {
                Value(v.Default, v.Type);
            }

            variables[v.Name] = v.Type;
        }

        foreach (var v in op.Variables)
        {
            Directives(v.Directives, "VARIABLE_DEFINITION");
        }

        _usedVariables = new HashSet<string>(StringComparer.Ordinal);
        _variablePositions = new Dictionary<string, GqPos>(StringComparer.Ordinal);
        _visiting = new HashSet<string>(StringComparer.Ordinal);
        _variables = op.Variables.GroupBy(v => v.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Directives(op.Directives, op.Kind.ToUpperInvariant());
        Selections(op.Selections, schema.Types[rootName]);
        foreach (var used in _usedVariables)
        {
            if (!variables.ContainsKey(used))
            {
                throw Fail(op.Name is null ? $"Variable \"${used}\" is not defined." : $"Variable \"${used}\" is not defined by operation \"{op.Name}\".", _variablePositions.GetValueOrDefault(used, op.Pos));
            }
        }

        foreach (var v in op.Variables)
        {
            if (!_usedVariables.Contains(v.Name))
            {
                throw Fail($"Variable \"${v.Name}\" is never used.", v.Pos);
            }
        }

        if (op.Kind == "subscription")
        {
            SingleField(op);
        }
    }

    /// <summary>gqlparser's SingleFieldSubscriptions: one top level field (fragments included), not an introspection one.</summary>
    private void SingleField(GqlOperation op)
    {
        var fields = new List<GqlField>();
        var seenFragments = new HashSet<string>(StringComparer.Ordinal);
        void Collect(List<GqlSelection> selections)
        {
            foreach (var selection in selections)
            {
                switch (selection)
                {
                    case GqlField f:
                        fields.Add(f);
                        break;
                    case GqlInline i:
                        Collect(i.Selections);
                        break;
                    case GqlSpread sp when _fragments.TryGetValue(sp.Name, out var fragment) && seenFragments.Add(sp.Name):
                        Collect(fragment.Selections);
                        break;
                }
            }
        }

        Collect(op.Selections);
        var unique = fields.DistinctBy(f => f.Name, StringComparer.Ordinal).ToList();
        var name = op.Name is null ? "Anonymous Subscription" : "Subscription " + Sprintf.GoQuote(op.Name);
        if (unique.Count > 1)
        {
            throw Fail($"{name} must select only one top level field.", unique[1].Pos);
        }

        if (unique.FirstOrDefault(f => f.Name.StartsWith("__", StringComparison.Ordinal)) is { } introspection)
        {
            throw Fail($"{name} must not select an introspection top level field.", introspection.Pos);
        }
    }

    /// <summary>gqlparser's PossibleFragmentSpreads: some object type must be possible both for the parent and the fragment's type.</summary>
    private bool CanSpread(GqlTypeDef parent, string typeCondition)
    {
        if (parent.Kind is not ("OBJECT" or "INTERFACE" or "UNION") || !schema.Types.TryGetValue(typeCondition, out var fragmentType)
            || fragmentType.Kind is not ("OBJECT" or "INTERFACE" or "UNION"))
        {
            return true;
        }

        var parentTypes = parent.Kind == "OBJECT" ? [parent.Name] : schema.PossibleTypes(parent.Name);
        return schema.PossibleTypes(typeCondition).Any(parentTypes.Contains);
    }

    private void Selections(List<GqlSelection> selections, GqlTypeDef parent)
    {
        CheckMergeable(selections, parent);
        foreach (var selection in selections)
        {
            Directives(selection.Directives, selection switch { GqlField => "FIELD", GqlSpread => "FRAGMENT_SPREAD", _ => "INLINE_FRAGMENT" });
            switch (selection)
            {
                case GqlField field:
                    Field(field, parent);
                    break;
                case GqlSpread spread:
                    if (!_fragments.TryGetValue(spread.Name, out var fragment))
                    {
                        throw Fail($"Unknown fragment \"{spread.Name}\".", spread.Pos);
                    }

                    _usedFragments.Add(spread.Name);
                    if (!CanSpread(parent, fragment.TypeCondition))
                    {
                        throw Fail($"Fragment \"{spread.Name}\" cannot be spread here as objects of type \"{parent.Name}\" can never be of type \"{fragment.TypeCondition}\".", spread.Pos);
                    }

                    // Like gqlparser's walker, a fragment's selections are walked once per operation.
                    if (_visiting.Add(spread.Name))
                    {
                        Selections(fragment.Selections, schema.Types[fragment.TypeCondition]);
                    }

                    break;
                case GqlInline inline:
                    var type = parent;
                    if (inline.TypeCondition is { } condition)
                    {
                        if (!schema.Types.TryGetValue(condition, out var t))
                        {
                            throw Fail($"Unknown type \"{condition}\".", inline.Pos);
                        }

                        if (t.Kind is not ("OBJECT" or "INTERFACE" or "UNION"))
                        {
                            throw Fail($"Fragment cannot condition on non composite type \"{condition}\".", inline.Pos);
                        }

                        if (!CanSpread(parent, condition))
                        {
                            throw Fail($"Fragment cannot be spread here as objects of type \"{parent.Name}\" can never be of type \"{condition}\".", inline.Pos);
                        }

                        type = t;
                    }

                    Selections(inline.Selections, type);
                    break;
            }
        }
    }

    private void Field(GqlField field, GqlTypeDef parent)
    {
        if (field.Name == "__typename")
        {
            if (field.Selections is not null)
            {
                throw Fail($"Field \"__typename\" must not have a selection since type \"String\" has no subfields.", field.Pos);
            }

            return;
        }

        var def = parent.Fields.FirstOrDefault(f => f.Name == field.Name);
        if (def is null)
        {
            throw Fail($"Cannot query field \"{field.Name}\" on type \"{parent.Name}\"." + FieldSuggestion(parent, field.Name), field.Pos);
        }

        Arguments(field.Arguments, field.ArgumentPositions, def.Arguments, $"field \"{parent.Name}.{field.Name}\"", $"Field \"{field.Name}\"", field.Pos);
        var type = schema.Types[def.Type.Base];
        var leaf = type.Kind is "SCALAR" or "ENUM";
        if (leaf && field.Selections is not null)
        {
            throw Fail($"Field \"{field.Name}\" must not have a selection since type \"{type.Name}\" has no subfields.", field.Pos);
        }

        if (!leaf && field.Selections is null)
        {
            throw Fail($"Field \"{field.Name}\" of type \"{def.Type}\" must have a selection of subfields. Did you mean \"{field.Name} {{ ... }}\"?", field.Pos);
        }

        if (field.Selections is not null)
        {
            Selections(field.Selections, type);
        }
    }

    private void Directives(List<GqlDirective> directives, string location)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in directives)
        {
            if (!schema.Directives.TryGetValue(d.Name, out var def))
            {
                throw Fail($"Unknown directive \"@{d.Name}\".", d.Pos);
            }

            if (!def.Locations.Contains(location))
            {
                throw Fail($"Directive \"@{d.Name}\" may not be used on {location}.", d.Pos);
            }

            if (!seen.Add(d.Name) && !def.Repeatable)
            {
                throw Fail($"The directive \"@{d.Name}\" can only be used once at this location.", d.Pos);
            }

            Arguments(d.Arguments, d.ArgumentPositions, def.Arguments, $"directive \"@{d.Name}\"", $"Directive \"@{d.Name}\"", d.Pos);
        }
    }

    private void Arguments(List<(string Name, GqlValue Value)> given, List<GqPos> positions, List<GqlInputDef> defs, string where, string owner, GqPos pos)
    {
        Unique(given.Select((a, i) => (a.Name, i < positions.Count ? positions[i] : a.Value.Pos)), "There can be only one argument named");
        for (var i = 0; i < given.Count; i++)
        {
            var (name, value) = given[i];
            var def = defs.FirstOrDefault(d => d.Name == name)
                ?? throw Fail($"Unknown argument \"{name}\" on {where}." + GqlSuggest.Phrase("Did you mean", name, defs.Select(d => d.Name)), i < positions.Count ? positions[i] : value.Pos);
            Value(value, def.Type, def.Default is not null);
        }

        foreach (var def in defs)
        {
            if (def.Type.NonNull && def.Default is null && !given.Any(a => a.Name == def.Name))
            {
                throw Fail($"{owner} argument \"{def.Name}\" of type \"{def.Type}\" is required, but it was not provided.", pos);
            }
        }
    }

    /// <summary>The specification's VariablesInAllowedPosition: a nullable variable fits a non-null position only with a default.</summary>
    private static bool Allowed(GqlVariableDef variable, GqlTypeRef location, bool locationHasDefault)
    {
        if (location.NonNull && !variable.Type.NonNull)
        {
            var hasDefault = variable.Default is not null and not GqlScalar { Kind: "Null" };
            return (hasDefault || locationHasDefault) && Compatible(variable.Type, location with { NonNull = false });
        }

        return Compatible(variable.Type, location);
    }

    private static bool Compatible(GqlTypeRef variable, GqlTypeRef location)
    {
        if (location.NonNull)
        {
            return variable.NonNull && Compatible(variable with { NonNull = false }, location with { NonNull = false });
        }

        if (variable.NonNull)
        {
            return Compatible(variable with { NonNull = false }, location);
        }

        if (location.Item is not null)
        {
            return variable.Item is not null && Compatible(variable.Item, location.Item);
        }

        return variable.Item is null && variable.Name == location.Name;
    }

    /// <summary>Records the variables inside a value that is not checked against a type; always true.</summary>
    private bool CollectVariables(GqlValue value)
    {
        switch (value)
        {
            case GqlVariable v:
                _usedVariables.Add(v.Name);
                break;
            case GqlList l:
                l.Items.ForEach(i => CollectVariables(i));
                break;
            case GqlObject o:
                o.Fields.ForEach(f => CollectVariables(f.Value));
                break;
        }

        return true;
    }

    private void CheckCycle(GqlFragment fragment, List<string> path)
    {
        if (_acyclic.Contains(fragment.Name))
        {
            return; // already followed to the end without meeting itself
        }

        var at = path.IndexOf(fragment.Name);
        if (at >= 0)
        {
            var via = path.Skip(at + 1).ToList();
            throw Fail(via.Count == 0 ? $"Cannot spread fragment \"{fragment.Name}\" within itself." : $"Cannot spread fragment \"{fragment.Name}\" within itself via {string.Join(", ", via)}.", fragment.Pos);
        }

        if (path.Count > 100)
        {
            throw Fail("fragments are nested too deeply");
        }

        path.Add(fragment.Name);
        foreach (var name in Spreads(fragment.Selections))
        {
            if (_fragments.TryGetValue(name, out var next))
            {
                CheckCycle(next, path);
            }
        }

        path.RemoveAt(path.Count - 1);
        _acyclic.Add(fragment.Name);
    }

    private static IEnumerable<string> Spreads(List<GqlSelection> selections)
    {
        foreach (var s in selections)
        {
            switch (s)
            {
                case GqlSpread spread:
                    yield return spread.Name;
                    break;
                case GqlInline inline:
                    foreach (var n in Spreads(inline.Selections))
                    {
                        yield return n;
                    }

                    break;
                case GqlField { Selections: { } inner }:
                    foreach (var n in Spreads(inner))
                    {
                        yield return n;
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// gqlparser's hint for an unknown field: on an interface or union, the types that have the field (interfaces
    /// first, by how many of the types implement them, then by name); otherwise the fields with a close name.
    /// </summary>
    private string FieldSuggestion(GqlTypeDef parent, string name)
    {
        if (parent.Kind is "INTERFACE" or "UNION")
        {
            var possible = parent.Kind == "UNION"
                ? parent.Members.Select(m => schema.Types.GetValueOrDefault(m)).OfType<GqlTypeDef>()
                : schema.Types.Values.Where(t => t.Interfaces.Contains(parent.Name)).OrderBy(t => t.Name, StringComparer.Ordinal);
            var objects = new List<string>();
            var interfaces = new List<string>();
            var usage = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var type in possible.Where(t => t.Fields.Any(f => f.Name == name)))
            {
                objects.Add(type.Name);
                foreach (var i in type.Interfaces)
                {
                    if (schema.Types.TryGetValue(i, out var iface) && iface.Fields.Any(f => f.Name == name))
                    {
                        if (!usage.TryGetValue(i, out var count))
                        {
                            interfaces.Add(i);
                        }

                        usage[i] = count + 1;
                    }
                }
            }

            var types = interfaces.Concat(objects)
                .Select((t, index) => (t, index))
                .OrderByDescending(x => usage.GetValueOrDefault(x.t))
                .ThenBy(x => x.t, StringComparer.Ordinal)
                .Select(x => x.t)
                .ToList();
            if (types.Count > 0)
            {
                return " Did you mean to use an inline fragment on " + GqlSuggest.QuotedOrList(types) + "?";
            }
        }

        return parent.Kind is "OBJECT" or "INTERFACE" ? GqlSuggest.Phrase("Did you mean", name, parent.Fields.Select(f => f.Name)) : string.Empty;
    }

    /// <summary>Fails at the second use of a name.</summary>
    private static void Unique(IEnumerable<(string Name, GqPos Pos)> names, string message)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, pos) in names)
        {
            if (!seen.Add(name))
            {
                throw Fail($"{message} \"{name}\".", pos);
            }
        }
    }

    private static GraphQlSyntaxException Fail(string message, GqPos pos = default) => new(message, pos);
}
