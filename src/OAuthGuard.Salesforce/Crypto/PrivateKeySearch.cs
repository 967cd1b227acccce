// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.IO.Enumeration;
using System.Security.Cryptography;
using OAuthGuard.Salesforce.Diagnostics;

namespace OAuthGuard.Salesforce.Crypto;

/// <summary>
/// Looks for private keys committed anywhere in a repository, independent of <c>.forceignore</c>
/// (a key the Salesforce CLI does not deploy is still in the repository). Bounded: <c>.git</c> and
/// <c>node_modules</c> are skipped, only files whose name suggests a key are opened (see
/// <see cref="IsCandidate"/>), each at most <see cref="MetadataLoadOptions.MaxKeyFileBytes"/>, at
/// most <see cref="MetadataLoadOptions.MaxKeyFiles"/> of them, and symbolic links are never
/// followed (a link inside the repository reaches a file the walk finds by its real path anyway).
/// </summary>
internal static class PrivateKeySearch
{
    private static readonly string[] Extensions = [".key", ".pem", ".p8", ".pk8", ".p12", ".pfx", ".der", ".enc", ".crt", ".cer"];

    private static readonly EnumerationOptions Enumeration = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = 0,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Finds the keys under <paramref name="root"/>, ordered by file path and position in the file.</summary>
    public static List<PrivateKeyFact> Run(string root, MetadataLoadOptions options, List<MetadataDiagnostic> diagnostics, CancellationToken ct)
    {
        var candidates = new List<(string Relative, string Full, long Length)>();
        var pending = new Stack<(string Full, string Relative)>();
        pending.Push((Path.GetFullPath(root), string.Empty));
        while (pending.TryPop(out var dir))
        {
            ct.ThrowIfCancellationRequested();
            List<Entry> entries;
            try
            {
                entries = [.. new FileSystemEnumerable<Entry>(dir.Full, Transform, Enumeration) { ShouldIncludePredicate = Include }];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The metadata walk reports unreadable folders; one message per folder is enough.
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.IsLink)
                {
                    continue;
                }

                var relative = dir.Relative.Length == 0 ? entry.Name : dir.Relative + "/" + entry.Name;
                var full = Path.Join(dir.Full, entry.Name);
                if (entry.IsDirectory)
                {
                    if (entry.Name is not (".git" or "node_modules"))
                    {
                        pending.Push((full, relative));
                    }
                }
                else
                {
                    candidates.Add((relative, full, entry.Length));
                }
            }
        }

        candidates.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        var keys = new List<PrivateKeyFact>();
        var examined = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var (relative, full, length) = candidates[i];
            if (length > options.MaxKeyFileBytes)
            {
                continue;
            }

            if (examined == options.MaxKeyFiles)
            {
                diagnostics.Add(new MetadataDiagnostic(
                    DiagnosticCodes.KeySearchLimit,
                    DiagnosticLevel.Warning,
                    $"the private-key search stopped after {options.MaxKeyFiles:N0} candidate files; {candidates.Count - i:N0} more (from this one on, by path) were not examined",
                    relative));
                break;
            }

            examined++;
            Examine(relative, full, options.MaxKeyFileBytes, keys, diagnostics);
        }

        return keys;
    }

    /// <summary>
    /// Private keys pasted into a metadata file's <c>&lt;certificate&gt;</c> element (with or next to
    /// the certificate): listed like keys in their own files, under the metadata file's path.
    /// </summary>
    public static IEnumerable<PrivateKeyFact> InCertificateElements(IEnumerable<Model.MetadataFile> files)
    {
        foreach (var file in files)
        {
            var element = file.Root?.Find("oauthConfig/certificate") ?? file.Root?.Element("certificate");
            if (element?.Text is not { } text || !text.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            {
                continue;
            }

            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            try
            {
                foreach (var key in PrivateKeyReader.Read(bytes, file.Path))
                {
                    yield return new PrivateKeyFact(file.Path, key.Kind, key.Encrypted, key.PublicKeySha256, key.Algorithm, key.KeySize);
                }
            }
            finally
            {
                CryptographicOperations.ZeroMemory(bytes);
            }
        }
    }

    /// <summary>True for file names that may hold a key: a key or certificate extension, an SSH key name, or "key"/"private" in a name without extension or ending in <c>.txt</c>.</summary>
    public static bool IsCandidate(ReadOnlySpan<char> name)
    {
        var dot = name.LastIndexOf('.');
        var ext = dot < 0 ? [] : name[dot..];
        foreach (var known in Extensions)
        {
            if (ext.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return !name.EndsWith(".pub", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (name.StartsWith("id_rsa", StringComparison.Ordinal) || name.StartsWith("id_ecdsa", StringComparison.Ordinal) ||
            name.StartsWith("id_dsa", StringComparison.Ordinal) || name.StartsWith("id_ed25519", StringComparison.Ordinal))
        {
            return !name.EndsWith(".pub", StringComparison.Ordinal);
        }

        return (dot < 0 || ext.Equals(".txt", StringComparison.OrdinalIgnoreCase)) &&
            (name.Contains("key", StringComparison.OrdinalIgnoreCase) || name.Contains("private", StringComparison.OrdinalIgnoreCase));
    }

    private static void Examine(string relative, string full, long maxBytes, List<PrivateKeyFact> keys, List<MetadataDiagnostic> diagnostics)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(full, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.None, BufferSize = 0 });
            var length = stream.Length;
            if (length > maxBytes)
            {
                return;
            }

            bytes = new byte[length];
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        try
        {
            List<PrivateKeyReader.Found> found;
            try
            {
                found = PrivateKeyReader.Read(bytes, Path.GetFileName(full));
            }
            catch (Exception ex) when (ex is CryptographicException or System.Formats.Asn1.AsnContentException or ArgumentException or FormatException or OverflowException or NotSupportedException)
            {
                // NOTE: the reader handles what it expects; this keeps a hostile file from stopping the scan.
                diagnostics.Add(new MetadataDiagnostic(DiagnosticCodes.UnreadableKey, DiagnosticLevel.Note, "this file could not be examined for private keys (" + ex.GetType().Name + ")", relative));
                return;
            }

            foreach (var key in found)
            {
                keys.Add(new PrivateKeyFact(relative, key.Kind, key.Encrypted, key.PublicKeySha256, key.Algorithm, key.KeySize));
                if (key.Unreadable)
                {
                    diagnostics.Add(new MetadataDiagnostic(
                        DiagnosticCodes.UnreadableKey,
                        DiagnosticLevel.Note,
                        $"this looks like a private key ({key.Kind}) but could not be read, so it cannot be matched to an app's certificate",
                        relative,
                        key.Line));
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    // NOTE: as in RepositoryWalker, only names are looked at for the entries left out, so most files cost no stat().
    private static bool Include(ref FileSystemEntry e) => e.IsDirectory || IsCandidate(e.FileName);

    private static Entry Transform(ref FileSystemEntry e) =>
        new(e.FileName.ToString(), e.IsDirectory, (e.Attributes & FileAttributes.ReparsePoint) != 0, e.IsDirectory ? 0 : e.Length);

    private readonly record struct Entry(string Name, bool IsDirectory, bool IsLink, long Length);
}
