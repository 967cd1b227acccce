# METADATA
# title: Require the consumer secret in the refresh token flow
# description: >-
#   A Connected App used by a server-side (private) client that can obtain refresh tokens
#   must require its consumer secret when a refresh token is exchanged for a new access
#   token, so that a stolen refresh token alone does not give lasting access.
# related_resources:
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm
#     description: ConnectedApp metadata type (Metadata API Developer Guide)
#   - ref: https://datatracker.ietf.org/doc/html/rfc6749#section-6
#     description: "RFC 6749 §6: refreshing an access token"
#   - ref: https://datatracker.ietf.org/doc/html/rfc9700
#     description: "RFC 9700: OAuth 2.0 Security Best Current Practice (refresh token protection)"
# custom:
#   id: SFOAUTH002
#   name: RequireSecretForRefreshTokenFlow
#   severity: critical
#   security_severity: 9.1
#   applies_to: [connectedApp]
#   remediation: >-
#     Set oauthConfig/isSecretRequiredForRefreshToken to true (in Setup, tick "Require Secret
#     for Refresh Token Flow"); where a legacy client cannot send the secret, enable refresh
#     token rotation and give refresh tokens a limited lifetime until it can.
#   help: |
#     ## Why it matters
#
#     A refresh token is a long-lived credential: it buys new access tokens long after the
#     user has gone. If the app need not prove its identity with the consumer secret when it
#     spends a refresh token, then a refresh token lifted from a device, a log file or a
#     backup works from any machine, and access continues silently until the token is
#     revoked. Changing the user's password does not stop it.
#
#     ## What OAuthGuard checks
#
#     For a Connected App with an `oauthConfig` and a scope that yields refresh tokens
#     (`RefreshToken`, or `OfflineAccess`), `oauthConfig/isSecretRequiredForRefreshToken`
#     should be `true` on a private client (or one whose type cannot be told). Public clients
#     are judged by SFOAUTH005.
#
#     ## How to fix it
#
#     ```xml
#     <oauthConfig>
#         ...
#         <isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>
#         <isRefreshTokenRotationEnabled>true</isRefreshTokenRotationEnabled>
#         <scopes>RefreshToken</scopes>
#     </oauthConfig>
#     ```
#
#     Also give refresh tokens a limited lifetime in the app's OAuth policies (Setup,
#     "Refresh Token Policy"); the exact metadata syntax for a lifetime
#     (`specific_lifetime:…`) is **unconfirmed**.
#
#     ## What lowers or raises the risk
#
#     Each of these lowers the severity by one step (never below low): refresh token
#     rotation is on (a stolen token dies at its first reuse); refresh tokens expire
#     immediately or after a set lifetime. These raise the risk and are named: refresh tokens
#     that never expire, IP restrictions relaxed, no secret in the web server flow either,
#     the `Full` scope, and pre-authorization for an administrator profile.
#
#     ## Assumptions
#
#     - The platform default when `isSecretRequiredForRefreshToken` is absent is believed to
#       be "required" (the Setup checkbox is ticked by default), but this is **unconfirmed**
#       and older files lack the element. An absent element is therefore not a violation: it
#       gets a note asking you to state the value explicitly.
#     - `OfflineAccess` is treated like `RefreshToken`; whether `Full` alone yields refresh
#       tokens is **unconfirmed**, so `Full` alone does not make the rule apply.
#     - Without an `oauthPolicy`, refresh tokens are assumed to be valid until revoked
#       (**unconfirmed** Setup default).
#     - The client type comes from `.oauthguard.yml` when declared, otherwise from weighed
#       evidence (certificate, client credentials flow, callbacks, mobile settings); ambiguous
#       and unknown apps are judged as private. The finding says which evidence decided.
package oauthguard.rules.refresh_token_flow_secret

import data.oauthguard.lib.client
import data.oauthguard.lib.connected_app as ca
import data.oauthguard.lib.findings
import data.oauthguard.lib.values

path := "oauthConfig/isSecretRequiredForRefreshToken"

compensating_checks := ["rotation", "refresh_limited"]

aggravating_checks := [
	"refresh_never_expires",
	"ip_relaxed",
	"secret_optional",
	"full_scope",
	"admin_profile",
]

# applicable(app): OAuth on, refresh tokens possible, and a client expected to keep a secret.
applicable(app) := ct if {
	ca.oauth_enabled(app)
	ca.issues_refresh_tokens(app)
	ct := ca.client_type(app)
	client.judged_private(ct)
}

deny contains finding if {
	some app in input.connectedApps
	ct := applicable(app)
	values.bool_state(ca.oauth_config(app), "isSecretRequiredForRefreshToken") == "false"
	text := sprintf(
		"Connected App %s issues refresh tokens but does not require its consumer secret to use them (%s = false), so a stolen refresh token works from anywhere; %s.",
		[app.name, path, client.describe(ct)],
	)
	finding := findings.new(
		app, ca.kind, app.file, path, "critical", text,
		ca.aggravating(app, aggravating_checks),
		ca.compensating(app, compensating_checks),
	)
}

deny contains finding if {
	some app in input.connectedApps
	ct := applicable(app)
	values.bool_state(ca.oauth_config(app), "isSecretRequiredForRefreshToken") == "absent"
	text := sprintf(
		"Connected App %s issues refresh tokens and does not set %s, so the platform default (believed to be true, unconfirmed) applies; %s. Set it to true explicitly.",
		[app.name, path, client.describe(ct)],
	)
	finding := findings.fixed(app, ca.kind, app.file, path, "note", text)
}

deny contains finding if {
	some app in input.connectedApps
	applicable(app)
	oc := ca.oauth_config(app)
	values.bool_state(oc, "isSecretRequiredForRefreshToken") == "invalid"
	text := sprintf(
		"Connected App %s has %s = %s, which is neither true nor false, so OAuthGuard cannot tell whether refresh tokens need the consumer secret; make sure the deployed value is true.",
		[app.name, path, values.show(oc.isSecretRequiredForRefreshToken)],
	)
	finding := findings.fixed(app, ca.kind, app.file, path, "note", text)
}

# explain(app) says why the rule has no finding for a Connected App (oauthguard explain-app).
explain(app) := {"verdict": "not_applicable", "why": "the app has no oauthConfig, so it does no OAuth"} if {
	not ca.oauth_enabled(app)
} else := {"verdict": "not_applicable", "why": "no requested scope yields refresh tokens (RefreshToken or OfflineAccess)"} if {
	not ca.issues_refresh_tokens(app)
} else := {"verdict": "not_applicable", "why": sprintf("a public client cannot keep a secret; SFOAUTH005 judges it instead (%s)", [client.describe(ct)])} if {
	ct := ca.client_type(app)
	client.is_public(ct)
} else := {"verdict": "passed", "why": sprintf("%s = true: refresh tokens need the consumer secret", [path])}
