using OAuthGuard.Rego.Values;

namespace OAuthGuard.Rego.Builtins;

/// <summary>Checks one document against a schema for <see cref="JsonSchema"/>, collecting errors in the schema library's wording.</summary>
internal sealed class JsonSchemaValidator(RegoValue root, List<RegoValue> errors, CancellationToken cancellationToken)
{
    private const int MaxDepth = 256;

    private List<RegoValue> _errors = errors;

    private static string Child(string field, string key) => field == "(root)" ? key : $"{field}.{key}";

    private void Error(string field, string type, string desc) =>
        _errors.Add(X509Json.Obj(("desc", Operands.Str(desc)), ("error", Operands.Str($"{field}: {desc}")), ("field", Operands.Str(field)), ("type", Operands.Str(type))));

    /// <summary>Validates a value against a schema, adding errors.</summary>
    /// <param name="value">The value.</param>
    /// <param name="schema">The schema.</param>
    /// <param name="field">The value's field path.</param>
    /// <param name="depth">Recursion depth ($ref cycles stop at a limit).</param>
    public void Validate(RegoValue value, RegoValue schema, string field, int depth)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (depth > MaxDepth)
        {
            throw new BuiltinException("schema nested too deeply (a $ref cycle?)");
        }

        if (schema is RegoBoolean b)
        {
            if (!b.Value)
            {
                Error(field, "false", "False always fails validation");
            }

            return;
        }

        var s = (RegoObject)schema;
        if (s.Get("$ref") is RegoString reference)
        {
            Validate(value, Resolve(reference.Value), field, depth + 1);
            return;
        }

        if (s.Get("type") is { } type && !TypeMatches(value, type))
        {
            var expected = type is RegoArray list
                ? "[" + string.Join(",", list.Items.ToArray().Select(t => ((RegoString)t).Value)) + "]"
                : ((RegoString)type).Value;
            Error(field, "invalid_type", $"Invalid type. Expected: {expected}, given: {JsonSchema.TypeOf(value)}");
            return;
        }

        Combinators(value, s, field, depth);
        if (s.Get("const") is { } constant && !constant.Equals(value))
        {
            Error(field, "const", $"{field} does not match: {Encoding.MarshalJson(constant)}");
        }

        if (s.Get("enum") is RegoArray options && !options.Items.ToArray().Any(o => o.Equals(value)))
        {
            Error(field, "enum", $"{field} must be one of the following: {string.Join(", ", options.Items.ToArray().Select(Encoding.MarshalJson))}");
        }

        if (s.Get("format") is RegoString format && value is RegoString text && !JsonSchemaFormats.IsFormat(format.Value, text.Value))
        {
            Error(field, "format", $"Does not match format '{format.Value}'");
        }

        switch (value)
        {
            case RegoNumber n:
                Number(n, s, field);
                break;
            case RegoString str:
                String(str.Value, s, field);
                break;
            case RegoArray arr:
                Array(arr.Items.ToArray(), s, field, depth);
                break;
            case RegoSet set:
                Array(set.Sorted.ToArray(), s, field, depth);
                break;
            case RegoObject obj:
                Object(obj, s, field, depth);
                break;
        }
    }

    private static bool TypeMatches(RegoValue value, RegoValue type)
    {
        foreach (var t in type is RegoArray list ? list.Items.ToArray() : [type])
        {
            var name = ((RegoString)t).Value;
            var actual = JsonSchema.TypeOf(value);
            if (name == actual || (name == "number" && actual == "integer"))
            {
                return true;
            }
        }

        return false;
    }

    private RegoValue Resolve(string reference)
    {
        if (!reference.StartsWith('#'))
        {
            throw new BuiltinException($"remote schema references are not fetched: {reference}");
        }

        var current = root;
        foreach (var raw in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var part = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            current = current switch
            {
                RegoObject o when o.Get(part) is { } next => next,
                RegoArray a when int.TryParse(part, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new BuiltinException($"schema reference not found: {reference}"),
            };
        }

        return current;
    }

    /// <summary>Validates into a fresh error list and returns it.</summary>
    private List<RegoValue> Trial(RegoValue value, RegoValue schema, string field, int depth)
    {
        var saved = _errors;
        _errors = [];
        try
        {
            Validate(value, schema, field, depth + 1);
            return _errors;
        }
        finally
        {
            _errors = saved;
        }
    }

    private void Combinators(RegoValue value, RegoObject s, string field, int depth)
    {
        if (s.Get("anyOf") is RegoArray anyOf)
        {
            var trials = anyOf.Items.ToArray().Select(sub => Trial(value, sub, field, depth)).ToList();
            if (trials.All(t => t.Count > 0))
            {
                Error(field, "number_any_of", "Must validate at least one schema (anyOf)");
                _errors.AddRange(trials.MinBy(t => t.Count)!);
            }
        }

        if (s.Get("oneOf") is RegoArray oneOf)
        {
            var trials = oneOf.Items.ToArray().Select(sub => Trial(value, sub, field, depth)).ToList();
            var passing = trials.Count(t => t.Count == 0);
            if (passing != 1)
            {
                Error(field, "number_one_of", "Must validate one and only one schema (oneOf)");
                if (passing == 0)
                {
                    _errors.AddRange(trials.MinBy(t => t.Count)!);
                }
            }
        }

        if (s.Get("allOf") is RegoArray allOf)
        {
            var failed = allOf.Items.ToArray().Select(sub => Trial(value, sub, field, depth)).Where(t => t.Count > 0).ToList();
            if (failed.Count > 0)
            {
                Error(field, "number_all_of", "Must validate all the schemas (allOf)");
                failed.ForEach(_errors.AddRange);
            }
        }

        if (s.Get("not") is { } not && Trial(value, not, field, depth).Count == 0)
        {
            Error(field, "number_not", "Must not validate the schema (not)");
        }

        if (s.Get("if") is { } condition)
        {
            var holds = Trial(value, condition, field, depth).Count == 0;
            if (s.Get(holds ? "then" : "else") is { } branch && Trial(value, branch, field, depth) is { Count: > 0 } branchErrors)
            {
                Error(field, holds ? "condition_then" : "condition_else", holds ? "Must validate \"then\" as \"if\" was valid" : "Must validate \"else\" as \"if\" was not valid");
                _errors.AddRange(branchErrors);
            }
        }
    }

    private void Number(RegoNumber n, RegoObject s, string field)
    {
        var x = n.ToDouble();
        var draft4Exclusive = (Min: s.Get("exclusiveMinimum") is RegoBoolean { Value: true }, Max: s.Get("exclusiveMaximum") is RegoBoolean { Value: true });
        if (s.Get("minimum") is RegoNumber min && (draft4Exclusive.Min ? x <= min.ToDouble() : x < min.ToDouble()))
        {
            Error(field, draft4Exclusive.Min ? "number_gt" : "number_gte", $"Must be greater than {(draft4Exclusive.Min ? string.Empty : "or equal to ")}{JsonSchema.Num(min)}");
        }

        if (s.Get("exclusiveMinimum") is RegoNumber emin && x <= emin.ToDouble())
        {
            Error(field, "number_gt", $"Must be greater than {JsonSchema.Num(emin)}");
        }

        if (s.Get("maximum") is RegoNumber max && (draft4Exclusive.Max ? x >= max.ToDouble() : x > max.ToDouble()))
        {
            Error(field, draft4Exclusive.Max ? "number_lt" : "number_lte", $"Must be less than {(draft4Exclusive.Max ? string.Empty : "or equal to ")}{JsonSchema.Num(max)}");
        }

        if (s.Get("exclusiveMaximum") is RegoNumber emax && x >= emax.ToDouble())
        {
            Error(field, "number_lt", $"Must be less than {JsonSchema.Num(emax)}");
        }

        if (s.Get("multipleOf") is RegoNumber m && m.ToDouble() != 0)
        {
            var q = x / m.ToDouble();
            if (Math.Abs(q - Math.Round(q)) > 1e-9)
            {
                Error(field, "multiple_of", $"Must be a multiple of {JsonSchema.Num(m)}");
            }
        }
    }

    private void String(string text, RegoObject s, string field)
    {
        var length = Aggregates.RuneCount(text);
        if (s.Get("minLength") is RegoNumber min && length < JsonSchema.L(min))
        {
            Error(field, "string_gte", $"String length must be greater than or equal to {JsonSchema.Num(min)}");
        }

        if (s.Get("maxLength") is RegoNumber max && length > JsonSchema.L(max))
        {
            Error(field, "string_lte", $"String length must be less than or equal to {JsonSchema.Num(max)}");
        }

        if (s.Get("pattern") is RegoString pattern && !RegexBuiltins.Get(pattern.Value).IsMatch(text))
        {
            Error(field, "pattern", $"Does not match pattern '{pattern.Value}'");
        }
    }

    private void Array(RegoValue[] items, RegoObject s, string field, int depth)
    {
        switch (s.Get("items"))
        {
            case RegoArray tuple:
                for (var i = 0; i < items.Length; i++)
                {
                    if (i < tuple.Count)
                    {
                        Validate(items[i], tuple[i], Child(field, JsonSchema.I(i)), depth + 1);
                    }
                    else if (s.Get("additionalItems") is RegoBoolean { Value: false })
                    {
                        Error(field, "array_no_additional_items", "No additional items allowed on array");
                        break;
                    }
                    else if (s.Get("additionalItems") is RegoObject extra)
                    {
                        Validate(items[i], extra, Child(field, JsonSchema.I(i)), depth + 1);
                    }
                }

                break;
            case { } itemSchema:
                for (var i = 0; i < items.Length; i++)
                {
                    Validate(items[i], itemSchema, Child(field, JsonSchema.I(i)), depth + 1);
                }

                break;
        }

        if (s.Get("minItems") is RegoNumber min && items.Length < JsonSchema.L(min))
        {
            Error(field, "array_min_items", $"Array must have at least {JsonSchema.Num(min)} items");
        }

        if (s.Get("maxItems") is RegoNumber max && items.Length > JsonSchema.L(max))
        {
            Error(field, "array_max_items", $"Array must have at most {JsonSchema.Num(max)} items");
        }

        if (s.Get("uniqueItems") is RegoBoolean { Value: true })
        {
            for (var i = 0; i < items.Length; i++)
            {
                var j = System.Array.FindIndex(items, i + 1, x => x.Equals(items[i]));
                if (j > i)
                {
                    Error(field, "unique", $"array items[{JsonSchema.I(i)},{JsonSchema.I(j)}] must be unique");
                    break;
                }
            }
        }

        if (s.Get("contains") is { } contains && !items.Any(item => Trial(item, contains, field, depth).Count == 0))
        {
            Error(field, "contains", "At least one of the items must match");
        }
    }

    private void Object(RegoObject obj, RegoObject s, string field, int depth)
    {
        if (s.Get("required") is RegoArray required)
        {
            foreach (var name in required)
            {
                if (obj.Get(name) is null)
                {
                    Error(field, "required", $"{((RegoString)name).Value} is required");
                }
            }
        }

        var properties = s.Get("properties") as RegoObject;
        var patterns = s.Get("patternProperties") as RegoObject;
        foreach (var (key, value) in obj)
        {
            var name = key is RegoString k ? k.Value : key.ToString();
            var matched = false;
            if (properties?.Get(key) is { } propertySchema)
            {
                matched = true;
                Validate(value, propertySchema, Child(field, name), depth + 1);
            }

            if (patterns is not null)
            {
                foreach (var (pattern, patternSchema) in patterns)
                {
                    if (pattern is RegoString p && RegexBuiltins.Get(p.Value).IsMatch(name))
                    {
                        matched = true;
                        Validate(value, patternSchema, Child(field, name), depth + 1);
                    }
                }
            }

            if (!matched)
            {
                switch (s.Get("additionalProperties"))
                {
                    case RegoBoolean { Value: false }:
                        Error(field, "additional_property_not_allowed", $"Additional property {name} is not allowed");
                        break;
                    case RegoObject extra:
                        Validate(value, extra, Child(field, name), depth + 1);
                        break;
                }
            }
        }

        if (s.Get("minProperties") is RegoNumber min && obj.Count < JsonSchema.L(min))
        {
            Error(field, "array_min_properties", $"Must have at least {JsonSchema.Num(min)} properties");
        }

        if (s.Get("maxProperties") is RegoNumber max && obj.Count > JsonSchema.L(max))
        {
            Error(field, "array_max_properties", $"Must have at most {JsonSchema.Num(max)} properties");
        }

        if (s.Get("dependencies") is RegoObject dependencies)
        {
            foreach (var (key, dependency) in dependencies)
            {
                if (obj.Get(key) is null)
                {
                    continue;
                }

                if (dependency is RegoArray names)
                {
                    foreach (var needed in names)
                    {
                        if (obj.Get(needed) is null)
                        {
                            Error(field, "missing_dependency", $"Has a dependency on {(needed is RegoString ns ? ns.Value : needed.ToString())}");
                        }
                    }
                }
                else
                {
                    Validate(obj, dependency, field, depth + 1);
                }
            }
        }
    }
}
