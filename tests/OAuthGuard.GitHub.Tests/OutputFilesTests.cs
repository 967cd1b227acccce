// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.GitHub.Tests.Fakes;

namespace OAuthGuard.GitHub.Tests;

/// <summary>
/// Issue 11: the action wrote wherever sarif-file and results-file pointed, and followed a committed symlink. Output
/// files must stay inside the workspace and never be written through a link; a refusal is exit 2 with a message.
/// </summary>
public sealed class OutputFilesTests : IDisposable
{
    private readonly ActionHarness _action = new(github: null, eventName: "push", eventFixture: "push.json");
    private readonly string _outside = Directory.CreateTempSubdirectory("oauthguard-outside-").FullName;

    public void Dispose()
    {
        _action.Dispose();
        Directory.Delete(_outside, recursive: true);
    }

    [Theory]
    [InlineData("INPUT_SARIF-FILE", "sarif-file")]
    [InlineData("INPUT_RESULTS-FILE", "results-file")]
    public async Task A_path_outside_the_workspace_is_refused_with_exit_2(string variable, string input)
    {
        var escape = Path.GetRelativePath(_action.Workspace, Path.Combine(_outside, "x.out"));
        Assert.StartsWith("..", escape, StringComparison.Ordinal);
        _action.Env[variable] = escape;

        var result = await _action.RunAsync(TestData.All);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"::error title=OAuthGuard input::{input}: ", result.Log, StringComparison.Ordinal);
        Assert.Contains("outside the workspace", result.Log, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_outside));
    }

    [Fact]
    public async Task An_absolute_path_outside_the_workspace_is_refused()
    {
        _action.Env["INPUT_SARIF-FILE"] = Path.Combine(_outside, "x.sarif");

        var result = await _action.RunAsync(TestData.All);

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(Directory.GetFiles(_outside));
    }

    [Fact]
    public async Task A_committed_symlink_at_the_sarif_path_is_never_written_through()
    {
        var target = Path.Combine(_outside, "victim.txt");
        File.WriteAllText(target, "untouched");
        File.CreateSymbolicLink(Path.Combine(_action.Workspace, "oauthguard.sarif"), target);

        var result = await _action.RunAsync(TestData.All);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a symbolic link", result.Log, StringComparison.Ordinal);
        Assert.Equal("untouched", File.ReadAllText(target));
    }

    [Fact]
    public async Task A_committed_symlinked_folder_on_the_way_is_refused()
    {
        Directory.CreateSymbolicLink(Path.Combine(_action.Workspace, "reports"), _outside);
        _action.Env["INPUT_SARIF-FILE"] = "reports/x.sarif";

        var result = await _action.RunAsync(TestData.All);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a symbolic link", result.Log, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_outside));
    }

    [Fact]
    public async Task Paths_inside_the_workspace_are_written_and_an_old_file_replaced()
    {
        File.WriteAllText(Path.Combine(_action.Workspace, "oauthguard.sarif"), "old");
        _action.Env["INPUT_RESULTS-FILE"] = "out/deeper/../results.json";

        var result = await _action.RunAsync(TestData.All);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("{\"version\"", result.Sarif, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_action.Workspace, "out", "results.json")));
    }
}
