# Client type: is the app a private (server-side, confidential) client that can keep a
# secret, or a public (browser, mobile, desktop) client that cannot?
#
# The decision of DESIGN.md §5, documented in docs/rules.md ("Client type"):
# - A declaration in .oauthguard.yml (input.config.apps[<name>].client) wins ("by": "config").
# - Otherwise the app's metadata is searched for evidence ("by": "evidence"). Each piece has
#   a strength (strong or weak), a direction (private, public, or none for what tells
#   nothing) and the element it came from:
#     strong private: a certificate of any value (a placeholder is a certificate supplied at
#                     deploy time), the client credentials flow enabled;
#     strong public:  a custom-scheme callback, a browser-extension callback, mobile settings;
#     weak public:    a loopback callback (localhost, 127.x, [::1]), and the app's own
#                     "secret optional + PKCE required" (the setting being judged);
#     weak private:   callbacks that are all https server URLs.
# - Strong beats weak. Strong evidence on both sides, or only weak evidence on both sides,
#   is "ambiguous"; no evidence at all is "unknown". Both are judged as private clients (the
#   safer expectation: require the secret), and the message names the evidence and the
#   .oauthguard.yml lines that settle it.
#
# Connected Apps and External Client Apps give the same evidence: each is first turned into a
# "view" (connected_app_view, external_client_app_view) holding the raw values and where they
# sit. `apps` lists the classification of every app in the input, for hosts (explain-app,
# init) that want it without running a rule.
package oauthguard.lib.client

import data.oauthguard.lib.values

# apps is one entry per app in the input, Connected Apps first, in input order:
# {"name", "kind", "file", "client": classify(view)}. "file" is the Connected App's file or
# the External Client App's .eca file (else its first part file).
apps := array.concat(
	[entry |
		some app in input.connectedApps
		entry := {
			"name": app.name,
			"kind": "connectedApp",
			"file": app.file,
			"client": connected_app_types[app.file],
		}
	],
	[entry |
		some app in input.externalClientApps
		entry := {
			"name": app.name,
			"kind": "externalClientApp",
			"file": _eca_main_file(app),
			"client": external_client_app_types[eca_key(app)],
		}
	],
)

# connected_app_types maps each Connected App's file to its classification, and
# external_client_app_types each External Client App's eca_key to its: rules, which ask for the
# same app's type several times, read them from here so that it is computed once per scan
# (complete rules are memoised, functions are not).
connected_app_types := {app.file: classify(connected_app_view(app)) | some app in input.connectedApps}

external_client_app_types := {eca_key(app): classify(external_client_app_view(app)) | some app in input.externalClientApps}

# eca_key(app) identifies an External Client App in the input: its name and main file.
eca_key(app) := sprintf("%s|%s", [app.name, _eca_main_file(app)])

# connected_app_view(app) gathers what the evidence is read from in a Connected App. Every
# element path is relative to the app's file.
connected_app_view(app) := {
	"name": app.name,
	"callbacks": _callbacks(app, oc),
	"callbackAt": {"file": app.file, "element": "oauthConfig/callbackUrl"},
	"certificate": {
		"state": _certificate_state(app, oc),
		"value": values.string_at(oc, "certificate"),
		"file": app.file,
		"element": "oauthConfig/certificate",
	},
	"clientCredentials": [{"file": app.file, "element": "oauthConfig/isClientCredentialEnabled", "shown": "oauthConfig/isClientCredentialEnabled"} |
		values.is_true(oc, "isClientCredentialEnabled")
	],
	"mobile": _ca_mobile(app),
	"secretOptionalPkce": [{"file": app.file, "element": "oauthConfig/isConsumerSecretOptional", "shown": "oauthConfig/isConsumerSecretOptional = true and oauthConfig/isPkceRequired = true"} |
		values.is_true(oc, "isConsumerSecretOptional")
		values.is_true(oc, "isPkceRequired")
	],
} if {
	oc := values.object_at(values.object_at(app, "metadata"), "oauthConfig")
}

# external_client_app_view(app) gathers the same from an External Client App: callbacks,
# certificate and the OAuth switches live in the global OAuth settings (.ecaGlblOauth); the
# client credentials flow can also be switched on in the admin policies (.ecaOauthPlcy);
# mobile settings are their own part files.
external_client_app_view(app) := {
	"name": app.name,
	"callbacks": _callbacks(app, g),
	"callbackAt": {"file": gfile, "element": "callbackUrl"},
	"certificate": {
		"state": _certificate_state(app, g),
		"value": values.string_at(g, "certificate"),
		"file": gfile,
		"element": "certificate",
	},
	"clientCredentials": [{"file": f, "element": "isClientCredentialsFlowEnabled", "shown": sprintf("isClientCredentialsFlowEnabled in the %s file", [_part_suffix[key]])} |
		some key in ["globalOauth", "oauthPolicies"]
		values.is_true(values.object_at(app, key), "isClientCredentialsFlowEnabled")
		f := values.string_at(values.object_at(app, "files"), key)
	],
	"mobile": [{"file": f, "element": "", "shown": sprintf("mobile settings (%s)", [f])} |
		some key in ["mobile", "mobilePolicies"]
		f := values.string_at(values.object_at(app, "files"), key)
		f != ""
	],
	"secretOptionalPkce": [{"file": gfile, "element": "isConsumerSecretOptional", "shown": "isConsumerSecretOptional = true and isPkceRequired = true in the .ecaGlblOauth file"} |
		values.is_true(g, "isConsumerSecretOptional")
		values.is_true(g, "isPkceRequired")
	],
} if {
	g := values.object_at(app, "globalOauth")
	gfile := values.string_at(values.object_at(app, "files"), "globalOauth")
}

# classify(view) is the classification:
#   {"type": "private"|"public"|"ambiguous"|"unknown",
#    "judged": "private"|"public"   (how the rules treat the app),
#    "by": "config"|"evidence",
#    "evidence": [piece, …]          (everything found, strongest first; see evidence(view)),
#    "conflict": [piece, …],         (ambiguous: the public pieces at the level that conflicts; else [])
#    "app": the app name}
classify(view) := _classified(view, evidence(view))

# NOTE: the evidence is computed once and passed along; functions are not memoised.
_classified(view, ev) := object.union(_base(view, ev, t), {"by": "config"}) if {
	t := input.config.apps[view.name].client
	t in {"private", "public"}
} else := object.union(_base(view, ev, t), {"by": "evidence", "conflict": _conflict(ev, level)}) if {
	counts := _counts(ev)
	t := _weigh(counts)
	level := _conflict_level(counts)
}

_base(view, ev, t) := {
	"app": view.name,
	"type": t,
	"judged": _judged(t),
	"evidence": ev,
}

_judged(t) := "public" if {
	t == "public"
} else := "private"

_counts(ev) := {
	"sp": count(_pieces(ev, "strong", "private")),
	"su": count(_pieces(ev, "strong", "public")),
	"wp": count(_pieces(ev, "weak", "private")),
	"wu": count(_pieces(ev, "weak", "public")),
}

# _weigh(counts) weighs the evidence: strong beats weak; both sides at the same level is a
# conflict; nothing at all is unknown.
_weigh(c) := "ambiguous" if {
	c.sp > 0
	c.su > 0
} else := "private" if {
	c.sp > 0
} else := "public" if {
	c.su > 0
} else := "ambiguous" if {
	c.wp > 0
	c.wu > 0
} else := "private" if {
	c.wp > 0
} else := "public" if {
	c.wu > 0
} else := "unknown"

# The conflicting pieces of an ambiguous app: the public ones (it is judged as private).
_conflict(ev, level) := [p |
	some p in ev
	p.direction == "public"
	p.strength == level
]

_conflict_level(c) := "strong" if {
	c.sp > 0
	c.su > 0
} else := "weak" if {
	c.sp + c.su == 0
	c.wp > 0
	c.wu > 0
} else := "none"

_pieces(ev, strength, direction) := [p |
	some p in ev
	p.strength == strength
	p.direction == direction
]

# evidence(view) lists every piece of evidence: strong ones first, then weak ones, then the
# ones that tell nothing (direction "none", strength "none"). A piece is
#   {"kind", "strength", "direction", "file", "element", "value", "text"}
# where kind is certificate | client_credentials | custom_scheme | browser_extension |
# mobile | loopback | secret_optional_pkce | https_callbacks | http_callback | oob |
# not_a_url | empty_certificate, "element" is the element path in "file" (the host turns it
# into a line), "value" the raw value and "text" the phrase messages use.
evidence(view) := [p |
	found := _all(view)
	some strength in ["strong", "weak", "none"]
	some p in found
	p.strength == strength
]

_all(view) := array.concat(
	array.concat(_certificate(view), _client_credentials(view)),
	array.concat(
		array.concat(_mobile(view), _secret_optional_pkce(view)),
		_callback_pieces(view),
	),
)

_certificate(view) := [_piece("certificate", "strong", "private", c.file, c.element, c.value, _certificate_text(c))] if {
	c := view.certificate
	c.state in {"present", "placeholder"}
} else := [_piece("empty_certificate", "none", "none", c.file, c.element, "", "the certificate element is empty, so no certificate is configured")] if {
	c := view.certificate
	c.state == "empty"
} else := []

_certificate_text(c) := "a certificate is configured" if {
	c.state == "present"
} else := sprintf("a certificate is configured (supplied at deploy time: placeholder %s)", [shorten(trim_space(c.value))])

_client_credentials(view) := [_piece("client_credentials", "strong", "private", at.file, at.element, "true", sprintf("the client credentials flow is enabled (%s)", [at.shown])) |
	some at in view.clientCredentials
]

_mobile(view) := [_piece("mobile", "strong", "public", at.file, at.element, at.shown, sprintf("the app has %s", [at.shown])) |
	some at in view.mobile
]

_secret_optional_pkce(view) := [_piece("secret_optional_pkce", "weak", "public", at.file, at.element, "true", sprintf("the app's own setting \"secret optional, PKCE required\" (%s)", [at.shown])) |
	some at in view.secretOptionalPkce
]

_callback_pieces(view) := [p |
	kinds := [[url, callback_kind(url)] | some url in view.callbacks]
	all_https := _all_https(kinds)
	some pair in kinds
	p := _callback_piece(view, pair[1], pair[0], all_https)
]

_callback_piece(view, kind, url, all_https) := _piece(kind, "strong", "public", view.callbackAt.file, view.callbackAt.element, url, sprintf("the custom-scheme callback %s", [url])) if {
	kind == "custom_scheme"
} else := _piece(kind, "strong", "public", view.callbackAt.file, view.callbackAt.element, url, sprintf("the browser-extension callback %s", [url])) if {
	kind == "browser_extension"
} else := _piece(kind, "weak", "public", view.callbackAt.file, view.callbackAt.element, url, sprintf("the loopback callback %s", [url])) if {
	kind == "loopback"
} else := _piece("https_callbacks", "weak", "private", view.callbackAt.file, view.callbackAt.element, url, sprintf("the https server callback %s", [url])) if {
	kind == "https_server"
	all_https
} else := _piece("https_callback", "none", "none", view.callbackAt.file, view.callbackAt.element, url, sprintf("the https server callback %s (not all callbacks are https server URLs)", [url])) if {
	kind == "https_server"
} else := _piece(kind, "none", "none", view.callbackAt.file, view.callbackAt.element, url, sprintf("the plain http callback %s on a non-loopback host", [url])) if {
	kind == "http_callback"
} else := _piece(kind, "none", "none", view.callbackAt.file, view.callbackAt.element, url, sprintf("the out-of-band callback %s", [url])) if {
	kind == "oob"
} else := _piece(kind, "none", "none", view.callbackAt.file, view.callbackAt.element, url, sprintf("the callback entry \"%s\" is not a URL", [shorten(url)]))

# _all_https(kinds): every callback that is a URL is an https server URL (entries that are no
# URL, and out-of-band markers, tell nothing either way and are left out). kinds holds
# [url, kind] pairs.
_all_https(kinds) := true if {
	urls := [k | some pair in kinds; k := pair[1]; not k in {"oob", "not_a_url"}]
	count(urls) > 0
	every k in urls {
		k == "https_server"
	}
} else := false

_piece(kind, strength, direction, file, element, value, text) := {
	"kind": kind,
	"strength": strength,
	"direction": direction,
	"file": file,
	"element": element,
	"value": value,
	"text": text,
}

# callback_kind(text) sorts one callback entry: custom_scheme, browser_extension, loopback,
# https_server, http_callback, oob or not_a_url. Nothing is guessed: text that does not parse
# as a URL is not_a_url.
callback_kind(text) := "oob" if {
	_is_oob(text)
} else := k if {
	u := parse_url(text)
	k := _url_kind(u)
} else := "not_a_url"

_is_oob(text) if lower(trim_space(text)) == "oob"

_is_oob(text) if startswith(lower(trim_space(text)), "urn:ietf:wg:oauth:2.0:oob")

_url_kind(u) := "browser_extension" if {
	u.scheme in extension_schemes
} else := k if {
	u.scheme in {"http", "https"}
	u.host != ""
	k := _web_kind(u)
} else := "custom_scheme" if {
	not u.scheme in {"http", "https"}
}

_web_kind(u) := "loopback" if {
	is_loopback_host(u.host)
} else := "browser_extension" if {
	is_extension_host(u.host)
} else := "https_server" if {
	u.scheme == "https"
} else := "http_callback"

# Schemes of browser-extension redirect URLs.
extension_schemes := {"chrome-extension", "moz-extension", "safari-web-extension", "ms-browser-extension", "extension"}

# is_extension_host(host) holds for the redirect hosts browsers give extensions
# (chrome.identity: <id>.chromiumapp.org; Firefox: <id>.extensions.allizom.org).
is_extension_host(host) if endswith(host, ".chromiumapp.org")

is_extension_host(host) if endswith(host, ".extensions.allizom.org")

# is_loopback_host(host) holds for localhost, any 127.x.y.z address and [::1].
is_loopback_host(host) if host == "localhost"

is_loopback_host(host) if regex.match(`^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$`, host)

is_loopback_host(host) if host in {"[::1]", "[0:0:0:0:0:0:0:1]"}

# parse_url(text) is {"scheme", "userinfo", "host", "port", "rest"} for text that is a URL
# (scheme lower-cased, host lower-cased, IPv6 hosts kept in brackets, port as written), and
# undefined otherwise. A URL is scheme ":" then either "//" authority, or a path starting
# with "/" (com.example.app:/oauth, whose host is ""). The authority is
# [userinfo "@"] host [":" port], the host a name, an IPv4 address or a bracketed IPv6
# address; anything else (templates such as https://{{HOST}}/cb, a port that is not a
# number) is no URL.
parse_url(text) := u if {
	s := trim_space(text)
	m := regex.find_all_string_submatch_n(`^([A-Za-z][A-Za-z0-9+.\-]*):(.*)$`, s, 1)
	count(m) == 1
	u := _parse_rest(lower(m[0][1]), m[0][2])
}

_parse_rest(scheme, rest) := u if {
	startswith(rest, "//")
	a := regex.find_all_string_submatch_n(`^//([^/?#]*)(.*)$`, rest, 1)
	count(a) == 1
	h := _authority(a[0][1])
	u := {"scheme": scheme, "userinfo": h.userinfo, "host": h.host, "port": h.port, "rest": a[0][2]}
} else := {"scheme": scheme, "userinfo": "", "host": "", "port": "", "rest": rest} if {
	not startswith(rest, "//")
	startswith(rest, "/")
}

_authority(a) := {"userinfo": m[0][1], "host": lower(m[0][2]), "port": m[0][3]} if {
	m := regex.find_all_string_submatch_n(`^(?:(.*)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~%\-]+)(?::([0-9]*))?$`, a, 1)
	count(m) == 1
}

# host(url) is the lower-cased host of a URL, "" when it has none; undefined for non-URLs.
host(url) := parse_url(url).host

# custom_scheme(url) is the scheme of a custom-scheme callback (myapp://cb,
# com.example.app:/oauth); undefined for anything else.
custom_scheme(url) := parse_url(url).scheme if callback_kind(url) == "custom_scheme"

# is_public(ct) holds for a declared or assumed public client.
is_public(ct) if ct.judged == "public"

# judged_private(ct) holds for private, ambiguous and unknown clients: all are expected to
# keep a secret.
judged_private(ct) if ct.judged == "private"

# describe(ct) is the phrase rule messages end with: why the app is judged the way it is.
describe(ct) := sprintf("declared %s client (.oauthguard.yml)", [ct.type]) if {
	ct.by == "config"
} else := sprintf("client type ambiguous, judged as a private client: %s points to a private client but %s points to a public one; %s", [
	_phrases(_side(ct.evidence, ct.conflict[0].strength, "private")),
	_phrases(ct.conflict),
	settle(ct),
]) if {
	ct.type == "ambiguous"
} else := sprintf("client type unknown, judged as a private client: %s; %s", [_nothing_tells(ct), settle(ct)]) if {
	ct.type == "unknown"
} else := sprintf("assumed %s client: %s%s", [ct.type, _because(ct), _outweighed(ct)])

# What decided a private or public app: its strong pieces, else its weak ones with what they
# suggest.
_because(ct) := _phrases(s) if {
	s := _side(ct.evidence, "strong", ct.type)
	count(s) > 0
} else := sprintf("%s %s", [_phrases(s), _suggests(s)]) if {
	s := _side(ct.evidence, "weak", ct.type)
}

_side(ev, strength, direction) := [p |
	some p in ev
	p.strength == strength
	p.direction == direction
]

# The weak pieces on the other side, named with what outweighed them.
_outweighed(ct) := sprintf("; %s %s but %s outweighs it", [_phrases(weak), _suggests(weak), _short(strong[0])]) if {
	strong := _side(ct.evidence, "strong", ct.type)
	count(strong) > 0
	weak := [p |
		some p in ct.evidence
		p.strength == "weak"
		p.direction != ct.type
	]
	count(weak) > 0
} else := ""

# _phrases(pieces) joins the pieces' texts, one per kind; several https or loopback callbacks
# are named together.
_phrases(pieces) := concat("; ", array.concat(
	[p.text | some i, p in pieces; not p.kind in {"https_callbacks", "loopback"}; not _named_before(pieces, i)],
	array.concat(_https_phrase(pieces), _loopback_phrase(pieces)),
))

# The same kind of evidence from two files of one External Client App (the client credentials
# flow enabled in both the global settings and the policy file) is named once in messages.
_named_before(pieces, i) if {
	some j, p in pieces
	j < i
	p.kind == pieces[i].kind
}

_https_phrase(pieces) := [sprintf("callbacks that are all https server URLs (%s)", [concat(", ", urls)])] if {
	urls := [p.value | some p in pieces; p.kind == "https_callbacks"]
	count(urls) > 0
} else := []

_loopback_phrase(pieces) := [sprintf("the loopback callback %s", [urls[0]])] if {
	urls := [p.value | some p in pieces; p.kind == "loopback"]
	count(urls) == 1
} else := [sprintf("the loopback callbacks %s", [concat(", ", urls)])] if {
	urls := [p.value | some p in pieces; p.kind == "loopback"]
	count(urls) > 1
} else := []

# _suggests(pieces) is the verb phrase after _phrases(pieces): it agrees with the last phrase.
_suggests(pieces) := "suggest a desktop or command-line tool" if {
	count([p | some p in pieces; p.kind == "loopback"]) > 1
} else := "suggests a desktop or command-line tool" if {
	count([p | some p in pieces; p.kind == "loopback"]) == 1
} else := "suggest a server app" if {
	some p in pieces
	p.kind == "https_callbacks"
} else := _suggests_one(pieces[0])

_suggests_one(p) := "suggests a public client (it is the very setting being judged)" if {
	p.kind == "secret_optional_pkce"
} else := "suggest a server app" if {
	p.kind == "https_callbacks"
} else := "suggests a public client"

_short(p) := "a certificate" if {
	p.kind == "certificate"
} else := "the client credentials flow" if {
	p.kind == "client_credentials"
} else := "the custom-scheme callback" if {
	p.kind == "custom_scheme"
} else := "the browser-extension callback" if {
	p.kind == "browser_extension"
} else := "having mobile app settings"

_nothing_tells(ct) := sprintf("no certificate, client credentials flow, callback URL or mobile setting tells (%s)", [_phrases(ct.evidence)]) if {
	count(ct.evidence) > 0
} else := "no certificate, client credentials flow, callback URL or mobile setting tells"

# settle(ct) names the .oauthguard.yml lines that settle an ambiguous or unknown client, in
# YAML flow style so that they fit in one message line.
settle(ct) := sprintf("declare it in .oauthguard.yml: apps: {%s: {client: private}} (or client: public)", [ct.app])

# shorten(s) keeps messages readable when a value is long (a PEM pasted in the wrong place).
shorten(s) := s if {
	count(s) <= 60
} else := sprintf("%s...", [substring(s, 0, 57)])

_callbacks(app, part) := urls if {
	urls := values.object_at(app, "facts").callbackUrls
	is_array(urls)
} else := values.split_list(values.string_at(part, "callbackUrl"))

# The certificate state the reader derived, else one derived from the raw value.
_certificate_state(app, part) := s if {
	s := values.object_at(app, "facts").certificate
	is_string(s)
} else := "absent" if {
	not values.has_key(part, "certificate")
} else := "empty" if {
	trim_space(values.string_at(part, "certificate")) == ""
} else := "placeholder"

_ca_mobile(app) := found if {
	found := [{"file": app.file, "element": key, "shown": sprintf("mobile app settings (%s)", [key])} |
		some key in ["mobileAppConfig", "mobileStartUrl"]
		values.has_key(values.object_at(app, "metadata"), key)
	]
	count(found) > 0
} else := [{"file": app.file, "element": "", "shown": "mobile app settings"}] if {
	values.object_at(app, "facts").mobile == true
} else := []

_part_suffix := {"globalOauth": ".ecaGlblOauth", "oauthPolicies": ".ecaOauthPlcy"}

_eca_main_file(app) := f if {
	f := values.string_at(values.object_at(app, "files"), "eca")
	f != ""
} else := sort(fs)[0] if {
	fs := [f | some f in values.object_at(app, "files"); is_string(f); f != ""]
	count(fs) > 0
} else := ""
