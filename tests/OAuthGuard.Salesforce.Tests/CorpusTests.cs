using OAuthGuard.Salesforce.Diagnostics;
using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Model;
using OAuthGuard.Salesforce.Tests.Support;

namespace OAuthGuard.Salesforce.Tests;

/// <summary>Real files from public repositories (../shared/corpus, not copied into this project).</summary>
public sealed class CorpusTests
{
    private static IEnumerable<string> Repositories() =>
        Directory.GetDirectories(Paths.Corpus!).Order(StringComparer.Ordinal);

    [CorpusFact]
    public void Every_corpus_repository_loads_and_its_document_validates()
    {
        var count = 0;
        foreach (var repository in Repositories())
        {
            var snapshot = MetadataRepository.Load(repository);
            Assert.DoesNotContain(snapshot.Diagnostics, d => d.Level == DiagnosticLevel.Error);
            SchemaValidation.AssertValid(snapshot.ToInputDocument());
            count++;
        }

        Assert.True(count >= 10, $"only {count} corpus repositories");
    }

    [CorpusFact]
    public void Every_corpus_file_is_read_without_an_exception_whatever_its_name()
    {
        // Templates with non-standard names (connected-app-oauth.xml) are read as the type their root names.
        var files = Directory.GetFiles(Paths.Corpus!, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(files.Count >= 40, $"only {files.Count} corpus files");
        foreach (var path in files)
        {
            var text = File.ReadAllText(path);
            var rootName = System.Text.RegularExpressions.Regex.Match(text, @"<([A-Za-z]+)[\s>]").Groups[1].Value;
            var kind = MetadataKind.FromRootElement(rootName);
            Assert.True(kind is not null, $"{path}: unknown root <{rootName}>");
            using var repo = new TempRepo();
            repo.Write("f/Sample." + kind.Suffix + "-meta.xml", text);
            var snapshot = repo.Load();
            Assert.DoesNotContain(snapshot.Diagnostics, d => d.Level == DiagnosticLevel.Error);
            Assert.True(snapshot.Files.Single().IsParsed, path);
            SchemaValidation.AssertValid(snapshot.ToInputDocument());
        }
    }

    [CorpusFact]
    public void Known_corpus_quirks_are_read_as_Salesforce_means_them()
    {
        var multi = MetadataRepository.Load(Path.Combine(Paths.Corpus!, "ArunSabariBalajiC__my-2gp-package"));
        var omni = multi.Apps.ConnectedApps.Single(a => a.Name == "OAppS_Omni_Channel");
        Assert.Equal(3, omni.Facts.CallbackUrls.Count);
        Assert.False(multi.Apps.ConnectedApps.Single(a => a.Name == "HelloSend").Facts.OAuthEnabled);

        var eca = MetadataRepository.Load(Path.Combine(Paths.Corpus!, "chrzasz__sf-th-eca-via-metadata"));
        var app = Assert.Single(eca.Apps.ExternalClientApps);
        Assert.Equal(["eca", "globalOauth", "oauthPolicies", "oauthSettings"], app.Parts.Keys.Order(StringComparer.Ordinal));

        var duplicated = MetadataRepository.Load(Path.Combine(Paths.Corpus!, "prasanth-personal__salesforce-agentforce"));
        Assert.Equal(2, duplicated.Diagnostics.Count(d => d.Code == DiagnosticCodes.DuplicateComponent));
        Assert.Single(duplicated.Apps.ExternalClientApps);

        var aws = MetadataRepository.Load(Path.Combine(Paths.Corpus!, "MayTheSForceBeWithYou__socal-dreamin-2025-aws"));
        var awsApp = Assert.Single(aws.Apps.ConnectedApps);
        Assert.Equal(SecretState.Absent, awsApp.Facts.ConsumerKey);
        Assert.Contains(aws.Comments[awsApp.File.Path], c => c.Text.StartsWith("consumerKey>", StringComparison.Ordinal));
    }
}
