// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using static OAuthGuard.Salesforce.Schema.FieldSpec;

namespace OAuthGuard.Salesforce.Schema;

/// <summary>
/// The ConnectedApp type as the Metadata API WSDL (version 63.0) declares it: element names,
/// value types and which elements repeat. Source: shared/salesforce-metadata.md §B.1–B.3.
/// </summary>
internal static class ConnectedAppSchema
{
    private static readonly EnumSpec AccessScope = new(
        "ConnectedAppOauthAccessScope",
        "Basic", "Api", "Web", "Full", "Chatter", "CustomApplications", "RefreshToken", "OpenID", "Profile", "Email",
        "Address", "Phone", "OfflineAccess", "CustomPermissions", "Wave", "Eclair", "Pardot", "Lightning", "Content",
        "CDPIngest", "CDPProfile", "CDPQuery", "Chatbot", "CDPSegment", "CDPIdentityResolution", "CDPCalculatedInsight",
        "ForgotPassword", "UserRegistration", "SFAP", "Interaction", "CDP", "EinsteinGPT", "PwdlessLogin");

    private static readonly ComplexTypeSpec OauthConfig = new(
        "ConnectedAppOauthConfig",
        Obj("assetTokenConfig", new ComplexTypeSpec(
            "ConnectedAppOauthAssetToken",
            Str("assetAudiences"), Bool("assetIncludeAttributes"), Bool("assetIncludeCustomPerms"),
            Str("assetSigningCertId"), Int("assetValidityPeriod"))),
        Str("callbackUrl"),
        Str("certificate"),
        Str("consumerKey"),
        Str("consumerSecret"),
        Obj("idTokenConfig", new ComplexTypeSpec(
            "ConnectedAppOauthIdToken",
            Str("idTokenAudience"), Bool("idTokenIncludeAttributes"), Bool("idTokenIncludeCustomPerms"),
            Bool("idTokenIncludeStandardClaims"), Int("idTokenValidity"))),
        Bool("isAdminApproved"),
        Bool("isClientCredentialEnabled"),
        Bool("isCodeCredentialEnabled"),
        Bool("isCodeCredentialPostOnly"),
        Bool("isConsumerSecretOptional"),
        Bool("isIntrospectAllTokens"),
        Bool("isNamedUserJwtEnabled"),
        Bool("isPkceRequired"),
        Bool("isRefreshTokenRotationEnabled"),
        Bool("isSecretRequiredForRefreshToken"),
        Bool("isSecretRequiredForTokenExchange"),
        Bool("isTokenExchangeEnabled"),
        Str("oauthClientCredentialUser"),
        Enum("scopes", AccessScope).Many(),
        Str("singleLogoutUrl"));

    private static readonly ComplexTypeSpec OauthPolicy = new(
        "ConnectedAppOauthPolicy",
        Str("ipRelaxation"), Bool("isTokenExchangeFlowEnabled"), Str("refreshTokenPolicy"), Str("singleLogoutUrl"));

    private static readonly ComplexTypeSpec CanvasConfig = new(
        "ConnectedAppCanvasConfig",
        Enum("accessMethod", new EnumSpec("AccessMethod", "Get", "Post")),
        Str("canvasUrl"),
        Str("lifecycleClass"),
        Enum("locations", new EnumSpec(
            "CanvasLocationOptions",
            "None", "Chatter", "UserProfile", "Visualforce", "Aura", "Publisher", "ChatterFeed", "ServiceDesk",
            "OpenCTI", "AppLauncher", "MobileNav", "PageLayout")).Many(),
        Enum("options", new EnumSpec("CanvasOptions", "HideShare", "HideHeader", "PersonalEnabled")).Many(),
        Enum("samlInitiationMethod", new EnumSpec("SamlInitiationMethod", "None", "IdpInitiated", "SpInitiated")));

    private static readonly ComplexTypeSpec MobileAppConfig = new(
        "ConnectedAppMobileDetailConfig",
        Str("applicationBinaryFile"), Str("applicationBinaryFileName"), Str("applicationBundleIdentifier"),
        Int("applicationFileLength"), Str("applicationIconFile"), Str("applicationIconFileName"),
        Str("applicationInstallUrl"),
        Enum("devicePlatform", new EnumSpec("DevicePlatformType", "ios", "android")),
        Enum("deviceType", new EnumSpec("DeviceType", "phone", "tablet", "minitablet")),
        Str("minimumOsVersion"), Bool("privateApp"), Str("version"));

    private static readonly ComplexTypeSpec SamlConfig = new(
        "ConnectedAppSamlConfig",
        Str("acsUrl"), Str("certificate"), Str("encryptionCertificate"),
        Enum("encryptionType", new EnumSpec("SamlEncryptionType", "AES_128", "AES_256", "Triple_Des")),
        Str("entityUrl"), Str("issuer"),
        Enum("samlIdpSLOBindingEnum", new EnumSpec("SamlIdpSLOBinding", "RedirectBinding", "PostBinding")),
        Enum("samlNameIdFormat", new EnumSpec("SamlNameIdFormatType", "Unspecified", "EmailAddress", "Persistent", "Transient")),
        Enum("samlSigningAlgoType", new EnumSpec("SamlSigningAlgoType", "SHA1", "SHA256")),
        Str("samlSloUrl"), Str("samlSubjectCustomAttr"),
        Enum("samlSubjectType", new EnumSpec(
            "SamlSubjectType", "Username", "FederationId", "UserId", "SpokeId", "CustomAttribute", "PersistentId")));

    /// <summary>The root type of <c>X.connectedApp-meta.xml</c>.</summary>
    public static readonly ComplexTypeSpec Root = new(
        "ConnectedApp",
        Str("fullName"),
        Obj("attributes", new ComplexTypeSpec("ConnectedAppAttribute", Str("formula"), Str("key"))).Many(),
        Obj("canvas", new ComplexTypeSpec("CanvasMetadata")),
        Obj("canvasConfig", CanvasConfig),
        Str("contactEmail"),
        Str("contactPhone"),
        Str("description"),
        Str("iconUrl"),
        Str("infoUrl"),
        Obj("ipRanges", new ComplexTypeSpec("ConnectedAppIpRange", Str("description"), Str("end"), Str("start"))).Many(),
        Str("label"),
        Str("logoUrl"),
        Obj("mobileAppConfig", MobileAppConfig),
        Str("mobileStartUrl"),
        Obj("oauthConfig", OauthConfig),
        Obj("oauthPolicy", OauthPolicy),
        Str("permissionSetName").Many(),
        Str("plugin"),
        Str("pluginExecutionUser"),
        Str("profileName").Many(),
        Obj("samlConfig", SamlConfig),
        Obj("sessionPolicy", new ComplexTypeSpec(
            "ConnectedAppSessionPolicy", Str("policyAction"), Str("sessionLevel"), Int("sessionTimeout"))),
        Str("startUrl"));
}
