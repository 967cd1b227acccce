package oauthguard.tests.lib.client

import data.oauthguard.lib.client
import data.oauthguard.tests.fixtures as fx

_ca(oc, facts) := fx.connected_app("App", object.union({"isAdminApproved": true}, oc), {}, facts)

_classify(app) := client.classify(client.connected_app_view(app))

_kinds(ct) := [[p.kind, p.strength, p.direction] | some p in ct.evidence]

# --- configuration -----------------------------------------------------------------------

test_declared_client_wins if {
	app := _ca({"callbackUrl": "myapp://cb"}, {})
	ct := _classify(app) with input as fx.input_of([app], [], {"App": {"client": "private"}})
	ct.type == "private"
	ct.by == "config"
	ct.judged == "private"
	_kinds(ct) == [["custom_scheme", "strong", "public"]]
	client.describe(ct) == "declared private client (.oauthguard.yml)"
}

test_unrecognised_declaration_is_ignored if {
	app := _ca({"callbackUrl": "myapp://cb"}, {})
	ct := _classify(app) with input as fx.input_of([app], [], {"App": {"client": "server"}})
	ct.by == "evidence"
	ct.type == "public"
}

# --- each kind of evidence ---------------------------------------------------------------

test_real_certificate_is_strong_private if {
	app := _ca({"callbackUrl": "https://a.example.com/cb", "certificate": "MIIC..."}, {"certificate": "present"})
	ct := _classify(app) with input as {}
	ct.type == "private"
	ct.by == "evidence"
	_kinds(ct) == [["certificate", "strong", "private"], ["https_callbacks", "weak", "private"]]
	ct.evidence[0].element == "oauthConfig/certificate"
	ct.evidence[0].file == fx.ca_file("App")
	client.describe(ct) == "assumed private client: a certificate is configured"
}

test_placeholder_certificate_is_a_certificate_supplied_at_deploy_time if {
	some value in ["REPLACE_CERTIFICATE", "{CERTIFICATE}", "FROM_salesforce/certs/server.crt"]
	app := _ca({"callbackUrl": "http://localhost:8080", "certificate": value}, {"certificate": "placeholder"})
	ct := _classify(app) with input as {}
	ct.type == "private"
	ct.judged == "private"
	client.describe(ct) == sprintf("assumed private client: a certificate is configured (supplied at deploy time: placeholder %s); the loopback callback http://localhost:8080 suggests a desktop or command-line tool but a certificate outweighs it", [value])
}

test_empty_certificate_tells_nothing if {
	app := _ca({"certificate": ""}, {"certificate": "empty"})
	ct := _classify(app) with input as {}
	ct.type == "unknown"
	_kinds(ct) == [["empty_certificate", "none", "none"]]
}

test_certificate_state_is_derived_when_facts_are_missing if {
	app := object.remove(_ca({"certificate": "REPLACE_ME"}, {}), ["facts"])
	ct := _classify(app) with input as {}
	ct.type == "private"
	ct.evidence[0].kind == "certificate"
}

test_client_credentials_is_strong_private if {
	ct := _classify(_ca({"callbackUrl": "http://sync.internal/cb", "isClientCredentialEnabled": true}, {})) with input as {}
	ct.type == "private"
	_kinds(ct) == [["client_credentials", "strong", "private"], ["http_callback", "none", "none"]]
	ct.evidence[0].element == "oauthConfig/isClientCredentialEnabled"
	client.describe(ct) == "assumed private client: the client credentials flow is enabled (oauthConfig/isClientCredentialEnabled)"
}

test_custom_scheme_is_strong_public if {
	ct := _classify(_ca({"callbackUrl": "com.example.field:/oauth/done"}, {})) with input as {}
	ct.type == "public"
	ct.judged == "public"
	_kinds(ct) == [["custom_scheme", "strong", "public"]]
	client.describe(ct) == "assumed public client: the custom-scheme callback com.example.field:/oauth/done"
}

test_browser_extension_is_strong_public if {
	some url in ["https://abcdefgh.chromiumapp.org/", "chrome-extension://abcdefgh/cb.html", "https://x1.extensions.allizom.org/"]
	ct := _classify(_ca({"callbackUrl": url}, {})) with input as {}
	_kinds(ct) == [["browser_extension", "strong", "public"]]
}

test_mobile_settings_are_strong_public if {
	app := fx.connected_app("App", {"callbackUrl": "https://a.example.com/cb"}, {}, {"mobile": true})
	mobile := object.union(app, {"metadata": object.union(app.metadata, {"mobileStartUrl": "https://m.example.com"})})
	ct := _classify(mobile) with input as {}
	ct.type == "public"
	ct.evidence[0].element == "mobileStartUrl"
	client.describe(ct) == "assumed public client: the app has mobile app settings (mobileStartUrl); callbacks that are all https server URLs (https://a.example.com/cb) suggest a server app but having mobile app settings outweighs it"
}

test_loopback_alone_is_weak_public if {
	ct := _classify(_ca({"callbackUrl": "http://localhost:1717/OauthRedirect"}, {})) with input as {}
	ct.type == "public"
	_kinds(ct) == [["loopback", "weak", "public"]]
	client.describe(ct) == "assumed public client: the loopback callback http://localhost:1717/OauthRedirect suggests a desktop or command-line tool"
}

test_secret_optional_with_pkce_is_weak_public if {
	ct := _classify(_ca({"isConsumerSecretOptional": true, "isPkceRequired": true}, {})) with input as {}
	ct.type == "public"
	_kinds(ct) == [["secret_optional_pkce", "weak", "public"]]
}

test_all_https_callbacks_are_weak_private if {
	ct := _classify(_ca({"callbackUrl": "https://a.example.com/cb\nhttps://b.example.com/cb"}, {})) with input as {}
	ct.type == "private"
	_kinds(ct) == [["https_callbacks", "weak", "private"], ["https_callbacks", "weak", "private"]]
	client.describe(ct) == "assumed private client: callbacks that are all https server URLs (https://a.example.com/cb, https://b.example.com/cb) suggest a server app"
}

test_one_plain_http_url_spoils_all_https if {
	ct := _classify(_ca({"callbackUrl": "https://a.example.com/cb\nhttp://b.example.com/cb"}, {})) with input as {}
	ct.type == "unknown"
	ct.judged == "private"
	_kinds(ct) == [["https_callback", "none", "none"], ["http_callback", "none", "none"]]
	startswith(client.describe(ct), "client type unknown, judged as a private client: no certificate, client credentials flow, callback URL or mobile setting tells (the https server callback https://a.example.com/cb (not all callbacks are https server URLs); the plain http callback http://b.example.com/cb on a non-loopback host); declare it in .oauthguard.yml: apps: {App: {client: private}} (or client: public)")
}

test_no_evidence_is_unknown if {
	ct := _classify(_ca({}, {})) with input as {}
	ct.type == "unknown"
	ct.evidence == []
	client.describe(ct) == "client type unknown, judged as a private client: no certificate, client credentials flow, callback URL or mobile setting tells; declare it in .oauthguard.yml: apps: {App: {client: private}} (or client: public)"
}

test_oob_and_non_urls_tell_nothing if {
	ct := _classify(_ca({"callbackUrl": "oob\nurn:ietf:wg:oauth:2.0:oob\n{{CALLBACK_URL}}\nhttps://{{HOST}}/cb\nlocalhost:8080/cb\nsee README"}, {})) with input as {}
	ct.type == "unknown"
	_kinds(ct) == [
		["oob", "none", "none"], ["oob", "none", "none"], ["not_a_url", "none", "none"],
		["not_a_url", "none", "none"], ["not_a_url", "none", "none"], ["not_a_url", "none", "none"],
	]
}

test_non_urls_do_not_spoil_all_https if {
	ct := _classify(_ca({"callbackUrl": "https://a.example.com/cb\noob"}, {})) with input as {}
	ct.type == "private"
}

# --- weighing and conflicts --------------------------------------------------------------

test_strong_beats_weak_public_setting if {
	app := _ca({"callbackUrl": "https://a.example.com/cb", "isConsumerSecretOptional": true, "isPkceRequired": true}, {"certificate": "present"})
	ct := _classify(app) with input as {}
	ct.type == "private"
	ct.conflict == []
	client.describe(ct) == "assumed private client: a certificate is configured; the app's own setting \"secret optional, PKCE required\" (oauthConfig/isConsumerSecretOptional = true and oauthConfig/isPkceRequired = true) suggests a public client (it is the very setting being judged) but a certificate outweighs it"
}

test_strong_both_ways_is_ambiguous if {
	app := _ca({"callbackUrl": "myapp://cb", "isClientCredentialEnabled": true}, {})
	ct := _classify(app) with input as {}
	ct.type == "ambiguous"
	ct.judged == "private"
	client.judged_private(ct)
	not client.is_public(ct)
	[p.kind | some p in ct.conflict] == ["custom_scheme"]
	client.describe(ct) == "client type ambiguous, judged as a private client: the client credentials flow is enabled (oauthConfig/isClientCredentialEnabled) points to a private client but the custom-scheme callback myapp://cb points to a public one; declare it in .oauthguard.yml: apps: {App: {client: private}} (or client: public)"
}

test_certificate_and_mobile_is_ambiguous if {
	app := fx.connected_app("App", {"certificate": "X"}, {}, {"certificate": "placeholder"})
	mobile := object.union(app, {"metadata": object.union(app.metadata, {"mobileAppConfig": {}})})
	ct := _classify(mobile) with input as {}
	ct.type == "ambiguous"
	[p.kind | some p in ct.conflict] == ["mobile"]
}

test_weak_both_ways_is_ambiguous if {
	app := _ca({"callbackUrl": "https://a.example.com/cb", "isConsumerSecretOptional": true, "isPkceRequired": true}, {})
	ct := _classify(app) with input as {}
	ct.type == "ambiguous"
	ct.judged == "private"
	[p.kind | some p in ct.conflict] == ["secret_optional_pkce"]
	contains(client.describe(ct), "callbacks that are all https server URLs (https://a.example.com/cb) points to a private client but the app's own setting")
}

test_loopback_next_to_https_is_public if {
	# The loopback entry keeps the https ones from being "all https", so only weak public evidence is left.
	ct := _classify(_ca({"callbackUrl": "https://a.example.com/cb\nhttp://127.0.0.1:1717/cb"}, {})) with input as {}
	ct.type == "public"
	_kinds(ct) == [["loopback", "weak", "public"], ["https_callback", "none", "none"]]
}

test_invalid_pkce_value_gives_no_public_signal if {
	ct := _classify(_ca({"callbackUrl": "https://a.example.com/cb", "isConsumerSecretOptional": true, "isPkceRequired": "{{X}}"}, {})) with input as {}
	ct.type == "private"
}

test_comma_separated_callbacks_are_split_when_facts_are_missing if {
	app := object.remove(_ca({"callbackUrl": "https://a.example.com/cb, myapp://x"}, {}), ["facts"])
	ct := _classify(app) with input as {}
	ct.type == "public"
	ct.evidence[0].value == "myapp://x"
}

# --- URL parsing -------------------------------------------------------------------------

test_loopback_hosts if {
	every url in [
		"http://localhost", "http://localhost:8080/cb", "HTTP://LocalHost:1717/OauthRedirect",
		"http://127.0.0.1/cb", "http://127.1.2.3:9000", "http://[::1]/cb", "http://[::1]:8080",
		"https://localhost:8443/cb", "http://user:pw@localhost:1717/cb",
	] {
		client.callback_kind(url) == "loopback"
	}
}

test_not_loopback if {
	every url in ["http://localhost.example.com/cb", "http://127.0.0.1.nip.io/cb", "http://[::2]/cb", "http://128.0.0.1/"] {
		client.callback_kind(url) == "http_callback"
	}
}

test_userinfo_does_not_hide_the_host if {
	client.callback_kind("https://localhost@evil.example.com/cb") == "https_server"
	client.callback_kind("https://evil.example.com@localhost/cb") == "loopback"
}

test_upper_case_schemes_and_ports if {
	client.callback_kind("Https://Portal.Example.com:8443/x") == "https_server"
	client.parse_url("Https://user@Portal.Example.com:8443/x?a=b") == {"scheme": "https", "userinfo": "user", "host": "portal.example.com", "port": "8443", "rest": "/x?a=b"}
	client.parse_url("https://[2001:DB8::1]:443/cb").host == "[2001:db8::1]"
	client.host("https://user@Portal.Example.com:8443/x") == "portal.example.com"
}

test_what_is_no_url if {
	every text in ["", "   ", "oob-ish", "https://host:port/cb", "https://{{HOST}}/cb", "localhost:8080/cb", "myapp:callback"] {
		not client.parse_url(text)
	}
}

test_custom_schemes if {
	client.custom_scheme("com.example.app:/oauth") == "com.example.app"
	client.custom_scheme("MyApp://cb") == "myapp"
	client.custom_scheme("sfdc://success") == "sfdc"
	not client.custom_scheme("https://a.example.com")
	not client.custom_scheme("{{CALLBACK}}")
	not client.custom_scheme("chrome-extension://abc/cb")
}

# --- External Client Apps give the same evidence -----------------------------------------

test_external_client_app_mobile if {
	app := fx.external_client_app("Portal", {
		"globalOauth": {"externalClientApplication": "Portal", "callbackUrl": "https://p.example.com/cb"},
		"mobile": {"externalClientApplication": "Portal"},
	}, {})
	ct := client.classify(client.external_client_app_view(app)) with input as {}
	ct.type == "public"
	ct.evidence[0].kind == "mobile"
	ct.evidence[0].file == fx.eca_file("Portal", "mobile")
}

test_external_client_app_placeholder_certificate_and_loopback if {
	app := fx.external_client_app("Cli", {"globalOauth": {
		"externalClientApplication": "Cli",
		"callbackUrl": "http://localhost:1717/OauthRedirect",
		"certificate": "{CERTIFICATE}",
	}}, {"certificate": "placeholder"})
	ct := client.classify(client.external_client_app_view(app)) with input as {}
	ct.type == "private"
	_kinds(ct) == [["certificate", "strong", "private"], ["loopback", "weak", "public"]]
	ct.evidence[0].file == fx.eca_file("Cli", "globalOauth")
	ct.evidence[0].element == "certificate"
}

test_external_client_app_client_credentials_in_policies if {
	app := fx.external_client_app("Sync", {
		"globalOauth": {"externalClientApplication": "Sync", "callbackUrl": "myapp://cb"},
		"oauthPolicies": {"externalClientApplication": "Sync", "isClientCredentialsFlowEnabled": true},
	}, {})
	ct := client.classify(client.external_client_app_view(app)) with input as {}
	ct.type == "ambiguous"
	ct.evidence[0].file == fx.eca_file("Sync", "oauthPolicies")
}

test_evidence_from_two_eca_files_is_named_once if {
	app := fx.external_client_app("Batch", {
		"globalOauth": {"externalClientApplication": "Batch", "isClientCredentialsFlowEnabled": true},
		"oauthPolicies": {"externalClientApplication": "Batch", "isClientCredentialsFlowEnabled": true},
	}, {})
	ct := client.classify(client.external_client_app_view(app)) with input as {}
	count([p | some p in ct.evidence; p.kind == "client_credentials"]) == 2
	d := client.describe(ct)
	count(indexof_n(d, "client credentials flow is enabled")) == 1
}

test_same_evidence_for_both_kinds if {
	oc := {"callbackUrl": "https://a.example.com/cb\nhttp://[::1]:1717/cb", "isConsumerSecretOptional": true, "isPkceRequired": true}
	ca := client.classify(client.connected_app_view(_ca(oc, {}))) with input as {}
	eca := client.classify(client.external_client_app_view(fx.external_client_app("App", {"globalOauth": oc}, {}))) with input as {}
	_kinds(ca) == _kinds(eca)
	ca.type == eca.type
}

# --- the apps listing for hosts ----------------------------------------------------------

test_apps_lists_every_app if {
	ca := _ca({"callbackUrl": "myapp://cb"}, {})
	eca := fx.external_client_app("Portal", {"globalOauth": {"callbackUrl": "https://p.example.com/cb"}}, {})
	listing := client.apps with input as fx.input_of([ca], [eca], {})
	[[a.name, a.kind, a.file, a.client.type] | some a in listing] == [
		["App", "connectedApp", fx.ca_file("App"), "public"],
		["Portal", "externalClientApp", fx.eca_file("Portal", "eca"), "private"],
	]
}
