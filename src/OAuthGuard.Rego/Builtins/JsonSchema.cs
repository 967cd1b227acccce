using System.Globalization;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>
/// <c>json.verify_schema</c> and <c>json.match_schema</c>: JSON Schema (draft 4 to 7 keywords) checking with errors in
/// the shape and wording OPA's schema library gives them (<c>{"error", "type", "field", "desc"}</c>, fields as
/// <c>(root)</c> or dotted paths). Supported keywords: type, enum, const, properties, patternProperties,
/// additionalProperties, required, min/maxProperties, dependencies (property lists), items (schema or list),
/// additionalItems, contains, min/maxItems, uniqueItems, min/maxLength, pattern, minimum, maximum, exclusiveMinimum,
/// exclusiveMaximum (number or draft-4 boolean), multipleOf, allOf, anyOf, oneOf, not, if/then/else, and local $ref
/// (<c>#</c>, <c>#/definitions/…</c>, <c>#/$defs/…</c>), and format (the library's formats: see
/// <see cref="JsonSchemaFormats"/>). Remote $ref is never fetched.
/// </summary>
/// <remarks>See https://www.openpolicyagent.org/docs/policy-reference/#object.</remarks>
internal static class JsonSchema
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "array", "boolean", "integer", "number", "null", "object", "string" };

    /// <summary>Registers the builtins.</summary>
    /// <param name="b">The builder.</param>
    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("object", "json.verify_schema(schema: string|object[any: any]) => array[boolean, null|string]", "Checks that a value is a usable JSON Schema; returns [true, null] or [false, the problem].", VerifySchema);
        b.Add("object", "json.match_schema(document: string|object[any: any], schema: string|object[any: any]) => array[boolean, array[object[desc: string, error: string, field: string, type: string]]]", "Checks a document against a JSON Schema; returns [matches, errors].", MatchSchema);
    }

    private static RegoValue Load(ReadOnlySpan<RegoValue> a, int index, string what) => a[index] switch
    {
        RegoString s => ParseJson(s.Value, what),
        RegoObject o => o,
        _ => throw Operands.TypeError(index, a[index], "string", "object"),
    };

    private static RegoValue ParseJson(string text, string what)
    {
        try
        {
            return RegoJson.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new BuiltinException($"{what} must be a valid JSON: {e.Message}");
        }
    }

    private static RegoValue VerifySchema(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var schema = Load(a, 0, "schema");
        var problem = Check(schema, "#");
        return RegoArray.Create(Operands.Bool(problem is null), problem is null ? RegoNull.Instance : Operands.Str(problem));
    }

    private static RegoValue MatchSchema(BuiltinContext ctx, ReadOnlySpan<RegoValue> a)
    {
        var document = Load(a, 0, "document");
        var schema = Load(a, 1, "schema");
        if (Check(schema, "#") is { } problem)
        {
            throw new BuiltinException(problem);
        }

        var errors = new List<RegoValue>();
        new JsonSchemaValidator(schema, errors, ctx.CancellationToken).Validate(document, schema, "(root)", 0);
        return RegoArray.Create(Operands.Bool(errors.Count == 0), RegoArray.Create(errors));
    }

    /// <summary>Finds the first problem that makes a schema unusable, or null.</summary>
    private static string? Check(RegoValue schema, string at)
    {
        switch (schema)
        {
            case RegoBoolean:
                return null;
            case RegoObject o:
                break;
            default:
                return $"Invalid JSON schema at {at}: a schema must be an object or a boolean, given: {schema.TypeName}";
        }

        var obj = (RegoObject)schema;
        foreach (var (key, value) in obj)
        {
            var name = key is RegoString k ? k.Value : key.ToString();
            switch (name)
            {
                case "type":
                    foreach (var t in value is RegoArray arr ? arr.Items.ToArray() : [value])
                    {
                        if (t is not RegoString ts || !Types.Contains(ts.Value))
                        {
                            return $"has a primitive type that is NOT VALID -- given: {(t is RegoString s ? s.Value : t.ToString())} Expected valid values are:[array boolean integer number null object string]";
                        }
                    }

                    break;
                case "properties" or "patternProperties" or "definitions" or "$defs":
                    if (value is not RegoObject props)
                    {
                        return $"Invalid JSON schema at {at}: {name} must be an object";
                    }

                    foreach (var (pk, pv) in props)
                    {
                        if (Check(pv, $"{at}/{name}/{pk}") is { } p)
                        {
                            return p;
                        }
                    }

                    break;
                case "required":
                    if (value is not RegoArray req || req.Items.ToArray().Any(x => x is not RegoString))
                    {
                        return $"Invalid JSON schema at {at}: required must be an array of strings";
                    }

                    break;
                case "items" when value is RegoArray list:
                    foreach (var item in list)
                    {
                        if (Check(item, $"{at}/items") is { } p)
                        {
                            return p;
                        }
                    }

                    break;
                case "items" or "additionalProperties" or "additionalItems" or "not" or "contains" or "if" or "then" or "else":
                    if (Check(value, $"{at}/{name}") is { } problem)
                    {
                        return problem;
                    }

                    break;
                case "allOf" or "anyOf" or "oneOf":
                    if (value is not RegoArray { Count: > 0 } subs)
                    {
                        return $"Invalid JSON schema at {at}: {name} must be a non-empty array";
                    }

                    foreach (var sub in subs)
                    {
                        if (Check(sub, $"{at}/{name}") is { } p)
                        {
                            return p;
                        }
                    }

                    break;
                case "minLength" or "maxLength" or "minItems" or "maxItems" or "minProperties" or "maxProperties":
                    if (value is not RegoNumber { IsInteger: true } n || n.Sign < 0)
                    {
                        return $"Invalid JSON schema at {at}: {name} must be a non-negative integer";
                    }

                    break;
                case "minimum" or "maximum" or "multipleOf":
                    if (value is not RegoNumber)
                    {
                        return $"Invalid JSON schema at {at}: {name} must be a number";
                    }

                    break;
                case "pattern":
                    if (value is not RegoString pattern)
                    {
                        return $"Invalid JSON schema at {at}: pattern must be a string";
                    }

                    try
                    {
                        RegexBuiltins.Get(pattern.Value);
                    }
                    catch (BuiltinException)
                    {
                        return $"Invalid JSON schema at {at}: pattern {Sprintf.GoQuote(pattern.Value)} is not a valid regular expression";
                    }

                    break;
                case "format":
                    if (value is not RegoString)
                    {
                        return $"Invalid JSON schema at {at}: format must be a string";
                    }

                    break;
                case "enum":
                    if (value is not RegoArray)
                    {
                        return $"Invalid JSON schema at {at}: enum must be an array";
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>The JSON Schema type of a value: whole numbers are integers.</summary>
    /// <param name="v">The value.</param>
    /// <returns>The type name.</returns>
    internal static string TypeOf(RegoValue v) => v switch
    {
        RegoNumber n => n.IsInteger ? "integer" : "number",
        RegoString => "string",
        RegoBoolean => "boolean",
        RegoNull => "null",
        RegoArray or RegoSet => "array",
        _ => "object",
    };

    /// <summary>Formats a value as the schema library prints it in messages.</summary>
    /// <param name="v">The value.</param>
    /// <returns>The text.</returns>
    internal static string Show(RegoValue v) => v switch
    {
        RegoNumber n => n.ToString(),
        RegoString s => s.Value,
        _ => Encoding.MarshalJson(v),
    };

    /// <summary>Formats a number as the schema library prints limits.</summary>
    /// <param name="v">The number.</param>
    /// <returns>The text.</returns>
    internal static string Num(RegoValue v) => v is RegoNumber n ? n.ToString() : v.ToString();

    /// <summary>Converts a JSON Schema's limit to a double for comparison.</summary>
    /// <param name="v">The number.</param>
    /// <returns>The double.</returns>
    internal static double D(RegoValue v) => ((RegoNumber)v).ToDouble();

    /// <summary>The text of an integer keyword.</summary>
    /// <param name="v">The number.</param>
    /// <returns>The integer.</returns>
    internal static long L(RegoValue v) => ((RegoNumber)v).TryGetInt64(out var l) ? l : long.MaxValue;

    /// <summary>Invariant integer text.</summary>
    /// <param name="i">The integer.</param>
    /// <returns>The text.</returns>
    internal static string I(long i) => i.ToString(CultureInfo.InvariantCulture);
}
