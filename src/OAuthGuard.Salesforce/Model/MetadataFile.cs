// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Salesforce.Discovery;
using OAuthGuard.Salesforce.Parsing;

namespace OAuthGuard.Salesforce.Model;

/// <summary>One metadata file found in the repository, and what reading it produced.</summary>
public sealed class MetadataFile
{
    internal MetadataFile(string path, MetadataKind kind, MetadataFormat format, string fullName)
    {
        Path = path;
        Kind = kind;
        Format = format;
        FullName = fullName;
    }

    /// <summary>Repository-relative path with forward slashes.</summary>
    public string Path { get; }

    /// <summary>The metadata type, from the file suffix.</summary>
    public MetadataKind Kind { get; }

    /// <summary>Source (<c>-meta.xml</c>) or metadata-API format.</summary>
    public MetadataFormat Format { get; }

    /// <summary>The component name: the file name without its suffix.</summary>
    public string FullName { get; }

    /// <summary>The root element, or null when the file could not be read or parsed (see the snapshot's diagnostics).</summary>
    public MetadataElement? Root { get; internal set; }

    /// <summary>Values that are not valid for their declared type.</summary>
    public IReadOnlyList<InvalidValue> Invalid { get; internal set; } = [];

    /// <summary>Every XML comment in the file, in document order.</summary>
    public IReadOnlyList<XmlCommentInfo> Comments { get; internal set; } = [];

    /// <summary>True when the file was parsed and its root element matched its suffix.</summary>
    public bool IsParsed => Root is not null;

    /// <summary>For External Client App parts: the parent named by <c>&lt;externalClientApplication&gt;</c> (trimmed), if present.</summary>
    public string? ParentName
    {
        get
        {
            var text = Root?.Element("externalClientApplication")?.Text?.Trim();
            return string.IsNullOrEmpty(text) ? null : text;
        }
    }
}
