package oauthguard.tests.jwt_certificate

import data.oauthguard.rules.jwt_certificate as rule
import data.oauthguard.tests.fixtures as fx

_glbl := "force-app/main/default/extlClntAppGlobalOauthSets/Portal_glbl.ecaGlblOauth-meta.xml"

# A healthy certificate: RSA 2048, SHA-256, valid until 2027-06-30.
_good := {
	"subject": "CN=billing-jwt",
	"issuer": "CN=billing-jwt",
	"selfSigned": true,
	"notBefore": "2026-01-01T00:00:00Z",
	"notAfter": "2027-06-30T12:00:00Z",
	"keyAlgorithm": "RSA",
	"keySize": 2048,
	"signatureAlgorithm": "SHA256withRSA",
	"signatureHash": "SHA-256",
	"publicKeySha256": "aa",
	"sha256": "bb",
}

_ca(info) := fx.connected_app("Billing", fx.server_oauth_config, fx.neutral_policy, {"certificate": "present", "certificateInfo": info})

_input(apps, ecas, date, config) := object.union(fx.input_of(apps, ecas, {}), {"scan": {"date": date}, "config": object.union({"apps": {}}, config)})

test_healthy_certificate_is_not_reported if {
	count(rule.deny) == 0 with input as _input([_ca(_good)], [], "2026-12-04", {})
}

test_no_certificate_info_is_not_judged if {
	apps := [
		fx.connected_app("A", fx.server_oauth_config, fx.neutral_policy, {"certificate": "placeholder"}),
		fx.connected_app("B", fx.server_oauth_config, fx.neutral_policy, {"certificate": "present"}),
	]
	count(rule.deny) == 0 with input as _input(apps, [], "2026-12-04", {})
}

test_expired_is_high_and_names_the_date if {
	info := object.union(_good, {"notAfter": "2026-11-30T23:59:59Z"})
	rule.deny == {{
		"app": "Billing",
		"kind": "connectedApp",
		"file": fx.ca_file("Billing"),
		"path": "oauthConfig/certificate",
		"severity": "high",
		"message": "Connected App Billing's JWT certificate (subject CN=billing-jwt) expired on 2026-11-30 (notAfter 2026-11-30T23:59:59Z). Replace it with a new key pair and certificate.",
		"aggravating": [],
		"compensating": [],
	}} with input as _input([_ca(info)], [], "2026-12-04", {})
}

test_expiring_is_medium if {
	info := object.union(_good, {"notAfter": "2026-12-20T00:00:00Z"})
	f := fx.only(rule.deny) with input as _input([_ca(info)], [], "2026-12-04", {})
	f.severity == "medium"
	contains(f.message, "expires on 2026-12-20 (notAfter 2026-12-20T00:00:00Z), within the 30-day warning window")
}

test_ending_on_the_scan_day_is_expiring_not_expired if {
	info := object.union(_good, {"notAfter": "2026-12-04T08:00:00Z"})
	f := fx.only(rule.deny) with input as _input([_ca(info)], [], "2026-12-04", {})
	f.severity == "medium"
}

test_outside_the_window_is_not_reported if {
	info := object.union(_good, {"notAfter": "2027-01-03T00:00:00Z"})
	count(rule.deny) == 0 with input as _input([_ca(info)], [], "2026-12-04", {})
}

test_window_from_configuration if {
	info := object.union(_good, {"notAfter": "2027-01-03T00:00:00Z"})
	f := fx.only(rule.deny) with input as _input([_ca(info)], [], "2026-12-04", {"certificates": {"expiryWarningDays": 60}})
	contains(f.message, "within the 60-day warning window")
	count(rule.deny) == 0 with input as _input([_ca(object.union(_good, {"notAfter": "2026-12-05T00:00:00Z"}))], [], "2026-12-04", {"certificates": {"expiryWarningDays": 0}})
}

test_message_does_not_change_from_day_to_day if {
	info := object.union(_good, {"notAfter": "2026-12-20T00:00:00Z"})
	a := fx.only(rule.deny) with input as _input([_ca(info)], [], "2026-12-04", {})
	b := fx.only(rule.deny) with input as _input([_ca(info)], [], "2026-12-05", {})
	a == b
}

test_without_scan_date_only_strength_is_judged if {
	weak := object.union(_good, {"notAfter": "2001-01-01T00:00:00Z", "keySize": 1024})
	f := fx.only(rule.deny) with input as fx.input_of([_ca(weak)], [], {})
	f.message == "Connected App Billing's JWT certificate (subject CN=billing-jwt) has a 1024-bit RSA key, below the 2048 bits required today. Replace it with a new key pair and certificate."
}

test_short_rsa_key_is_high if {
	f := fx.only(rule.deny) with input as _input([_ca(object.union(_good, {"keySize": 1024}))], [], "2026-12-04", {})
	f.severity == "high"
	contains(f.message, "has a 1024-bit RSA key")
}

test_short_ec_key_is_not_an_rsa_problem if {
	info := object.union(_good, {"keyAlgorithm": "EC", "keySize": 256, "signatureAlgorithm": "SHA256withECDSA"})
	count(rule.deny) == 0 with input as _input([_ca(info)], [], "2026-12-04", {})
}

test_sha1_and_md5_signatures_are_high if {
	sha1 := object.union(_good, {"signatureAlgorithm": "SHA1withRSA", "signatureHash": "SHA-1"})
	f := fx.only(rule.deny) with input as _input([_ca(sha1)], [], "2026-12-04", {})
	f.severity == "high"
	contains(f.message, "is signed with SHA1withRSA (SHA-1 signatures can be forged)")
	md5 := object.union(_good, {"signatureAlgorithm": "MD5withRSA", "signatureHash": "MD5"})
	g := fx.only(rule.deny) with input as _input([_ca(md5)], [], "2026-12-04", {})
	g.severity == "high"
}

test_every_problem_in_one_finding_worst_severity if {
	info := object.union(_good, {"notAfter": "2026-12-10T00:00:00Z", "keySize": 1024, "signatureAlgorithm": "SHA1withRSA", "signatureHash": "SHA-1"})
	f := fx.only(rule.deny) with input as _input([_ca(info)], [], "2026-12-04", {})
	f.severity == "high"
	f.message == concat("", [
		"Connected App Billing's JWT certificate (subject CN=billing-jwt) expires on 2026-12-10 (notAfter 2026-12-10T00:00:00Z), within the 30-day warning window; ",
		"it has a 1024-bit RSA key, below the 2048 bits required today; ",
		"it is signed with SHA1withRSA (SHA-1 signatures can be forged). Replace it with a new key pair and certificate.",
	])
}

test_external_client_app_certificate if {
	info := object.union(_good, {"notAfter": "2025-01-01T00:00:00Z"})
	eca := fx.external_client_app("Portal", {"globalOauth": {"externalClientApplication": "Portal"}}, {"certificate": "present", "certificateInfo": info})
	f := fx.only(rule.deny) with input as _input([], [eca], "2026-12-04", {})
	f.kind == "externalClientApp"
	f.file == _glbl
	f.path == "certificate"
	startswith(f.message, "External Client App Portal's JWT certificate")
}

test_external_client_app_without_global_file_is_not_judged if {
	eca := fx.external_client_app("Portal", {}, {"certificate": "present", "certificateInfo": object.union(_good, {"keySize": 512})})
	count(rule.deny) == 0 with input as _input([], [eca], "2026-12-04", {})
}

test_explain_names_the_certificate_or_its_absence if {
	e := rule.explain(_ca(_good)) with input as _input([_ca(_good)], [], "2026-12-04", {})
	e == {"verdict": "passed", "why": "the certificate (subject CN=billing-jwt, RSA 2048 bits, SHA256withRSA) is valid until 2027-06-30T12:00:00Z and not within the 30-day warning window"}
	placeholder := fx.connected_app("A", fx.server_oauth_config, fx.neutral_policy, {"certificate": "placeholder"})
	rule.explain(placeholder).verdict == "not_applicable" with input as _input([placeholder], [], "2026-12-04", {})
}
