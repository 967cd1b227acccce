# Input builders shared by the policy tests. They produce documents in the shape of
# docs/contracts.md §1, with facts derived the way the metadata reader derives them, so the
# tests exercise the rules on realistic input rather than on hand-trimmed fragments.
package oauthguard.tests.fixtures

ca_file(name) := sprintf("force-app/main/default/connectedApps/%s.connectedApp-meta.xml", [name])

eca_files := {
	"eca": "force-app/main/default/externalClientApps/%s.eca-meta.xml",
	"globalOauth": "force-app/main/default/extlClntAppGlobalOauthSets/%s_glbl.ecaGlblOauth-meta.xml",
	"oauthPolicies": "force-app/main/default/extlClntAppOauthPolicies/%s_oauthPlcy.ecaOauthPlcy-meta.xml",
	"oauthSettings": "force-app/main/default/extlClntAppOauthSettings/%s_oauth.ecaOauth-meta.xml",
	"policies": "force-app/main/default/extlClntAppPolicies/%s_plcy.ecaPlcy-meta.xml",
	"mobile": "force-app/main/default/extlClntAppMobileSettings/%s_mobile.ecaMobile-meta.xml",
}

eca_file(name, key) := sprintf(eca_files[key], [name])

# A server-side Connected App's oauthConfig that passes every rule except the flow note.
server_oauth_config := {
	"callbackUrl": "https://billing.example.com/oauth/callback",
	"isAdminApproved": true,
	"isConsumerSecretOptional": false,
	"scopes": ["Api"],
}

# An oauthPolicy that neither raises nor lowers the risk of an app without refresh tokens.
neutral_policy := {"ipRelaxation": "ENFORCE", "refreshTokenPolicy": "infinite"}

# connected_app(name, oauth_config, oauth_policy, facts): oauth_policy {} means absent;
# facts override the derived ones.
connected_app(name, oauth_config, oauth_policy, facts) := {
	"name": name,
	"file": ca_file(name),
	"format": "source",
	"metadata": _ca_metadata(name, oauth_config, oauth_policy),
	"facts": object.union(
		{
			"oauthEnabled": true,
			"callbackUrls": _urls(object.get(oauth_config, "callbackUrl", "")),
			"consumerSecret": "absent",
			"consumerKey": "absent",
			"certificate": "absent",
			"mobile": false,
		},
		facts,
	),
	"invalid": [],
}

# canvas_only_app(name) has no oauthConfig at all.
canvas_only_app(name) := {
	"name": name,
	"file": ca_file(name),
	"format": "source",
	"metadata": {"label": name, "canvasConfig": {"canvasUrl": "https://canvas.example.com/"}},
	"facts": {
		"oauthEnabled": false,
		"callbackUrls": [],
		"consumerSecret": "absent",
		"consumerKey": "absent",
		"certificate": "absent",
		"mobile": false,
	},
	"invalid": [],
}

# with_invalid(app, entries) adds reader-reported invalid values.
with_invalid(app, entries) := object.union(app, {"invalid": entries})

# external_client_app(name, parts, facts): parts maps part keys (globalOauth, oauthPolicies,
# oauthSettings, policies) to their parsed content; the .eca file is always there.
external_client_app(name, parts, facts) := object.union(
	{
		"name": name,
		"files": object.union(
			{"eca": eca_file(name, "eca")},
			{key: eca_file(name, key) | some key, _ in parts},
		),
		"eca": {"label": name, "distributionState": "Local"},
		"facts": object.union(
			{
				"callbackUrls": _urls(object.get(object.get(parts, "globalOauth", {}), "callbackUrl", "")),
				"scopes": _urls(object.get(object.get(parts, "oauthSettings", {}), "commaSeparatedOauthScopes", "")),
				"consumerSecret": "absent",
				"consumerKey": "absent",
				"certificate": "absent",
				"parentMissing": false,
			},
			facts,
		),
		"invalid": [],
	},
	parts,
)

# input_of(connected_apps, external_client_apps, config_apps) is a whole input document.
input_of(connected_apps, external_client_apps, config_apps) := {
	"schemaVersion": 1,
	"connectedApps": connected_apps,
	"externalClientApps": external_client_apps,
	"config": {"apps": config_apps},
}

# only(s) is the single member of a set of one.
only(s) := x if {
	count(s) == 1
	some x in s
}

_ca_metadata(name, oauth_config, oauth_policy) := {"label": name, "oauthConfig": oauth_config} if {
	count(oauth_policy) == 0
} else := {"label": name, "oauthConfig": oauth_config, "oauthPolicy": oauth_policy}

_urls(text) := [u |
	some line in split(text, "\n")
	some part in split(line, ",")
	u := trim_space(part)
	u != ""
]
