using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Salesforce.Tests;

/// <summary>Hostile and broken input: each is reported with file and line, and the rest of the repository is still read.</summary>
public sealed class SecurityTests
{
    private static MetadataSnapshot LoadWithGoodNeighbour(TempRepo repo)
    {
        repo.CopyFixture("Legacy.connectedApp", "ok/Legacy.connectedApp");
        var snapshot = repo.Load();
        Assert.Contains(snapshot.Apps.ConnectedApps, a => a.Name == "Legacy");
        return snapshot;
    }

    [Theory]
    [InlineData("Xxe.connectedApp-meta.xml")]
    [InlineData("Laughs.connectedApp-meta.xml")]
    public void DTDs_are_refused_and_entities_never_resolved(string fixture)
    {
        using var repo = new TempRepo();
        repo.CopyFixture(fixture, "evil/" + fixture);
        var snapshot = LoadWithGoodNeighbour(repo);
        var diagnostic = Assert.Single(snapshot.Diagnostics, d => d.File == "evil/" + fixture);
        Assert.Equal((DiagnosticCodes.XmlParseError, DiagnosticLevel.Error), (diagnostic.Code, diagnostic.Level));
        Assert.Contains("DOCTYPE", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(2, diagnostic.Line);
        Assert.DoesNotContain("lollol", snapshot.ToInputDocument().ToJsonString(), StringComparison.Ordinal);
        Assert.Single(snapshot.Apps.ConnectedApps);
    }

    [Fact]
    public void An_external_entity_pointing_at_a_real_file_does_not_leak_its_content()
    {
        using var repo = new TempRepo();
        var secret = repo.Write("secret.txt", "TOP-SECRET-CONTENT");
        repo.Write("X.connectedApp-meta.xml", $"<!DOCTYPE ConnectedApp [<!ENTITY s SYSTEM \"file://{secret}\">]><ConnectedApp><label>&s;</label></ConnectedApp>");
        var snapshot = repo.Load();
        Assert.Empty(snapshot.Apps.ConnectedApps);
        Assert.DoesNotContain("TOP-SECRET", snapshot.ToInputDocument().ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(snapshot.Diagnostics, d => d.Message.Contains("TOP-SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_split_by_many_comments_is_read_in_linear_memory()
    {
        // The attack: a label split by empty comments arrives as one text node per piece; joining the pieces string
        // by string copied the whole label once per comment (quadratic). Allocation is a deterministic stand-in for
        // time here: linear reading allocates a small multiple of the file; quadratic reading allocated gigabytes.
        using var repo = new TempRepo();
        const int Pieces = 20_000;
        var label = string.Concat(Enumerable.Repeat("abcdefghij<!---->", Pieces));
        repo.Write("Split.connectedApp-meta.xml", $"<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<label>{label}</label>\n<contactEmail>a@example.com</contactEmail>\n</ConnectedApp>");
        var options = new MetadataLoadOptions { MaxParallelism = 1 };

        var before = GC.GetAllocatedBytesForCurrentThread();
        var snapshot = repo.Load(options);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var app = Assert.Single(snapshot.Apps.ConnectedApps);
        Assert.Equal(Pieces * 10, app.Metadata.Children.Single(c => c.Name == "label").Text?.Length);
        Assert.True(allocated < 200L * 1024 * 1024, $"reading a {label.Length:N0}-byte file allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Text_over_the_element_cap_is_an_error_with_file_and_line_and_the_rest_is_read()
    {
        using var repo = new TempRepo();
        var big = string.Concat(Enumerable.Repeat("x<!---->", 3_000));
        repo.Write("Big.connectedApp-meta.xml", $"<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<contactEmail>a@example.com</contactEmail>\n<description>{big}</description>\n<label>Big</label>\n</ConnectedApp>");

        var snapshot = repo.Load(new MetadataLoadOptions { MaxElementTextChars = 1_000 });

        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal((DiagnosticCodes.TextTooLong, DiagnosticLevel.Error, "Big.connectedApp-meta.xml", 3), (diagnostic.Code, diagnostic.Level, diagnostic.File, diagnostic.Line));
        Assert.Contains("<description> holds more than 1,000 characters", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal("Big", Assert.Single(snapshot.Apps.ConnectedApps).Metadata.Children.Single(c => c.Name == "label").Text);
        Assert.DoesNotContain("xxxx", snapshot.ToInputDocument().ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_beyond_the_per_file_cap_are_reported_once_and_ignored_and_empty_ones_are_not_kept()
    {
        using var repo = new TempRepo();
        var many = string.Concat(Enumerable.Repeat("<!-- note -->", 30)) + string.Concat(Enumerable.Repeat("<!---->", 1_000));
        repo.Write("C.connectedApp-meta.xml", $"<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<label>C{many}</label>\n</ConnectedApp>");

        var snapshot = repo.Load(new MetadataLoadOptions { MaxCommentsPerFile = 20 });

        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal((DiagnosticCodes.TooManyComments, DiagnosticLevel.Warning, 2), (diagnostic.Code, diagnostic.Level, diagnostic.Line));
        Assert.Equal(20, snapshot.Comments["C.connectedApp-meta.xml"].Count);
    }

    [Fact]
    public void Absurdly_long_element_names_are_refused_with_their_line()
    {
        using var repo = new TempRepo();
        var name = "e" + new string('x', 300);
        repo.Write("Long.connectedApp-meta.xml", $"<ConnectedApp xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n<label>L</label>\n<{name}>v</{name}>\n</ConnectedApp>");

        var snapshot = repo.Load();

        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal((DiagnosticCodes.XmlParseError, 3), (diagnostic.Code, diagnostic.Line));
        Assert.Contains("longer than 256 characters", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_an_error_at_its_end()
    {
        using var repo = new TempRepo();
        repo.CopyFixture("Truncated.connectedApp-meta.xml", "t/Truncated.connectedApp-meta.xml");
        var snapshot = LoadWithGoodNeighbour(repo);
        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal((DiagnosticCodes.XmlParseError, 5), (diagnostic.Code, diagnostic.Line));
        Assert.False(snapshot.Files.Single(f => f.Path == "t/Truncated.connectedApp-meta.xml").IsParsed);
    }

    [Fact]
    public void Binary_garbage_NUL_bytes_and_invalid_UTF8_are_parse_errors_not_crashes()
    {
        using var repo = new TempRepo();
        var random = new Random(7);
        var garbage = new byte[4096];
        random.NextBytes(garbage);
        repo.WriteBytes("g/Garbage.connectedApp-meta.xml", garbage);
        repo.WriteBytes("g/Nul.connectedApp-meta.xml", [.. "<ConnectedApp><label>a"u8, 0, .. "</label></ConnectedApp>"u8]);
        repo.WriteBytes("g/Latin.connectedApp-meta.xml", [.. "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ConnectedApp><label>caf"u8, 0xE9, .. "</label></ConnectedApp>"u8]);
        repo.WriteBytes("g/Empty.connectedApp-meta.xml", []);
        var snapshot = LoadWithGoodNeighbour(repo);
        foreach (var name in new[] { "Garbage", "Nul", "Latin", "Empty" })
        {
            var diagnostic = Assert.Single(snapshot.Diagnostics, d => d.File == $"g/{name}.connectedApp-meta.xml");
            Assert.Equal(DiagnosticLevel.Error, diagnostic.Level);
            Assert.True(diagnostic.Line >= 1 && diagnostic.Column >= 1);
        }
    }

    [Fact]
    public void A_50_MB_file_is_reported_and_not_read()
    {
        using var repo = new TempRepo();
        var path = Path.Combine(repo.Root, "big", "Huge.connectedApp-meta.xml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var stream = File.Create(path))
        {
            stream.SetLength(50L * 1024 * 1024);
        }

        var snapshot = LoadWithGoodNeighbour(repo);
        var diagnostic = Assert.Single(snapshot.Diagnostics);
        Assert.Equal((DiagnosticCodes.FileTooLarge, "big/Huge.connectedApp-meta.xml"), (diagnostic.Code, diagnostic.File));
        Assert.DoesNotContain(snapshot.Files, f => f.Path == "big/Huge.connectedApp-meta.xml");
    }

    [Fact]
    public void The_size_limit_is_an_option()
    {
        using var repo = new TempRepo();
        repo.CopyFixture("Billing.connectedApp-meta.xml", "Billing.connectedApp-meta.xml");
        var snapshot = repo.Load(new MetadataLoadOptions { MaxFileBytes = 100 });
        Assert.Equal(DiagnosticCodes.FileTooLarge, Assert.Single(snapshot.Diagnostics).Code);
    }

    [Fact]
    public void Absurdly_deep_nesting_is_refused()
    {
        using var repo = new TempRepo();
        repo.Write("Deep.connectedApp-meta.xml", "<ConnectedApp>" + string.Concat(Enumerable.Repeat("<a>", 500)) + string.Concat(Enumerable.Repeat("</a>", 500)) + "</ConnectedApp>");
        var diagnostic = Assert.Single(repo.Load().Diagnostics);
        Assert.Equal(DiagnosticCodes.XmlParseError, diagnostic.Code);
        Assert.Contains("nested", diagnostic.Message, StringComparison.Ordinal);
    }
}
