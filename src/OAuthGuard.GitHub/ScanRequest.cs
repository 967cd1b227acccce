// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Immutable;

namespace OAuthGuard.GitHub;

/// <summary>
/// What the action asks the scan to do. The action resolves every path against the workspace
/// before building the request, so the scan sees absolute paths only.
/// </summary>
/// <param name="Path">The repository (or folder) to scan, absolute.</param>
/// <param name="ConfigFile">The configuration file, absolute, or null to use the scan's own default lookup.</param>
/// <param name="PolicyFolders">Extra policy folders, absolute, in the order given.</param>
/// <param name="Engine"><c>auto</c>, <c>embedded</c> or <c>opa</c>.</param>
public sealed record ScanRequest(string Path, string? ConfigFile, ImmutableArray<string> PolicyFolders, string Engine);
