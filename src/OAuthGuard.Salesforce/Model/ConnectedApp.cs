// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Parsing;

namespace OAuthGuard.Salesforce.Model;

/// <summary>A Connected App read from one <c>.connectedApp</c> file.</summary>
public sealed class ConnectedApp
{
    internal ConnectedApp(MetadataFile file, MetadataElement root)
    {
        File = file;
        Metadata = root;
        Facts = FactsCalculator.ForConnectedApp(root);
    }

    /// <summary>The component name (file name without suffix).</summary>
    public string Name => File.FullName;

    /// <summary>The file it was read from.</summary>
    public MetadataFile File { get; }

    /// <summary>Source or metadata-API format.</summary>
    public MetadataFormat Format => File.Format;

    /// <summary>The <c>&lt;ConnectedApp&gt;</c> element.</summary>
    public MetadataElement Metadata { get; }

    /// <summary>Derived facts (callback URLs, secret state, …).</summary>
    public ConnectedAppFacts Facts { get; }

    /// <summary>Values not valid for their declared type.</summary>
    public IReadOnlyList<InvalidValue> Invalid => File.Invalid;
}

/// <summary>
/// An External Client App: the <c>.eca</c> file and every part whose <c>&lt;externalClientApplication&gt;</c>
/// names it. A group of parts whose parent is not in the repository still forms an app (<see cref="ExternalClientAppFacts.ParentMissing"/>).
/// </summary>
public sealed class ExternalClientApp
{
    internal ExternalClientApp(string name, IReadOnlyDictionary<string, MetadataFile> parts)
    {
        Name = name;
        Parts = parts;
        Facts = FactsCalculator.ForExternalClientApp(
            parts.GetValueOrDefault("globalOauth")?.Root,
            parts.GetValueOrDefault("oauthSettings")?.Root,
            !parts.ContainsKey("eca"));
    }

    /// <summary>The app's name: the <c>.eca</c> file's name, or the parent named by its parts.</summary>
    public string Name { get; }

    /// <summary>The parts by input-document key (<c>eca</c>, <c>globalOauth</c>, <c>oauthPolicies</c>, …); every part is parsed.</summary>
    public IReadOnlyDictionary<string, MetadataFile> Parts { get; }

    /// <summary>Derived facts.</summary>
    public ExternalClientAppFacts Facts { get; }

    /// <summary>Values not valid for their declared type, over all parts (ordered by part key order, then document order).</summary>
    public IReadOnlyList<InvalidValue> Invalid =>
        MetadataKind.All.SelectMany(k => k.PartKey is { } key && Parts.TryGetValue(key, out var part) ? part.Invalid : []).ToList();

    /// <summary>The path that orders this app in the input document: the <c>.eca</c> file, else the first part by path.</summary>
    internal string SortPath => Parts.TryGetValue("eca", out var eca) ? eca.Path : Parts.Values.Select(p => p.Path).Min(StringComparer.Ordinal) ?? string.Empty;
}
