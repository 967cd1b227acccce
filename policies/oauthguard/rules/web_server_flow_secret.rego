# METADATA
# title: Require the consumer secret in the web server flow
# description: >-
#   A Connected App used by a server-side (private) client must require its consumer secret
#   when an authorization code is exchanged for tokens, so that an intercepted code is useless
#   to anyone who does not also hold the secret.
# related_resources:
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm
#     description: ConnectedApp metadata type (Metadata API Developer Guide)
#   - ref: https://datatracker.ietf.org/doc/html/rfc6749#section-4.1.3
#     description: "RFC 6749 §4.1.3: client authentication in the access token request"
#   - ref: https://datatracker.ietf.org/doc/html/rfc7636
#     description: "RFC 7636: Proof Key for Code Exchange (PKCE)"
# custom:
#   id: SFOAUTH001
#   name: RequireSecretForWebServerFlow
#   severity: critical
#   security_severity: 9.3
#   applies_to: [connectedApp]
#   remediation: >-
#     Set oauthConfig/isConsumerSecretOptional to false (in Setup, tick "Require Secret for
#     Web Server Flow") and keep the secret in a server-side vault. If the app really is a
#     browser or mobile app, declare it public in .oauthguard.yml and require PKCE instead.
#   help: |
#     ## Why it matters
#
#     In the web server flow (OAuth authorization code grant) the browser carries a
#     short-lived authorization code back to the app, which trades it for an access token
#     and often a refresh token. When the app does not have to present its consumer secret
#     for that trade, whoever catches the code (a leaky log, a proxy, a redirect to the wrong
#     place) can redeem it from their own machine and act as the user, for as long as the
#     tokens live.
#
#     ## What OAuthGuard checks
#
#     For a Connected App with an `oauthConfig`, the element
#     `oauthConfig/isConsumerSecretOptional` is the inverse of the Setup checkbox
#     "Require Secret for Web Server Flow". A value of `true` on a private client (or one
#     whose type cannot be told) is reported. Public clients (browser extensions, mobile or
#     desktop apps) cannot keep a secret; SFOAUTH005 judges them instead.
#
#     ## How to fix it
#
#     ```xml
#     <oauthConfig>
#         <callbackUrl>https://billing.example.com/oauth/callback</callbackUrl>
#         <isConsumerSecretOptional>false</isConsumerSecretOptional>
#         <isPkceRequired>true</isPkceRequired>
#         ...
#     </oauthConfig>
#     ```
#
#     ## What lowers or raises the risk
#
#     Each of these lowers the severity by one step (never below low): PKCE is required;
#     the app only signs in with a certificate (JWT bearer) and requests no refresh token
#     scope; refresh tokens expire immediately or after a set lifetime; refresh token
#     rotation is on. These raise the risk and are named in the finding: IP restrictions
#     relaxed, refresh tokens that never expire, the `Full` scope, any user may authorize the
#     app, the consumer secret committed, and callback URLs with a custom scheme.
#
#     ## Assumptions
#
#     - An absent `isConsumerSecretOptional` means the secret is required (the default for
#       External Client Apps is documented as false; for Connected Apps this follows the
#       Setup default and is **unconfirmed**). Absent is therefore compliant.
#     - The client type comes from `.oauthguard.yml` (`apps.<name>.client`) when declared,
#       otherwise from weighed evidence: a certificate (a placeholder such as
#       `REPLACE_CERTIFICATE` counts: it is supplied at deploy time) or the client credentials
#       flow outweighs a localhost callback and the app's own "secret optional + PKCE";
#       ambiguous and unknown apps are judged as private. The finding says which.
#     - A private client that requires PKCE is still reported, one step lower.
#     - A value that is not `true` or `false` (a template placeholder such as `{{X}}`) cannot
#       be judged and gets a note.
package oauthguard.rules.web_server_flow_secret

import data.oauthguard.lib.client
import data.oauthguard.lib.connected_app as ca
import data.oauthguard.lib.findings
import data.oauthguard.lib.values

path := "oauthConfig/isConsumerSecretOptional"

compensating_checks := ["pkce", "jwt_only", "refresh_limited", "rotation"]

aggravating_checks := [
	"ip_relaxed",
	"refresh_never_expires",
	"full_scope",
	"self_authorize",
	"secret_committed",
	"custom_scheme",
]

deny contains finding if {
	some app in input.connectedApps
	ca.oauth_enabled(app)
	values.bool_state(ca.oauth_config(app), "isConsumerSecretOptional") == "true"
	ct := ca.client_type(app)
	client.judged_private(ct)
	text := sprintf(
		"Connected App %s does not require its consumer secret in the web server flow (%s = true), so an intercepted authorization code can be redeemed by anyone; %s.",
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
	ca.oauth_enabled(app)
	oc := ca.oauth_config(app)
	values.bool_state(oc, "isConsumerSecretOptional") == "invalid"
	text := sprintf(
		"Connected App %s has %s = %s, which is neither true nor false, so OAuthGuard cannot tell whether the web server flow requires the consumer secret; make sure the deployed value is false.",
		[app.name, path, values.show(oc.isConsumerSecretOptional)],
	)
	finding := findings.fixed(app, ca.kind, app.file, path, "note", text)
}

# explain(app) says why the rule has no finding for a Connected App (oauthguard explain-app):
# {"verdict": "not_applicable"|"passed", "why": text}. Apps it reports are "fired" instead.
explain(app) := {"verdict": "not_applicable", "why": "the app has no oauthConfig, so it does no OAuth"} if {
	not ca.oauth_enabled(app)
} else := {"verdict": "not_applicable", "why": sprintf("a public client cannot keep a secret; SFOAUTH005 judges it instead (%s)", [client.describe(ct)])} if {
	ct := ca.client_type(app)
	client.is_public(ct)
} else := {"verdict": "passed", "why": sprintf("%s is %s: the web server flow requires the consumer secret", [path, _state_text(values.bool_state(ca.oauth_config(app), "isConsumerSecretOptional"))])}

_state_text(state) := "false" if {
	state == "false"
} else := "absent (the secret is required by default)" if {
	state == "absent"
} else := state
