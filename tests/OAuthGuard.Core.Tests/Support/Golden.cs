using System.Runtime.CompilerServices;

namespace OAuthGuard.Core.Tests.Support;

/// <summary>
/// Compares output with a checked-in golden file beside the tests. Set OAUTHGUARD_UPDATE_GOLDEN=1
/// to rewrite the golden files on purpose (then review the diff before committing).
/// </summary>
public static class Golden
{
    public static void Check(string name, string actual, [CallerFilePath] string caller = "")
    {
        var dir = Path.Combine(Path.GetDirectoryName(caller)!, "Golden");
        var path = Path.Combine(dir, name);
        if (Environment.GetEnvironmentVariable("OAUTHGUARD_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run with OAUTHGUARD_UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual.ReplaceLineEndings("\n"));
    }
}
