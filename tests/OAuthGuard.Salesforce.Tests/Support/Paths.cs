namespace OAuthGuard.Salesforce.Tests.Support;

/// <summary>Where the repository, the fixtures and the shared corpus are.</summary>
internal static class Paths
{
    /// <summary>The repository root: the nearest ancestor of the test assembly holding OAuthGuard.slnx.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Fixtures { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string Fixture(string name) => Path.Combine(Fixtures, name);

    public static string SchemaFile => Path.Combine(RepositoryRoot, "docs", "input-document.schema.json");

    /// <summary>
    /// The shared corpus: OAUTHGUARD_CORPUS_DIR, else a <c>shared/corpus</c> folder beside one of the
    /// test assembly's ancestors (the repository is cloned at X/main with the shared folder at X/shared).
    /// </summary>
    public static string? Corpus { get; } = FindCorpus();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OAuthGuard.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OAuthGuard.slnx not found above " + AppContext.BaseDirectory);
    }

    private static string? FindCorpus()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("OAUTHGUARD_CORPUS_DIR");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment) ? Path.GetFullPath(fromEnvironment) : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs the shared corpus; skipped, with the reason, when it is not there.</summary>
public sealed class CorpusFactAttribute : FactAttribute
{
    public CorpusFactAttribute()
    {
        if (Paths.Corpus is null)
        {
            Skip = "The shared corpus was not found: set OAUTHGUARD_CORPUS_DIR, or place it at <parent of the clone>/shared/corpus.";
        }
    }
}

/// <summary>A temporary repository folder, deleted on dispose.</summary>
internal sealed class TempRepo : IDisposable
{
    public TempRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "oauthguard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Write(string relativePath, string text) => WriteBytes(relativePath, System.Text.Encoding.UTF8.GetBytes(text));

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var full = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public string CopyFixture(string fixture, string relativePath) =>
        WriteBytes(relativePath, File.ReadAllBytes(Paths.Fixture(fixture)));

    public MetadataSnapshot Load(MetadataLoadOptions? options = null) => MetadataRepository.Load(Root, options);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
