using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Salesforce.Tests;

public sealed class DocumentTests
{
    private static TempRepo FixtureRepo()
    {
        var repo = new TempRepo();
        foreach (var fixture in Directory.GetFiles(Paths.Fixtures).Select(Path.GetFileName).OfType<string>())
        {
            repo.CopyFixture(fixture, "force-app/main/default/" + fixture);
        }

        repo.Write("sfdx-project.json", "{\"packageDirectories\":[{\"path\":\"force-app\",\"default\":true}],\"sourceApiVersion\":\"63.0\"}");
        return repo;
    }

    [Fact]
    public void The_committed_schema_is_the_one_generated_from_the_reader_tables()
    {
        var generated = SchemaGenerator.Generate().ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("OAUTHGUARD_REGENERATE") == "1")
        {
            File.WriteAllText(Paths.SchemaFile, generated);
        }

        Assert.True(File.Exists(Paths.SchemaFile), "docs/input-document.schema.json is missing; run the tests with OAUTHGUARD_REGENERATE=1");
        Assert.Equal(generated, File.ReadAllText(Paths.SchemaFile));
    }

    [Fact]
    public void The_document_for_all_fixtures_validates_against_the_schema()
    {
        using var repo = FixtureRepo();
        var document = repo.Load().ToInputDocument();
        Assert.Equal(4, document["connectedApps"]!.AsArray().Count);
        Assert.Equal(2, document["externalClientApps"]!.AsArray().Count);
        SchemaValidation.AssertValid(document);
    }

    [Fact]
    public void The_schema_rejects_documents_that_break_the_contract()
    {
        using var repo = FixtureRepo();
        var document = repo.Load().ToInputDocument();
        var facts = document["connectedApps"]![0]!["facts"]!.AsObject();
        facts["consumerSecret"] = "maybe";
        var app = document["connectedApps"]!.AsArray().Single(a => (string?)a!["name"] == "Billing")!.AsObject();
        app["metadata"]!["oauthConfig"]!["isConsumerSecretOptional"] = 3;
        document["externalClientApps"]![0]!.AsObject().Remove("facts");
        var errors = SchemaValidation.Errors(document);
        Assert.Contains("#/connectedApps[0].facts.consumerSecret: NotInEnumeration", errors);
        Assert.Contains(errors, e => e.StartsWith("#/connectedApps[0].metadata.oauthConfig.isConsumerSecretOptional", StringComparison.Ordinal));
        Assert.Contains("#/externalClientApps[0].facts: PropertyRequired", errors);
    }

    [Fact]
    public void The_document_follows_the_contract_shape()
    {
        using var repo = FixtureRepo();
        var document = repo.Load().ToInputDocument();
        Assert.Equal(["schemaVersion", "project", "connectedApps", "externalClientApps", "keys"], document.Select(p => p.Key));
        Assert.Empty(document["keys"]!.AsArray());
        Assert.Null(document["config"]);
        var billing = document["connectedApps"]!.AsArray().Single(a => (string?)a!["name"] == "Billing")!;
        Assert.Equal(["name", "file", "format", "metadata", "facts", "invalid"], billing.AsObject().Select(p => p.Key));
        Assert.Equal("force-app/main/default/Billing.connectedApp-meta.xml", (string?)billing["file"]);
        Assert.Equal("source", (string?)billing["format"]);
        Assert.Equal(
            "[\"https://billing.example.com/oauth/callback\",\"http://localhost:3000/callback\",\"com.example.billing:/oauth2redirect\"]",
            billing["facts"]!["callbackUrls"]!.ToJsonString());
        Assert.Equal("placeholder", (string?)billing["facts"]!["consumerSecret"]);
        Assert.Equal("literal", (string?)billing["facts"]!["consumerKey"]);
        Assert.Equal("present", (string?)billing["facts"]!["certificate"]);
        Assert.Equal("https://billing.example.com/oauth/callback\nhttp://localhost:3000/callback\ncom.example.billing:/oauth2redirect", (string?)billing["metadata"]!["oauthConfig"]!["callbackUrl"]);
        var legacy = document["connectedApps"]!.AsArray().Single(a => (string?)a!["name"] == "Legacy")!;
        Assert.Equal("mdapi", (string?)legacy["format"]);
        var paths = document["connectedApps"]!.AsArray().Select(a => (string?)a!["file"]).ToList();
        Assert.Equal(paths.Order(StringComparer.Ordinal), paths);
    }

    [Fact]
    public void The_same_repository_gives_the_same_bytes()
    {
        using var repo = FixtureRepo();
        static byte[] Write(MetadataSnapshot s)
        {
            using var stream = new MemoryStream();
            s.WriteInputDocument(stream);
            return stream.ToArray();
        }

        var first = Write(repo.Load());
        var second = Write(repo.Load());
        Assert.Equal(first, second);
        Assert.Equal((byte)'\n', first[^1]);
        Assert.Contains("システム管理者", Encoding.UTF8.GetString(first), StringComparison.Ordinal);
        Assert.Equal(repo.Load().ToInputDocument().ToJsonString(), JsonNode.Parse(first)!.ToJsonString());
    }

    [Fact]
    public void Diagnostics_are_sorted_and_printable()
    {
        using var repo = FixtureRepo();
        var diagnostics = repo.Load().Diagnostics;
        Assert.NotEmpty(diagnostics);
        var keys = diagnostics.Select(d => (d.File, d.Line)).ToList();
        Assert.Equal(keys.OrderBy(k => k.File, StringComparer.Ordinal).ThenBy(k => k.Line), keys);
        Assert.All(diagnostics, d => Assert.Matches(@"^[^:]+:\d+:\d+: (error|warning|note) [a-z_]+: .+$", d.ToString()));
    }
}
