# METADATA
# title: Consumer secret committed in plain text
# description: >-
#   A Connected App or External Client App file in the repository holds a real consumer
#   secret (not empty, not a placeholder). Anyone who can read the repository can act as
#   the app.
# related_resources:
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm
#     description: ConnectedApp metadata type (Metadata API Developer Guide)
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm
#     description: ExtlClntAppGlobalOauthSettings metadata type (Metadata API Developer Guide)
# custom:
#   id: SFOAUTH102
#   name: ConsumerSecretCommitted
#   severity: critical
#   security_severity: 9.4
#   applies_to: [connectedApp, externalClientApp]
#   remediation: >-
#     Rotate the consumer secret in Setup now, remove the consumerSecret element from the
#     file (and from the repository history), and inject the secret at deploy time from a
#     secret store, or use a placeholder the deployment replaces.
#   help: |
#     ## Why it matters
#
#     The consumer secret is what proves to Salesforce that a token request comes from the
#     app. Committed in plain text, it is copied to every clone, fork, CI cache and backup,
#     and stays in the history after the line is deleted. Together with a committed
#     consumer key, or with the client credentials flow enabled, it is enough to obtain
#     tokens without any user.
#
#     ## What OAuthGuard checks
#
#     `oauthConfig/consumerSecret` in Connected Apps and `consumerSecret` in External Client
#     App global OAuth settings. Empty elements and placeholders (`{{X}}`, `{X}`,
#     `REPLACE_X`, `YOUR_…`, …) are not secrets and are not reported; the metadata reader
#     decides which is which and this rule reads its verdict (`facts.consumerSecret`). The
#     message never repeats the secret.
#
#     ## How to fix it
#
#     ```xml
#     <oauthConfig>
#         <callbackUrl>https://billing.example.com/oauth/callback</callbackUrl>
#         <!-- no consumerSecret here: Salesforce generates it; inject it at deploy time if needed -->
#         ...
#     </oauthConfig>
#     ```
#
#     Rotate the secret first: removing it from the file does not remove it from the
#     history.
#
#     ## What lowers or raises the risk
#
#     Nothing lowers it: once a secret is public only rotation helps. Named as raising the
#     risk: the consumer key committed next to it, and the client credentials flow enabled
#     (the secret alone then yields tokens).
package oauthguard.rules.consumer_secret_committed

import data.oauthguard.lib.connected_app as ca
import data.oauthguard.lib.external_client_app as eca
import data.oauthguard.lib.findings

deny contains finding if {
	some app in input.connectedApps
	ca.facts(app).consumerSecret == "literal"
	path := "oauthConfig/consumerSecret"
	text := sprintf(
		"Connected App %s has its consumer secret committed in plain text (%s); rotate it in Setup and remove it from the file and the history.",
		[app.name, path],
	)
	finding := findings.new(
		app, ca.kind, app.file, path, "critical", text,
		ca.aggravating(app, ["key_committed", "client_credentials"]),
		[],
	)
}

deny contains finding if {
	some app in input.externalClientApps
	eca.facts(app).consumerSecret == "literal"
	eca.has_file(app, "globalOauth")
	file := eca.file(app, "globalOauth")
	text := sprintf(
		"External Client App %s has its consumer secret committed in plain text (consumerSecret in %s); rotate it in Setup and remove it from the file and the history.",
		[app.name, file],
	)
	finding := findings.new(
		app, eca.kind, file, "consumerSecret", "critical", text,
		eca.aggravating(app, ["key_committed", "client_credentials"]),
		[],
	)
}

# explain(app) says why the rule has no finding for an app of either kind (oauthguard explain-app).
explain(app) := {"verdict": "passed", "why": sprintf("the consumer secret is %s, not a value in plain text", [_secret_state(app)])}

_secret_state(app) := s if {
	s := object.get(object.get(app, "facts", {}), "consumerSecret", "absent")
	s != "absent"
} else := "absent"
