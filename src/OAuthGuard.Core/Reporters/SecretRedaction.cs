using System.Text.RegularExpressions;

namespace OAuthGuard.Reporters;

/// <summary>
/// Keeps committed secrets out of what OAuthGuard writes. A finding about a committed consumer secret or private key
/// must name the file and line, never repeat the secret: reports are uploaded (SARIF to code scanning, artifacts) and
/// logs are kept, often longer and more widely readable than the repository's history once the secret is purged.
/// Redaction works line by line and keeps the number of lines, so line numbers in reports stay right.
/// </summary>
public static partial class SecretRedaction
{
    /// <summary>What replaces a secret value.</summary>
    public const string Marker = "[redacted]";

    /// <summary>
    /// Whether an element path names a secret value (<c>oauthConfig/consumerSecret</c>, <c>consumerSecret</c> of External
    /// Client App global OAuth settings).
    /// </summary>
    public static bool IsSecretPath(string elementPath)
    {
        ArgumentNullException.ThrowIfNull(elementPath);
        var last = elementPath.AsSpan(elementPath.LastIndexOf('/') + 1);
        return last.Equals("consumerSecret", StringComparison.Ordinal);
    }

    /// <summary>
    /// Redacts, in place, the text of <c>consumerSecret</c> elements (with any namespace prefix, also across lines) and
    /// the body of PEM private key blocks (the BEGIN and END lines stay, so a reader sees what was there).
    /// </summary>
    public static void RedactLines(string[] lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var inKey = false;
        var inSecret = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (WholeLineInside(ref inKey, PemEnd(), ref line) || WholeLineInside(ref inSecret, SecretClose(), ref line))
            {
                lines[i] = line;
                continue;
            }

            // A key or a secret on one line; then what opens on this line and closes on a later one.
            line = PemOneLine().Replace(line, m => m.Groups["begin"].Value + Marker + m.Groups["end"].Value);
            line = SecretOneLine().Replace(line, m => m.Groups["value"].Length == 0 ? m.Value : m.Groups["open"].Value + Marker + m.Groups["close"].Value);
            if (Last(PemBegin().Matches(line)) is { } begin && !PemEnd().IsMatch(line[(begin.Index + begin.Length)..]))
            {
                inKey = true;
                line = Cut(line, begin);
            }
            else if (Last(SecretOpen().Matches(line)) is { } open && !SecretClose().IsMatch(line[(open.Index + open.Length)..]))
            {
                inSecret = true;
                line = Cut(line, open);
            }

            lines[i] = line;
        }
    }

    // Inside a block opened on an earlier line, everything up to the closing marker is secret. True when the whole line
    // is (the block goes on); otherwise the block is closed and the line redacted up to its marker.
    private static bool WholeLineInside(ref bool inside, Regex closing, ref string line)
    {
        if (!inside)
        {
            return false;
        }

        var close = closing.Match(line);
        if (!close.Success)
        {
            line = line.Length == 0 ? line : Marker;
            return true;
        }

        inside = false;
        line = (close.Index == 0 ? string.Empty : Marker) + line[close.Index..];
        return false;
    }

    private static Match? Last(MatchCollection matches) => matches.Count == 0 ? null : matches[^1];

    // Keeps the line up to the end of the opening marker; what follows it is secret.
    private static string Cut(string line, Match opening)
    {
        var end = opening.Index + opening.Length;
        return line[..end] + (end == line.Length ? string.Empty : Marker);
    }

    [GeneratedRegex(@"(?<begin>-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----).*?(?<end>-----END [A-Z0-9 ]*PRIVATE KEY-----)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PemOneLine();

    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PemBegin();

    [GeneratedRegex(@"-----END [A-Z0-9 ]*PRIVATE KEY-----", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex PemEnd();

    [GeneratedRegex(@"(?<open><(?:[\w.-]+:)?consumerSecret(?:\s[^>]*)?>)(?<value>[^<]*)(?<close></(?:[\w.-]+:)?consumerSecret\s*>)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SecretOneLine();

    [GeneratedRegex(@"<(?:[\w.-]+:)?consumerSecret(?:\s[^>/]*)?>", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SecretOpen();

    [GeneratedRegex(@"</(?:[\w.-]+:)?consumerSecret\s*>", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SecretClose();
}
