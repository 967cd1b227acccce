using System.Collections.Immutable;
using OAuthGuard.Engines;
using OAuthGuard.Findings;

namespace OAuthGuard.Policies;

/// <summary>
/// Gathers the Rego modules of a scan: the bundled policies embedded in this assembly (logical
/// names <c>policies/oauthguard/…</c>) and any user policy folders. Test modules
/// (<c>*_test.rego</c>) are left out: they belong to <c>oauthguard test</c>, not to a scan.
/// </summary>
public static class PolicyLoader
{
    /// <summary>The origin given to bundled modules.</summary>
    public const string BundledOrigin = "bundled";

    private const string ResourcePrefix = "policies/oauthguard/";

    /// <summary>Reads the bundled policy modules, ordered by path.</summary>
    public static ImmutableArray<PolicySource> LoadBundled()
    {
        var assembly = typeof(PolicyLoader).Assembly;
        var builder = ImmutableArray.CreateBuilder<PolicySource>();
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !IsPolicyModule(name))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name);
            if (stream is null)
            {
                continue;
            }

            using var reader = new StreamReader(stream);
            builder.Add(new PolicySource(name, reader.ReadToEnd(), BundledOrigin));
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// Reads every policy module under <paramref name="directory"/> (recursively, ordered by path).
    /// A missing or empty folder is an error: a user who names a folder expects rules from it.
    /// </summary>
    /// <param name="directory">The folder as the user wrote it, resolved against <paramref name="baseDirectory"/>.</param>
    /// <param name="baseDirectory">The folder relative paths are resolved against.</param>
    /// <param name="errors">Receives problems with the folder or its files.</param>
    public static ImmutableArray<PolicySource> LoadDirectory(string directory, string baseDirectory, ICollection<ToolNotification> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var full = Path.GetFullPath(Path.Combine(baseDirectory, directory));
        if (!Directory.Exists(full))
        {
            errors.Add(new ToolNotification("policy_folder_error", "error", $"policy folder '{directory}' does not exist", directory, null, null));
            return [];
        }

        var builder = ImmutableArray.CreateBuilder<PolicySource>();
        var files = Directory.EnumerateFiles(full, "*.rego", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Where(IsPolicyModule)
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var display = Path.GetRelativePath(baseDirectory, file).Replace('\\', '/');
            try
            {
                builder.Add(new PolicySource(display, File.ReadAllText(file), directory));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add(new ToolNotification("policy_folder_error", "error", $"cannot read policy module: {e.Message}", display, null, null));
            }
        }

        if (builder.Count == 0)
        {
            errors.Add(new ToolNotification("policy_folder_error", "error", $"policy folder '{directory}' holds no Rego modules (*.rego other than *_test.rego)", directory, null, null));
        }

        return builder.ToImmutable();
    }

    private static bool IsPolicyModule(string path) =>
        path.EndsWith(".rego", StringComparison.Ordinal) && !path.EndsWith("_test.rego", StringComparison.Ordinal);
}
