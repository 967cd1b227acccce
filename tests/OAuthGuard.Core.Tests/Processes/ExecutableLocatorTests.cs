using OAuthGuard.Processes;

namespace OAuthGuard.Core.Tests.Processes;

public sealed class ExecutableLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("oauthguard-locator-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void A_bare_name_is_found_in_an_absolute_path_entry()
    {
        var bin = MakeProgram("bin", "tool");

        Assert.Equal(bin, ExecutableLocator.Find("tool", $"/nonexistent{Path.PathSeparator}{Path.GetDirectoryName(bin)}"));
        Assert.Null(ExecutableLocator.Find("tool", "/nonexistent"));
    }

    [Fact]
    public void A_relative_path_entry_is_never_searched()
    {
        var planted = MakeProgram("repo", "tool");
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetDirectoryName(planted)!);

        Assert.False(Path.IsPathFullyQualified(relative));
        Assert.Null(ExecutableLocator.Find("tool", relative));
        Assert.Equal(planted, ExecutableLocator.Find("tool", Path.GetDirectoryName(planted)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("<cwd>")]
    public void The_current_folder_is_never_searched(string entry)
    {
        // The current folder of a test run is its output folder; a uniquely named program planted there
        // would be found if an empty entry, "." or the folder's absolute path were searched.
        var name = "oauthguard-planted-" + Guid.NewGuid().ToString("N");
        var cwd = Directory.GetCurrentDirectory();
        var planted = Path.Combine(cwd, name);
        File.WriteAllText(planted, "#!/bin/sh\nexit 0\n");
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(planted, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Assert.Null(ExecutableLocator.Find(name, entry == "<cwd>" ? cwd : entry));
            Assert.Equal(planted, ExecutableLocator.Find("./" + name, null));
        }
        finally
        {
            File.Delete(planted);
        }
    }

    [Fact]
    public void The_scanned_folder_and_its_subfolders_are_skipped_even_when_on_path()
    {
        var planted = MakeProgram(Path.Combine("repo", "tools"), "tool");
        var trusted = MakeProgram("bin", "tool");
        var path = string.Join(Path.PathSeparator, Path.GetDirectoryName(planted), Path.GetDirectoryName(trusted));

        Assert.Equal(trusted, ExecutableLocator.Find("tool", path, [Path.Combine(_root, "repo")]));
        Assert.Equal(planted, ExecutableLocator.Find("tool", path));
    }

    [Fact]
    public void A_file_without_execute_permission_is_not_a_program()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var file = MakeProgram("bin", "tool");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Null(ExecutableLocator.Find("tool", Path.GetDirectoryName(file)));
    }

    [Fact]
    public void An_explicit_path_is_resolved_to_an_absolute_one()
    {
        var file = MakeProgram("bin", "tool");

        Assert.Equal(file, ExecutableLocator.Find(file, null));
        Assert.Null(ExecutableLocator.Find(Path.Combine(_root, "missing", "tool"), null));
    }

    private string MakeProgram(string folder, string name)
    {
        var dir = Path.Combine(_root, folder);
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, name);
        File.WriteAllText(file, "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return file;
    }
}
