using System.Globalization;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// Literal values against their expected type, with gqlparser's messages (ValuesOfCorrectType): children before
/// their list or object, custom scalars accepted as they are, a single value accepted where a list is expected.
/// </summary>
internal sealed partial class GqlValidator
{
    private void Value(GqlValue value, GqlTypeRef type, bool locationHasDefault = false)
    {
        if (value is GqlVariable v)
        {
            _usedVariables.Add(v.Name);
            _variablePositions.TryAdd(v.Name, v.Pos);
            if (_variables.TryGetValue(v.Name, out var declared) && !Allowed(declared, type, locationHasDefault))
            {
                throw Fail($"Variable \"${v.Name}\" of type \"{declared.Type}\" used in position expecting type \"{type}\".", v.Pos);
            }

            return;
        }

        var named = schema.Types.GetValueOrDefault(type.Base);
        switch (value)
        {
            case GqlList list:
                foreach (var element in list.Items)
                {
                    if (type.Item is { } item)
                    {
                        Value(element, item);
                    }
                    else
                    {
                        CollectVariables(element);
                    }
                }

                break;
            case GqlObject o:
                Unique(o.Fields.Select((f, i) => (f.Name, i < o.FieldPositions.Count ? o.FieldPositions[i] : o.Pos)), "There can be only one input field named");
                foreach (var (name, child) in o.Fields)
                {
                    if (named?.Kind == "INPUT_OBJECT" && named.InputFields.FirstOrDefault(f => f.Name == name) is { } field)
                    {
                        Value(child, field.Type, field.Default is not null);
                    }
                    else
                    {
                        CollectVariables(child);
                    }
                }

                break;
        }

        if (named is null || (named.Kind == "SCALAR" && named.Name is not ("Int" or "Float" or "String" or "Boolean" or "ID")))
        {
            return; // unknown types are reported elsewhere; custom scalars take any literal
        }

        Check(value, type, named);
    }

    private static void Check(GqlValue value, GqlTypeRef type, GqlTypeDef named)
    {
        var text = Print(value, quoted: true);
        switch (value)
        {
            case GqlScalar { Kind: "Null" }:
                if (type.NonNull)
                {
                    throw Fail($"Expected value of type \"{type}\", found null.", value.Pos);
                }

                break;
            case GqlList:
                if (type.Item is null)
                {
                    throw Unexpected(value, type, named);
                }

                break;
            case GqlScalar { Kind: "Int" } i:
                if (named.Name is not ("Int" or "Float" or "ID"))
                {
                    throw Unexpected(value, type, named);
                }

                if (named.Name == "Int" && !int.TryParse(i.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    throw Fail($"Int cannot represent non 32-bit signed integer value: {i.Text}", value.Pos);
                }

                break;
            case GqlScalar { Kind: "Float" }:
                if (named.Name != "Float")
                {
                    throw Unexpected(value, type, named);
                }

                break;
            case GqlScalar { Kind: "String" } s:
                if (named.Kind == "ENUM")
                {
                    throw Fail($"Enum \"{type}\" cannot represent non-enum value: {text}." + GqlSuggest.Phrase("Did you mean the enum value", s.Text, named.EnumValues), value.Pos);
                }

                if (named.Name is not ("String" or "ID"))
                {
                    throw Unexpected(value, type, named);
                }

                break;
            case GqlScalar { Kind: "Enum" } e:
                if (named.Kind != "ENUM")
                {
                    throw Unexpected(value, type, named);
                }

                if (!named.EnumValues.Contains(e.Text))
                {
                    throw Fail($"Value \"{e.Text}\" does not exist in \"{type}\" enum." + GqlSuggest.Phrase("Did you mean the enum value", e.Text, named.EnumValues), value.Pos);
                }

                break;
            case GqlScalar { Kind: "Boolean" }:
                if (named.Name != "Boolean")
                {
                    throw Unexpected(value, type, named);
                }

                break;
            case GqlObject o:
                var fields = named.Kind == "INPUT_OBJECT" ? named.InputFields : [];
                foreach (var def in fields)
                {
                    if (def.Type.NonNull && def.Default is null && !o.Fields.Any(f => f.Name == def.Name))
                    {
                        throw Fail($"Field \"{named.Name}.{def.Name}\" of required type \"{def.Type}\" was not provided.", value.Pos);
                    }
                }

                for (var i = 0; i < o.Fields.Count; i++)
                {
                    var name = o.Fields[i].Name;
                    if (!fields.Any(f => f.Name == name))
                    {
                        var pos = i < o.FieldPositions.Count ? o.FieldPositions[i] : value.Pos;
                        throw Fail($"Field \"{name}\" is not defined by type \"{named.Name}\"." + GqlSuggest.Phrase("Did you mean", name, fields.Select(f => f.Name)), pos);
                    }
                }

                break;
        }
    }

    /// <summary>gqlparser's message for a literal of the wrong kind, chosen by the expected type's spelling.</summary>
    private static GraphQlSyntaxException Unexpected(GqlValue value, GqlTypeRef type, GqlTypeDef named)
    {
        var text = Print(value, quoted: true);
        var message = type.ToString() switch
        {
            "Int" or "Int!" => $"Int cannot represent non-integer value: {text}",
            "String" or "String!" or "[String]" => $"String cannot represent a non string value: {text}",
            "Boolean" or "Boolean!" => $"Boolean cannot represent a non boolean value: {text}",
            "Float" or "Float!" => $"Float cannot represent non numeric value: {text}",
            "ID" or "ID!" => $"ID cannot represent a non-string and non-integer value: {text}",
            _ when named.Kind == "ENUM" => $"Enum \"{type}\" cannot represent non-enum value: {text}.",
            _ => $"Expected value of type \"{type}\", found {text}.",
        };
        return Fail(message, value.Pos);
    }

    /// <summary>A value as gqlparser prints it (strings quoted Go-style, lists and objects without spaces).</summary>
    private static string Print(GqlValue value, bool quoted) => value switch
    {
        GqlVariable v => "$" + v.Name,
        GqlScalar { Kind: "String" } s => quoted ? Sprintf.GoQuote(s.Text) : s.Text,
        GqlScalar s => s.Text,
        GqlList l => "[" + string.Join(",", l.Items.Select(i => Print(i, quoted))) + "]",
        GqlObject o => "{" + string.Join(",", o.Fields.Select(f => f.Name + ":" + Print(f.Value, quoted))) + "}",
        _ => string.Empty,
    };
}

/// <summary>gqlparser's "did you mean" suggestions: options within an edit distance of half the longer name.</summary>
internal static class GqlSuggest
{
    /// <summary>The close options, nearest first (ties in their given order).</summary>
    public static List<string> List(string input, IEnumerable<string> options)
    {
        var found = new List<(string Option, int Distance)>();
        foreach (var option in options)
        {
            var distance = Distance(input, option);
            var threshold = Math.Max(Math.Max(System.Text.Encoding.UTF8.GetByteCount(input), System.Text.Encoding.UTF8.GetByteCount(option)) / 2, 1);
            if (distance <= threshold)
            {
                found.Add((option, distance));
            }
        }

        // A stable sort, as Go's sort.Slice behaves on lists this short.
        return [.. found.Select((f, i) => (f, i)).OrderBy(x => x.f.Distance).ThenBy(x => x.i).Select(x => x.f.Option)];
    }

    /// <summary>The suffix gqlparser appends: <c> Did you mean "a", "b", or "c"?</c>, or nothing.</summary>
    public static string Phrase(string prefix, string input, IEnumerable<string> options)
    {
        var list = List(input, options);
        return list.Count == 0 ? string.Empty : $" {prefix} {QuotedOrList(list)}?";
    }

    /// <summary><c>"A", "B", or "C"</c> (at most five).</summary>
    public static string QuotedOrList(IEnumerable<string> items)
    {
        var quoted = items.Take(5).Select(i => "\"" + i + "\"").ToList();
        return quoted.Count == 2 ? quoted[0] + " or " + quoted[1] : quoted.Count <= 1 ? string.Concat(quoted) : string.Join(", ", quoted[..^1]) + ", or " + quoted[^1];
    }

    private static int Distance(string a, string b)
    {
        if (a == b)
        {
            return 0;
        }

        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        if (a == b)
        {
            return 1;
        }

        var ra = a.EnumerateRunes().ToArray();
        var rb = b.EnumerateRunes().ToArray();
        var row = Enumerable.Range(0, rb.Length + 1).ToArray();
        for (var i = 1; i <= ra.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= rb.Length; j++)
            {
                var current = row[j];
                row[j] = ra[i - 1] == rb[j - 1] ? previous : Math.Min(Math.Min(row[j - 1], row[j]), previous) + 1;
                previous = current;
            }
        }

        return row[rb.Length];
    }
}
