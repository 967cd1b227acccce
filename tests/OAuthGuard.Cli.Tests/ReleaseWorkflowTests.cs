using System.Text.RegularExpressions;
using OAuthGuard.Core.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace OAuthGuard.Cli.Tests;

/// <summary>The release jobs that build the binaries and the .NET tool: platforms, pinned actions, no inputs in shell text.</summary>
public sealed class ReleaseWorkflowTests
{
    private static YamlMappingNode Jobs()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(ConfigSchema.RepositoryRoot, ".github", "workflows", "release.yml"))));
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["jobs"];
    }

    [Fact]
    public void Binaries_are_built_for_the_four_platforms()
    {
        var include = (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)Jobs()["binaries"])["strategy"])["matrix"]["include"];
        Assert.Equal(["linux-arm64", "linux-x64", "osx-arm64", "win-x64"], include.Children.Select(c => ((YamlMappingNode)c)["rid"].ToString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("binaries")]
    [InlineData("tool")]
    [InlineData("assets")]
    public void Actions_are_pinned_by_commit_and_inputs_reach_shell_only_through_env(string job)
    {
        var steps = (YamlSequenceNode)((YamlMappingNode)Jobs()[job])["steps"];
        foreach (var step in steps.Children.Cast<YamlMappingNode>())
        {
            if (step.Children.TryGetValue("uses", out var uses))
            {
                Assert.Matches(new Regex("^[a-z0-9-]+/[a-z0-9-]+@[0-9a-f]{40}$"), uses.ToString());
            }

            if (step.Children.TryGetValue("run", out var run))
            {
                Assert.DoesNotContain("${{", run.ToString(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void The_assets_attach_sha256_sums()
    {
        var text = File.ReadAllText(Path.Combine(ConfigSchema.RepositoryRoot, ".github", "workflows", "release.yml"));
        Assert.Contains("sha256sum oauthguard-* > SHA256SUMS", text, StringComparison.Ordinal);
        Assert.Contains("gh release upload \"v$VERSION\" oauthguard-* SHA256SUMS", text, StringComparison.Ordinal);
    }
}
