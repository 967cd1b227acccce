// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using OAuthGuard.Salesforce.Crypto;
using OAuthGuard.Salesforce.Parsing;

namespace OAuthGuard.Salesforce.Model;

/// <summary>What a consumer key or secret element holds.</summary>
public enum SecretState
{
    /// <summary>The element is not in the file.</summary>
    Absent,

    /// <summary>The element is present but empty or whitespace (<c>&lt;consumerKey/&gt;</c>).</summary>
    Empty,

    /// <summary>A template placeholder (see <see cref="PlaceholderDetector"/>).</summary>
    Placeholder,

    /// <summary>Anything else: a value that may be real.</summary>
    Literal,
}

/// <summary>What a certificate element holds.</summary>
public enum CertificateState
{
    /// <summary>The element is not in the file.</summary>
    Absent,

    /// <summary>The element is present but empty.</summary>
    Empty,

    /// <summary>A placeholder, or text that is not base64/PEM (a file name, a certificate label).</summary>
    Placeholder,

    /// <summary>Base64 or PEM text: a certificate is configured.</summary>
    Present,
}

/// <summary>Facts about a Connected App, computed once from its raw values.</summary>
/// <param name="OAuthEnabled">True when <c>oauthConfig</c> is present.</param>
/// <param name="CallbackUrls">The callback URLs: <c>oauthConfig/callbackUrl</c> split on line breaks and commas, trimmed, empty entries dropped.</param>
/// <param name="ConsumerSecret">What <c>oauthConfig/consumerSecret</c> holds.</param>
/// <param name="ConsumerKey">What <c>oauthConfig/consumerKey</c> holds.</param>
/// <param name="Certificate">What <c>oauthConfig/certificate</c> holds.</param>
/// <param name="Mobile">True when <c>mobileAppConfig</c> or <c>mobileStartUrl</c> is present.</param>
public sealed record ConnectedAppFacts(
    bool OAuthEnabled,
    IReadOnlyList<string> CallbackUrls,
    SecretState ConsumerSecret,
    SecretState ConsumerKey,
    CertificateState Certificate,
    bool Mobile)
{
    /// <summary>What the certificate says about itself, when <see cref="Certificate"/> is <see cref="CertificateState.Present"/> and it parses.</summary>
    public CertificateInfo? CertificateInfo { get; init; }

    /// <summary>Why a <see cref="CertificateState.Present"/> certificate could not be read, when it could not.</summary>
    public string? CertificateError { get; init; }
}

/// <summary>Facts about an External Client App, computed once from the raw values of its parts.</summary>
/// <param name="CallbackUrls">The global OAuth settings' <c>callbackUrl</c>, split like a Connected App's.</param>
/// <param name="Scopes">The OAuth settings' <c>commaSeparatedOauthScopes</c>, split on commas and trimmed.</param>
/// <param name="ConsumerSecret">What the global OAuth settings' <c>consumerSecret</c> holds.</param>
/// <param name="ConsumerKey">What the global OAuth settings' <c>consumerKey</c> holds.</param>
/// <param name="Certificate">What the global OAuth settings' <c>certificate</c> holds.</param>
/// <param name="ParentMissing">True when no <c>.eca</c> file for this app is in the repository.</param>
public sealed record ExternalClientAppFacts(
    IReadOnlyList<string> CallbackUrls,
    IReadOnlyList<string> Scopes,
    SecretState ConsumerSecret,
    SecretState ConsumerKey,
    CertificateState Certificate,
    bool ParentMissing)
{
    /// <summary>What the certificate says about itself, when <see cref="Certificate"/> is <see cref="CertificateState.Present"/> and it parses.</summary>
    public CertificateInfo? CertificateInfo { get; init; }

    /// <summary>Why a <see cref="CertificateState.Present"/> certificate could not be read, when it could not.</summary>
    public string? CertificateError { get; init; }
}

/// <summary>Computes the derived facts; the only place where raw values are interpreted.</summary>
internal static class FactsCalculator
{
    private static readonly char[] CallbackSeparators = ['\n', '\r', ','];

    public static ConnectedAppFacts ForConnectedApp(MetadataElement root)
    {
        var oauth = root.Element("oauthConfig");
        var certificate = oauth?.Element("certificate");
        var state = Certificate(certificate);
        var info = Inspect(certificate, state, out var error);
        return new ConnectedAppFacts(
            oauth is not null,
            SplitCallbacks(oauth?.Element("callbackUrl")),
            Secret(oauth?.Element("consumerSecret")),
            Secret(oauth?.Element("consumerKey")),
            state,
            root.Element("mobileAppConfig") is not null || root.Element("mobileStartUrl") is not null)
        {
            CertificateInfo = info,
            CertificateError = error,
        };
    }

    public static ExternalClientAppFacts ForExternalClientApp(MetadataElement? globalOauth, MetadataElement? oauthSettings, bool parentMissing)
    {
        var scopes = oauthSettings?.Element("commaSeparatedOauthScopes")?.Text ?? string.Empty;
        var certificate = globalOauth?.Element("certificate");
        var state = Certificate(certificate);
        var info = Inspect(certificate, state, out var error);
        return new ExternalClientAppFacts(
            SplitCallbacks(globalOauth?.Element("callbackUrl")),
            scopes.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Secret(globalOauth?.Element("consumerSecret")),
            Secret(globalOauth?.Element("consumerKey")),
            state,
            parentMissing)
        {
            CertificateInfo = info,
            CertificateError = error,
        };
    }

    /// <summary>Parses a certificate the reader calls present; placeholders and empty values are never parsed.</summary>
    internal static CertificateInfo? Inspect(MetadataElement? element, CertificateState state, out string? error)
    {
        error = null;
        if (state != CertificateState.Present || element?.Text is not { } text)
        {
            return null;
        }

        var info = CertificateInspector.TryInspect(text, out var why);
        error = info is null ? why : null;
        return info;
    }

    internal static IReadOnlyList<string> SplitCallbacks(MetadataElement? element) =>
        (element?.Text ?? string.Empty).Split(CallbackSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    internal static SecretState Secret(MetadataElement? element)
    {
        if (element is null)
        {
            return SecretState.Absent;
        }

        var text = element.Text ?? string.Empty;
        return string.IsNullOrWhiteSpace(text) ? SecretState.Empty
            : PlaceholderDetector.IsPlaceholder(text) ? SecretState.Placeholder
            : SecretState.Literal;
    }

    internal static CertificateState Certificate(MetadataElement? element)
    {
        if (element is null)
        {
            return CertificateState.Absent;
        }

        var text = element.Text ?? string.Empty;
        return string.IsNullOrWhiteSpace(text) ? CertificateState.Empty
            : PlaceholderDetector.IsPlaceholder(text) || !PlaceholderDetector.LooksLikeCertificate(text) ? CertificateState.Placeholder
            : CertificateState.Present;
    }
}
