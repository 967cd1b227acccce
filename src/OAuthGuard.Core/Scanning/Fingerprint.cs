using System.Security.Cryptography;
using System.Text;

namespace OAuthGuard.Scanning;

/// <summary>
/// A finding's stable identity: a hash of the rule id, app kind, app name, file and element path.
/// Line numbers are deliberately left out so that reformatting a file or adding elements above
/// does not turn an old finding into a "new" one in code scanning or pull-request comments.
/// </summary>
public static class Fingerprint
{
    /// <summary>The SARIF <c>partialFingerprints</c> key, versioned so the scheme can change without clashing.</summary>
    public const string SarifKey = "oauthguard/v1";

    /// <summary>Computes the fingerprint: 32 lower-case hex digits (128 bits of SHA-256).</summary>
    public static string Compute(string ruleId, string appKind, string appName, string file, string elementPath)
    {
        // NOTE: fields are joined with a NUL, which cannot occur in any of them, so
        // ("a", "b/c") and ("a/b", "c") never collide.
        var text = string.Join('\0', "v1", ruleId, appKind, appName, file, elementPath);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
