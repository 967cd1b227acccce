package oauthguard.tests.lib.client

import data.oauthguard.lib.client
import data.oauthguard.tests.fixtures as fx

_ca(oc, facts) := fx.connected_app("App", object.union({"isAdminApproved": true}, oc), {}, facts)

_classify(app) := client.classify(client.connected_app_view(app))

test_declared_client_wins if {
	app := _ca({"callbackUrl": "myapp://cb"}, {})
	ct := _classify(app) with input as fx.input_of([app], [], {"App": {"client": "private"}})
	ct == {"type": "private", "by": "config", "reason": "declared in .oauthguard.yml"}
	client.describe(ct) == "declared private client (.oauthguard.yml)"
}

test_unrecognised_declaration_is_ignored if {
	app := _ca({"callbackUrl": "myapp://cb"}, {})
	ct := _classify(app) with input as fx.input_of([app], [], {"App": {"client": "server"}})
	ct.by == "heuristic"
	ct.type == "public"
}

test_custom_scheme_is_public if {
	ct := _classify(_ca({"callbackUrl": "https://a.example.com/cb\nmyapp://oauth"}, {})) with input as {}
	ct == {"type": "public", "by": "heuristic", "reason": "callback URL myapp://oauth uses the custom scheme myapp:"}
	client.describe(ct) == "assumed public client (callback URL myapp://oauth uses the custom scheme myapp:)"
}

test_public_signals_beat_private_ones if {
	app := _ca({"callbackUrl": "https://a.example.com/cb", "isConsumerSecretOptional": true, "isPkceRequired": true}, {"certificate": "present"})
	ct := _classify(app) with input as {}
	ct.type == "public"
	ct.reason == "the secret is optional and PKCE is required (oauthConfig/isConsumerSecretOptional = true, oauthConfig/isPkceRequired = true)"
}

test_localhost_with_certificate_is_not_public if {
	app := _ca({"callbackUrl": "http://localhost:1717/OauthRedirect"}, {"certificate": "present"})
	ct := _classify(app) with input as {}
	ct == {"type": "private", "by": "heuristic", "reason": "a certificate is configured for the JWT bearer flow"}
}

test_client_credentials_is_private if {
	ct := _classify(_ca({"callbackUrl": "http://sync.internal/cb", "isClientCredentialEnabled": true}, {})) with input as {}
	ct.reason == "the client credentials flow is enabled"
}

test_all_https_is_private if {
	ct := _classify(_ca({"callbackUrl": "https://a.example.com/cb\nhttps://b.example.com/cb"}, {})) with input as {}
	ct == {"type": "private", "by": "heuristic", "reason": "callback URLs are all https server URLs"}
}

test_one_plain_http_url_makes_it_unknown if {
	ct := _classify(_ca({"callbackUrl": "https://a.example.com/cb\nhttp://b.example.com/cb"}, {})) with input as {}
	ct.type == "unknown"
	client.describe(ct) == "client type unknown (no callback URL, certificate or mobile setting tells), judged as a private client; declare it in .oauthguard.yml"
}

test_comma_separated_callbacks_are_split_when_facts_are_missing if {
	app := object.remove(_ca({"callbackUrl": "https://a.example.com/cb, myapp://x"}, {}), ["facts"])
	ct := _classify(app) with input as {}
	ct.reason == "callback URL myapp://x uses the custom scheme myapp:"
}

test_invalid_pkce_value_gives_no_public_signal if {
	ct := _classify(_ca({"callbackUrl": "https://a.example.com/cb", "isConsumerSecretOptional": true, "isPkceRequired": "{{X}}"}, {})) with input as {}
	ct.type == "private"
}

test_url_parts if {
	client.host("https://user@Portal.Example.com:8443/x") == "portal.example.com"
	client.custom_scheme("com.example.app:/oauth") == "com.example.app"
	not client.custom_scheme("https://a.example.com")
	not client.custom_scheme("{{CALLBACK}}")
	client.is_extension("https://abc.chromiumapp.org/")
	not client.is_https_server("https://localhost/cb")
}

test_external_client_app_view if {
	app := fx.external_client_app("Portal", {
		"globalOauth": {"externalClientApplication": "Portal", "callbackUrl": "https://p.example.com/cb"},
		"mobile": {"externalClientApplication": "Portal"},
	}, {})
	ct := client.classify(client.external_client_app_view(app)) with input as {}
	ct == {"type": "public", "by": "heuristic", "reason": "the app has mobile app settings"}
}
