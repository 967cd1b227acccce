using System.Globalization;
using OAuthGuard.Rego.Values;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Rego.Annotations;

/// <summary>Builds the object <c>rego.metadata.rule()</c> and <c>rego.metadata.chain()</c> return for an annotation.</summary>
internal static class AnnotationValues
{
    /// <summary>
    /// Returns the annotation as OPA outputs it: only the keys that are set, among <c>scope</c>, <c>title</c>,
    /// <c>entrypoint</c>, <c>description</c>, <c>organizations</c>, <c>related_resources</c> (<c>ref</c>,
    /// <c>description</c>), <c>authors</c> (<c>name</c>, <c>email</c>), <c>schemas</c> (<c>path</c>, <c>schema</c>
    /// as arrays of path segments, <c>definition</c>) and <c>custom</c>.
    /// </summary>
    /// <param name="a">The annotation.</param>
    /// <returns>The object.</returns>
    public static RegoObject ToObject(Annotation a)
    {
        var pairs = new List<KeyValuePair<RegoValue, RegoValue>>();
        void Add(string key, RegoValue value) => pairs.Add(new(new RegoString(key), value));

        if (a.Scope.Length > 0)
        {
            Add("scope", new RegoString(a.Scope));
        }

        if (!string.IsNullOrEmpty(a.Title))
        {
            Add("title", new RegoString(a.Title));
        }

        if (a.Entrypoint)
        {
            Add("entrypoint", RegoBoolean.True);
        }

        if (!string.IsNullOrEmpty(a.Description))
        {
            Add("description", new RegoString(a.Description));
        }

        if (a.Organizations.Length > 0)
        {
            Add("organizations", RegoArray.Create(a.Organizations.Select(o => (RegoValue)new RegoString(o))));
        }

        if (a.RelatedResources.Length > 0)
        {
            Add("related_resources", RegoArray.Create(a.RelatedResources.Select(r => (RegoValue)Object(("ref", r.Ref), ("description", r.Description)))));
        }

        if (a.Authors.Length > 0)
        {
            Add("authors", RegoArray.Create(a.Authors.Select(x => (RegoValue)Object(("name", x.Name), ("email", x.Email)))));
        }

        if (a.Schemas.Length > 0)
        {
            Add("schemas", RegoArray.Create(a.Schemas.Select(Schema)));
        }

        if (a.Custom is { Count: > 0 })
        {
            Add("custom", a.Custom);
        }

        return RegoObject.Create(pairs);
    }

    private static RegoObject Object(params (string Key, string? Value)[] entries) =>
        RegoObject.Create(entries.Where(e => !string.IsNullOrEmpty(e.Value))
            .Select(e => new KeyValuePair<RegoValue, RegoValue>(new RegoString(e.Key), new RegoString(e.Value ?? string.Empty))));

    private static RegoValue Schema(SchemaAnnotation s)
    {
        var pairs = new List<KeyValuePair<RegoValue, RegoValue>>
        {
            new(new RegoString("path"), PathArray(s.Path)),
        };
        if (s.Schema is not null)
        {
            pairs.Add(new(new RegoString("schema"), PathArray(s.Schema)));
        }

        if (s.Definition is not null)
        {
            pairs.Add(new(new RegoString("definition"), s.Definition));
        }

        return RegoObject.Create(pairs);
    }

    private static RegoArray PathArray(string path) =>
        RegoArray.Create(path.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(p => (RegoValue)new RegoString(p)));
}

/// <summary>Converts YAML nodes to Rego values with YAML 1.2 core-schema typing (so an unquoted <c>yes</c> stays a string).</summary>
internal static class YamlValues
{
    /// <summary>Converts a node.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The value.</returns>
    public static RegoValue ToRego(YamlNode node) => node switch
    {
        YamlScalarNode s => Scalar(s),
        YamlSequenceNode seq => RegoArray.Create(seq.Children.Select(ToRego)),
        YamlMappingNode map => RegoObject.Create(map.Children.Select(kv =>
            new KeyValuePair<RegoValue, RegoValue>(new RegoString((kv.Key as YamlScalarNode)?.Value ?? string.Empty), ToRego(kv.Value)))),
        _ => RegoNull.Instance,
    };

    private static RegoValue Scalar(YamlScalarNode s)
    {
        var text = s.Value ?? string.Empty;
        if (s.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
        {
            return new RegoString(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return RegoNull.Instance;
            case "true" or "True" or "TRUE":
                return RegoBoolean.True;
            case "false" or "False" or "FALSE":
                return RegoBoolean.False;
        }

        if (LooksNumeric(text) && RegoNumber.TryParse(text.TrimStart('+'), out var number))
        {
            return number;
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
        {
            return RegoNumber.From(hex);
        }

        return new RegoString(text);
    }

    private static bool LooksNumeric(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }

        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }

            var exp = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
                exp++;
            }

            if (exp == 0)
            {
                return false;
            }
        }

        return i == text.Length;
    }
}
