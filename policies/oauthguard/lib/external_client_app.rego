# Accessors and risk factors for External Client Apps (input.externalClientApps[_]).
#
# An External Client App is spread over several files joined by <externalClientApplication>.
# The parsed content of each part sits under its key (globalOauth, oauthPolicies,
# oauthSettings, policies, …) and its path under files.<key>. The OAuth switches of the
# controls live in the global OAuth settings (.ecaGlblOauth, "G") and the admin OAuth
# policies (.ecaOauthPlcy, "P").
package oauthguard.lib.external_client_app

import data.oauthguard.lib.client
import data.oauthguard.lib.values

kind := "externalClientApp"

# part(app, key) is the parsed content of one part file, or {} when the file is not there.
part(app, key) := values.object_at(app, key)

# file(app, key) is the repository path of one part file, or "" when it is not there.
file(app, key) := values.string_at(values.object_at(app, "files"), key)

# has_file(app, key) holds when the part file is in the repository.
has_file(app, key) if file(app, key) != ""

# facts(app) is the reader's derived facts, or {}.
facts(app) := values.object_at(app, "facts")

# client_type(app) is the classification of lib.client for this app.
client_type(app) := ct if {
	ct := client.external_client_app_types[client.eca_key(app)]
} else := client.classify(client.external_client_app_view(app))

# scopes(app) is the list of OAuth scopes from facts, else from the .ecaOauth file's
# comma-separated string.
scopes(app) := s if {
	s := facts(app).scopes
	is_array(s)
} else := values.split_list(values.string_at(part(app, "oauthSettings"), "commaSeparatedOauthScopes"))

# compensating(app, names) lists the texts of the named compensating controls that hold.
compensating(app, names) := [text |
	some name in names
	text := _compensating(name, app)
]

# aggravating(app, names) lists the texts of the named aggravating factors that hold.
aggravating(app, names) := [text |
	some name in names
	text := _aggravating(name, app)
]

_compensating(name, app) := "PKCE is required (isPkceRequired = true in the .ecaGlblOauth file)" if {
	name == "pkce"
	values.is_true(part(app, "globalOauth"), "isPkceRequired")
}

_compensating(name, app) := "IP restrictions are enforced (ipRelaxationPolicyType = Enforce) and a certificate is used instead of a shared secret" if {
	name == "ip_and_certificate"
	lower(values.string_at(part(app, "oauthPolicies"), "ipRelaxationPolicyType")) == "enforce"
	facts(app).certificate in {"present", "placeholder"}
}

_compensating(name, app) := "the admin policy keeps the flow off (isClientCredentialsFlowEnabled = false in the .ecaOauthPlcy file)" if {
	name == "admin_disabled"
	values.is_false(part(app, "oauthPolicies"), "isClientCredentialsFlowEnabled")
}

_compensating(name, app) := "the file holds no consumer key or consumer secret" if {
	name == "no_credentials"
	not facts(app).consumerKey == "literal"
	not facts(app).consumerSecret == "literal"
}

_aggravating(name, app) := sprintf("a public client's authorization codes travel through browsers or devices on untrusted networks (%s)", [client.describe(ct)]) if {
	name == "public_client"
	ct := client_type(app)
	client.is_public(ct)
}

_aggravating(name, app) := sprintf("the run-as user %s looks like an administrator (clientCredentialsFlowUser)", [user]) if {
	name == "run_as_admin"
	user := values.string_at(part(app, "oauthPolicies"), "clientCredentialsFlowUser")
	contains(lower(user), "admin")
}

_aggravating(name, app) := "the app is pre-authorized for an administrator profile (commaSeparatedProfile)" if {
	name == "admin_profile"
	contains(lower(values.string_at(part(app, "oauthPolicies"), "commaSeparatedProfile")), "admin")
}

_aggravating(name, app) := sprintf("IP restrictions are bypassed (ipRelaxationPolicyType = %s)", [p]) if {
	name == "ip_bypass"
	p := values.string_at(part(app, "oauthPolicies"), "ipRelaxationPolicyType")
	startswith(lower(p), "bypass")
}

_aggravating(name, app) := sprintf("broad scopes are granted (%s)", [concat(", ", broad)]) if {
	name == "broad_scopes"
	broad := [s | some s in scopes(app); s in {"Full", "Api"}]
	count(broad) > 0
}

_aggravating(name, app) := "any user may authorize the app (permittedUsersPolicyType = AllSelfAuthorized)" if {
	name == "self_authorized"
	values.string_at(part(app, "oauthPolicies"), "permittedUsersPolicyType") == "AllSelfAuthorized"
}

_aggravating(name, app) := "the consumer secret is committed in plain text (consumerSecret)" if {
	name == "secret_committed"
	facts(app).consumerSecret == "literal"
}

_aggravating(name, app) := "the consumer key is committed (consumerKey)" if {
	name == "key_committed"
	facts(app).consumerKey == "literal"
}

_aggravating(name, app) := "the client credentials flow is enabled (isClientCredentialsFlowEnabled = true)" if {
	name == "client_credentials"
	some key in ["globalOauth", "oauthPolicies"]
	values.is_true(part(app, key), "isClientCredentialsFlowEnabled")
}
