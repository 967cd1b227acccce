using System.Security.Cryptography;
using System.Text;

namespace OAuthGuard.Scanning;

/// <summary>
/// A finding's stable identity (scheme v2): a hash of the rule id, the app's kind and name, the
/// metadata file's <em>name</em> (not its folder) and the element path without occurrence indexes.
/// Left out on purpose: line numbers (reformatting must not make an old finding "new"), the folder
/// the file sits in and the folder the scan started from (the CLI at the root, the CLI on a
/// subfolder and the action's <c>path:</c> give one fingerprint; moving a file to another package
/// folder keeps it), and the position among sibling elements (<c>scopes[3]</c> is <c>scopes</c>).
/// </summary>
/// <remarks>
/// Version 1 hashed the scan-relative file path, so the same finding had another fingerprint when
/// the scan started in a subfolder. The SARIF key is versioned (<see cref="SarifKey"/>) so that
/// code scanning treats v2 values as a new scheme instead of mismatching them with v1 values.
/// </remarks>
public static class Fingerprint
{
    /// <summary>The SARIF <c>partialFingerprints</c> key, versioned so the scheme can change without clashing.</summary>
    public const string SarifKey = "oauthguard/v2";

    /// <summary>Computes the fingerprint: 32 lower-case hex digits (128 bits of SHA-256).</summary>
    /// <param name="ruleId">The rule.</param>
    /// <param name="appKind"><c>connectedApp</c> or <c>externalClientApp</c>.</param>
    /// <param name="appName">The app's name.</param>
    /// <param name="file">The file the finding points at; only its name counts (see <see cref="FileKey"/>).</param>
    /// <param name="elementPath">The element path; occurrence indexes are dropped (see <see cref="PathKey"/>).</param>
    /// <param name="discriminator">Empty, except to tell apart two findings that would otherwise share a fingerprint
    /// (two copies of one app in different folders): then the scan-relative path of the copy.</param>
    public static string Compute(string ruleId, string appKind, string appName, string file, string elementPath, string discriminator = "")
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(elementPath);

        // NOTE: fields are joined with a NUL, which cannot occur in any of them, so
        // ("a", "b/c") and ("a/b", "c") never collide.
        var text = string.Join('\0', "v2", ruleId, appKind, appName, FileKey(file), PathKey(elementPath), discriminator);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// The part of a file path that identifies it: the file name, with the source format's
    /// <c>-meta.xml</c> ending removed so that <c>X.connectedApp</c> and <c>X.connectedApp-meta.xml</c> agree.
    /// </summary>
    public static string FileKey(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var name = file.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        return name.EndsWith("-meta.xml", StringComparison.Ordinal) ? name[..^"-meta.xml".Length] : name;
    }

    /// <summary>The element path without occurrence indexes and surrounding slashes: <c>oauthConfig/scopes[2]</c> → <c>oauthConfig/scopes</c>.</summary>
    public static string PathKey(string elementPath)
    {
        ArgumentNullException.ThrowIfNull(elementPath);
        var segments = elementPath.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var s = segments[i];
            var open = s.LastIndexOf('[');
            if (open > 0 && s[^1] == ']' && s.AsSpan(open + 1, s.Length - open - 2).IndexOfAnyExceptInRange('0', '9') < 0)
            {
                segments[i] = s[..open];
            }
        }

        return string.Join('/', segments);
    }
}
