using System.Globalization;
using System.Text.Json;
using OAuthGuard.Findings;
using OAuthGuard.Reporters;

namespace OAuthGuard.Core.Tests.Support;

/// <summary>
/// Checks what GitHub code scanning shows: an alert's severity comes from its rule's
/// <c>security-severity</c>, so every result's rule must carry a score inside the band of the
/// result's own severity.
/// </summary>
internal static class SarifBands
{
    public static void AssertEveryResultInBand(string sarif)
    {
        using var doc = JsonDocument.Parse(sarif);
        var run = doc.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var rule = rules[result.GetProperty("ruleIndex").GetInt32()];
            Assert.Equal(result.GetProperty("ruleId").GetString(), rule.GetProperty("id").GetString());
            var severityName = result.GetProperty("properties").GetProperty("severity").GetString();
            var severity = Enum.Parse<Severity>(severityName ?? "", ignoreCase: true);
            var score = double.Parse(rule.GetProperty("properties").GetProperty("security-severity").GetString() ?? "", CultureInfo.InvariantCulture);
            var (low, high) = SarifDescriptors.Band(severity);
            Assert.True(score >= low && score <= high,
                $"result {result.GetProperty("ruleId").GetString()} is {severityName} but its rule's security-severity is {score}, outside {low}-{high}");
            Assert.Equal(severityName, rule.GetProperty("properties").GetProperty("severity").GetString());
        }
    }
}
