using OAuthGuard.Rego.Values;

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
