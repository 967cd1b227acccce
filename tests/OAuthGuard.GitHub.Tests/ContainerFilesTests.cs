// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Text.RegularExpressions;

namespace OAuthGuard.GitHub.Tests;

/// <summary>
/// What can be checked about the container action without a Docker engine: GitHub's rules for the
/// final stage, the pinned and checksummed OPA download, and that the image builds with the very
/// publish command CI runs.
/// </summary>
public sealed class ContainerFilesTests
{
    private static readonly string Root = OutputsAndInputsTests.FindRepositoryRoot();
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(Root, "Dockerfile"));

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static List<string> Instructions(string text) =>
        Regex.Replace(text, @"\\\n", " ").Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

    private static List<string> FinalStage()
    {
        var all = Instructions(Dockerfile);
        var last = all.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        return all.Skip(last).ToList();
    }

    [Fact]
    public void Final_stage_follows_githubs_rules_for_container_actions()
    {
        var final = FinalStage();
        Assert.DoesNotContain(final, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotContain(Instructions(Dockerfile), l => l.StartsWith("WORKDIR ", StringComparison.Ordinal));
        var entry = Assert.Single(final, l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.Equal("ENTRYPOINT [\"/usr/local/bin/oauthguard\"]", entry);
        Assert.Equal("FROM ${RUNTIME_IMAGE}", final[0]);
        Assert.Contains(final, l => l == "COPY --from=opa /usr/local/bin/opa /usr/local/bin/opa");
    }

    [Fact]
    public void Base_images_are_build_arguments_with_pinned_defaults()
    {
        var all = Instructions(Dockerfile);
        Assert.Contains("ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0-noble", all);
        Assert.Contains("ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime-deps:10.0-noble", all);
        Assert.Equal(3, all.Count(l => l.StartsWith("FROM ${", StringComparison.Ordinal)));
    }

    [Fact]
    public void Opa_is_pinned_and_checked_against_a_checksum()
    {
        var all = Instructions(Dockerfile);
        Assert.Contains(all, l => Regex.IsMatch(l, @"^ARG OPA_VERSION=1\.\d+\.\d+$"));
        var download = Assert.Single(all, l => l.Contains("releases/download/v${OPA_VERSION}", StringComparison.Ordinal));
        Assert.Contains("sha256sum -c -", download);
        Assert.Contains("${OPA_SHA256}", download);
        // The check comes before the binary is installed.
        Assert.True(download.IndexOf("sha256sum", StringComparison.Ordinal) < download.IndexOf("install -m 0755", StringComparison.Ordinal));
    }

    [Fact]
    public void Image_publishes_with_the_command_ci_runs()
    {
        var ci = File.ReadAllText(Path.Combine(Root, ".github", "workflows", "ci.yml"));
        const string Publish = "dotnet publish src/OAuthGuard.Cli -c Release -r";
        Assert.Contains(Publish + " \"${rid}\" -p:PublishAot=true -o /out", Dockerfile);
        Assert.Contains(Publish + " linux-x64 -p:PublishAot=true", ci);
        Assert.Contains("apt-get install -y --no-install-recommends clang zlib1g-dev", Dockerfile);
    }

    [Fact]
    public void Dockerignore_lets_in_what_the_publish_needs()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, ".dockerignore")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        Assert.Equal("*", lines[0]);
        foreach (var needed in new[] { "!src/", "!policies/", "!Directory.Build.props", "!Directory.Packages.props", "!global.json" })
        {
            Assert.Contains(needed, lines);
        }
    }

    [Fact]
    public void Action_runs_the_container_with_the_action_command()
    {
        var action = File.ReadAllText(Path.Combine(Root, "action.yml"));
        Assert.Matches(@"(?m)^  using: docker$", action);
        Assert.Matches(@"(?m)^  image: Dockerfile$", action); // the release workflow rewrites exactly this line
        Assert.Matches(@"(?m)^  args:\n    - action$", action);
        Assert.Contains("default: ${{ github.token }}", action);
        var release = File.ReadAllText(Path.Combine(Root, ".github", "workflows", "release.yml"));
        Assert.Contains("s|^  image: Dockerfile\\$|", release);
    }
}
