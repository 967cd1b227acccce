using System.Globalization;
using System.Text;
using System.Text.Json;
using OAuthGuard.Rego.Values;

namespace OAuthGuard.Engines.Opa;

/// <summary>The version <c>opa version</c> reported.</summary>
/// <param name="Major">Major version.</param>
/// <param name="Minor">Minor version.</param>
/// <param name="Patch">Patch version.</param>
/// <param name="Text">The version as OPA printed it.</param>
public sealed record OpaVersion(int Major, int Minor, int Patch, string Text);

/// <summary>One test result as <c>opa test --format json</c> reports it.</summary>
/// <param name="Package">The package, e.g. <c>data.oauthguard.rules.x</c>.</param>
/// <param name="Name">The test rule's name.</param>
/// <param name="File">The file.</param>
/// <param name="Row">The line.</param>
/// <param name="Failed">True when the test was false or undefined.</param>
/// <param name="Skipped">True for <c>todo_</c> tests.</param>
/// <param name="Error">The evaluation error, when the test raised one.</param>
/// <param name="DurationNanoseconds">How long the test ran.</param>
public sealed record OpaTestResult(string Package, string Name, string? File, int? Row, bool Failed, bool Skipped, OpaError? Error, long DurationNanoseconds)
{
    /// <summary>Gets a value indicating whether the test passed.</summary>
    public bool Passed => !Failed && !Skipped && Error is null;
}

/// <summary>Reads OPA's documented JSON outputs. Anything else is <see cref="OpaFailure.UnreadableOutput"/>.</summary>
internal static class OpaOutput
{
    /// <summary>Parses the first line of <c>opa version</c> (<c>Version: 1.4.2</c>).</summary>
    public static OpaVersion ParseVersion(string stdout)
    {
        foreach (var rawLine in stdout.Split('\n'))
        {
            var line = rawLine.Trim();
            if (!line.StartsWith("Version:", StringComparison.Ordinal))
            {
                continue;
            }

            var text = line["Version:".Length..].Trim();
            var core = text.Split('-', '+')[0].Split('.');
            if (core.Length >= 2
                && int.TryParse(core[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
                && int.TryParse(core[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
            {
                var patch = core.Length > 2 && int.TryParse(core[2], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
                return new OpaVersion(major, minor, patch, text);
            }
        }

        throw new OpaException(OpaFailure.UnsupportedVersion, $"could not read a version from 'opa version' (it printed: {Excerpt(stdout)})");
    }

    /// <summary>
    /// Parses <c>opa eval --format json</c> output for a single-expression query: the expression's value, or null
    /// when the query is undefined (OPA prints <c>{}</c>). Reported errors raise <see cref="OpaFailure.PolicyErrors"/>.
    /// </summary>
    public static RegoValue? ParseEval(string stdout)
    {
        using var document = ParseJson(stdout, "opa eval");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Unreadable("opa eval", stdout);
        }

        var errors = ReadErrors(root);
        if (errors.Count > 0)
        {
            throw new OpaException(OpaFailure.PolicyErrors, "opa reported errors: " + string.Join("; ", errors), errors);
        }

        if (!root.TryGetProperty("result", out var result))
        {
            return null;
        }

        if (result.ValueKind != JsonValueKind.Array)
        {
            throw Unreadable("opa eval", stdout);
        }

        if (result.GetArrayLength() == 0)
        {
            return null;
        }

        if (result.GetArrayLength() > 1
            || !result[0].TryGetProperty("expressions", out var expressions)
            || expressions.ValueKind != JsonValueKind.Array
            || expressions.GetArrayLength() != 1
            || !expressions[0].TryGetProperty("value", out var value))
        {
            throw Unreadable("opa eval", stdout);
        }

        return RegoJson.Parse(Encoding.UTF8.GetBytes(value.GetRawText()));
    }

    /// <summary>Reads <c>{"errors":[…]}</c> from standard output or standard error, when present.</summary>
    public static IReadOnlyList<OpaError> TryParseErrors(string text)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('{'))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            return document.RootElement.ValueKind == JsonValueKind.Object ? ReadErrors(document.RootElement) : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Parses <c>opa test --format json</c> output: an array of results.</summary>
    public static IReadOnlyList<OpaTestResult> ParseTest(string stdout)
    {
        using var document = ParseJson(stdout, "opa test");
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object)
        {
            var errors = ReadErrors(root);
            if (errors.Count > 0)
            {
                throw new OpaException(OpaFailure.PolicyErrors, "opa reported errors: " + string.Join("; ", errors), errors);
            }
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw Unreadable("opa test", stdout);
        }

        var results = new List<OpaTestResult>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Unreadable("opa test", stdout);
            }

            var location = item.TryGetProperty("location", out var loc) && loc.ValueKind == JsonValueKind.Object ? loc : default;
            results.Add(new OpaTestResult(
                GetString(item, "package") ?? string.Empty,
                GetString(item, "name") ?? throw Unreadable("opa test", stdout),
                location.ValueKind == JsonValueKind.Object ? GetString(location, "file") : null,
                location.ValueKind == JsonValueKind.Object ? GetInt(location, "row") : null,
                GetBool(item, "fail"),
                GetBool(item, "skip"),
                item.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object ? ReadError(err) : null,
                item.TryGetProperty("duration", out var d) && d.TryGetInt64(out var ns) ? ns : 0));
        }

        return results;
    }

    /// <summary>A short, single-line excerpt of unexpected output for an error message.</summary>
    public static string Excerpt(string text)
    {
        var oneLine = text.Replace('\r', ' ').Replace('\n', ' ').Trim();
        if (oneLine.Length == 0)
        {
            return "nothing";
        }

        return oneLine.Length <= 200 ? $"'{oneLine}'" : $"'{oneLine[..200]}…'";
    }

    private static JsonDocument ParseJson(string stdout, string command)
    {
        try
        {
            // Rule values may nest as deep as Rego allows; the default limit (64) would call them unreadable.
            return JsonDocument.Parse(stdout, new JsonDocumentOptions { MaxDepth = 4096 });
        }
        catch (JsonException)
        {
            throw Unreadable(command, stdout);
        }
    }

    private static List<OpaError> ReadErrors(JsonElement root)
    {
        var errors = new List<OpaError>();
        if (root.TryGetProperty("errors", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in list.EnumerateArray())
            {
                if (e.ValueKind == JsonValueKind.Object)
                {
                    errors.Add(ReadError(e));
                }
            }
        }

        return errors;
    }

    private static OpaError ReadError(JsonElement e)
    {
        var location = e.TryGetProperty("location", out var loc) && loc.ValueKind == JsonValueKind.Object ? loc : default;
        var hasLocation = location.ValueKind == JsonValueKind.Object;
        return new OpaError(
            GetString(e, "code") ?? "opa_error",
            GetString(e, "message") ?? string.Empty,
            hasLocation ? GetString(location, "file") : null,
            hasLocation ? GetInt(location, "row") : null,
            hasLocation ? GetInt(location, "col") : null);
    }

    private static string? GetString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? GetInt(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static bool GetBool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static OpaException Unreadable(string command, string stdout) =>
        new(OpaFailure.UnreadableOutput, $"{command} printed something that is not OPA's JSON output: {Excerpt(stdout)}");
}
