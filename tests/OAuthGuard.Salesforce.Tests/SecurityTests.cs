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
