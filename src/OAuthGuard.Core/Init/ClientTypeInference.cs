using System.Collections.Immutable;
using System.Text.Json.Nodes;
using OAuthGuard.Engines;
using OAuthGuard.Policies;
using OAuthGuard.Repository;
using OAuthGuard.Rego;
using OAuthGuard.Rego.Diagnostics;
using OAuthGuard.Rego.Values;
using OAuthGuard.Scanning;

namespace OAuthGuard.Init;

/// <summary>An app's client type as the bundled policies infer it, with the evidence that decided it.</summary>
/// <param name="Name">The app's name (the key under <c>apps:</c> in <c>.oauthguard.yml</c>).</param>
/// <param name="Kind"><c>connectedApp</c> or <c>externalClientApp</c>.</param>
/// <param name="Type"><c>private</c> or <c>public</c> when the evidence decides; <c>ambiguous</c> or <c>unknown</c> when it does not.</param>
/// <param name="Evidence">What decided it, in the policies' own words.</param>
/// <param name="File">The file holding the evidence (repository-relative), when there is one.</param>
/// <param name="Line">The evidence's line in <paramref name="File"/>, when known.</param>
public sealed record InferredClient(string Name, string Kind, string Type, string Evidence, string? File, int? Line)
{
    /// <summary>True when the type is <c>private</c> or <c>public</c>; otherwise a person has to decide.</summary>
    public bool IsDecided => Type is "private" or "public";
}

/// <summary>
/// Asks the bundled Rego policies how they classify each app's client type, so <c>oauthguard init</c>
/// writes exactly what a scan would assume. The classification lives in
/// policies/oauthguard/lib/client.rego; this adapter only queries it (through the embedded engine,
/// with the configuration's declarations removed so the evidence speaks) and points the evidence at
/// a file and line with the reader's element locator.
/// </summary>
public static class ClientTypeInference
{
    // The query module: one entry per app that has OAuth settings to judge, with today's classify()
    // result ({"type", "by", "reason"}).
    private const string QueryModule = """
        package oauthguard.init

        import data.oauthguard.lib.client

        apps contains {"kind": "connectedApp", "name": app.name, "file": app.file, "class": c} if {
        	some app in input.connectedApps
        	c := client.classify(client.connected_app_view(app))
        }

        apps contains {"kind": "externalClientApp", "name": app.name, "file": app.files.globalOauth, "class": c} if {
        	some app in input.externalClientApps
        	c := client.classify(client.external_client_app_view(app))
        }
        """;

    /// <summary>Infers the client type of every app in <paramref name="snapshot"/>, ordered by name and kind.</summary>
    /// <exception cref="ScanSetupException">The bundled policies or the query do not compile or evaluate.</exception>
    public static ImmutableArray<InferredClient> Infer(RepositorySnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var compiler = new RegoCompiler(CompilerOptions.Default);
        foreach (var source in PolicyLoader.LoadBundled())
        {
            compiler.AddModule(source.Path, source.Text);
        }

        compiler.AddModule("oauthguard/init.rego", QueryModule);
        var compiled = compiler.Compile();
        if (compiled.Policy is not { } policy)
        {
            throw new ScanSetupException([.. compiled.Diagnostics.Select(AnnotationReader.ToNotification)]);
        }

        // Declarations are what init writes; the inference must not read them back.
        var input = (JsonObject)snapshot.Input.DeepClone();
        input["config"] = new JsonObject { ["apps"] = new JsonObject() };
        JsonNode? value;
        try
        {
            var result = policy.Evaluate("data.oauthguard.init.apps", RegoJson.FromNode(input), EvaluationOptions.Default, cancellationToken);
            value = result.Solutions.FirstOrDefault()?.Expressions.FirstOrDefault()?.Value is { } v ? RegoJson.ToNode(v) : null;
        }
        catch (RegoException e)
        {
            throw new ScanSetupException([AnnotationReader.ToNotification(e.Diagnostic)]);
        }

        var judged = new Dictionary<(string, string), InferredClient>();
        foreach (var entry in (value as JsonArray ?? []).OfType<JsonObject>())
        {
            var kind = Text(entry, "kind");
            var name = Text(entry, "name");
            var file = Text(entry, "file");
            if (kind is null || name is null || entry["class"] is not JsonObject c)
            {
                continue;
            }

            var type = Text(c, "type") ?? "unknown";
            var reason = Text(c, "reason") ?? "";
            var line = file is null ? null : snapshot.Locator.Locate(file, EvidencePath(kind, reason))?.Line;
            judged[(kind, name)] = new InferredClient(name, kind, type, reason, file, line);
        }

        var all = new List<InferredClient>();
        foreach (var (key, kind, settings) in new[] { ("connectedApps", "connectedApp", "the app has no oauthConfig"), ("externalClientApps", "externalClientApp", "its global OAuth settings file (.ecaGlblOauth) is not committed") })
        {
            foreach (var app in (input[key] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Text(app, "name") is not { } name)
                {
                    continue;
                }

                all.Add(judged.TryGetValue((kind, name), out var found)
                    ? found
                    : new InferredClient(name, kind, "unknown", $"no OAuth settings to judge from: {settings}", null, null));
            }
        }

        return [.. all.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Kind, StringComparer.Ordinal)];
    }

    // Today's classify() names its evidence in words only; this points it at the element it quotes.
    private static string EvidencePath(string kind, string reason)
    {
        var prefix = kind == "connectedApp" ? "oauthConfig/" : "";
        return reason switch
        {
            _ when reason.Contains("certificate is configured", StringComparison.Ordinal) => prefix + "certificate",
            _ when reason.Contains("client credentials", StringComparison.Ordinal) => kind == "connectedApp" ? "oauthConfig/isClientCredentialEnabled" : "isClientCredentialsFlowEnabled",
            _ when reason.Contains("PKCE", StringComparison.Ordinal) => prefix + "isPkceRequired",
            _ when reason.Contains("mobile", StringComparison.Ordinal) => kind == "connectedApp" ? "mobileAppConfig" : "",
            _ when reason.Contains("callback URL", StringComparison.Ordinal) => prefix + "callbackUrl",
            _ => kind == "connectedApp" ? "oauthConfig" : "",
        };
    }

    private static string? Text(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
