# METADATA
# title: Enable the authorization code and credentials flow (External Client App)
# description: >-
#   When an External Client App's global OAuth settings are in the repository, they should
#   turn on the authorization code and credentials flow, which binds the code exchange to
#   the app's own credentials.
# related_resources:
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm
#     description: ExtlClntAppGlobalOauthSettings metadata type (Metadata API Developer Guide)
#   - ref: https://datatracker.ietf.org/doc/html/rfc7636
#     description: "RFC 7636: Proof Key for Code Exchange (PKCE)"
# custom:
#   id: SFOAUTH003
#   name: EnableAuthorizationCodeAndCredentialsFlow
#   severity: high
#   security_severity: 7.4
#   applies_to: [externalClientApp]
#   remediation: >-
#     Set isCodeCredFlowEnabled to true in the app's global OAuth settings (Setup: "Enable
#     Authorization Code and Credentials Flow"), and better still keep that file out of
#     source control (see SFOAUTH101).
#   help: |
#     ## Why it matters
#
#     The authorization code and credentials flow is Salesforce's newer variant of the code
#     flow in which the exchange of the authorization code is tied to the requesting app's
#     own credentials. Without it, apps fall back to older patterns where a code or token
#     taken from one session is easier to replay elsewhere.
#
#     ## What OAuthGuard checks
#
#     The switch lives only in the global OAuth settings file
#     (`*.ecaGlblOauth-meta.xml`, element `isCodeCredFlowEnabled`). Salesforce says that
#     file must not be committed, so usually it is not in the repository; then this rule
#     cannot judge the app and stays silent. When the file *is* committed, `false` is
#     reported at high severity and an absent element one step lower (the documented default
#     is `false`, so the flow is off).
#
#     ## How to fix it
#
#     ```xml
#     <ExtlClntAppGlobalOauthSettings xmlns="http://soap.sforce.com/2006/04/metadata">
#         <externalClientApplication>Portal</externalClientApplication>
#         <isCodeCredFlowEnabled>true</isCodeCredFlowEnabled>
#         <isCodeCredPostOnly>true</isCodeCredPostOnly>
#         <isPkceRequired>true</isPkceRequired>
#         ...
#     </ExtlClntAppGlobalOauthSettings>
#     ```
#
#     The flow also needs the org setting "Allow Authorization Code and Credentials Flows",
#     which is not visible in app metadata.
#
#     ## What lowers or raises the risk
#
#     PKCE required (`isPkceRequired = true`) lowers the severity one step. A public client
#     (browser or mobile app reaching users over untrusted networks) raises the risk and is
#     named.
#
#     ## Assumptions
#
#     - Default when absent: `false` (documented for API 61.0 and later).
#     - A value that is not `true` or `false` (a placeholder) cannot be judged and gets a
#       note.
package oauthguard.rules.eca_code_credentials_flow

import data.oauthguard.lib.client
import data.oauthguard.lib.external_client_app as eca
import data.oauthguard.lib.findings
import data.oauthguard.lib.severity
import data.oauthguard.lib.values

path := "isCodeCredFlowEnabled"

compensating_checks := ["pkce"]

aggravating_checks := ["public_client"]

deny contains finding if {
	some app in input.externalClientApps
	eca.has_file(app, "globalOauth")
	state := values.bool_state(eca.part(app, "globalOauth"), path)
	state in {"false", "absent"}
	base := _base(state)
	text := sprintf(
		"External Client App %s does not enable the authorization code and credentials flow (%s in %s), so code exchanges are not bound to the app's credentials; %s.",
		[app.name, _shown(state), eca.file(app, "globalOauth"), client.describe(eca.client_type(app))],
	)
	finding := findings.new(
		app, eca.kind, eca.file(app, "globalOauth"), path, base, text,
		eca.aggravating(app, aggravating_checks),
		eca.compensating(app, compensating_checks),
	)
}

deny contains finding if {
	some app in input.externalClientApps
	eca.has_file(app, "globalOauth")
	g := eca.part(app, "globalOauth")
	values.bool_state(g, path) == "invalid"
	text := sprintf(
		"External Client App %s has %s = %s in %s, which is neither true nor false, so OAuthGuard cannot tell whether the authorization code and credentials flow is on; make sure the deployed value is true.",
		[app.name, path, values.show(g[path]), eca.file(app, "globalOauth")],
	)
	finding := findings.fixed(app, eca.kind, eca.file(app, "globalOauth"), path, "note", text)
}

# An explicit false is the full finding; an absent element gets the documented default
# (false) and one step less, per the scheme in lib/severity.rego.
_base(state) := "high" if {
	state == "false"
} else := severity.lowered("high", 1)

_shown(state) := "isCodeCredFlowEnabled = false" if {
	state == "false"
} else := "isCodeCredFlowEnabled is absent; the documented default is false"

# explain(app) says why the rule has no finding for an External Client App (oauthguard explain-app).
explain(app) := {"verdict": "not_applicable", "why": "the global OAuth settings (.ecaGlblOauth) are not in the repository, so the flow switch cannot be judged"} if {
	not eca.has_file(app, "globalOauth")
} else := {"verdict": "passed", "why": sprintf("%s = true in %s", [path, eca.file(app, "globalOauth")])}
