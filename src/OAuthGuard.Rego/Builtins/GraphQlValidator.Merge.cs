namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// gqlparser's OverlappingFieldsCanBeMerged: fields that share a response name in a selection set (fragments
/// included) must be the same field with the same arguments unless their parents are different object types, must
/// not return conflicting types, and their own selections must merge in turn. Worded as gqlparser words it:
/// <c>Fields "x" conflict because "a" and "b" are different fields. Use different aliases…</c>.
/// </summary>
internal sealed partial class GqlValidator
{
    private const string UseAliases = "Use different aliases on the fields to fetch both if this was intentional.";

    private static readonly GqlTypeRef TypeNameType = new("String", null, true);

    /// <summary>Answers already computed for a pair of fields (as graphql-js memoizes them), so that fragments spread many times cost once.</summary>
    private readonly Dictionary<(GqlField, GqlField, bool), string?> _compared = new(PairComparer.Instance);

    /// <summary>Field comparisons left before the document counts as too complex.</summary>
    private int _comparisons = 200_000;

    private void CheckMergeable(List<GqlSelection> selections, GqlTypeDef parent)
    {
        var fields = new List<(string Response, GqlTypeDef? Parent, GqlField Field)>();
        Collect(selections, parent, fields, new HashSet<string>(StringComparer.Ordinal));
        foreach (var group in fields.GroupBy(f => f.Response, StringComparer.Ordinal))
        {
            var list = group.ToList();
            for (var i = 0; i < list.Count; i++)
            {
                for (var j = i + 1; j < list.Count; j++)
                {
                    if (Conflict(list[i], list[j], mutuallyExclusive: false, depth: 0) is { } reason)
                    {
                        throw Fail($"Fields \"{group.Key}\" conflict because {reason}. {UseAliases}", list[j].Field.Pos);
                    }
                }
            }
        }
    }

    /// <summary>The fields of a selection set with their parent types, through inline fragments and fragment spreads.</summary>
    private void Collect(List<GqlSelection> selections, GqlTypeDef? parent, List<(string, GqlTypeDef?, GqlField)> into, HashSet<string> spreads)
    {
        foreach (var selection in selections)
        {
            switch (selection)
            {
                case GqlField f:
                    into.Add((f.Alias ?? f.Name, parent, f));
                    break;
                case GqlInline i:
                    Collect(i.Selections, i.TypeCondition is { } c ? schema.Types.GetValueOrDefault(c) : parent, into, spreads);
                    break;
                case GqlSpread sp when _fragments.TryGetValue(sp.Name, out var fragment) && spreads.Add(sp.Name):
                    Collect(fragment.Selections, schema.Types.GetValueOrDefault(fragment.TypeCondition), into, spreads);
                    break;
            }
        }
    }

    private static GqlTypeRef? FieldType(GqlTypeDef? parent, GqlField field) =>
        field.Name == "__typename" ? TypeNameType : parent?.Fields.FirstOrDefault(f => f.Name == field.Name)?.Type;

    /// <summary>Why two fields with one response name cannot be merged, or null when they can.</summary>
    private string? Conflict((string, GqlTypeDef? Parent, GqlField Field) a, (string, GqlTypeDef? Parent, GqlField Field) b, bool mutuallyExclusive, int depth)
    {
        if (depth > 100)
        {
            return null;
        }

        var key = (a.Field, b.Field, mutuallyExclusive);
        if (_compared.TryGetValue(key, out var known))
        {
            return known;
        }

        if (--_comparisons < 0)
        {
            throw Fail("the query is too complex to check that its fields merge", b.Field.Pos);
        }

        var result = ConflictUncached(a, b, mutuallyExclusive, depth);
        _compared[key] = result;
        return result;
    }

    private string? ConflictUncached((string, GqlTypeDef? Parent, GqlField Field) a, (string, GqlTypeDef? Parent, GqlField Field) b, bool mutuallyExclusive, int depth)
    {

        var exclusive = mutuallyExclusive || (a.Parent != b.Parent && a.Parent?.Kind == "OBJECT" && b.Parent?.Kind == "OBJECT");
        if (!exclusive)
        {
            if (a.Field.Name != b.Field.Name)
            {
                return $"\"{a.Field.Name}\" and \"{b.Field.Name}\" are different fields";
            }

            if (!SameArguments(a.Field.Arguments, b.Field.Arguments))
            {
                return "they have differing arguments";
            }
        }

        var typeA = FieldType(a.Parent, a.Field);
        var typeB = FieldType(b.Parent, b.Field);
        if (typeA is not null && typeB is not null && TypesConflict(typeA, typeB))
        {
            return $"they return conflicting types \"{typeA}\" and \"{typeB}\"";
        }

        if (a.Field.Selections is null || b.Field.Selections is null)
        {
            return null;
        }

        var left = new List<(string Response, GqlTypeDef? Parent, GqlField Field)>();
        var right = new List<(string Response, GqlTypeDef? Parent, GqlField Field)>();
        Collect(a.Field.Selections, typeA is null ? null : schema.Types.GetValueOrDefault(typeA.Base), left, new HashSet<string>(StringComparer.Ordinal));
        Collect(b.Field.Selections, typeB is null ? null : schema.Types.GetValueOrDefault(typeB.Base), right, new HashSet<string>(StringComparer.Ordinal));
        var reasons = new List<string>();
        foreach (var group in left.GroupBy(f => f.Response, StringComparer.Ordinal))
        {
            var sub = group
                .SelectMany(l => right.Where(r => r.Response == group.Key).Select(r => (l, r)))
                .Select(p => Conflict(p.l, p.r, exclusive, depth + 1))
                .FirstOrDefault(reason => reason is not null);
            if (sub is not null)
            {
                reasons.Add($"subfields \"{group.Key}\" conflict because {sub}");
            }
        }

        return reasons.Count == 0 ? null : string.Join(" and ", reasons);
    }

    private bool TypesConflict(GqlTypeRef a, GqlTypeRef b)
    {
        if (a.Item is not null || b.Item is not null)
        {
            return a.Item is null || b.Item is null || TypesConflict(a.Item, b.Item);
        }

        if (a.NonNull != b.NonNull)
        {
            return true;
        }

        var ta = schema.Types.GetValueOrDefault(a.Base);
        var tb = schema.Types.GetValueOrDefault(b.Base);
        return ta is not null && tb is not null && ta.Kind is "SCALAR" or "ENUM" && tb.Kind is "SCALAR" or "ENUM" && ta.Name != tb.Name;
    }

    /// <summary>gqlparser's argument comparison: as many arguments, each matched by name and value (kind, text, children in order).</summary>
    private static bool SameArguments(List<(string Name, GqlValue Value)> a, List<(string Name, GqlValue Value)> b) =>
        a.Count == b.Count && a.All(x => b.Any(y => x.Name == y.Name && SameValue(x.Value, y.Value)));

    private static bool SameValue(GqlValue a, GqlValue b) => (a, b) switch
    {
        (GqlVariable x, GqlVariable y) => x.Name == y.Name,
        (GqlScalar x, GqlScalar y) => x.Kind == y.Kind && x.Text == y.Text,
        (GqlList x, GqlList y) => x.Items.Count == y.Items.Count && x.Items.Zip(y.Items).All(p => SameValue(p.First, p.Second)),
        (GqlObject x, GqlObject y) => x.Fields.Count == y.Fields.Count && x.Fields.Zip(y.Fields).All(p => SameValue(p.First.Value, p.Second.Value)),
        _ => false,
    };

    /// <summary>Compares field pairs by identity (the same field object is always collected under the same parent type).</summary>
    private sealed class PairComparer : IEqualityComparer<(GqlField, GqlField, bool)>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((GqlField, GqlField, bool) x, (GqlField, GqlField, bool) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2) && x.Item3 == y.Item3;

        public int GetHashCode((GqlField, GqlField, bool) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item2), obj.Item3);
    }
}
