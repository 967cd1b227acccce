using System.Diagnostics;
using System.Text.RegularExpressions;
using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Salesforce.Discovery;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// .pre-commit-hooks.yaml: its <c>files</c> pattern covers every metadata suffix the reader knows,
/// and its <c>entry</c>, run as pre-commit runs it (from the repository root, with the staged files
/// that match the pattern appended), blocks a commit by the findings in those files only.
/// </summary>
public sealed class PreCommitHookTests : IDisposable
{
    private const string Dir = "force-app/main/default/connectedApps/";
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    private static YamlMappingNode Hook()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(ConfigSchema.RepositoryRoot, ".pre-commit-hooks.yaml"))));
        var hooks = (YamlSequenceNode)yaml.Documents[0].RootNode;
        return (YamlMappingNode)Assert.Single(hooks.Children);
    }

    private static Regex Files() => new(Hook()["files"].ToString());

    [Fact]
    public void The_hook_is_named_oauthguard_and_runs_the_installed_command()
    {
        var hook = Hook();
        Assert.Equal("oauthguard", hook["id"].ToString());
        Assert.Equal("system", hook["language"].ToString());
        Assert.StartsWith("oauthguard ", hook["entry"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_files_pattern_matches_every_metadata_suffix_in_both_formats()
    {
        var files = Files();
        foreach (var kind in MetadataKind.All)
        {
            Assert.Matches(files, $"force-app/main/default/x/App.{kind.Suffix}-meta.xml");
            Assert.Matches(files, $"src/x/App.{kind.Suffix}");
        }

        Assert.Matches(files, ".oauthguard.yml");
        Assert.DoesNotMatch(files, "README.md");
        Assert.DoesNotMatch(files, "force-app/main/default/classes/Billing.cls-meta.xml");
        Assert.DoesNotMatch(files, "docs/App.connectedAppNotes.txt");
    }

    private static string App(string label, string secretOptional) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
            <contactEmail>team@example.com</contactEmail>
            <label>{label}</label>
            <oauthConfig>
                <callbackUrl>https://{label.ToLowerInvariant()}.example.com/cb</callbackUrl>
                <isConsumerSecretOptional>{secretOptional}</isConsumerSecretOptional>
                <isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>
            </oauthConfig>
        </ConnectedApp>

        """;

    private string Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repo.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-c", "user.name=t", "-c", "user.email=t@example.com", .. args])
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"git {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
        return output;
    }

    // What pre-commit does: list the staged files, keep those the hook's pattern matches, append them to the entry.
    private (int Code, string Out) RunHookOnStaged()
    {
        var files = Files();
        var staged = Git("diff", "--cached", "--name-only", "--diff-filter=ACMR").Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(f => files.IsMatch(f));
        var entry = Hook()["entry"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run([.. entry.Skip(1), .. staged], stdout, stderr, new CliContext(stdout, stderr, _repo.Root, _ => null));
        Assert.Equal("", stderr.ToString());
        return (code, stdout.ToString());
    }

    [GitFact]
    public void A_staged_app_with_a_finding_blocks_the_commit_and_other_apps_do_not()
    {
        _repo.Write(Dir + "Billing.connectedApp-meta.xml", App("Billing", "true"));
        _repo.Write(Dir + "Payroll.connectedApp-meta.xml", App("Payroll", "false"));
        _repo.Write("README.md", "not metadata\n");
        Git("init", "-q");

        Git("add", Dir + "Billing.connectedApp-meta.xml", "README.md");
        var (code, stdout) = RunHookOnStaged();
        Assert.Equal(1, code);
        Assert.Contains("Billing", stdout, StringComparison.Ordinal);
        Assert.Contains("SFOAUTH001", stdout, StringComparison.Ordinal);

        Git("reset", "-q");
        Git("add", Dir + "Payroll.connectedApp-meta.xml");
        (code, stdout) = RunHookOnStaged();
        Assert.Equal(0, code);
        Assert.DoesNotContain("Billing", stdout, StringComparison.Ordinal);
    }
}

/// <summary>A fact that needs the git command (to stage files as a developer would).</summary>
public sealed class GitFactAttribute : FactAttribute
{
    public GitFactAttribute()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        if (!path.Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "git")) || File.Exists(Path.Combine(d, "git.exe"))))
        {
            Skip = "git is not on PATH: the pre-commit entry test stages files with git";
        }
    }
}
