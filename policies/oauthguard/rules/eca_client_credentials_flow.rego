# METADATA
# title: Disable the client credentials flow (External Client App)
# description: >-
#   An External Client App should not enable the client credentials flow, in which the app
#   signs in with nothing but its own id and secret and acts as a fixed run-as user with no
#   person present.
# related_resources:
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappoauthconfigurablepolicies.htm
#     description: ExtlClntAppOauthConfigurablePolicies metadata type (Metadata API Developer Guide)
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm
#     description: ExtlClntAppGlobalOauthSettings metadata type (Metadata API Developer Guide)
#   - ref: https://datatracker.ietf.org/doc/html/rfc6749#section-4.4
#     description: "RFC 6749 §4.4: client credentials grant"
# custom:
#   id: SFOAUTH004
#   name: DisableClientCredentialsFlow
#   severity: high
#   security_severity: 8.1
#   applies_to: [externalClientApp]
#   remediation: >-
#     Set isClientCredentialsFlowEnabled to false in the app's OAuth policies (and global
#     OAuth settings); move machine-to-machine integrations to the JWT bearer flow with a
#     certificate, or, where the flow must stay, restrict it to an API-only run-as user with
#     enforced IP ranges.
#   help: |
#     ## Why it matters
#
#     With the client credentials flow the app gets tokens by presenting its own id and
#     secret; no user signs in, so multi-factor authentication and password changes never
#     come into play. Anyone who obtains the secret (from a configuration file, a CI log, a
#     repository) gets the run-as user's access for as long as the secret is valid.
#
#     ## What OAuthGuard checks
#
#     `isClientCredentialsFlowEnabled` in the admin OAuth policies
#     (`*.ecaOauthPlcy-meta.xml`) and in the global OAuth settings
#     (`*.ecaGlblOauth-meta.xml`, judged only when that file is committed). `true` in either
#     is reported once per app, at the policies file when it is on there (that is the switch
#     that turns the flow on in an org) and otherwise at the global settings file.
#
#     ## How to fix it
#
#     ```xml
#     <ExtlClntAppOauthConfigurablePolicies xmlns="http://soap.sforce.com/2006/04/metadata">
#         <externalClientApplication>Portal</externalClientApplication>
#         <isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>
#         <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>
#         ...
#     </ExtlClntAppOauthConfigurablePolicies>
#     ```
#
#     ## What lowers or raises the risk
#
#     Lower by one step each: IP restrictions enforced *and* a certificate configured instead
#     of a shared secret (one control, as the two only help together); for a flow enabled
#     only in the global settings, the admin policy keeping it off. Named as raising the
#     risk: a run-as user whose name suggests an administrator, pre-authorization for an
#     administrator profile, IP restrictions bypassed, broad scopes (`Full`, `Api`), and
#     "all users may self-authorize". Metadata cannot prove what permissions the run-as user
#     has; the administrator checks are name heuristics.
#
#     ## Assumptions
#
#     - Absent means `false` (documented default for the policies file; assumed the same for
#       the global settings file). Absent is compliant.
#     - A value that is not `true` or `false` gets a note.
package oauthguard.rules.eca_client_credentials_flow

import data.oauthguard.lib.external_client_app as eca
import data.oauthguard.lib.findings
import data.oauthguard.lib.values

path := "isClientCredentialsFlowEnabled"

compensating_checks := ["admin_disabled", "ip_and_certificate"]

aggravating_checks := ["run_as_admin", "admin_profile", "ip_bypass", "broad_scopes", "self_authorized"]

deny contains finding if {
	some app in input.externalClientApps
	key := _enabled_in(app)
	file := eca.file(app, key)
	text := sprintf(
		"External Client App %s enables the client credentials flow (%s = true in %s%s), so its id and secret alone give unattended access%s with no user signing in.",
		[app.name, path, file, _also_global(app, key), _run_as(app)],
	)
	finding := findings.new(
		app, eca.kind, file, path, "high", text,
		eca.aggravating(app, aggravating_checks),
		eca.compensating(app, compensating_checks),
	)
}

deny contains finding if {
	some app in input.externalClientApps
	not _enabled_in(app)
	key := _invalid_in(app)
	file := eca.file(app, key)
	text := sprintf(
		"External Client App %s has %s = %s in %s, which is neither true nor false, so OAuthGuard cannot tell whether the client credentials flow is on; make sure the deployed value is false.",
		[app.name, path, values.show(eca.part(app, key)[path]), file],
	)
	finding := findings.fixed(app, eca.kind, file, path, "note", text)
}

# _enabled_in(app) is the part where the flow is on: the admin policies first.
_enabled_in(app) := "oauthPolicies" if {
	eca.has_file(app, "oauthPolicies")
	values.is_true(eca.part(app, "oauthPolicies"), path)
} else := "globalOauth" if {
	eca.has_file(app, "globalOauth")
	values.is_true(eca.part(app, "globalOauth"), path)
}

_invalid_in(app) := "oauthPolicies" if {
	eca.has_file(app, "oauthPolicies")
	values.bool_state(eca.part(app, "oauthPolicies"), path) == "invalid"
} else := "globalOauth" if {
	eca.has_file(app, "globalOauth")
	values.bool_state(eca.part(app, "globalOauth"), path) == "invalid"
}

_also_global(app, key) := sprintf(" and in %s", [eca.file(app, "globalOauth")]) if {
	key == "oauthPolicies"
	values.is_true(eca.part(app, "globalOauth"), path)
} else := ""

_run_as(app) := sprintf(" as the run-as user %s", [user]) if {
	user := values.string_at(eca.part(app, "oauthPolicies"), "clientCredentialsFlowUser")
	user != ""
} else := ""

# explain(app) says why the rule has no finding for an External Client App (oauthguard explain-app).
explain(app) := {"verdict": "not_applicable", "why": "neither the OAuth policies (.ecaOauthPlcy) nor the global OAuth settings (.ecaGlblOauth) are in the repository"} if {
	not eca.has_file(app, "oauthPolicies")
	not eca.has_file(app, "globalOauth")
} else := {"verdict": "passed", "why": sprintf("%s is not true in the files present (.ecaOauthPlcy, .ecaGlblOauth)", [path])}
