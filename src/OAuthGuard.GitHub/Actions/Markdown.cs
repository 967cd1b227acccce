// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text;

namespace OAuthGuard.GitHub.Actions;

/// <summary>
/// Escaping for text that comes from scanned files (app names, messages) before it goes into
/// GitHub-flavoured markdown, so a crafted metadata file cannot inject HTML, mentions or tables.
/// </summary>
internal static class Markdown
{
    /// <summary>Escapes inline text: HTML-sensitive characters, markdown emphasis and mentions.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            switch (c)
            {
                case '<': text.Append("&lt;"); break;
                case '>': text.Append("&gt;"); break;
                case '&': text.Append("&amp;"); break;
                case '@': text.Append("@\u200B"); break; // no accidental mentions of users or teams
                case '\\' or '*' or '_' or '`' or '[' or ']' or '|' or '~' or '#':
                    text.Append('\\').Append(c);
                    break;
                case '\r': break;
                default: text.Append(c); break;
            }
        }

        return text.ToString();
    }

    /// <summary>Escapes text for one table cell: <see cref="Text"/> with line breaks as <c>&lt;br&gt;</c>.</summary>
    public static string Cell(string value) => Text(value).Replace("\n", "<br>", StringComparison.Ordinal);

    /// <summary>A code span that survives backticks in the value; in a table cell, pipes are escaped as GFM requires.</summary>
    public static string Code(string value, bool inTable = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        var clean = value.Replace('\n', ' ').Replace('\r', ' ');
        if (inTable)
        {
            clean = clean.Replace("|", "\\|", StringComparison.Ordinal);
        }

        // NOTE: the fence must be longer than every run of backticks inside, or the span ends early and the rest
        // of a hostile value (an app name, a path) would be read as markdown or HTML.
        var fence = new string('`', LongestRun(clean, '`') + 1);
        var pad = clean.StartsWith('`') || clean.EndsWith('`') ? " " : "";
        return fence + pad + clean + pad + fence;
    }

    private static int LongestRun(string value, char c)
    {
        int longest = 0, current = 0;
        foreach (var ch in value)
        {
            current = ch == c ? current + 1 : 0;
            longest = Math.Max(longest, current);
        }

        return longest;
    }
}
