using System.Globalization;
using System.Text;
using System.Xml;
using OAuthGuard.Findings;

namespace OAuthGuard.Reporters;

/// <summary>
/// Writes a scan as JUnit XML, the report format CI systems without SARIF support show natively
/// (Jenkins, GitLab, Azure DevOps, Bitbucket, Copado). The mapping: one <c>testsuite</c> per rule,
/// one <c>testcase</c> per app the rule judges (<c>classname</c> = rule id, <c>name</c> = app);
/// each unsuppressed finding at or above fail-on is a <c>failure</c> whose text starts with
/// <c>file:line</c>; a testcase whose only findings are suppressed is <c>skipped</c> with the
/// justification; findings below fail-on go to the testcase's <c>system-out</c>. Scan problems are
/// one <c>error</c> testcase each in a final <c>oauthguard</c> suite. The shape is the Ant/Jenkins
/// one described by docs/junit.xsd; the same result always gives the same bytes.
/// </summary>
public static class JunitReporter
{
    /// <summary>Renders <paramref name="result"/> as JUnit XML text (UTF-8, trailing newline).</summary>
    public static string Render(ScanResult result, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var suites = result.Rules.Select(rule => Suite(result, rule)).ToList();
        var problems = result.Notifications.Where(n => n.Level == "error").ToList();
        var text = new StringBuilder();
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", NewLineChars = "\n", Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true };
        text.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        using (var w = XmlWriter.Create(text, settings))
        {
            w.WriteStartElement("testsuites");
            w.WriteAttributeString("name", "OAuthGuard " + options.ToolVersion);
            Counts(w, suites.Sum(s => s.Cases.Count) + problems.Count, suites.Sum(s => s.Failures), problems.Count, suites.Sum(s => s.Skipped));
            foreach (var suite in suites)
            {
                WriteSuite(w, suite, result);
            }

            if (problems.Count > 0)
            {
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", "oauthguard");
                Counts(w, problems.Count, 0, problems.Count, 0);
                foreach (var p in problems)
                {
                    w.WriteStartElement("testcase");
                    w.WriteAttributeString("classname", "oauthguard");
                    w.WriteAttributeString("name", Clean(p.File is null ? p.Code : Where(p.File, p.Line ?? 0)));
                    w.WriteStartElement("error");
                    w.WriteAttributeString("message", Clean(p.Message));
                    w.WriteAttributeString("type", p.Code);
                    w.WriteString(Clean(p.File is null ? p.Message : $"{Where(p.File, p.Line ?? 0)}: {p.Message}"));
                    w.WriteEndElement();
                    w.WriteEndElement();
                }

                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        return text.Append('\n').ToString();
    }

    private sealed record Case(string App, List<Finding> Findings, bool Failed, bool Skipped);

    private sealed record SuiteData(RuleDescriptor Rule, List<Case> Cases)
    {
        public int Failures => Cases.Count(c => c.Failed);

        public int Skipped => Cases.Count(c => c.Skipped);
    }

    private static SuiteData Suite(ScanResult result, RuleDescriptor rule)
    {
        var findings = result.Findings.Where(f => f.RuleId == rule.Id).ToList();
        var apps = result.Apps.Where(a => rule.AppliesTo.IsDefaultOrEmpty || rule.AppliesTo.Contains(a.Kind)).Select(a => a.Name)
            .Concat(findings.Select(f => f.AppName))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        var cases = new List<Case>();
        foreach (var app in apps)
        {
            var mine = findings.Where(f => f.AppName == app).ToList();
            var failed = mine.Any(f => IsFailure(result, f));
            cases.Add(new Case(app, mine, failed, Skipped: !failed && mine.Any(f => f.IsSuppressed)));
        }

        return new SuiteData(rule, cases);
    }

    private static bool IsFailure(ScanResult result, Finding f) =>
        !f.IsSuppressed && result.FailOn != Severity.None && f.Severity >= result.FailOn;

    private static void WriteSuite(XmlWriter w, SuiteData suite, ScanResult result)
    {
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", Clean($"{suite.Rule.Id} {suite.Rule.Title}"));
        Counts(w, suite.Cases.Count, suite.Failures, 0, suite.Skipped);
        foreach (var c in suite.Cases)
        {
            w.WriteStartElement("testcase");
            w.WriteAttributeString("classname", suite.Rule.Id);
            w.WriteAttributeString("name", Clean(c.App));
            if (c.Skipped)
            {
                var reasons = c.Findings.Where(f => f.IsSuppressed).Select(f => f.Suppression!.Justification).Distinct(StringComparer.Ordinal);
                w.WriteStartElement("skipped");
                w.WriteAttributeString("message", Clean("suppressed: " + string.Join("; ", reasons)));
                w.WriteEndElement();
            }

            foreach (var f in c.Findings.Where(f => IsFailure(result, f)))
            {
                w.WriteStartElement("failure");
                w.WriteAttributeString("message", Clean(f.Message));
                w.WriteAttributeString("type", f.Severity.ToName());
                w.WriteString(Clean(Describe(f)));
                w.WriteEndElement();
            }

            var other = c.Findings.Where(f => !IsFailure(result, f)).ToList();
            if (other.Count > 0)
            {
                w.WriteStartElement("system-out");
                w.WriteString(Clean(string.Join("\n", other.Select(Describe))));
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static string Describe(Finding f)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Where(f.File, f.Line)}: {f.Severity.ToName()}: {f.Message}");
        if (f.Suppression is { } s)
        {
            text.Append(CultureInfo.InvariantCulture, $" (suppressed at {s.Location}: {s.Justification})");
        }
        else if (f.SuppressionNote is { } note)
        {
            text.Append(' ').Append(note);
        }

        return text.ToString();
    }

    private static string Where(string file, int line) =>
        line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}") : file;

    private static void Counts(XmlWriter w, int tests, int failures, int errors, int skipped)
    {
        w.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        w.WriteAttributeString("skipped", skipped.ToString(CultureInfo.InvariantCulture));
    }

    // XML 1.0 cannot carry most control characters, even escaped; a hostile metadata file must not break the report.
    private static string Clean(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            var allowed = v is 0x9 or 0xA or 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000;
            clean.Append(allowed ? rune.ToString() : "\uFFFD");
        }

        return clean.ToString();
    }
}
