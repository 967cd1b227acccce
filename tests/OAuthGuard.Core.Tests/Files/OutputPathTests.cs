using OAuthGuard.Core.Tests.Support;
using OAuthGuard.Files;

namespace OAuthGuard.Core.Tests.Files;

/// <summary>The one guard every report file goes through (CLI, action, baseline files).</summary>
public sealed class OutputPathTests : IDisposable
{
    private readonly TempRepo _base = new();
    private readonly TempRepo _elsewhere = new();

    public void Dispose()
    {
        _base.Dispose();
        _elsewhere.Dispose();
    }

    [Theory]
    [InlineData("a.sarif", "a.sarif")]
    [InlineData("out/../b.json", "b.json")]
    [InlineData("./deep/c.json", "deep/c.json")]
    public void Relative_paths_resolve_against_the_base(string given, string expected)
    {
        Assert.Equal(Path.Combine(_base.Root, expected), OutputPath.Resolve(_base.Root, given, confine: true));
    }

    [Fact]
    public void Confined_paths_may_not_leave_the_base_but_unconfined_ones_may()
    {
        var outside = Path.Combine(_elsewhere.Root, "x.sarif");

        var ex = Assert.Throws<OutputPathException>(() => OutputPath.Resolve(_base.Root, "../" + Path.GetFileName(_elsewhere.Root) + "/x.sarif", confine: true));
        Assert.Contains("outside the workspace", ex.Message, StringComparison.Ordinal);
        Assert.Throws<OutputPathException>(() => OutputPath.Resolve(_base.Root, outside, confine: true));
        Assert.Throws<OutputPathException>(() => OutputPath.Resolve(_base.Root, _base.Root + "-sibling/x", confine: true));
        Assert.Equal(outside, OutputPath.Resolve(_base.Root, outside, confine: false));
    }

    [Fact]
    public void A_link_at_the_file_is_refused_even_unconfined_and_even_dangling()
    {
        var victim = _elsewhere.Write("victim.txt", "untouched");
        File.CreateSymbolicLink(Path.Combine(_base.Root, "link.sarif"), victim);
        File.CreateSymbolicLink(Path.Combine(_base.Root, "dangling.sarif"), Path.Combine(_elsewhere.Root, "nothing"));

        Assert.Throws<OutputPathException>(() => OutputPath.Resolve(_base.Root, "link.sarif", confine: false));
        Assert.Throws<OutputPathException>(() => OutputPath.Resolve(_base.Root, "dangling.sarif", confine: true));
        Assert.Throws<OutputPathException>(() => OutputPath.WriteAllText(Path.Combine(_base.Root, "link.sarif"), "x"));
        Assert.Equal("untouched", File.ReadAllText(victim));
        Assert.False(File.Exists(Path.Combine(_elsewhere.Root, "nothing")));
    }

    [Fact]
    public void Writing_replaces_an_existing_file_with_a_new_one()
    {
        var path = _base.Write("r.json", "old content that is longer");

        OutputPath.WriteAllText(OutputPath.Resolve(_base.Root, "r.json", confine: true), "new");

        Assert.Equal("new", File.ReadAllText(path));
    }
}
