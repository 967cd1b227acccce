package oauthguard.tests.private_key_committed

import data.oauthguard.rules.private_key_committed as rule
import data.oauthguard.tests.fixtures as fx

_info(fp) := {
	"subject": "CN=billing-jwt", "issuer": "CN=billing-jwt", "selfSigned": true,
	"notBefore": "2026-01-01T00:00:00Z", "notAfter": "2028-01-01T00:00:00Z",
	"keyAlgorithm": "RSA", "keySize": 2048, "signatureAlgorithm": "SHA256withRSA",
	"signatureHash": "SHA-256", "publicKeySha256": fp, "sha256": "cc",
}

_ca(name, fp) := fx.connected_app(name, fx.server_oauth_config, fx.neutral_policy, {"certificate": "present", "certificateInfo": _info(fp)})

_key(file, fp) := {"file": file, "kind": "pkcs8", "encrypted": false, "publicKeySha256": fp, "keyAlgorithm": "RSA", "keySize": 2048}

_input(apps, ecas, keys) := object.union(fx.input_of(apps, ecas, {}), {"keys": keys})

test_matching_key_is_critical_on_the_app if {
	rule.deny == {{
		"app": "Billing",
		"kind": "connectedApp",
		"file": fx.ca_file("Billing"),
		"path": "oauthConfig/certificate",
		"severity": "critical",
		"message": "Connected App Billing's JWT certificate (subject CN=billing-jwt) has its private key committed in plain text (config/server.key): anyone who can read the repository can get tokens as the app's pre-authorized users. Replace the certificate and purge the key from the history.",
		"aggravating": [],
		"compensating": [],
	}} with input as _input([_ca("Billing", "f1")], [], [_key("config/server.key", "f1")])
}

test_several_matching_files_in_one_finding if {
	f := fx.only(rule.deny) with input as _input([_ca("Billing", "f1")], [], [_key("z/jwt.pem", "f1"), _key("a/server.key", "f1")])
	contains(f.message, "(a/server.key, z/jwt.pem)")
}

test_unmatched_key_is_a_note_on_the_key_file if {
	rule.deny == {{
		"app": "keys/other.pem",
		"kind": "repository",
		"file": "keys/other.pem",
		"path": "",
		"severity": "note",
		"message": "A private key is committed in plain text (keys/other.pem); it matches no app here. If it signs anything, treat it as compromised, replace it and purge it from the history.",
		"aggravating": [],
		"compensating": [],
	}} with input as _input([_ca("Billing", "f1")], [], [_key("keys/other.pem", "f2")])
}

test_unmatched_note_once_per_file if {
	keys := [_key("keys/two.pem", "f2"), _key("keys/two.pem", "f3"), object.union(_key("keys/two.pem", "x"), {"publicKeySha256": null})]
	count(rule.deny) == 1 with input as _input([], [], keys)
}

test_unreadable_key_without_fingerprint_is_a_note if {
	key := {"file": "broken.key", "kind": "pkcs1", "encrypted": false}
	f := fx.only(rule.deny) with input as _input([_ca("Billing", "f1")], [], [key])
	f.severity == "note"
}

test_encrypted_keys_are_not_findings if {
	keys := [
		{"file": "server.key.enc", "kind": "encrypted-file", "encrypted": true},
		{"file": "jwt.pem", "kind": "encrypted-pkcs8", "encrypted": true},
		{"file": "ci.p12", "kind": "pkcs12", "encrypted": true},
	]
	count(rule.deny) == 0 with input as _input([_ca("Billing", "f1")], [], keys)
}

test_encrypted_keys_are_named_with_a_match if {
	keys := [_key("server.key", "f1"), {"file": "server.key.enc", "kind": "encrypted-file", "encrypted": true}]
	f := fx.only(rule.deny) with input as _input([_ca("Billing", "f1")], [], keys)
	endswith(f.message, " Encrypted keys in the repository (not reported): server.key.enc.")
}

test_external_client_app_match if {
	eca := fx.external_client_app("Portal", {"globalOauth": {"externalClientApplication": "Portal"}}, {"certificate": "present", "certificateInfo": _info("f9")})
	f := fx.only(rule.deny) with input as _input([], [eca], [object.union(_key("assets/jwt.p12", "f9"), {"kind": "pkcs12"})])
	f.kind == "externalClientApp"
	f.path == "certificate"
	f.severity == "critical"
}

test_key_matching_two_apps_is_reported_on_both if {
	count(rule.deny) == 2 with input as _input([_ca("A", "f1"), _ca("B", "f1")], [], [_key("server.key", "f1")])
}

test_no_keys_no_findings if {
	count(rule.deny) == 0 with input as fx.input_of([_ca("Billing", "f1")], [], {})
}

test_explain_names_encrypted_keys_for_an_app_without_a_match if {
	keys := [{"file": "server.key.enc", "kind": "encrypted-file", "encrypted": true}, _key("other.pem", "f2")]
	e := rule.explain(_ca("Billing", "f1")) with input as _input([_ca("Billing", "f1")], [], keys)
	e == {"verdict": "passed", "why": "no plaintext private key in the repository (1 searched) matches the certificate's public key. Encrypted keys in the repository (not reported): server.key.enc."}
	placeholder := fx.connected_app("A", fx.server_oauth_config, fx.neutral_policy, {"certificate": "placeholder"})
	p := rule.explain(placeholder) with input as _input([placeholder], [], keys)
	p.verdict == "not_applicable"
	endswith(p.why, "(certificate: placeholder), so no key can be matched to it. Encrypted keys in the repository (not reported): server.key.enc.")
}
