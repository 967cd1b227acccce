using System.Text.Json.Nodes;
using OAuthGuard.Cli.Commands;
using OAuthGuard.Core.Tests.Support;

namespace OAuthGuard.Cli.Tests;

/// <summary>
/// SARIF's versionControlProvenance comes from GitHub's variables or the scanned root's .git files,
/// never with credentials, and the SARIF quotes the source lines.
/// </summary>
public sealed class ProvenanceTests : IDisposable
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";
    private readonly TempRepo _repo = new();

    public void Dispose() => _repo.Dispose();

    [Theory]
    [InlineData("https://github.com/octo-org/app.git", "https://github.com/octo-org/app")]
    [InlineData("https://x-access-token:ghs_secret@github.com/octo-org/app.git", "https://github.com/octo-org/app")]
    [InlineData("git@github.com:octo-org/app.git", "https://github.com/octo-org/app")]
    [InlineData("ssh://git@gitlab.example.com/group/app.git", "https://gitlab.example.com/group/app")]
    [InlineData("/srv/git/app.git", null)]
    [InlineData("file:///srv/git/app.git", null)]
    public void Remote_urls_become_web_addresses_without_credentials(string remote, string? expected)
    {
        Assert.Equal(expected, Provenance.WebAddress(remote));
    }

    [Fact]
    public void The_git_folder_gives_the_remote_branch_and_commit()
    {
        _repo.Write(".git/config", "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = https://example.com/other.git\n[remote \"origin\"]\n\turl = https://token@github.com/octo-org/app.git\n");
        _repo.Write(".git/HEAD", "ref: refs/heads/feature/x\n");
        _repo.Write(".git/packed-refs", $"# pack-refs with: peeled\n{Sha} refs/heads/feature/x\n");

        var details = Provenance.Detect(_repo.Root, _ => null);

        Assert.Equal(new Reporters.VersionControlDetails("https://github.com/octo-org/app", Sha, "feature/x"), details);
    }

    [Fact]
    public void Github_variables_win_when_the_scanned_folder_is_the_workspace()
    {
        var env = new Dictionary<string, string>
        {
            ["GITHUB_WORKSPACE"] = _repo.Root,
            ["GITHUB_SERVER_URL"] = "https://github.example.com",
            ["GITHUB_REPOSITORY"] = "octo-org/app",
            ["GITHUB_SHA"] = Sha,
            ["GITHUB_REF"] = "refs/pull/7/merge",
        };

        Assert.Equal(new Reporters.VersionControlDetails("https://github.example.com/octo-org/app", Sha, null), Provenance.Detect(_repo.Root, env.GetValueOrDefault));
        Assert.Equal(
            new Reporters.VersionControlDetails("https://github.example.com/octo-org/app", Sha, null, "sub/dir%20x/"),
            Provenance.Detect(Path.Combine(_repo.Root, "sub", "dir x"), env.GetValueOrDefault));
        Assert.Null(Provenance.Detect(Path.GetDirectoryName(_repo.Root)!, env.GetValueOrDefault));
    }

    [Fact]
    public void A_subfolder_scan_finds_the_git_folder_above_it_and_says_where_it_is()
    {
        _repo.Write(".git/config", "[remote \"origin\"]\n\turl = https://github.com/octo-org/app.git\n");
        _repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        _repo.Write(".git/packed-refs", $"{Sha} refs/heads/main\n");
        Directory.CreateDirectory(Path.Combine(_repo.Root, "samples"));

        var details = Provenance.Detect(Path.Combine(_repo.Root, "samples"), _ => null);

        Assert.Equal(new Reporters.VersionControlDetails("https://github.com/octo-org/app", Sha, "main", "samples/"), details);
        var sarif = System.Text.Json.Nodes.JsonNode.Parse(Reporters.SarifReporter.Render(
            new Findings.ScanResult([], [], [], "embedded", 0, 0),
            new Reporters.ReportOptions(Reporters.ReportOptions.CurrentVersion, false) { VersionControl = details }))!;
        var run = sarif["runs"]![0]!;
        Assert.Equal("%REPOROOT%", (string?)run["versionControlProvenance"]![0]!["mappedTo"]!["uriBaseId"]);
        Assert.Equal("samples/", (string?)run["originalUriBaseIds"]!["%SRCROOT%"]!["uri"]);
        Assert.Equal("%REPOROOT%", (string?)run["originalUriBaseIds"]!["%SRCROOT%"]!["uriBaseId"]);
    }

    [Fact]
    public void A_scan_of_a_repository_root_carries_provenance_and_snippets()
    {
        _repo.Write(".git/config", "[remote \"origin\"]\n\turl = git@github.com:octo-org/app.git\n");
        _repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        _repo.Write(".git/refs/heads/main", Sha + "\n");
        _repo.Write("force-app/main/default/connectedApps/Billing.connectedApp-meta.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <ConnectedApp xmlns="http://soap.sforce.com/2006/04/metadata">
                <label>Billing</label>
                <oauthConfig>
                    <callbackUrl>https://billing.example.com/cb</callbackUrl>
                    <isConsumerSecretOptional>true</isConsumerSecretOptional>
                </oauthConfig>
            </ConnectedApp>

            """);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var code = CliApp.Run(["scan", ".", "--format", "sarif"], stdout, stderr, new CliContext(stdout, stderr, _repo.Root, _ => null));

        Assert.Equal(1, code);
        var run = JsonNode.Parse(stdout.ToString())!["runs"]![0]!;
        var vcs = run["versionControlProvenance"]![0]!;
        Assert.Equal("https://github.com/octo-org/app", vcs["repositoryUri"]!.GetValue<string>());
        Assert.Equal(Sha, vcs["revisionId"]!.GetValue<string>());
        Assert.Equal("main", vcs["branch"]!.GetValue<string>());
        Assert.Equal("%SRCROOT%", vcs["mappedTo"]!["uriBaseId"]!.GetValue<string>());
        var finding = run["results"]!.AsArray().First(r => r!["ruleId"]!.GetValue<string>() == "SFOAUTH001")!;
        var location = finding["locations"]![0]!["physicalLocation"]!;
        Assert.Equal("<isConsumerSecretOptional>true</isConsumerSecretOptional>", location["region"]!["snippet"]!["text"]!.GetValue<string>());
        Assert.Contains("<callbackUrl>", location["contextRegion"]!["snippet"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(ProjectInfo.HomePage, run["tool"]!["driver"]!["informationUri"]!.GetValue<string>());
    }
}
