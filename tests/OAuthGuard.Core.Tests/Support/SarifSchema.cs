using NJsonSchema;

namespace OAuthGuard.Core.Tests.Support;

/// <summary>
/// Finds ../shared/schemas/sarif-schema-2.1.0.json (or OAUTHGUARD_SARIF_SCHEMA) so SARIF output can
/// be validated against the official schema; the schema is not part of the repository.
/// </summary>
public static class SarifSchema
{
    private static readonly Lazy<string?> PathLazy = new(Find);
    private static readonly Lazy<JsonSchema?> SchemaLazy = new(() => PathLazy.Value is { } p ? JsonSchema.FromFileAsync(p).GetAwaiter().GetResult() : null);

    public static string? FilePath => PathLazy.Value;

    public static JsonSchema? Schema => SchemaLazy.Value;

    public static void AssertValid(string sarif)
    {
        var schema = Schema ?? throw new InvalidOperationException("no SARIF schema");
        var errors = schema.Validate(sarif);
        Assert.True(errors.Count == 0, "SARIF does not validate:\n" + string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind} (line {e.LineNumber})")));
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("OAUTHGUARD_SARIF_SCHEMA") is { Length: > 0 } env && File.Exists(env))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "schemas", "sarif-schema-2.1.0.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that runs only when the SARIF schema is available, and says so when it is not.</summary>
public sealed class SarifSchemaFactAttribute : FactAttribute
{
    public SarifSchemaFactAttribute()
    {
        // With OAUTHGUARD_SARIF_SCHEMA set (as CI does after downloading and checking the schema) the tests run, and
        // fail if the file is not there, instead of skipping.
        if (SarifSchema.FilePath is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OAUTHGUARD_SARIF_SCHEMA")))
        {
            Skip = "SARIF 2.1.0 schema not found: set OAUTHGUARD_SARIF_SCHEMA or keep shared/schemas/sarif-schema-2.1.0.json in a parent folder";
        }
    }
}
