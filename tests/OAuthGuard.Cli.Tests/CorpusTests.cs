using OAuthGuard.Cli.Commands;
using OAuthGuard.Scanning;
using Xunit.Abstractions;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// Every repository in ../shared/corpus (real SFDX repositories, not part of this repository)
/// scans without a setup error and without a policy breaking the output contract.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    internal static string? CorpusDir()
    {
        if (Environment.GetEnvironmentVariable("OAUTHGUARD_CORPUS") is { Length: > 0 } env && Directory.Exists(env))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [CorpusFact]
    public async Task Every_corpus_repository_scans_without_error()
    {
        var repositories = Directory.GetDirectories(CorpusDir()!).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(repositories);
        var failures = new List<string>();
        foreach (var repository in repositories)
        {
            try
            {
                var result = await DefaultScanner.Create().ScanAsync(new ScanRequest(repository, FailOn: Findings.Severity.None));
                foreach (var n in result.Notifications.Where(n => n.Code.StartsWith("policy_", StringComparison.Ordinal)))
                {
                    failures.Add($"{Path.GetFileName(repository)}: {ScanSetupException.Format(n)}");
                }

                output.WriteLine($"{Path.GetFileName(repository)}: {result.AppCount} apps, {result.FileCount} files, {result.Notifications.Length} notifications");
                foreach (var f in result.Findings)
                {
                    output.WriteLine($"  {f.RuleId} {f.Severity} {f.AppName} {f.File}:{f.Line} {f.ElementPath}{(f.IsSuppressed ? " (suppressed)" : "")}");
                }
            }
            catch (ScanSetupException e)
            {
                failures.Add($"{Path.GetFileName(repository)}: {e.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

/// <summary>Runs only when the shared corpus is present beside the repository.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (CorpusTests.CorpusDir() is null)
        {
            Skip = "shared/corpus not found in a parent folder (or OAUTHGUARD_CORPUS): the corpus of real repositories is not part of this repository";
        }
    }
}
