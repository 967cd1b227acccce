namespace OAuthGuard.Findings;

/// <summary>
/// How a finding compares with the base the scan was compared with (a git revision, a pull
/// request's base commit or a baseline file); SARIF's <c>result.baselineState</c> values.
/// </summary>
public enum BaselineState
{
    /// <summary>The base has no finding with this fingerprint: the change introduced it.</summary>
    New,

    /// <summary>The base has the same finding with the same severity and message.</summary>
    Unchanged,

    /// <summary>The base has a finding with this fingerprint, but its severity or message differs.</summary>
    Updated,

    /// <summary>The base had the finding and the scanned tree no longer does: the change fixed it.</summary>
    Absent,
}

/// <summary>Which findings count for the exit code.</summary>
public enum FailOnScope
{
    /// <summary>Every unsuppressed finding at or above the threshold.</summary>
    All,

    /// <summary>Only new and updated findings at or above the threshold (needs a base).</summary>
    New,
}

/// <summary>Names as written in reports and options.</summary>
public static class BaselineStateNames
{
    /// <summary>SARIF's spelling: <c>new</c>, <c>unchanged</c>, <c>updated</c>, <c>absent</c>.</summary>
    public static string ToName(this BaselineState state) => state switch
    {
        BaselineState.New => "new",
        BaselineState.Unchanged => "unchanged",
        BaselineState.Updated => "updated",
        _ => "absent",
    };

    /// <summary><c>new</c> or <c>all</c>.</summary>
    public static string ToName(this FailOnScope scope) => scope == FailOnScope.New ? "new" : "all";

    /// <summary>Parses <c>new</c> or <c>all</c>.</summary>
    public static bool TryParseScope(string? text, out FailOnScope scope)
    {
        scope = text switch { "new" => FailOnScope.New, _ => FailOnScope.All };
        return text is "new" or "all";
    }
}

/// <summary>What the findings were compared with.</summary>
/// <param name="Kind"><c>git</c> (a revision, <c>--base</c>), <c>github</c> (a pull request's base or a push's previous commit, read through the API) or <c>baseline</c> (a baseline file).</param>
/// <param name="Description">For people: the revision and commit, or the baseline file.</param>
public sealed record BaseInfo(string Kind, string Description);
