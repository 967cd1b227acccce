// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace OAuthGuard.Salesforce.Crypto;

/// <summary>
/// Recognises private keys in the bytes of one file: PEM blocks (PKCS#8, encrypted PKCS#8, PKCS#1,
/// SEC1 EC, DSA, OpenSSH, with or without <c>Proc-Type: 4,ENCRYPTED</c>), DER keys, PKCS#12 and
/// OpenSSL <c>enc</c> output. Keys are imported only to compute their public key; every buffer
/// that held key material is wiped before returning, and nothing here ever puts key bytes in a
/// string or a message.
/// </summary>
internal static class PrivateKeyReader
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";
    private const string DsaOid = "1.2.840.10040.4.1";

    /// <summary>One key found: what it is, and the 1-based line of its PEM block (1 for binary files).</summary>
    internal readonly record struct Found(string Kind, bool Encrypted, string? PublicKeySha256, string? Algorithm, int KeySize, int Line, bool Unreadable);

    /// <summary>The keys in <paramref name="bytes"/>; <paramref name="fileName"/> decides only how an unrecognised <c>.enc</c> file is read.</summary>
    public static List<Found> Read(byte[] bytes, string fileName)
    {
        var found = new List<Found>();
        if (bytes.Length == 0)
        {
            return found;
        }

        if (bytes.AsSpan().IndexOf("-----BEGIN "u8) >= 0)
        {
            ReadPem(bytes, found);
            return found;
        }

        if (bytes.AsSpan().StartsWith("Salted__"u8) || bytes.AsSpan().StartsWith("U2FsdGVkX1"u8))
        {
            found.Add(new Found("encrypted-file", true, null, null, 0, 1, false));
            return found;
        }

        if (bytes[0] == 0x30 && ReadDer(bytes) is { } der)
        {
            found.Add(der);
            return found;
        }

        if (fileName.EndsWith(".enc", StringComparison.OrdinalIgnoreCase) && LooksLikeKeyName(fileName[..^4]))
        {
            // NOTE: an encrypted blob is opaque; the name (server.key.enc, jwt.pem.enc) is the evidence.
            found.Add(new Found("encrypted-file", true, null, null, 0, 1, false));
        }

        return found;
    }

    /// <summary>True when a name (without <c>.enc</c>) says it holds a key: a key extension, or "key" in it.</summary>
    public static bool LooksLikeKeyName(string name)
    {
        var ext = Path.GetExtension(name).ToLowerInvariant();
        return ext is ".key" or ".pem" or ".p8" or ".pk8" or ".p12" or ".pfx" or ".der" ||
            name.Contains("key", StringComparison.OrdinalIgnoreCase);
    }

    private static void ReadPem(byte[] bytes, List<Found> found)
    {
        // NOTE: latin-1 keeps one char per byte, so binary garbage cannot fail decoding and offsets stay simple.
        var lines = Encoding.Latin1.GetString(bytes).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith("-----BEGIN ", StringComparison.Ordinal) || !line.EndsWith("-----", StringComparison.Ordinal) || line.Length < 17)
            {
                continue;
            }

            var label = line[11..^5];
            if (!label.EndsWith("PRIVATE KEY", StringComparison.Ordinal))
            {
                continue;
            }

            var start = i;
            var encrypted = false;
            var body = new StringBuilder();
            var ended = false;
            for (i++; i < lines.Length; i++)
            {
                var l = lines[i].Trim();
                if (l.StartsWith("-----END ", StringComparison.Ordinal))
                {
                    ended = true;
                    break;
                }

                if (l.Contains(':', StringComparison.Ordinal))
                {
                    // RFC 1421 headers of the legacy OpenSSL format.
                    encrypted |= l.StartsWith("Proc-Type:", StringComparison.OrdinalIgnoreCase) && l.Contains("ENCRYPTED", StringComparison.OrdinalIgnoreCase);
                    continue;
                }

                body.Append(l);
            }

            found.Add(ended ? Classify(label, encrypted, body, start + 1) : new Found(KindOf(label), encrypted, null, null, 0, start + 1, true));
            body.Clear();
        }
    }

    private static string KindOf(string label) => label switch
    {
        "ENCRYPTED PRIVATE KEY" => "encrypted-pkcs8",
        "RSA PRIVATE KEY" => "pkcs1",
        "EC PRIVATE KEY" => "ec",
        "DSA PRIVATE KEY" => "dsa",
        "OPENSSH PRIVATE KEY" => "openssh",
        _ => "pkcs8",
    };

    private static Found Classify(string label, bool procEncrypted, StringBuilder base64, int line)
    {
        var kind = KindOf(label);
        if (kind == "encrypted-pkcs8" || procEncrypted)
        {
            return new Found(kind, true, null, null, 0, line, false);
        }

        var der = new byte[base64.Length * 3 / 4 + 3];
        try
        {
            if (!Convert.TryFromBase64String(base64.ToString(), der, out var written))
            {
                return new Found(kind, false, null, null, 0, line, true);
            }

            return kind switch
            {
                "pkcs1" => Rsa(kind, der.AsSpan(0, written), line) ?? new Found(kind, false, null, null, 0, line, true),
                "ec" => FromKey(kind, line, () => Import(ECDsa.Create(), k => k.ImportECPrivateKey(der.AsSpan(0, written), out _))),
                "openssh" => new Found(kind, OpenSshEncrypted(der.AsSpan(0, written)), null, null, 0, line, false),
                "dsa" => new Found(kind, false, null, "DSA", 0, line, false),
                _ => Pkcs8(der.AsSpan(0, written), line) ?? new Found(kind, false, null, null, 0, line, true),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    private static T Import<T>(T key, Action<T> import)
        where T : AsymmetricAlgorithm
    {
        try
        {
            import(key);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    private static Found FromKey(string kind, int line, Func<AsymmetricAlgorithm> create)
    {
        try
        {
            using var key = create();
            var algorithm = key switch
            {
                RSA => "RSA",
                ECDsa => "EC",
                DSA => "DSA",
                _ => null,
            };
            return new Found(kind, false, CertificateInspector.PublicKeyFingerprint(key.ExportSubjectPublicKeyInfo()), algorithm, key.KeySize, line, false);
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException or ArgumentException or NotSupportedException or PlatformNotSupportedException)
        {
            return new Found(kind, false, null, null, 0, line, true);
        }
    }

    /// <summary>
    /// An RSAPrivateKey (PKCS#1): the public key is its modulus and public exponent, read straight
    /// from the structure. NOTE: importing the key into RSA would cost milliseconds per key (OpenSSL
    /// checks the primes) and is not needed to know which certificate it belongs to. Null when the
    /// bytes are not an RSAPrivateKey.
    /// </summary>
    private static Found? Rsa(string kind, ReadOnlySpan<byte> der, int line)
    {
        var buffer = der.ToArray();
        try
        {
            var reader = new AsnReader(buffer, AsnEncodingRules.DER);
            var key = reader.ReadSequence();
            if (reader.HasData || !key.ReadInteger().IsZero)
            {
                return null;
            }

            var modulus = key.ReadIntegerBytes();
            var exponent = key.ReadIntegerBytes();
            // privateExponent, prime1, prime2, exponent1, exponent2, coefficient: present, not read.
            for (var i = 0; i < 6; i++)
            {
                key.ReadEncodedValue();
            }

            if (modulus.Span[0] >= 0x80 || exponent.Span[0] >= 0x80)
            {
                return null;
            }

            var spki = CertificateInspector.RsaSubjectPublicKeyInfo(modulus.Span, exponent.Span);
            return new Found(kind, false, CertificateInspector.PublicKeyFingerprint(spki), "RSA", CertificateInspector.BitLength(modulus.Span), line, false);
        }
        catch (AsnContentException)
        {
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static Found RsaInPkcs8(byte[] pkcs8, int line)
    {
        var octets = PrivateKeyOctets(pkcs8);
        try
        {
            return Rsa("pkcs8", octets, line) ?? new Found("pkcs8", false, null, null, 0, line, true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(octets);
        }
    }

    /// <summary>The privateKey OCTET STRING of a PrivateKeyInfo (its contents), or empty when absent.</summary>
    private static byte[] PrivateKeyOctets(byte[] pkcs8)
    {
        try
        {
            var info = new AsnReader(pkcs8, AsnEncodingRules.DER).ReadSequence();
            info.ReadInteger();
            info.ReadSequence();
            return info.ReadOctetString();
        }
        catch (AsnContentException)
        {
            return [];
        }
    }

    /// <summary>A DER PrivateKeyInfo: the algorithm OID picks the importer; null when the bytes are not one.</summary>
    private static Found? Pkcs8(ReadOnlySpan<byte> der, int line)
    {
        var copy = der.ToArray();
        string oid;
        try
        {
            var info = new AsnReader(copy, AsnEncodingRules.DER).ReadSequence();
            info.ReadInteger();
            oid = info.ReadSequence().ReadObjectIdentifier();
        }
        catch (AsnContentException)
        {
            CryptographicOperations.ZeroMemory(copy);
            return null;
        }

        try
        {
            return oid switch
            {
                RsaOid => RsaInPkcs8(copy, line),
                EcOid => FromKey("pkcs8", line, () => Import(ECDsa.Create(), k => k.ImportPkcs8PrivateKey(copy, out _))),
                DsaOid => FromKey("pkcs8", line, () => Import(DSA.Create(), k => k.ImportPkcs8PrivateKey(copy, out _))),
                "1.3.101.112" => new Found("pkcs8", false, null, "Ed25519", 256, line, false),
                _ => new Found("pkcs8", false, null, null, 0, line, false),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    /// <summary>A binary file starting with a DER SEQUENCE: PKCS#12, encrypted PKCS#8, PKCS#8, PKCS#1 or SEC1; null when it is none of these.</summary>
    private static Found? ReadDer(byte[] bytes)
    {
        AsnReader first;
        try
        {
            var outer = new AsnReader(bytes, AsnEncodingRules.BER).ReadSequence();
            first = outer;
            var tag = first.PeekTag();
            if (tag.HasSameClassAndValue(Asn1Tag.Sequence))
            {
                // EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING }
                first.ReadSequence();
                return first.PeekTag().HasSameClassAndValue(Asn1Tag.PrimitiveOctetString) || first.PeekTag().HasSameClassAndValue(Asn1Tag.ConstructedOctetString)
                    ? new Found("encrypted-pkcs8", true, null, null, 0, 1, false)
                    : null;
            }

            if (!tag.HasSameClassAndValue(Asn1Tag.Integer))
            {
                return null;
            }

            var version = first.ReadInteger();
            if (version == 3 && first.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                return Pkcs12(bytes);
            }
        }
        catch (AsnContentException)
        {
            return null;
        }

        if (Pkcs8(bytes, 1) is { Unreadable: false } pkcs8)
        {
            return pkcs8;
        }

        if (Rsa("pkcs1", bytes, 1) is { } rsa)
        {
            return rsa;
        }

        var ec = FromKey("ec", 1, () => Import(ECDsa.Create(), k => k.ImportECPrivateKey(bytes, out _)));
        return ec.Unreadable ? null : ec;
    }

    /// <summary>A PKCS#12 file: unencrypted when it opens with no password or an empty one.</summary>
    private static Found? Pkcs12(byte[] bytes)
    {
        foreach (var password in (string?[])[null, string.Empty])
        {
            X509Certificate2Collection collection;
            try
            {
                collection = X509CertificateLoader.LoadPkcs12Collection(bytes, password, X509KeyStorageFlags.EphemeralKeySet, Pkcs12LoaderLimits.Defaults);
            }
            catch (CryptographicException)
            {
                continue;
            }

            try
            {
                // The certificate paired with a private key carries that key's public half.
                var withKey = collection.FirstOrDefault(c => c.HasPrivateKey);
                if (withKey is null)
                {
                    return null;
                }

                var algorithm = withKey.PublicKey.Oid.Value switch
                {
                    RsaOid => "RSA",
                    EcOid => "EC",
                    DsaOid => "DSA",
                    _ => null,
                };
                int size;
                using (var rsa = withKey.GetRSAPublicKey())
                using (var ec = algorithm == "EC" ? withKey.GetECDsaPublicKey() : null)
                {
                    size = rsa?.KeySize ?? ec?.KeySize ?? 0;
                }

                return new Found("pkcs12", false, CertificateInspector.PublicKeyFingerprint(withKey.PublicKey), algorithm, size, 1, false);
            }
            finally
            {
                foreach (var c in collection)
                {
                    c.Dispose();
                }
            }
        }

        return new Found("pkcs12", true, null, null, 0, 1, false);
    }

    /// <summary>OpenSSH's own format: "openssh-key-v1\0", then the cipher name ("none" when unencrypted).</summary>
    private static bool OpenSshEncrypted(ReadOnlySpan<byte> blob)
    {
        var magic = "openssh-key-v1\0"u8;
        if (!blob.StartsWith(magic) || blob.Length < magic.Length + 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(blob[magic.Length..]);
        var cipher = blob[(magic.Length + 4)..];
        return length > (uint)cipher.Length || !cipher[..(int)length].SequenceEqual("none"u8);
    }
}
