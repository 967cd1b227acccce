// Copyright (c) OAuthGuard contributors. Licensed under the MIT License.

using static OAuthGuard.Salesforce.Schema.FieldSpec;

namespace OAuthGuard.Salesforce.Schema;

/// <summary>
/// The External Client App family as the Metadata API WSDL (version 63.0) declares it
/// (shared/salesforce-metadata.md §B.4–B.7). Types the WSDL does not declare yet
/// (<c>ExtlClntAppOauthSecuritySettings</c>, mobile, push, notification, canvas) have no
/// table: their elements are kept as text.
/// </summary>
internal static class ExternalClientAppSchemas
{
    /// <summary><c>ExternalClientApplication</c> (<c>.eca</c>). <c>distributionState</c> and <c>managedType</c> are
    /// enumerations in the documentation, but their WSDL names and full value lists are unconfirmed, so they stay strings.</summary>
    public static readonly ComplexTypeSpec Application = new(
        "ExternalClientApplication",
        Str("fullName"), Str("contactEmail"), Str("contactPhone"), Str("description"), Str("distributionState"),
        Str("iconUrl"), Str("infoUrl"), Bool("isProtected"), Str("label"), Str("logoUrl"), Str("managedType"),
        Str("orgScopedExternalApp"));

    /// <summary><c>ExtlClntAppGlobalOauthSettings</c> (<c>.ecaGlblOauth</c>).</summary>
    public static readonly ComplexTypeSpec GlobalOauth = new(
        "ExtlClntAppGlobalOauthSettings",
        Str("fullName"),
        Str("callbackUrl"),
        Str("certificate"),
        Str("consumerKey"),
        Str("consumerSecret"),
        Str("externalClientApplication"),
        Obj("idTokenConfig", new ComplexTypeSpec(
            "ExternalAppIdTokenConfig",
            Str("idTokenAudience"), Bool("idTokenIncludeAttributes"), Bool("idTokenIncludeCustomPermissions"),
            Bool("idTokenIncludeStandardClaims"), Int("idTokenValidityInMinutes"))),
        Bool("isClientCredentialsFlowEnabled"),
        Bool("isCodeCredFlowEnabled"),
        Bool("isCodeCredPostOnly"),
        Bool("isConsumerSecretOptional"),
        Bool("isDeviceFlowEnabled"),
        Bool("isIntrospectAllTokens"),
        Bool("isNamedUserJwtEnabled"),
        Bool("isPkceRequired"),
        Bool("isRefreshTokenRotationEnabled"),
        Bool("isSecretRequiredForRefreshToken"),
        Bool("isSecretRequiredForTokenExchange"),
        Bool("isTokenExchangeEnabled"),
        Str("label"),
        Bool("shouldRotateConsumerKey"),
        Bool("shouldRotateConsumerSecret"));

    /// <summary><c>ExtlClntAppOauthConfigurablePolicies</c> (<c>.ecaOauthPlcy</c>).</summary>
    public static readonly ComplexTypeSpec OauthPolicies = new(
        "ExtlClntAppOauthConfigurablePolicies",
        Str("fullName"),
        Str("apexHandler"),
        Str("clientCredentialsFlowUser"),
        Str("commaSeparatedCustomScopes"),
        Str("commaSeparatedPermissionSet"),
        Str("commaSeparatedProfile"),
        Obj("customAttributes", new ComplexTypeSpec("ExtlClntAppOauthPoliciesAttribute", Str("formula"), Str("key"))).Many(),
        Str("executeHandlerAs"),
        Str("externalClientApplication"),
        Int("guestJwtTimeout"),
        Str("ipRelaxationPolicyType"),
        Bool("isClientCredentialsFlowEnabled"),
        Bool("isGuestCodeCredFlowEnabled"),
        Bool("isNamedUserJwtEnabled"),
        Bool("isTokenExchangeFlowEnabled"),
        Str("label"),
        Int("namedUserJwtTimeout"),
        Enum("permittedUsersPolicyType", new EnumSpec("PermittedUsersPolicyType", "AllSelfAuthorized", "AdminApprovedPreAuthorized")),
        Enum("policyAction", new EnumSpec("PolicyAction", "Block", "RaiseSessionLevel")),
        Enum("refreshTokenPolicyType", new EnumSpec("RefreshTokenPolicyType", "Infinite", "Zero", "SpecificLifetime", "SpecificInactivity")),
        Int("refreshTokenValidityPeriod"),
        Str("refreshTokenValidityUnit"),
        Enum("requiredSessionLevel", new EnumSpec("SessionSecurityLevel", "LOW", "STANDARD", "HIGH_ASSURANCE")),
        Int("sessionTimeoutInMinutes"),
        Str("singleLogoutUrl"),
        Str("startUrl"));

    /// <summary><c>ExtlClntAppOauthSettings</c> (<c>.ecaOauth</c>).</summary>
    public static readonly ComplexTypeSpec OauthSettings = new(
        "ExtlClntAppOauthSettings",
        Str("fullName"),
        Bool("areAttributesIncludedInAssetToken"),
        Bool("areCustomPermsIncludedInAssetToken"),
        Str("assetTokenAudiences"),
        Str("assetTokenSigningCertificate"),
        Int("assetTokenValidity"),
        Str("clientAssertionCertificate"),
        Str("commaSeparatedCustomScopes"),
        Str("commaSeparatedOauthScopes"),
        Obj("customAttributes", new ComplexTypeSpec("ExtlClntAppOauthSettingsAttribute", Str("formula"), Str("key"))).Many(),
        Str("externalClientApplication"),
        Bool("isFirstPartyAppEnabled"),
        Str("label"),
        Str("oauthLink"),
        Str("singleLogoutUrl"),
        Obj("trustedIpRanges", new ComplexTypeSpec(
            "ExtlClntAppOauthIpRange", Str("description"), Str("endIpAddress"), Str("startIpAddress"))).Many());

    /// <summary><c>ExtlClntAppConfigurablePolicies</c> (<c>.ecaPlcy</c>).</summary>
    public static readonly ComplexTypeSpec Policies = new(
        "ExtlClntAppConfigurablePolicies",
        Str("fullName"),
        Str("externalClientApplication"),
        Bool("isEnabled"),
        Bool("isMobilePluginEnabled"),
        Bool("isNotificationPluginEnabled"),
        Bool("isOauthPluginEnabled"),
        Bool("isPushPluginEnabled"),
        Bool("isSamlPluginEnabled"),
        Str("label"),
        Enum("startPage", new EnumSpec("ExtlClntAppStartPage", "None", "Custom", "OAuth", "SAML")),
        Str("startUrl"));

    /// <summary><c>ExtlClntAppSamlConfigurablePolicies</c> (<c>.ecaSamlPlcy</c>); its enumerations stay strings
    /// because their value lists were not captured from the WSDL.</summary>
    public static readonly ComplexTypeSpec SamlPolicies = new(
        "ExtlClntAppSamlConfigurablePolicies",
        Str("fullName"), Str("acsUrl"), Str("certificate"), Str("commaSeparatedPermissionSet"), Str("commaSeparatedProfile"),
        Obj("customAttributes", new ComplexTypeSpec("ExtlClntAppSamlConfigurablePoliciesAttribute", Str("formula"), Str("key"))).Many(),
        Str("encryptionCertificate"), Str("encryptionType"), Str("entityUrl"), Str("externalClientApplication"), Str("issuer"),
        Str("label"), Str("nameIdFormat"), Str("signingAlgorithmType"), Str("singleLogoutBindingType"), Str("singleLogoutUrl"),
        Str("startUrl"), Str("subjectCustomAttribute"), Str("subjectType"));
}
