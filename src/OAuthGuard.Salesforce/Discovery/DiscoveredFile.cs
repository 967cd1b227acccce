// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

namespace OAuthGuard.Salesforce.Discovery;

/// <summary>A metadata file found by the walker, before it is read.</summary>
/// <param name="RelativePath">Repository-relative path with forward slashes.</param>
/// <param name="FullPath">Absolute path to open.</param>
/// <param name="Kind">Metadata type, from the suffix.</param>
/// <param name="Format">Source or metadata-API format.</param>
/// <param name="FullName">Component name: the file name without its suffix.</param>
/// <param name="Length">Size in bytes.</param>
internal sealed record DiscoveredFile(string RelativePath, string FullPath, MetadataKind Kind, MetadataFormat Format, string FullName, long Length);
