using System.Text.Json.Nodes;
using NJsonSchema;

namespace OAuthGuard.Salesforce.Tests.Support;

/// <summary>Validates input documents against docs/input-document.schema.json with NJsonSchema.</summary>
internal static class SchemaValidation
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromJsonAsync(File.ReadAllText(Paths.SchemaFile)).GetAwaiter().GetResult());

    /// <summary>Every violation, nested ones included, as "path: kind".</summary>
    public static IReadOnlyList<string> Errors(JsonNode document) =>
        Flatten(Schema.Value.Validate(document.ToJsonString())).Select(e => $"{e.Path}: {e.Kind}").Distinct().ToList();

    private static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors)
    {
        foreach (var error in errors)
        {
            yield return error;
            if (error is NJsonSchema.Validation.ChildSchemaValidationError child)
            {
                foreach (var nested in Flatten(child.Errors.SelectMany(e => e.Value)))
                {
                    yield return nested;
                }
            }
        }
    }

    public static void AssertValid(JsonNode document)
    {
        var errors = Errors(document);
        Assert.True(errors.Count == 0, "schema violations:\n" + string.Join("\n", errors));
    }
}
