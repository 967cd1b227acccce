using System.Collections.Immutable;
using System.Globalization;

namespace OAuthGuard.Findings;

/// <summary>
/// One finding as it appears in every copy of an app: the same app is often kept in several
/// package folders (<c>dx/</c>, <c>mdapi/</c>, <c>mdapi_toMove/</c>), and each copy is reported
/// in its own file, but reports that people read show the finding once and name the copies.
/// </summary>
/// <param name="First">The copy shown in full: the first in the order the findings were given.</param>
/// <param name="Others">The other copies, in the same order.</param>
public sealed record FindingCopyGroup(Finding First, ImmutableArray<Finding> Others)
{
    /// <summary>Every copy, <see cref="First"/> first.</summary>
    public IEnumerable<Finding> All => Others.Prepend(First);

    /// <summary>"also in 2 other copies" (empty when there is none).</summary>
    public string AlsoIn => Others.IsEmpty ? ""
        : string.Create(CultureInfo.InvariantCulture, $"also in {Others.Length} other {(Others.Length == 1 ? "copy" : "copies")}");
}

/// <summary>Groups findings that are the same finding on copies of one app.</summary>
public static class FindingCopies
{
    /// <summary>
    /// What makes two findings copies of each other: the same rule, app kind, app name, element
    /// path, severity and suppression state, in different files. Messages may name their file,
    /// so they are not compared.
    /// </summary>
    public static string Key(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return string.Join('\0', finding.RuleId, finding.AppKind, finding.AppName, finding.ElementPath,
            finding.Severity.ToString(), finding.IsSuppressed ? "s" : "");
    }

    /// <summary>Groups copies, keeping the order of each group's first member.</summary>
    public static ImmutableArray<FindingCopyGroup> Group(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var order = new List<string>();
        var byKey = new Dictionary<string, List<Finding>>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            var key = Key(finding);
            if (!byKey.TryGetValue(key, out var list))
            {
                byKey[key] = list = [];
                order.Add(key);
            }

            list.Add(finding);
        }

        return [.. order.Select(k => new FindingCopyGroup(byKey[k][0], [.. byKey[k].Skip(1)]))];
    }

    /// <summary>Maps each finding (by fingerprint) to its group, for reports that go file by file.</summary>
    public static IReadOnlyDictionary<string, FindingCopyGroup> ByFingerprint(IEnumerable<Finding> findings)
    {
        var map = new Dictionary<string, FindingCopyGroup>(StringComparer.Ordinal);
        foreach (var group in Group(findings))
        {
            foreach (var f in group.All)
            {
                map[f.Fingerprint] = group;
            }
        }

        return map;
    }
}
