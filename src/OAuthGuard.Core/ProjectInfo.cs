namespace OAuthGuard;

/// <summary>
/// Where OAuthGuard itself is published: the addresses written into reports (SARIF
/// <c>informationUri</c>), the editor schema line of <c>.oauthguard.yml</c> and generated workflows.
/// </summary>
public static class ProjectInfo
{
    /// <summary>The GitHub repository (<c>owner/name</c>) that publishes the action, the tool and the docs.</summary>
    public const string Repository = "oauthguard/oauthguard";

    /// <summary>The project's home page.</summary>
    public const string HomePage = "https://github.com/" + Repository;

    /// <summary>The JSON Schema of <c>.oauthguard.yml</c> as served from the default branch (docs/oauthguard.schema.json).</summary>
    public const string ConfigSchemaUrl = "https://raw.githubusercontent.com/" + Repository + "/main/docs/oauthguard.schema.json";

    /// <summary>The GitHub Action reference a generated workflow uses.</summary>
    public const string ActionReference = Repository + "@v1";

    /// <summary>The fork-safe two-workflow pattern in the action's documentation.</summary>
    public const string ForkSafeDocs = HomePage + "/blob/main/docs/github-action.md#pull-requests-from-forks-the-two-workflow-pattern";
}
