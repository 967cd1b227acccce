# What `oauthguard explain-app` shows for each app: its client type with all evidence (from
# lib.client) and, for every bundled rule, why the rule did not fire (each rule package's
# explain(app)). The host adds the findings that did fire, and the line of every element.
package oauthguard.lib.explain

import data.oauthguard.lib.client
import data.oauthguard.rules.change_weakens_setting as sfoauth103
import data.oauthguard.rules.code_credentials_flow_settings as sfoauth005
import data.oauthguard.rules.consumer_secret_committed as sfoauth102
import data.oauthguard.rules.eca_client_credentials_flow as sfoauth004
import data.oauthguard.rules.eca_code_credentials_flow as sfoauth003
import data.oauthguard.rules.eca_global_oauth_committed as sfoauth101
import data.oauthguard.rules.jwt_certificate as sfoauth105
import data.oauthguard.rules.private_key_committed as sfoauth106
import data.oauthguard.rules.refresh_token_flow_secret as sfoauth002
import data.oauthguard.rules.web_server_flow_secret as sfoauth001

# apps lists, in the order of lib.client.apps, {"name", "kind", "file", "client", "summary",
# "rules"}: summary is the phrase rule messages use for the client type, and rules
# maps rule ids to {"verdict": "not_applicable"|"passed", "why"}. Rules that do
# not judge the app's kind are left out (the host says so from their METADATA).
apps := array.concat(
	[object.union(entry, {"rules": _ca_rules(app), "summary": client.describe(entry.client)}) |
		some i, app in input.connectedApps
		entry := client.apps[i]
	],
	[object.union(entry, {"rules": _eca_rules(app), "summary": client.describe(entry.client)}) |
		some i, app in input.externalClientApps
		entry := client.apps[count(input.connectedApps) + i]
	],
)

_ca_rules(app) := {
	"SFOAUTH001": sfoauth001.explain(app),
	"SFOAUTH002": sfoauth002.explain(app),
	"SFOAUTH005": sfoauth005.explain(app),
	"SFOAUTH102": sfoauth102.explain(app),
	"SFOAUTH103": sfoauth103.explain(app),
	"SFOAUTH105": sfoauth105.explain(app),
	"SFOAUTH106": sfoauth106.explain(app),
}

_eca_rules(app) := {
	"SFOAUTH003": sfoauth003.explain(app),
	"SFOAUTH004": sfoauth004.explain(app),
	"SFOAUTH101": sfoauth101.explain(app),
	"SFOAUTH102": sfoauth102.explain(app),
	"SFOAUTH103": sfoauth103.explain(app),
	"SFOAUTH105": sfoauth105.explain(app),
	"SFOAUTH106": sfoauth106.explain(app),
}
