# METADATA
# title: Authorization code and credentials flow settings match the client type
# description: >-
#   A Connected App's secret and PKCE settings must fit the kind of client using it: a
#   public client (browser extension, mobile or desktop app) cannot keep a secret and must
#   require PKCE; the authorization code and credentials flow itself should be enabled.
# related_resources:
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm
#     description: ConnectedApp metadata type (Metadata API Developer Guide)
#   - ref: https://datatracker.ietf.org/doc/html/rfc7636
#     description: "RFC 7636: Proof Key for Code Exchange (PKCE)"
#   - ref: https://datatracker.ietf.org/doc/html/rfc8252
#     description: "RFC 8252: OAuth 2.0 for native apps"
# custom:
#   id: SFOAUTH005
#   name: AuthorizationCodeAndCredentialsFlowSettings
#   severity: critical
#   security_severity: 9.2
#   applies_to: [connectedApp]
#   remediation: >-
#     For a public client, set oauthConfig/isPkceRequired to true, isConsumerSecretOptional to
#     true and isSecretRequiredForRefreshToken to false, and ship no secret in the app. For a
#     private client, require both secrets (SFOAUTH001, SFOAUTH002). Enable the flow with
#     oauthConfig/isCodeCredentialEnabled (and isCodeCredentialPostOnly) where it is used.
#   help: |
#     ## Why it matters
#
#     Whether a secret protects anything depends on who holds it. A server can keep a
#     secret; a browser extension or a mobile app cannot, because anyone can unpack it. A
#     public client that neither has a secret nor requires PKCE lets anyone who intercepts
#     an authorization code (another app registered for the same custom scheme, a
#     malicious extension) redeem it. A public client that is made to send a secret only
#     gives the secret away.
#
#     ## What OAuthGuard checks
#
#     For a Connected App with an `oauthConfig`:
#
#     - **Public client** (declared in `.oauthguard.yml`, or decided by the evidence:
#       custom-scheme or browser-extension callbacks and mobile settings are strong evidence,
#       loopback callbacks and "secret optional plus PKCE" weak evidence that a certificate or
#       the client credentials flow outweighs): `oauthConfig/isPkceRequired` must be `true` (critical when `false`, one step
#       lower when absent, because the default is only believed to be `false`). Requiring a
#       secret from a public client is reported at low severity.
#     - **Private or unknown client**: the secret settings are judged by SFOAUTH001 and
#       SFOAUTH002, so this rule does not repeat them.
#     - **The flow itself**: when `oauthConfig/isCodeCredentialEnabled` is `false` or absent
#       the authorization code and credentials flow is not in use; that is a note, not a
#       violation.
#
#     ## How to fix it (public client)
#
#     ```xml
#     <oauthConfig>
#         <callbackUrl>com.example.field:/oauth/done</callbackUrl>
#         <isCodeCredentialEnabled>true</isCodeCredentialEnabled>
#         <isCodeCredentialPostOnly>true</isCodeCredentialPostOnly>
#         <isConsumerSecretOptional>true</isConsumerSecretOptional>
#         <isPkceRequired>true</isPkceRequired>
#         <isRefreshTokenRotationEnabled>true</isRefreshTokenRotationEnabled>
#         <isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>
#         ...
#     </oauthConfig>
#     ```
#
#     ## What lowers or raises the risk
#
#     Lower by one step each (PKCE check): a consumer secret still required for the code
#     exchange (weak on a public client, as the secret can be extracted, but not nothing);
#     refresh token rotation on; refresh tokens that expire immediately or after a set
#     lifetime. Named as raising the risk: refresh tokens that
#     never expire, IP restrictions relaxed, the `Full` scope, and a consumer secret
#     committed in plain text.
#
#     ## Assumptions
#
#     - Defaults when absent (all **unconfirmed** for Connected Apps): `isPkceRequired`
#       false, `isCodeCredentialEnabled` false, `isConsumerSecretOptional` false.
#     - The client type comes from `.oauthguard.yml` when declared, otherwise from weighed
#       evidence (docs/rules.md); the finding says which evidence decided. Declare it when
#       the evidence is ambiguous or wrong (`oauthguard explain-app NAME` shows all of it).
package oauthguard.rules.code_credentials_flow_settings

import data.oauthguard.lib.client
import data.oauthguard.lib.connected_app as ca
import data.oauthguard.lib.findings
import data.oauthguard.lib.severity
import data.oauthguard.lib.values

pkce_path := "oauthConfig/isPkceRequired"

flow_path := "oauthConfig/isCodeCredentialEnabled"

compensating_checks := ["rotation", "refresh_limited"]

aggravating_checks := ["refresh_never_expires", "ip_relaxed", "full_scope", "secret_committed"]

# A public client without PKCE.
deny contains finding if {
	some app in input.connectedApps
	ca.oauth_enabled(app)
	ct := ca.client_type(app)
	client.is_public(ct)
	state := values.bool_state(ca.oauth_config(app), "isPkceRequired")
	state in {"false", "absent"}
	text := sprintf(
		"Connected App %s is a public client that does not require PKCE (%s), so an intercepted authorization code is not bound to the app instance that asked for it; %s.",
		[app.name, _pkce_shown(state), client.describe(ct)],
	)
	finding := findings.new(
		app, ca.kind, app.file, pkce_path, _pkce_base(state), text,
		ca.aggravating(app, aggravating_checks),
		array.concat(_secret_still_required(ca.oauth_config(app)), ca.compensating(app, compensating_checks)),
	)
}

# A public client made to send a secret: the secret would have to ship inside the app.
deny contains finding if {
	some app in input.connectedApps
	ca.oauth_enabled(app)
	ct := ca.client_type(app)
	client.is_public(ct)
	shipped := _secret_shipped(ca.oauth_config(app))
	text := sprintf(
		"Connected App %s is a public client but requires its consumer secret (%s), so the secret has to ship inside the app where anyone can extract it; %s.",
		[app.name, shipped.shown, client.describe(ct)],
	)
	finding := findings.fixed(app, ca.kind, app.file, shipped.path, "low", text)
}

# Notes: the flow not in use, and values that cannot be judged. An app gets at most one
# note from this rule, at the first element it names.
deny contains finding if {
	some app in input.connectedApps
	ca.oauth_enabled(app)
	notes := _notes(app)
	count(notes) > 0
	finding := findings.fixed(app, ca.kind, app.file, notes[0].path, "note", concat(" ", [n.text | some n in notes]))
}

_notes(app) := array.concat(_flow_note(app), _invalid_notes(app))

_flow_note(app) := [{"path": flow_path, "text": text} |
	state := values.bool_state(ca.oauth_config(app), "isCodeCredentialEnabled")
	state in {"false", "absent"}
	text := sprintf(
		"Connected App %s does not enable the authorization code and credentials flow (%s); enable it (with isCodeCredentialPostOnly) if the app signs users in headlessly.",
		[app.name, _flow_shown(state)],
	)
]

_invalid_notes(app) := [{"path": concat("", ["oauthConfig/", element]), "text": text} |
	oc := ca.oauth_config(app)
	some element in _judged_elements(app)
	values.bool_state(oc, element) == "invalid"
	text := sprintf(
		"Connected App %s has oauthConfig/%s = %s, which is neither true nor false, so OAuthGuard cannot judge its authorization code and credentials flow settings.",
		[app.name, element, values.show(oc[element])],
	)
]

# isCodeCredentialEnabled always matters; isPkceRequired only for public clients (for
# other clients SFOAUTH001/002 report their own elements).
_judged_elements(app) := ["isCodeCredentialEnabled", "isPkceRequired"] if {
	client.is_public(ca.client_type(app))
} else := ["isCodeCredentialEnabled"]

# A public client that still has to send the secret is weakly protected (the secret can be
# extracted from the app, which SFOAUTH005 also reports at low severity): one step lower.
_secret_still_required(oc) := ["a consumer secret is still required for the code exchange (oauthConfig/isConsumerSecretOptional = false), though a public client cannot keep it secret"] if {
	values.is_false(oc, "isConsumerSecretOptional")
} else := ["a consumer secret is presumably still required for the code exchange (oauthConfig/isConsumerSecretOptional is absent; default false, unconfirmed), though a public client cannot keep it secret"] if {
	values.bool_state(oc, "isConsumerSecretOptional") == "absent"
} else := []

_pkce_base(state) := "critical" if {
	state == "false"
} else := severity.lowered("critical", 1)

_pkce_shown(state) := "oauthConfig/isPkceRequired = false" if {
	state == "false"
} else := "oauthConfig/isPkceRequired is absent; the platform default is believed to be false, unconfirmed"

_flow_shown(state) := "oauthConfig/isCodeCredentialEnabled = false" if {
	state == "false"
} else := "oauthConfig/isCodeCredentialEnabled is absent; default false"

_secret_shipped(oc) := {
	"path": "oauthConfig/isConsumerSecretOptional",
	"shown": "oauthConfig/isConsumerSecretOptional = false",
} if {
	values.bool_state(oc, "isConsumerSecretOptional") == "false"
} else := {
	"path": "oauthConfig/isSecretRequiredForRefreshToken",
	"shown": "oauthConfig/isSecretRequiredForRefreshToken = true",
} if {
	values.is_true(oc, "isSecretRequiredForRefreshToken")
}

# explain(app) says why the rule has no finding for a Connected App (oauthguard explain-app).
explain(app) := {"verdict": "not_applicable", "why": "the app has no oauthConfig, so it does no OAuth"} if {
	not ca.oauth_enabled(app)
} else := {"verdict": "passed", "why": sprintf("a public client that requires PKCE and no secret, and the flow is enabled (%s)", [client.describe(ct)])} if {
	ct := ca.client_type(app)
	client.is_public(ct)
} else := {"verdict": "passed", "why": sprintf("the flow is enabled; for a client judged private the secret settings are SFOAUTH001's and SFOAUTH002's (%s)", [client.describe(ca.client_type(app))])}
