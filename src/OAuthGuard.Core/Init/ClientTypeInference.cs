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
/// <param name="Type"><c>private</c> or <c>public</c> when the evidence decides; <c>ambiguous</c> or <c>unknown</c> when it does not; <see cref="NotNeeded"/> when no rule depends on it.</param>
/// <param name="Evidence">What decided it, in the policies' own words.</param>
/// <param name="File">The file holding the evidence (repository-relative), when there is one.</param>
/// <param name="Line">The evidence's line in <paramref name="File"/>, when known.</param>
public sealed record InferredClient(string Name, string Kind, string Type, string Evidence, string? File, int? Line)
{
    /// <summary>
    /// The <see cref="Type"/> of an app no rule judges by its client type: a Connected App without
    /// <c>oauthConfig</c>, an External Client App without committed global OAuth settings, when
    /// nothing else tells. <see cref="Evidence"/> says which.
    /// </summary>
    public const string NotNeeded = "not needed";

    /// <summary>True when the type is <c>private</c> or <c>public</c>; otherwise a person has to decide (or, for <see cref="NotNeeded"/>, nobody has to).</summary>
    public bool IsDecided => Type is "private" or "public";

    /// <summary>True when someone has to declare the type: neither decided by the evidence nor <see cref="NotNeeded"/>.</summary>
    public bool NeedsDecision => !IsDecided && Type != NotNeeded;
}

/// <summary>
/// Asks the bundled Rego policies how they classify each app's client type, so <c>oauthguard init</c>
/// writes exactly what a scan would assume. The classification (weighed evidence: strong beats
/// weak, conflicts are ambiguous, nothing is unknown) lives in policies/oauthguard/lib/client.rego;
/// this adapter only queries its <c>apps</c> rule through the embedded engine, with the
/// configuration's declarations removed so the evidence speaks, and turns each piece's file and
/// element into a line with the reader's element locator.
/// </summary>
public static class ClientTypeInference
{
    // The policies' classification for hosts: one entry per app, {"name", "kind", "file",
    // "client": {"type", "evidence": [piece…], "conflict": [piece…]}}, each piece naming its
    // strength, direction, file and element (policies/oauthguard/lib/client.rego).
    private const string Query = "data.oauthguard.lib.client.apps";

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

        var compiled = compiler.Compile();
        if (compiled.Policy is not { } policy)
        {
            throw new ScanSetupException([.. compiled.Diagnostics.Select(AnnotationReader.ToNotification)]);
        }

        // Declarations are what init writes; the inference must not read them back.
        var input = (JsonObject)snapshot.Input.DeepClone();
        input["config"] = new JsonObject { ["apps"] = new JsonObject() };
        JsonNode? entries;
        try
        {
            var result = policy.Evaluate(Query, RegoJson.FromNode(input), EvaluationOptions.Default, cancellationToken);
            entries = result.Solutions.FirstOrDefault()?.Expressions.FirstOrDefault()?.Value is { } v ? RegoJson.ToNode(v) : null;
        }
        catch (RegoException e)
        {
            throw new ScanSetupException([AnnotationReader.ToNotification(e.Diagnostic)]);
        }

        var judged = new Dictionary<(string, string), InferredClient>();
        foreach (var entry in (entries as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Text(entry, "kind") is { } kind && Text(entry, "name") is { } name && entry["client"] is JsonObject c)
            {
                judged[(kind, name)] = FromEvidence(name, kind, c, snapshot.Locator);
            }
        }

        var all = new List<InferredClient>();
        foreach (var (key, kind) in new[] { ("connectedApps", "connectedApp"), ("externalClientApps", "externalClientApp") })
        {
            foreach (var app in (input[key] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Text(app, "name") is not { } name)
                {
                    continue;
                }

                var found = judged.TryGetValue((kind, name), out var j) ? j : null;
                if (WithoutOAuthSettings(app, kind) && found is null or { Type: "unknown" })
                {
                    // No rule judges the client type of an app without OAuth settings (a canvas or
                    // SAML-only Connected App, an External Client App whose global OAuth settings
                    // are rightly not committed): asking someone to declare it is noise.
                    all.Add(new InferredClient(name, kind, InferredClient.NotNeeded, WithoutOAuthSettingsReason(kind), null, null));
                    continue;
                }

                all.Add(found ?? new InferredClient(name, kind, "unknown", $"no OAuth settings to judge from: {WithoutOAuthSettingsReason(kind)}", null, null));
            }
        }

        return [.. all.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Kind, StringComparer.Ordinal)];
    }

    /// <summary>
    /// True when <paramref name="app"/> (an entry of the input document's <c>connectedApps</c> or
    /// <c>externalClientApps</c>) has none of the settings a client type is judged for: a Connected
    /// App without <c>oauthConfig</c>, an External Client App without global OAuth settings.
    /// </summary>
    /// <param name="app">The app's entry in the input document.</param>
    /// <param name="kind"><c>connectedApp</c> or <c>externalClientApp</c>.</param>
    public static bool WithoutOAuthSettings(JsonObject app, string kind)
    {
        ArgumentNullException.ThrowIfNull(app);
        return kind == "connectedApp"
            ? (app["metadata"] as JsonObject)?.ContainsKey("oauthConfig") != true
            : !app.ContainsKey("globalOauth");
    }

    /// <summary>Why <see cref="WithoutOAuthSettings"/> holds, in words for a comment.</summary>
    /// <param name="kind"><c>connectedApp</c> or <c>externalClientApp</c>.</param>
    public static string WithoutOAuthSettingsReason(string kind) => kind == "connectedApp"
        ? "the app has no oauthConfig, so it does no OAuth"
        : "its global OAuth settings file (.ecaGlblOauth) is not committed";

    /// <summary>
    /// One app from the weighed-evidence classification: the strongest piece on the decided side;
    /// for an ambiguous app the strongest private piece against the conflicting public ones; for an
    /// unknown one whatever was found that tells nothing.
    /// </summary>
    internal static InferredClient FromEvidence(string name, string kind, JsonObject client, IElementLocator locator)
    {
        var type = Text(client, "type") ?? "unknown";
        var pieces = (client["evidence"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var conflict = (client["conflict"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        JsonObject? main;
        string evidence;
        switch (type)
        {
            case "private" or "public":
                // The strongest piece; among equals, not the app's own "secret optional + PKCE"
                // setting, which is the very setting the rules judge (a loopback callback says more).
                main = pieces.Where(p => Text(p, "direction") == type)
                    .OrderBy(p => Text(p, "strength") == "strong" ? 0 : 1)
                    .ThenBy(p => Text(p, "kind") == "secret_optional_pkce" ? 1 : 0)
                    .FirstOrDefault();
                evidence = main is null ? "no evidence named" : Describe(main, withStrength: true);
                break;
            case "ambiguous":
                main = conflict.FirstOrDefault();
                var level = main is null ? null : Text(main, "strength");
                var other = pieces.FirstOrDefault(p => Text(p, "direction") == "private" && Text(p, "strength") == level);
                evidence = $"{(other is null ? "private evidence" : Describe(other, withStrength: false) + $" ({Where(other, locator)})")} says private, but {string.Join("; ", conflict.Select(p => Describe(p, withStrength: false)))} says public ({level ?? "equal"} evidence on both sides)";
                break;
            default:
                main = pieces.FirstOrDefault();
                evidence = main is null ? "no evidence either way" : "nothing tells: " + string.Join("; ", pieces.Select(p => Describe(p, withStrength: false)));
                break;
        }

        var file = main is null ? null : Text(main, "file");
        var line = file is null ? null : locator.Locate(file, Text(main!, "element") ?? "")?.Line;
        return new InferredClient(name, kind, type, evidence, file, line);
    }

    private static string Describe(JsonObject piece, bool withStrength) =>
        (Text(piece, "text") ?? Text(piece, "kind") ?? "evidence") + (withStrength && Text(piece, "strength") is "strong" or "weak" ? $", {Text(piece, "strength")} evidence" : "");

    private static string Where(JsonObject piece, IElementLocator locator)
    {
        var file = Text(piece, "file") ?? "";
        var name = file[(file.LastIndexOf('/') + 1)..];
        return locator.Locate(file, Text(piece, "element") ?? "")?.Line is { } line ? $"{name} line {line}" : name;
    }

    private static string? Text(JsonObject obj, string key) =>
        obj[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
