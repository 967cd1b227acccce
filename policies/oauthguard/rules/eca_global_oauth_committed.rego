# METADATA
# title: External Client App global OAuth settings committed to source control
# description: >-
#   The global OAuth settings of an External Client App (*.ecaGlblOauth-meta.xml) hold the
#   developer-side OAuth configuration and credentials. Salesforce documents that this
#   component cannot be packaged and must not be added to source control.
# related_resources:
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappglobaloauthsettings.htm
#     description: ExtlClntAppGlobalOauthSettings metadata type (Metadata API Developer Guide)
# custom:
#   id: SFOAUTH101
#   name: GlobalOauthSettingsCommitted
#   severity: high
#   security_severity: 7.5
#   applies_to: [externalClientApp]
#   remediation: >-
#     Delete the .ecaGlblOauth file from the repository (and from its history if it held a
#     consumer key or secret), add the pattern **/*.ecaGlblOauth-meta.xml to .gitignore and
#     .forceignore, and rotate any credential that was committed.
#   help: |
#     ## Why it matters
#
#     An External Client App's global OAuth settings are the developer's view of the app:
#     callback URLs, certificate, flow switches and, when retrieved, the consumer key and
#     secret. Salesforce states that the component must not be added to source control.
#     Committed, it spreads credentials to every clone, fork and CI log, and deploying it
#     from a branch silently overwrites the live OAuth settings of the app.
#
#     ## What OAuthGuard checks
#
#     Any file with the suffix `.ecaGlblOauth-meta.xml` (or the metadata-API form
#     `.ecaGlblOauth`) in the repository, in any folder.
#
#     ## How to fix it
#
#     ```text
#     # .gitignore and .forceignore
#     **/*.ecaGlblOauth-meta.xml
#     **/*.ecaGlblOauth
#     ```
#
#     Then remove the file (`git rm --cached`) and, if it ever held a consumer key or
#     secret, rotate them in Setup and purge them from the history.
#
#     ## What lowers or raises the risk
#
#     A file that holds no consumer key or secret (only settings, or placeholders) lowers
#     the severity one step. A committed consumer secret or consumer key raises the risk and
#     is named; a committed secret is also reported on its own by SFOAUTH102.
package oauthguard.rules.eca_global_oauth_committed

import data.oauthguard.lib.external_client_app as eca
import data.oauthguard.lib.findings

# The finding points at the parent link, the one element every such file must have; the
# host falls back to the root element when it is missing.
path := "externalClientApplication"

deny contains finding if {
	some app in input.externalClientApps
	eca.has_file(app, "globalOauth")
	file := eca.file(app, "globalOauth")
	text := sprintf(
		"The global OAuth settings of External Client App %s are committed (%s); Salesforce says this file must not be in source control, and deploying it overwrites the app's live OAuth settings.",
		[app.name, file],
	)
	finding := findings.new(
		app, eca.kind, file, path, "high", text,
		eca.aggravating(app, ["secret_committed", "key_committed"]),
		eca.compensating(app, ["no_credentials"]),
	)
}

# explain(app) says why the rule has no finding for an External Client App (oauthguard explain-app).
explain(app) := {"verdict": "passed", "why": "no global OAuth settings file (.ecaGlblOauth) of the app is in the repository"} if {
	not eca.has_file(app, "globalOauth")
} else := {"verdict": "passed", "why": "the global OAuth settings file is committed but reported under a suppression or severity override"}
