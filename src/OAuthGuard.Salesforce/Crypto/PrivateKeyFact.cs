// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

namespace OAuthGuard.Salesforce.Crypto;

/// <summary>
/// A private key found in the repository by <see cref="PrivateKeySearch"/>. Only derived facts are
/// kept; the key's bytes are read, used to compute the public key, wiped and never stored.
/// </summary>
/// <param name="File">Repository-relative path with forward slashes.</param>
/// <param name="Kind">
/// <c>pkcs8</c> (<c>BEGIN PRIVATE KEY</c> or DER PrivateKeyInfo), <c>pkcs1</c> (<c>BEGIN RSA PRIVATE KEY</c>
/// or DER RSAPrivateKey), <c>ec</c> (<c>BEGIN EC PRIVATE KEY</c>), <c>dsa</c>, <c>openssh</c>,
/// <c>encrypted-pkcs8</c> (<c>BEGIN ENCRYPTED PRIVATE KEY</c>), <c>pkcs12</c> (<c>.p12</c>/<c>.pfx</c>),
/// <c>encrypted-file</c> (OpenSSL <c>enc</c> output such as <c>server.key.enc</c>).
/// </param>
/// <param name="Encrypted">True when the key cannot be used without a password (encrypted PKCS#8,
/// <c>Proc-Type: 4,ENCRYPTED</c>, a password-protected PKCS#12, an encrypted file).</param>
/// <param name="PublicKeySha256">Lower-case hex SHA-256 of the key's DER SubjectPublicKeyInfo, when it could be derived
/// (equal to <see cref="CertificateInfo.PublicKeySha256"/> of the certificate it belongs to).</param>
/// <param name="KeyAlgorithm"><c>RSA</c>, <c>EC</c>, <c>DSA</c>, <c>Ed25519</c>, … when known.</param>
/// <param name="KeySize">Key size in bits, 0 when unknown.</param>
public sealed record PrivateKeyFact(string File, string Kind, bool Encrypted, string? PublicKeySha256, string? KeyAlgorithm, int KeySize);
