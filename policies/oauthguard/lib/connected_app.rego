# Accessors and risk factors for Connected Apps (input.connectedApps[_]).
#
# Factors are named checks so each rule lists, in a fixed order, the ones the seed control
# names for it: compensating(app, ["pkce", "rotation"]) is the ordered list of texts of the
# checks that hold. Every text names the element and its value, so a reader can find it.
package oauthguard.lib.connected_app

import data.oauthguard.lib.client
import data.oauthguard.lib.values

kind := "connectedApp"

# oauth_config(app) is ConnectedApp/oauthConfig, or {} when the app does no OAuth.
oauth_config(app) := values.object_at(values.object_at(app, "metadata"), "oauthConfig")

# oauth_policy(app) is ConnectedApp/oauthPolicy, or {} when absent (the org's defaults apply).
oauth_policy(app) := values.object_at(values.object_at(app, "metadata"), "oauthPolicy")

# facts(app) is the reader's derived facts, or {}.
facts(app) := values.object_at(app, "facts")

# oauth_enabled(app) holds when oauthConfig is present. Without it the app does no OAuth
# (canvas- or SAML-only apps, packaged stubs) and no OAuth rule applies.
oauth_enabled(app) if is_object(app.metadata.oauthConfig)

# client_type(app) is the classification of lib.client for this app.
client_type(app) := ct if {
	ct := client.connected_app_types[app.file]
} else := client.classify(client.connected_app_view(app))

# scopes(app) is the list of OAuth scopes (a single scope written as a string is accepted).
scopes(app) := s if {
	s := oauth_config(app).scopes
	is_array(s)
} else := [s] if {
	s := oauth_config(app).scopes
	is_string(s)
} else := []

# has_scope(app, name) holds when the app requests the scope.
has_scope(app, name) if name in scopes(app)

# refresh_scopes are the scopes that yield refresh tokens. RefreshToken is documented;
# OfflineAccess (OpenID's offline_access) is treated the same (unconfirmed for Full, which is
# therefore not listed).
refresh_scopes := {"RefreshToken", "OfflineAccess"}

# issues_refresh_tokens(app) holds when a requested scope yields refresh tokens.
issues_refresh_tokens(app) if {
	some s in scopes(app)
	s in refresh_scopes
}

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

_compensating(name, app) := "PKCE is required (oauthConfig/isPkceRequired = true)" if {
	name == "pkce"
	values.is_true(oauth_config(app), "isPkceRequired")
}

_compensating(name, app) := "refresh token rotation is on (oauthConfig/isRefreshTokenRotationEnabled = true)" if {
	name == "rotation"
	values.is_true(oauth_config(app), "isRefreshTokenRotationEnabled")
}

_compensating(name, app) := text if {
	name == "refresh_limited"
	text := _refresh_limited(values.string_at(oauth_policy(app), "refreshTokenPolicy"))
}

_compensating(name, app) := "the app signs in with a certificate (JWT bearer flow) and requests no refresh token scope" if {
	name == "jwt_only"
	facts(app).certificate in {"present", "placeholder"}
	not issues_refresh_tokens(app)
}

_refresh_limited(p) := "refresh tokens expire immediately (oauthPolicy/refreshTokenPolicy = zero)" if {
	p == "zero"
} else := sprintf("refresh tokens expire (oauthPolicy/refreshTokenPolicy = %s)", [p]) if {
	startswith(p, "specific_")
}

_aggravating(name, app) := sprintf("IP restrictions are relaxed (oauthPolicy/ipRelaxation = %s)", [p]) if {
	name == "ip_relaxed"
	p := values.string_at(oauth_policy(app), "ipRelaxation")
	p != ""
	lower(p) != "enforce"
}

_aggravating(name, app) := text if {
	name == "refresh_never_expires"
	issues_refresh_tokens(app)
	text := _never_expires(oauth_policy(app))
}

_aggravating(name, app) := "the Full scope grants everything the user can reach (oauthConfig/scopes includes Full)" if {
	name == "full_scope"
	has_scope(app, "Full")
}

_aggravating(name, app) := text if {
	name == "self_authorize"
	text := _self_authorize(values.bool_state(oauth_config(app), "isAdminApproved"))
}

_aggravating(name, app) := "the consumer secret is committed in plain text (oauthConfig/consumerSecret)" if {
	name == "secret_committed"
	facts(app).consumerSecret == "literal"
}

_aggravating(name, app) := "the consumer key is committed too (oauthConfig/consumerKey)" if {
	name == "key_committed"
	facts(app).consumerKey == "literal"
}

_aggravating(name, app) := "the web server flow needs no secret either (oauthConfig/isConsumerSecretOptional = true)" if {
	name == "secret_optional"
	values.is_true(oauth_config(app), "isConsumerSecretOptional")
}

_aggravating(name, app) := "the client credentials flow is enabled (oauthConfig/isClientCredentialEnabled = true)" if {
	name == "client_credentials"
	values.is_true(oauth_config(app), "isClientCredentialEnabled")
}

_aggravating(name, app) := sprintf("callback URL %s uses a custom scheme that another local app can claim", [urls[0]]) if {
	name == "custom_scheme"
	urls := [p.value | some p in client_type(app).evidence; p.kind == "custom_scheme"]
	count(urls) > 0
}

_aggravating(name, app) := sprintf("the app is pre-authorized for the privileged profile %s (profileName)", [profiles[0]]) if {
	name == "admin_profile"
	profiles := [p |
		some p in values.array_at(values.object_at(app, "metadata"), "profileName")
		is_string(p)
		contains(lower(p), "admin")
	]
	count(profiles) > 0
}

_never_expires(op) := "refresh tokens never expire (oauthPolicy/refreshTokenPolicy = infinite)" if {
	op.refreshTokenPolicy == "infinite"
} else := "refresh tokens are assumed never to expire (oauthPolicy/refreshTokenPolicy is absent; platform default believed to be infinite, unconfirmed)" if {
	not values.has_key(op, "refreshTokenPolicy")
}

_self_authorize(state) := "any user may authorize the app (oauthConfig/isAdminApproved = false)" if {
	state == "false"
} else := "any user may authorize the app (oauthConfig/isAdminApproved is absent; platform default: all users may self-authorize)" if {
	state == "absent"
}
