// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

namespace OAuthGuard.Salesforce;

/// <summary>Limits and switches for <see cref="MetadataRepository.Load"/>.</summary>
public sealed record MetadataLoadOptions
{
    /// <summary>The defaults: 10 MiB per metadata file, .forceignore honoured.</summary>
    public static MetadataLoadOptions Default { get; } = new();

    /// <summary>Metadata files larger than this are reported (<c>file_too_large</c>) and not read. Real files are a few kilobytes.</summary>
    public long MaxFileBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>
    /// An element whose text is longer than this many characters is reported (<c>text_too_long</c>, with file and
    /// line) and its text left out. Salesforce's longest OAuth fields are a few thousand characters.
    /// </summary>
    public int MaxElementTextChars { get; init; } = 1024 * 1024;

    /// <summary>
    /// At most this many non-empty XML comments are kept per file (suppressions are read from them); the rest are
    /// reported once (<c>too_many_comments</c>) and ignored, so a file of countless comments cannot slow the scan.
    /// </summary>
    public int MaxCommentsPerFile { get; init; } = 10_000;

    /// <summary>When true (the default), files matched by the root <c>.forceignore</c> are skipped, as the Salesforce CLI skips them.</summary>
    public bool HonourForceIgnore { get; init; } = true;

    /// <summary>When true (the default), the repository is also searched for committed private keys (the <c>keys</c> of the input document).</summary>
    public bool SearchPrivateKeys { get; init; } = true;

    /// <summary>Files larger than this are not examined by the private-key search (keys and PKCS#12 files are a few kilobytes).</summary>
    public long MaxKeyFileBytes { get; init; } = 1024 * 1024;

    /// <summary>The private-key search opens at most this many candidate files (in path order) and reports <c>key_search_limit</c> when there are more.</summary>
    public int MaxKeyFiles { get; init; } = 2000;

    /// <summary>How many files are parsed at once (default: one per processor). The result is the same for any value.</summary>
    public int MaxParallelism { get; init; } = Environment.ProcessorCount;
}
