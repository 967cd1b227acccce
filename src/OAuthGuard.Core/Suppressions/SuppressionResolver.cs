using System.Collections.Immutable;
using System.Globalization;
using OAuthGuard.Configuration;
using OAuthGuard.Findings;
using OAuthGuard.Repository;

namespace OAuthGuard.Suppressions;

/// <summary>
/// Decides, for each finding, whether an inline comment or a configuration entry suppresses it.
/// A suppression without a reason, or past its expiry date, does not hide the finding; the
/// finding then carries a note saying which suppression was ignored and why.
/// </summary>
public sealed class SuppressionResolver
{
    private readonly ImmutableArray<InlineSuppression> _inline;
    private readonly Dictionary<string, List<InlineSuppression>> _inlineByFile;
    private readonly ImmutableArray<ConfigSuppression> _external;
    private readonly HashSet<object> _used = new(ReferenceEqualityComparer.Instance);
    private readonly string? _configFile;
    private readonly DateOnly _today;

    /// <summary>Parses the inline suppressions out of <paramref name="comments"/>; malformed ones go to <paramref name="notifications"/>.</summary>
    public SuppressionResolver(IEnumerable<MetadataComment> comments, ScanConfiguration config, DateOnly today, ICollection<ToolNotification> notifications)
    {
        ArgumentNullException.ThrowIfNull(comments);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(notifications);
        var inline = ImmutableArray.CreateBuilder<InlineSuppression>();
        foreach (var comment in comments)
        {
            if (InlineSuppression.TryParse(comment, out var problem) is { } suppression)
            {
                inline.Add(suppression);
            }
            else if (problem is not null)
            {
                notifications.Add(new ToolNotification("suppression_error", "warning", $"malformed inline suppression, ignored: {problem}", comment.File, comment.Line, comment.Column));
            }
        }

        _inline = inline.ToImmutable();
        _inlineByFile = _inline.GroupBy(s => s.File, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _external = config.Suppressions;
        _configFile = config.File;
        _today = today;
    }

    /// <summary>The inline suppressions found, for checks against the rule catalogue.</summary>
    public ImmutableArray<InlineSuppression> Inline => _inline;

    /// <summary>
    /// Finds what applies to one finding: the suppression that hides it, or (when only invalid ones
    /// match) a note saying why they were ignored.
    /// </summary>
    public (Suppression? Suppression, string? Note) Resolve(string ruleId, string appName, string file, string elementPath)
    {
        var notes = new List<string>();
        foreach (var candidate in _inlineByFile.GetValueOrDefault(file, []).Where(s => s.Covers(ruleId, file, elementPath)))
        {
            _used.Add(candidate);
            var location = $"{candidate.File}:{candidate.Line}";
            if (Check(candidate.Reason, candidate.Expires, "inline suppression", location, notes))
            {
                return (new Suppression("inSource", candidate.Reason ?? "", candidate.Expires, location), null);
            }
        }

        foreach (var candidate in _external.Where(s => s.RuleId == ruleId && s.App == appName))
        {
            _used.Add(candidate);
            var location = $"{_configFile}:{candidate.Position.Line}";
            if (Check(candidate.Reason, candidate.Expires, "configured suppression", location, notes))
            {
                return (new Suppression("external", candidate.Reason, candidate.Expires, location), null);
            }
        }

        return (null, notes.Count == 0 ? null : string.Join(" ", notes));
    }

    /// <summary>
    /// Notes for suppressions that matched no finding (the problem was fixed, or the suppression
    /// is misplaced), so stale entries get noticed and removed. Call after every finding was resolved.
    /// </summary>
    public IEnumerable<ToolNotification> Unused(ISet<string> activeRules)
    {
        ArgumentNullException.ThrowIfNull(activeRules);
        foreach (var s in _inline.Where(s => !_used.Contains(s) && s.RuleIds.Any(activeRules.Contains)))
        {
            yield return new ToolNotification("unused_suppression", "note", $"inline suppression of {string.Join(", ", s.RuleIds)} matches no finding", s.File, s.Line, null);
        }

        foreach (var s in _external.Where(s => !_used.Contains(s) && activeRules.Contains(s.RuleId)))
        {
            yield return new ToolNotification("unused_suppression", "note", $"suppression of {s.RuleId} for app {s.App} matches no finding", _configFile, s.Position.Line, s.Position.Column);
        }
    }

    private bool Check(string? reason, DateOnly? expires, string what, string location, List<string> notes)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            notes.Add($"The {what} at {location} was ignored because it gives no reason.");
            return false;
        }

        if (expires is { } date && date < _today)
        {
            notes.Add($"The {what} at {location} was ignored because it expired on {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.");
            return false;
        }

        return true;
    }
}
