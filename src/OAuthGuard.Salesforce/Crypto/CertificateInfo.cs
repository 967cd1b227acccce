// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

namespace OAuthGuard.Salesforce.Crypto;

/// <summary>
/// What a committed X.509 certificate says about itself, derived by <see cref="CertificateInspector"/>.
/// Only public data: a certificate holds no secret.
/// </summary>
/// <param name="Subject">The subject distinguished name as .NET renders it (<c>CN=billing-jwt, O=Example</c>).</param>
/// <param name="Issuer">The issuer distinguished name.</param>
/// <param name="SelfSigned">True when subject equals issuer and the signature verifies with the certificate's own public key.</param>
/// <param name="NotBefore">Start of validity, UTC.</param>
/// <param name="NotAfter">End of validity, UTC.</param>
/// <param name="KeyAlgorithm"><c>RSA</c>, <c>EC</c>, <c>DSA</c>, or the public key algorithm's OID when it is none of these.</param>
/// <param name="KeySize">The key size in bits (modulus for RSA, field size for EC); 0 when unknown.</param>
/// <param name="SignatureAlgorithm">A name such as <c>SHA256withRSA</c>, <c>SHA1withRSA</c>, <c>SHA256withECDSA</c>, <c>RSASSA-PSS</c>, or the OID.</param>
/// <param name="SignatureHash"><c>MD5</c>, <c>SHA-1</c>, <c>SHA-256</c>, <c>SHA-384</c>, <c>SHA-512</c>, or <c>unknown</c>.</param>
/// <param name="PublicKeySha256">Lower-case hex SHA-256 of the DER SubjectPublicKeyInfo: equal for a certificate and its private key.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole certificate (its usual fingerprint).</param>
public sealed record CertificateInfo(
    string Subject,
    string Issuer,
    bool SelfSigned,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string KeyAlgorithm,
    int KeySize,
    string SignatureAlgorithm,
    string SignatureHash,
    string PublicKeySha256,
    string Sha256);
