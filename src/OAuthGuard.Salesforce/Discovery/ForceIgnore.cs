// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text;
using System.Text.RegularExpressions;

namespace OAuthGuard.Salesforce.Discovery;

/// <summary>
/// The patterns of a <c>.forceignore</c> file at the repository root. The Salesforce CLI reads it
/// with gitignore rules, and so does this class: <c>#</c> comments, <c>!</c> negation (last match
/// wins), a trailing <c>/</c> for directories only, a <c>/</c> elsewhere anchoring the pattern at
/// the root, <c>*</c>, <c>?</c>, <c>[…]</c> and <c>**</c>. Files under an ignored directory stay ignored.
/// </summary>
public sealed class ForceIgnore
{
    /// <summary>The file name.</summary>
    public const string FileName = ".forceignore";

    private readonly List<Rule> _rules;

    // For a scan of a folder inside an SFDX project: the scanned folder's path from the project
    // root (ending in '/'), put in front of every path matched, and how messages name the file.
    private readonly string _prefix;
    private readonly string _source;

    private ForceIgnore(List<Rule> rules, string prefix = "", string source = FileName)
    {
        _rules = rules;
        _prefix = prefix;
        _source = source;
    }

    /// <summary>A matcher that ignores nothing.</summary>
    public static ForceIgnore Empty { get; } = new([]);

    /// <summary>The number of patterns read.</summary>
    public int Count => _rules.Count;

    /// <summary>The largest .forceignore read, in bytes; a larger one is not used (nothing is ignored).</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>
    /// Parses the text of a .forceignore file. A pattern that is not a valid glob (e.g. a reversed range <c>[z-a]</c>) is
    /// left out and described in <paramref name="problems"/> with its line; the other patterns apply.
    /// </summary>
    public static ForceIgnore Parse(string text, List<(int Line, string Message)>? problems = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = new List<Rule>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r').TrimEnd(' ', '\t');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var negate = false;
            if (line[0] == '!')
            {
                negate = true;
                line = line[1..];
            }
            else if (line.StartsWith("\\#", StringComparison.Ordinal) || line.StartsWith("\\!", StringComparison.Ordinal))
            {
                line = line[1..];
            }

            var directoryOnly = line.EndsWith('/');
            line = line.TrimEnd('/');
            if (line.Length == 0)
            {
                continue;
            }

            var anchored = line.Contains('/', StringComparison.Ordinal);
            line = line.TrimStart('/');
            Regex regex;
            try
            {
                // NOTE: the file comes from the repository being checked: matching must not backtrack, or a pattern
                // such as "S*a*a*a*…*.zml" takes exponential time on every path and hangs the scan.
                regex = new Regex(
                    "^" + (anchored ? string.Empty : "(?:.*/)?") + Translate(line) + "$",
                    RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking);
            }
            catch (ArgumentException e)
            {
                problems?.Add((lineNumber, $"pattern '{rawLine.Trim()}' is not a valid glob ({Reason(e)}); it is not applied"));
                continue;
            }

            rules.Add(new Rule(regex, negate, directoryOnly, lineNumber, rawLine.Trim()));
        }

        return new ForceIgnore(rules);
    }

    /// <summary>
    /// This file's patterns as seen from a folder below the folder that holds the file (a package
    /// folder scanned on its own): paths given to <see cref="Match"/> and <see cref="Why"/> are
    /// relative to that folder and are matched as <paramref name="folder"/>/path, as the Salesforce
    /// CLI matches them from the project root.
    /// </summary>
    /// <param name="folder">The scanned folder relative to the folder holding the file (forward slashes, no leading or trailing '/').</param>
    /// <param name="source">How messages name the file, e.g. <c>../.forceignore</c>.</param>
    public ForceIgnore Below(string folder, string source)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(source);
        return new ForceIgnore(_rules, folder.Trim('/') + "/", source);
    }

    /// <summary>
    /// The pattern that decides <paramref name="relativePath"/> (forward slashes, no leading '/'), or null
    /// when the path is not ignored. Parent directories are not checked here: the walker never
    /// enters an ignored directory.
    /// </summary>
    public string? Match(string relativePath, bool isDirectory) =>
        Decide(_prefix + relativePath, isDirectory) is { } rule ? $"{_source} line {rule.Line}: {rule.Text}" : null;

    /// <summary>True when the path is ignored, checking it and each of its parent directories.</summary>
    public bool IsIgnored(string relativePath) => Why(relativePath) is not null;

    /// <summary>
    /// The line and text of the pattern that ignores <paramref name="relativePath"/>, checking its parent directories
    /// first (a file under an ignored directory stays ignored), or null when the path is not ignored.
    /// </summary>
    public (int Line, string Text)? Why(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        relativePath = _prefix + relativePath;
        var parts = relativePath.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            if (Decide(string.Join('/', parts[..i]), isDirectory: true) is { } directory)
            {
                return (directory.Line, directory.Text);
            }
        }

        return Decide(relativePath, isDirectory: false) is { } rule ? (rule.Line, rule.Text) : null;
    }

    private Rule? Decide(string relativePath, bool isDirectory)
    {
        Rule? decided = null;
        foreach (var rule in _rules)
        {
            if (rule.DirectoryOnly && !isDirectory)
            {
                continue;
            }

            if (rule.Pattern.IsMatch(relativePath))
            {
                decided = rule.Negate ? null : rule;
            }
        }

        return decided;
    }

    // .NET's message names the translated regex and an offset in it ("Invalid pattern '^…' at offset 13. [x-y] range in
    // reverse order."); the user wrote a glob, so only the reason is kept.
    private static string Reason(ArgumentException e)
    {
        var text = e.Message;
        var at = text.IndexOf(" at offset ", StringComparison.Ordinal);
        var reason = at < 0 ? -1 : text.IndexOf(". ", at, StringComparison.Ordinal);
        return (reason < 0 ? text : text[(reason + 2)..]).TrimEnd('.');
    }

    private static string Translate(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    var atStart = i == 0 || glob[i - 1] == '/';
                    var slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                    if (atStart && slashAfter)
                    {
                        sb.Append("(?:.*/)?");
                        i += 2;
                    }
                    else
                    {
                        sb.Append(".*");
                        i++;
                    }

                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = glob.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        sb.Append("\\[");
                        break;
                    }

                    var body = glob[(i + 1)..close];
                    if (body.StartsWith('!'))
                    {
                        body = "^" + body[1..];
                    }

                    sb.Append('[').Append(body.Replace("\\", "\\\\", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                case '\\' when i + 1 < glob.Length:
                    sb.Append(Regex.Escape(glob[i + 1].ToString()));
                    i++;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return sb.ToString();
    }

    private sealed record Rule(Regex Pattern, bool Negate, bool DirectoryOnly, int Line, string Text);
}
