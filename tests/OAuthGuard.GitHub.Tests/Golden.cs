// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Runtime.CompilerServices;

namespace OAuthGuard.GitHub.Tests;

/// <summary>
/// Compares output with a checked-in file under Golden/. Set OAUTHGUARD_UPDATE_GOLDEN=1 to rewrite
/// the files on purpose (then review the diff before committing).
/// </summary>
internal static class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string caller = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(caller) ?? ".", "Golden");
        var path = Path.Combine(folder, name);
        if (Environment.GetEnvironmentVariable("OAUTHGUARD_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing; run the tests with OAUTHGUARD_UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.Equal(expected, actual);
    }
}
