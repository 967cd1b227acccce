// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using System.Collections.Frozen;
using OAuthGuard.Salesforce.Schema;

namespace OAuthGuard.Salesforce.Discovery;

/// <summary>How a metadata file is laid out on disk.</summary>
public enum MetadataFormat
{
    /// <summary>Salesforce DX source format: <c>X.connectedApp-meta.xml</c>.</summary>
    Source,

    /// <summary>Metadata API format: <c>X.connectedApp</c>.</summary>
    Mdapi,
}

/// <summary>
/// One metadata type OAuthGuard reads: its Metadata API name, root element, file suffix and,
/// for External Client App parts, the key it has in the input document.
/// </summary>
public sealed class MetadataKind
{
    private MetadataKind(string typeName, string suffix, string? partKey)
    {
        TypeName = typeName;
        Suffix = suffix;
        PartKey = partKey;
    }

    /// <summary>The Metadata API type name, which is also the root element name.</summary>
    public string TypeName { get; }

    /// <summary>The file suffix without the dot and without <c>-meta.xml</c> (case-sensitive, as in the Salesforce CLI registry).</summary>
    public string Suffix { get; }

    /// <summary>The key under which this part appears in an External Client App (<c>eca</c>, <c>globalOauth</c>, …); null for Connected Apps.</summary>
    public string? PartKey { get; }

    /// <summary>True for every External Client App type, including the <c>.eca</c> file itself.</summary>
    public bool IsExternalClientAppPart => PartKey is not null;

    /// <summary>The WSDL declaration of the root element, or null when the WSDL does not declare the type.</summary>
    internal ComplexTypeSpec? RootSpec { get; private init; }

    /// <summary>Connected App (<c>.connectedApp</c>).</summary>
    public static MetadataKind ConnectedApp { get; } = new("ConnectedApp", "connectedApp", null) { RootSpec = ConnectedAppSchema.Root };

    /// <summary>The External Client App itself (<c>.eca</c>).</summary>
    public static MetadataKind ExternalClientApplication { get; } =
        new("ExternalClientApplication", "eca", "eca") { RootSpec = ExternalClientAppSchemas.Application };

    /// <summary>Every kind, in the order External Client App parts are written in the input document.</summary>
    public static IReadOnlyList<MetadataKind> All { get; } =
    [
        ConnectedApp,
        ExternalClientApplication,
        new("ExtlClntAppGlobalOauthSettings", "ecaGlblOauth", "globalOauth") { RootSpec = ExternalClientAppSchemas.GlobalOauth },
        new("ExtlClntAppOauthSettings", "ecaOauth", "oauthSettings") { RootSpec = ExternalClientAppSchemas.OauthSettings },
        new("ExtlClntAppOauthConfigurablePolicies", "ecaOauthPlcy", "oauthPolicies") { RootSpec = ExternalClientAppSchemas.OauthPolicies },
        new("ExtlClntAppConfigurablePolicies", "ecaPlcy", "policies") { RootSpec = ExternalClientAppSchemas.Policies },
        new("ExtlClntAppOauthSecuritySettings", "ecaOauthSecurity", "oauthSecurity"),
        new("ExtlClntAppMobileSettings", "ecaMobile", "mobile"),
        new("ExtlClntAppMobileConfigurablePolicies", "ecaMobilePlcy", "mobilePolicies"),
        new("ExtlClntAppNotificationSettings", "ecaNotifications", "notifications"),
        new("ExtlClntAppPushSettings", "ecaPush", "push"),
        new("ExtlClntAppPushConfigurablePolicies", "ecaPushPlcy", "pushPolicies"),
        new("ExtlClntAppSamlConfigurablePolicies", "ecaSamlPlcy", "samlPolicies") { RootSpec = ExternalClientAppSchemas.SamlPolicies },
        new("ExtlClntAppCanvasSettings", "ecaCanvas", "canvas"),
    ];

    private static readonly FrozenDictionary<string, MetadataKind> BySuffix = All.ToFrozenDictionary(k => k.Suffix, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, MetadataKind> ByRoot = All.ToFrozenDictionary(k => k.TypeName, StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, MetadataKind>.AlternateLookup<ReadOnlySpan<char>> BySuffixSpan =
        BySuffix.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A fast, allocation-free pre-check used while walking: could this file name be a metadata file?</summary>
    internal static bool IsCandidate(ReadOnlySpan<char> fileName)
    {
        if (fileName.EndsWith("-meta.xml", StringComparison.Ordinal))
        {
            fileName = fileName[..^"-meta.xml".Length];
        }

        var dot = fileName.LastIndexOf('.');
        return dot > 0 && BySuffixSpan.ContainsKey(fileName[(dot + 1)..]);
    }

    /// <summary>The kind whose root element has this local name, if any.</summary>
    public static MetadataKind? FromRootElement(string localName) => ByRoot.GetValueOrDefault(localName);

    /// <summary>
    /// Matches a file name the way the Salesforce CLI does: exact, case-sensitive suffix, in any folder.
    /// <c>Billing.connectedApp-meta.xml</c> is source format, <c>Billing.connectedApp</c> metadata-API format.
    /// </summary>
    public static bool TryMatch(string fileName, out MetadataKind kind, out MetadataFormat format, out string fullName)
    {
        const string MetaXml = "-meta.xml";
        var stem = fileName;
        format = MetadataFormat.Mdapi;
        if (fileName.EndsWith(MetaXml, StringComparison.Ordinal))
        {
            stem = fileName[..^MetaXml.Length];
            format = MetadataFormat.Source;
        }

        var dot = stem.LastIndexOf('.');
        if (dot > 0 && BySuffix.TryGetValue(stem[(dot + 1)..], out var found))
        {
            kind = found;
            fullName = stem[..dot];
            return true;
        }

        kind = ConnectedApp;
        fullName = string.Empty;
        return false;
    }
}
