using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OAuthGuard.Findings;
using OAuthGuard.Reporters;
using OAuthGuard.Repository;

namespace OAuthGuard.Cli.Commands;

/// <summary>The text <c>oauthguard explain-app</c> prints for each copy of one app.</summary>
internal static class AppReport
{
    private const int MaxValueLength = 80;

    /// <summary>Renders every entry of <c>lib.explain.apps</c> for the app, with the scan's findings and the element lines.</summary>
    public static string Render(IReadOnlyList<JsonObject> entries, RepositorySnapshot snapshot, ScanResult result)
    {
        var sb = new StringBuilder();
        var index = 0;
        foreach (var entry in entries)
        {
            if (index++ > 0)
            {
                sb.Append('\n');
            }

            Render(sb, entry, entries.Count, snapshot, result);
        }

        return sb.ToString();
    }

    private static void Render(StringBuilder sb, JsonObject entry, int copies, RepositorySnapshot snapshot, ScanResult result)
    {
        var name = ExplainAppCommand.Text(entry, "name");
        var kind = ExplainAppCommand.Text(entry, "kind");
        var file = ExplainAppCommand.Text(entry, "file");
        var client = entry["client"] as JsonObject;
        var app = FindApp(snapshot.Input, kind, name, file);
        var files = AppFiles(app, kind, file);
        sb.Append(Invariant($"{name} ({(kind == "connectedApp" ? "Connected App" : "External Client App")})"));
        sb.Append(copies > 1 ? Invariant($", one of {copies} copies\n") : "\n");
        foreach (var f in files.Values.Distinct(StringComparer.Ordinal))
        {
            sb.Append("  file: ").Append(f).Append('\n');
        }

        // 1. Client type.
        var type = ExplainAppCommand.Text(client, "type");
        var by = ExplainAppCommand.Text(client, "by");
        var judged = ExplainAppCommand.Text(client, "judged");
        sb.Append("\nClient type: ").Append(type)
          .Append(by == "config" ? " (declared in .oauthguard.yml)" : " (from the evidence below)")
          .Append(type == judged ? "" : ", judged as " + judged).Append('\n');
        // An unknown app without OAuth settings: no rule judges it by client type, so the phrase
        // the messages would use ("… declare it in .oauthguard.yml") would send the reader after nothing.
        var nothingToDeclare = by != "config" && type == "unknown" && app is not null && Init.ClientTypeInference.WithoutOAuthSettings(app, kind);
        if (!nothingToDeclare)
        {
            sb.Append("  ").Append(ExplainAppCommand.Text(entry, "summary")).Append('\n');
        }

        var evidence = client?["evidence"] as JsonArray ?? [];
        sb.Append(evidence.Count == 0 ? "  Evidence: none\n" : "  Evidence (strength, direction, element, line):\n");
        foreach (var piece in evidence.OfType<JsonObject>())
        {
            var at = Where(snapshot.Locator, ExplainAppCommand.Text(piece, "file"), ExplainAppCommand.Text(piece, "element"));
            sb.Append(Invariant($"    {ExplainAppCommand.Text(piece, "strength"),-7}{ExplainAppCommand.Text(piece, "direction"),-8}{at}\n"));
            sb.Append("           ").Append(OneLine(ExplainAppCommand.Text(piece, "text"))).Append('\n');
        }

        if (nothingToDeclare)
        {
            sb.Append("  No rule judges its client type (").Append(Init.ClientTypeInference.WithoutOAuthSettingsReason(kind)).Append("): nothing to declare.\n");
        }
        else if (by != "config")
        {
            sb.Append(type is "ambiguous" or "unknown" ? "  Settle it in .oauthguard.yml:\n" : "  To declare it instead, in .oauthguard.yml:\n");
            sb.Append("    apps:\n").Append("      ").Append(name).Append(":\n")
              .Append("        client: ").Append(type == "public" ? "public" : "private").Append("    # or ").Append(type == "public" ? "private" : "public").Append('\n');
        }

        // 2. Every rule's verdict.
        sb.Append("\nRules:\n");
        var verdicts = entry["rules"] as JsonObject ?? [];
        foreach (var rule in result.Rules)
        {
            var fired = result.Findings.Where(f => f.RuleId == rule.Id && f.AppName == name && f.AppKind == kind && files.ContainsValue(f.File)).ToList();
            if (fired.Count > 0)
            {
                foreach (var f in fired)
                {
                    var state = f.IsSuppressed ? "fired (suppressed)" : "fired";
                    sb.Append(Invariant($"  {rule.Id,-11}{state,-16}{f.Severity.ToName()} at {f.File}:{f.Line} ({f.ElementPath})\n"));
                    sb.Append("             ").Append(OneLine(f.Message)).Append('\n');
                    if (f.Suppression is { } s)
                    {
                        sb.Append("             suppressed (").Append(s.Location).Append("): ").Append(OneLine(s.Justification)).Append('\n');
                    }
                }

                continue;
            }

            string verdict;
            string why;
            if (!rule.AppliesTo.IsEmpty && !rule.AppliesTo.Contains(kind))
            {
                (verdict, why) = ("not applicable", "the rule judges " + string.Join(" and ", rule.AppliesTo.Select(KindName)) + " only");
            }
            else if (verdicts[rule.Id] is JsonObject v)
            {
                verdict = ExplainAppCommand.Text(v, "verdict") == "not_applicable" ? "not applicable" : "passed";
                why = ExplainAppCommand.Text(v, "why");
            }
            else
            {
                (verdict, why) = ("passed", "no finding (the rule gives no further explanation)");
            }

            sb.Append(Invariant($"  {rule.Id,-11}{verdict,-16}{OneLine(why)}\n"));
        }

        // 3. The settings read, with their lines.
        sb.Append("\nSettings read:\n");
        foreach (var (partKey, partFile) in files)
        {
            if (PartContent(app, kind, partKey) is not JsonObject content)
            {
                continue;
            }

            if (files.Count > 1)
            {
                sb.Append("  ").Append(partFile).Append('\n');
            }

            foreach (var (path, value) in Leaves(content, ""))
            {
                var line = snapshot.Locator.Locate(partFile, path)?.Line;
                var lineText = line is { } l ? Invariant($"line {l}") : "line ?";
                var shown = SecretRedaction.IsSecretPath(path) && value != "\"\"" ? SecretRedaction.Marker : value;
                sb.Append(Invariant($"    {lineText,-10}{path} = {shown}\n"));
            }
        }
    }

    private static JsonObject? FindApp(JsonObject input, string kind, string name, string file)
    {
        var list = input[kind == "connectedApp" ? "connectedApps" : "externalClientApps"] as JsonArray ?? [];
        return list.OfType<JsonObject>().FirstOrDefault(a => ExplainAppCommand.Text(a, "name") == name
            && (kind != "connectedApp" || ExplainAppCommand.Text(a, "file") == file))
            ?? list.OfType<JsonObject>().FirstOrDefault(a => ExplainAppCommand.Text(a, "name") == name);
    }

    // Part key -> file: "metadata" -> the Connected App's file; each External Client App part -> its file.
    private static SortedDictionary<string, string> AppFiles(JsonObject? app, string kind, string file)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (kind == "connectedApp")
        {
            files["metadata"] = file;
        }
        else if (app?["files"] is JsonObject parts)
        {
            foreach (var (key, value) in parts)
            {
                if (value is JsonValue v && v.TryGetValue<string>(out var path))
                {
                    files[key] = path;
                }
            }
        }

        return files;
    }

    private static JsonNode? PartContent(JsonObject? app, string kind, string key) => app?[kind == "connectedApp" ? "metadata" : key];

    private static IEnumerable<(string Path, string Value)> Leaves(JsonObject obj, string prefix)
    {
        foreach (var (key, value) in obj)
        {
            var path = prefix.Length == 0 ? key : prefix + "/" + key;
            switch (value)
            {
                case JsonObject child:
                    foreach (var leaf in Leaves(child, path))
                    {
                        yield return leaf;
                    }

                    break;
                case JsonArray array when array.All(e => e is JsonValue):
                    yield return (path, Shorten(string.Join(", ", array.Select(Show))));
                    break;
                case JsonArray array:
                    var i = 0;
                    foreach (var item in array)
                    {
                        if (item is JsonObject o)
                        {
                            foreach (var leaf in Leaves(o, Invariant($"{path}[{i}]")))
                            {
                                yield return leaf;
                            }
                        }

                        i++;
                    }

                    break;
                default:
                    yield return (path, Shorten(Show(value)));
                    break;
            }
        }
    }

    private static string Show(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "\"" + OneLine(v.GetValue<string>()) + "\"",
        _ => node.ToJsonString(),
    };

    private static string Where(IElementLocator locator, string file, string element)
    {
        var line = locator.Locate(file, element)?.Line;
        var label = element.Length == 0 ? file : element;
        return line is { } l ? Invariant($"{label} (line {l})") : label;
    }

    private static string KindName(string kind) => kind == "connectedApp" ? "Connected Apps" : kind == "externalClientApp" ? "External Client Apps" : kind;

    private static string Shorten(string value) => value.Length <= MaxValueLength ? value : value[..(MaxValueLength - 3)] + "...";

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
