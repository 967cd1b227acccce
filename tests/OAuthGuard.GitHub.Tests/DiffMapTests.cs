// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.GitHub.Review;

namespace OAuthGuard.GitHub.Tests;

public sealed class DiffMapTests
{
    [Fact]
    public void Right_side_lines_are_classified()
    {
        var lines = DiffMap.ParsePatch(TestData.BillingPatch);
        Assert.Equal(
            [(6, DiffLineKind.Context), (7, DiffLineKind.Context), (8, DiffLineKind.Context), (9, DiffLineKind.Added),
             (10, DiffLineKind.Context), (11, DiffLineKind.Context), (12, DiffLineKind.Added), (13, DiffLineKind.Context)],
            lines.OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
    }

    [Fact]
    public void Several_hunks_and_no_newline_marker()
    {
        const string patch = "@@ -1,2 +1,2 @@\n-a\n+b\n c\n\\ No newline at end of file\n@@ -40 +40,2 @@ section\n x\n+y";
        var lines = DiffMap.ParsePatch(patch);
        Assert.Equal([1, 2, 40, 41], lines.Keys.Order());
        Assert.Equal(DiffLineKind.Added, lines[1]);
        Assert.Equal(DiffLineKind.Context, lines[2]);
        Assert.Equal(DiffLineKind.Added, lines[41]);
    }

    [Fact]
    public void New_file_and_deleted_file()
    {
        Assert.Equal([1, 2], DiffMap.ParsePatch("@@ -0,0 +1,2 @@\n+a\n+b").Keys.Order());
        Assert.Empty(DiffMap.ParsePatch("@@ -1,2 +0,0 @@\n-a\n-b"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a patch")]
    [InlineData("@@ garbage @@\n+a")]
    public void Missing_or_malformed_patches_give_no_lines(string? patch) =>
        Assert.Empty(DiffMap.ParsePatch(patch));

    [Fact]
    public void Malformed_line_stops_without_guessing()
    {
        var lines = DiffMap.ParsePatch("@@ -1 +1,3 @@\n+a\n?bad\n+c");
        Assert.Equal([1], lines.Keys);
    }

    [Fact]
    public void Map_knows_changed_files_and_ignores_removed_ones()
    {
        var map = DiffMap.Build([(TestData.Billing, "modified", TestData.BillingPatch), ("big.bin", "added", null), ("gone.xml", "removed", "@@ -1 +0,0 @@\n-a")]);
        Assert.True(map.IsChanged(TestData.Billing));
        Assert.True(map.IsChanged("big.bin"));
        Assert.False(map.IsChanged("gone.xml"));
        Assert.Equal(DiffLineKind.None, map.Kind("big.bin", 1));
        Assert.Equal(DiffLineKind.Added, map.Kind(TestData.Billing, 9));
        Assert.Equal(DiffLineKind.None, map.Kind(TestData.Billing, 5));
    }
}
