# Client type: is the app a private (server-side, confidential) client that can keep a
# secret, or a public (browser, mobile, desktop) client that cannot?
#
# The user's declaration in .oauthguard.yml (input.config.apps[<name>].client) wins. Without
# one, heuristics decide, in the priority order of the research notes
# (shared/salesforce-metadata.md §C): any public signal first, then any private signal,
# else "unknown". Rules judge an unknown client like a private one (the safer expectation:
# require the secret) and say so in the message.
#
# Classification works on a "view" of the app so Connected Apps and External Client Apps
# share one implementation; see connected_app_view and external_client_app_view.
package oauthguard.lib.client

import data.oauthguard.lib.values

# connected_app_view(app) gathers what the heuristics look at in a Connected App.
connected_app_view(app) := {
	"name": app.name,
	"callbacks": _ca_callbacks(app, oc),
	"certificate": values.string_at(values.object_at(app, "facts"), "certificate"),
	"mobile": _ca_mobile(app),
	"oauth": oc,
	"prefix": "oauthConfig/",
	"clientCredentials": values.is_true(oc, "isClientCredentialEnabled"),
} if {
	oc := values.object_at(values.object_at(app, "metadata"), "oauthConfig")
}

# external_client_app_view(app) gathers the same from an External Client App: the OAuth
# switches live in the global OAuth settings file (.ecaGlblOauth) when it is committed.
external_client_app_view(app) := {
	"name": app.name,
	"callbacks": _eca_callbacks(app, g),
	"certificate": values.string_at(values.object_at(app, "facts"), "certificate"),
	"mobile": _eca_mobile(app),
	"oauth": g,
	"prefix": "",
	"clientCredentials": _eca_client_credentials(app, g),
} if {
	g := values.object_at(app, "globalOauth")
}

# classify(view) is {"type": "private"|"public"|"unknown", "by": "config"|"heuristic",
# "reason": text}.
classify(view) := {"type": t, "by": "config", "reason": "declared in .oauthguard.yml"} if {
	t := input.config.apps[view.name].client
	t in {"private", "public"}
} else := {"type": "public", "by": "heuristic", "reason": reasons[0]} if {
	reasons := public_reasons(view)
	count(reasons) > 0
} else := {"type": "private", "by": "heuristic", "reason": reasons[0]} if {
	reasons := private_reasons(view)
	count(reasons) > 0
} else := {
	"type": "unknown",
	"by": "heuristic",
	"reason": "no callback URL, certificate or mobile setting tells",
}

# describe(ct) is the phrase messages use, e.g.
# "assumed private client (callback URLs are all https server URLs)".
describe(ct) := sprintf("declared %s client (.oauthguard.yml)", [ct.type]) if {
	ct.by == "config"
} else := sprintf("client type unknown (%s), judged as a private client; declare it in .oauthguard.yml", [ct.reason]) if {
	ct.type == "unknown"
} else := sprintf("assumed %s client (%s)", [ct.type, ct.reason])

# is_public(ct) holds for a declared or assumed public client.
is_public(ct) if ct.type == "public"

# judged_private(ct) holds for private and unknown clients: both are expected to keep a secret.
judged_private(ct) if ct.type in {"private", "unknown"}

# public_reasons(view) lists every public-client signal, strongest first.
public_reasons(view) := array.concat(
	array.concat(_custom_scheme_reasons(view), _extension_reasons(view)),
	array.concat(array.concat(_localhost_reasons(view), _mobile_reasons(view)), _pkce_reasons(view)),
)

# private_reasons(view) lists every private-client signal, strongest first.
private_reasons(view) := array.concat(
	array.concat(_certificate_reasons(view), _client_credentials_reasons(view)),
	_https_reasons(view),
)

# custom_scheme(url) is the scheme of a callback URL that is neither http nor https
# (myapp://cb, com.example.app:/oauth). Undefined for http(s) and for text that is no URL.
custom_scheme(url) := scheme if {
	regex.match(`^[A-Za-z][A-Za-z0-9+.-]*:/`, url)
	scheme := lower(split(url, ":")[0])
	not scheme in {"http", "https"}
}

# host(url) is the lower-cased host of an http(s) URL.
host(url) := h if {
	parts := split(url, "://")
	count(parts) > 1
	authority := split(parts[1], "/")[0]
	userinfo_and_host := split(authority, "@")
	host_port := userinfo_and_host[count(userinfo_and_host) - 1]
	h := lower(split(host_port, ":")[0])
}

# is_loopback(url) holds for http(s)://localhost… and http(s)://127.0.0.1….
is_loopback(url) if host(url) in {"localhost", "127.0.0.1"}

# is_extension(url) holds for a Chrome extension's redirect host.
is_extension(url) if endswith(host(url), ".chromiumapp.org")

# is_https_server(url) holds for an https URL on a real host.
is_https_server(url) if {
	startswith(lower(url), "https://")
	not is_loopback(url)
	not is_extension(url)
}

_custom_scheme_reasons(view) := [sprintf("callback URL %s uses the custom scheme %s:", [u, s]) |
	some u in view.callbacks
	s := custom_scheme(u)
]

_extension_reasons(view) := [sprintf("callback URL %s belongs to a browser extension", [u]) |
	some u in view.callbacks
	is_extension(u)
]

_localhost_reasons(view) := [sprintf("callback URL %s is a local http address and no certificate is configured", [u]) |
	view.certificate != "present"
	some u in view.callbacks
	startswith(lower(u), "http://")
	is_loopback(u)
]

_mobile_reasons(view) := ["the app has mobile app settings" | view.mobile == true]

_pkce_reasons(view) := [sprintf("the secret is optional and PKCE is required (%sisConsumerSecretOptional = true, %sisPkceRequired = true)", [view.prefix, view.prefix]) |
	values.is_true(view.oauth, "isConsumerSecretOptional")
	values.is_true(view.oauth, "isPkceRequired")
]

_certificate_reasons(view) := ["a certificate is configured for the JWT bearer flow" | view.certificate == "present"]

_client_credentials_reasons(view) := ["the client credentials flow is enabled" | view.clientCredentials == true]

_https_reasons(view) := ["callback URLs are all https server URLs" |
	count(view.callbacks) > 0
	every u in view.callbacks {
		is_https_server(u)
	}
]

_ca_callbacks(app, oc) := urls if {
	urls := values.object_at(app, "facts").callbackUrls
	is_array(urls)
} else := values.split_list(values.string_at(oc, "callbackUrl"))

_eca_callbacks(app, g) := urls if {
	urls := values.object_at(app, "facts").callbackUrls
	is_array(urls)
} else := values.split_list(values.string_at(g, "callbackUrl"))

_ca_mobile(app) := true if {
	values.object_at(app, "facts").mobile == true
} else := true if {
	some key in ["mobileAppConfig", "mobileStartUrl"]
	values.has_key(values.object_at(app, "metadata"), key)
} else := false

_eca_mobile(app) := true if {
	some key in ["mobile", "mobilePolicies"]
	values.has_key(values.object_at(app, "files"), key)
} else := false

_eca_client_credentials(app, g) := true if {
	values.is_true(g, "isClientCredentialsFlowEnabled")
} else := true if {
	values.is_true(values.object_at(app, "oauthPolicies"), "isClientCredentialsFlowEnabled")
} else := false
