using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OAuthGuard.Init;

/// <summary>
/// The text of the files <c>oauthguard init</c> writes: <c>.oauthguard.yml</c> (one declaration per
/// app, with its evidence) and a GitHub Actions workflow. Pure functions: the same apps give the
/// same bytes, so running init again (with <c>--force</c>) rewrites nothing.
/// </summary>
public static partial class InitFiles
{
    /// <summary>Where the configuration goes, relative to the repository root.</summary>
    public const string ConfigPath = ".oauthguard.yml";

    /// <summary>Where the workflow goes, relative to the repository root.</summary>
    public const string WorkflowPath = ".github/workflows/oauthguard.yml";

    /// <summary>The first line of the configuration: tells YAML editors which schema completes and checks it.</summary>
    public const string SchemaLine = "# yaml-language-server: $schema=" + ProjectInfo.ConfigSchemaUrl;

    /// <summary>Renders <c>.oauthguard.yml</c> for <paramref name="apps"/>.</summary>
    public static string Config(IReadOnlyList<InferredClient> apps)
    {
        ArgumentNullException.ThrowIfNull(apps);
        var y = new StringBuilder();
        y.Append(SchemaLine).Append('\n');
        y.Append("# OAuthGuard configuration, written by `oauthguard init`. Reference: ")
            .Append(ProjectInfo.HomePage).Append("/blob/main/docs/configuration.md\n");
        y.Append("#\n");
        y.Append("# apps.<name>.client says whether an app is a private client (a server that can keep a\n");
        y.Append("# secret) or a public one (browser, mobile or desktop code that cannot). SFOAUTH001, 002 and\n");
        y.Append("# 005 judge secrets and PKCE by it. Each entry below was inferred from the metadata, with the\n");
        y.Append("# evidence in its comment: check them, because a declaration here wins over the evidence.\n");
        if (apps.Count == 0)
        {
            y.Append("# No Connected App or External Client App was found; add apps here when there are some.\n");
            y.Append("apps: {}\n");
        }
        else
        {
            y.Append("apps:\n");
            foreach (var all in apps.GroupBy(a => a.Name, StringComparer.Ordinal))
            {
                // An app of one kind that needs no declaration does not outvote its namesake.
                var group = all.Any(a => a.Type != InferredClient.NotNeeded) ? all.Where(a => a.Type != InferredClient.NotNeeded).ToList() : all.ToList();
                var app = group[0];
                if (group.Select(a => a.Type).Distinct(StringComparer.Ordinal).Count() > 1)
                {
                    // A Connected App and an External Client App of one name share one declaration.
                    app = app with
                    {
                        Type = "ambiguous",
                        Evidence = string.Join("; ", group.Select(a => $"the {(a.Kind == "connectedApp" ? "Connected App" : "External Client App")} looks {a.Type} ({a.Evidence}{Where(a)})")),
                        File = null,
                    };
                }

                var where = Where(app);
                if (app.Type == InferredClient.NotNeeded)
                {
                    y.Append("  # ").Append(Comment($"{app.Name}: no declaration needed, no rule judges its client type: {app.Evidence}")).Append('\n');
                }
                else if (app.IsDecided)
                {
                    y.Append("  # ").Append(Comment($"{app.Type}: {app.Evidence}{where}")).Append('\n');
                    y.Append("  ").Append(Key(app.Name)).Append(":\n");
                    y.Append("    client: ").Append(app.Type).Append('\n');
                }
                else
                {
                    y.Append("  # TODO: ").Append(Comment($"{app.Type}: {app.Evidence}{where}")).Append('\n');
                    y.Append("  # Declare it: `client: private` for a server that keeps the secret, `client: public` otherwise.\n");
                    y.Append("  ").Append(Key(app.Name)).Append(": {}\n");
                }
            }
        }

        y.Append('\n');
        y.Append("# Exit code 1 when an unsuppressed finding is at or above this severity:\n");
        y.Append("# critical, high (default), medium, low, note, or none (never fail).\n");
        y.Append("fail-on: high\n");
        return y.ToString();
    }

    /// <summary>Renders the GitHub Actions workflow that runs OAuthGuard on pull requests and on pushes to <paramref name="defaultBranch"/>.</summary>
    /// <param name="defaultBranch">The branch whose pushes are checked.</param>
    /// <param name="scanPath">The folder to scan relative to the repository root (the action's <c>path</c> input), or null for the root.</param>
    public static string Workflow(string defaultBranch, string? scanPath = null)
    {
        ArgumentNullException.ThrowIfNull(defaultBranch);
        var branch = SafeBranch().IsMatch(defaultBranch) ? defaultBranch : "main";
        var with = scanPath is { Length: > 0 } p && p != "."
            ? "\n        with:\n          path: '" + Comment(p).Replace("'", "''", StringComparison.Ordinal) + "'"
            : "";
        return $$$"""
            # OAuthGuard: checks the OAuth settings of the Connected Apps and External Client Apps in
            # this repository, written by `oauthguard init`. It reviews pull requests (inline comments on
            # changed lines, a job summary) and uploads SARIF to code scanning.
            #
            # Pull requests from forks get a read-only token: for them this workflow falls back to
            # annotations and the job summary. For reviews on fork pull requests too, use the fork-safe
            # two-workflow variant instead: {{{ProjectInfo.ForkSafeDocs}}}
            name: OAuthGuard

            on:
              pull_request:
              push:
                branches: [{{{branch}}}]

            permissions:
              contents: read          # check out the repository
              pull-requests: write    # post and update the review
              security-events: write  # upload SARIF to code scanning

            # One run per pull request at a time, so two quick pushes cannot race on the same review.
            concurrency:
              group: oauthguard-${{ github.event.pull_request.number || github.ref }}
              cancel-in-progress: true

            jobs:
              oauthguard:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - uses: {{{ProjectInfo.ActionReference}}}
                    id: oauthguard{{{with}}}
                  - uses: github/codeql-action/upload-sarif@v3
                    if: always() && steps.oauthguard.outputs.sarif-file != ''
                    with:
                      sarif_file: ${{ steps.oauthguard.outputs.sarif-file }}
                      category: oauthguard

            """.ReplaceLineEndings("\n");
    }

    private static string FileName(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static string Where(InferredClient app) => app.File is null ? "" : app.Line is { } line
        ? string.Create(CultureInfo.InvariantCulture, $" ({FileName(app.File)} line {line})")
        : $" ({FileName(app.File)})";

    // A comment is one line: text from the metadata (callback URLs) must not start a new YAML line.
    private static string Comment(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085' ? ' ' : c);
        }

        return clean.ToString();
    }

    // Salesforce API names are plain; anything else is written as a double-quoted YAML string.
    private static string Key(string name)
    {
        if (PlainKey().IsMatch(name) && name.ToUpperInvariant() is not ("TRUE" or "FALSE" or "NULL" or "YES" or "NO" or "ON" or "OFF" or "Y" or "N"))
        {
            return name;
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in name)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*$")]
    private static partial Regex PlainKey();

    [GeneratedRegex("^[A-Za-z0-9._/-]{1,200}$")]
    private static partial Regex SafeBranch();
}
