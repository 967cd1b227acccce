package oauthguard.tests.web_server_flow_secret

import data.oauthguard.rules.web_server_flow_secret as rule
import data.oauthguard.tests.fixtures as fx

_oc(extra) := object.union(fx.server_oauth_config, extra)

_input(oc, policy, facts, config) := fx.input_of([fx.connected_app("Billing", oc, policy, facts)], [], config)

_violation_text := "Connected App Billing does not require its consumer secret in the web server flow (oauthConfig/isConsumerSecretOptional = true), so an intercepted authorization code can be redeemed by anyone; "

test_compliant_secret_required if {
	count(rule.deny) == 0 with input as _input(fx.server_oauth_config, fx.neutral_policy, {}, {})
}

test_violating_private_client if {
	rule.deny == {{
		"app": "Billing",
		"kind": "connectedApp",
		"file": "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml",
		"path": "oauthConfig/isConsumerSecretOptional",
		"severity": "critical",
		"message": concat("", [_violation_text, "assumed private client: callbacks that are all https server URLs (https://billing.example.com/oauth/callback) suggest a server app."]),
		"aggravating": [],
		"compensating": [],
	}} with input as _input(_oc({"isConsumerSecretOptional": true}), fx.neutral_policy, {}, {})
}

test_compensated_by_pkce_and_rotation if {
	oc := _oc({"isConsumerSecretOptional": true, "isPkceRequired": true, "isRefreshTokenRotationEnabled": true})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {}, {"Billing": {"client": "private"}})
	f.severity == "medium"
	f.compensating == [
		"PKCE is required (oauthConfig/isPkceRequired = true)",
		"refresh token rotation is on (oauthConfig/isRefreshTokenRotationEnabled = true)",
	]
	f.aggravating == []
	f.message == concat("", [
		_violation_text,
		"declared private client (.oauthguard.yml).",
		" Severity lowered from critical to medium because PKCE is required (oauthConfig/isPkceRequired = true); refresh token rotation is on (oauthConfig/isRefreshTokenRotationEnabled = true).",
	])
}

test_compensation_never_below_low if {
	oc := _oc({
		"isConsumerSecretOptional": true, "isPkceRequired": true,
		"isRefreshTokenRotationEnabled": true, "certificate": "MIIB",
	})
	policy := {"ipRelaxation": "ENFORCE", "refreshTokenPolicy": "zero"}
	f := fx.only(rule.deny) with input as _input(oc, policy, {"certificate": "present"}, {"Billing": {"client": "private"}})
	count(f.compensating) == 4
	f.severity == "low"
}

test_aggravated if {
	oc := _oc({"isConsumerSecretOptional": true, "isAdminApproved": false, "scopes": ["Api", "RefreshToken", "Full"]})
	policy := {"ipRelaxation": "BYPASS", "refreshTokenPolicy": "infinite"}
	f := fx.only(rule.deny) with input as _input(oc, policy, {"consumerSecret": "literal"}, {})
	f.severity == "critical"
	f.compensating == []
	f.aggravating == [
		"IP restrictions are relaxed (oauthPolicy/ipRelaxation = BYPASS)",
		"refresh tokens never expire (oauthPolicy/refreshTokenPolicy = infinite)",
		"the Full scope grants everything the user can reach (oauthConfig/scopes includes Full)",
		"any user may authorize the app (oauthConfig/isAdminApproved = false)",
		"the consumer secret is committed in plain text (oauthConfig/consumerSecret)",
	]
	endswith(f.message, " Higher risk because IP restrictions are relaxed (oauthPolicy/ipRelaxation = BYPASS); refresh tokens never expire (oauthPolicy/refreshTokenPolicy = infinite); the Full scope grants everything the user can reach (oauthConfig/scopes includes Full); any user may authorize the app (oauthConfig/isAdminApproved = false); the consumer secret is committed in plain text (oauthConfig/consumerSecret).")
}

test_aggravated_by_absent_policy_defaults if {
	oc := _oc({"isConsumerSecretOptional": true, "scopes": ["RefreshToken"]})
	oc2 := object.remove(oc, ["isAdminApproved"])
	f := fx.only(rule.deny) with input as _input(oc2, {}, {}, {})
	f.aggravating == [
		"refresh tokens are assumed never to expire (oauthPolicy/refreshTokenPolicy is absent; platform default believed to be infinite, unconfirmed)",
		"any user may authorize the app (oauthConfig/isAdminApproved is absent; platform default: all users may self-authorize)",
	]
}

test_absent_element_is_compliant if {
	oc := object.remove(fx.server_oauth_config, ["isConsumerSecretOptional"])
	count(rule.deny) == 0 with input as _input(oc, fx.neutral_policy, {}, {})
}

test_invalid_value_is_a_note if {
	app := fx.with_invalid(
		fx.connected_app("Billing", _oc({"isConsumerSecretOptional": "{{X}}"}), fx.neutral_policy, {}),
		[{"path": "oauthConfig/isConsumerSecretOptional", "text": "{{X}}", "expected": "boolean"}],
	)
	rule.deny == {{
		"app": "Billing",
		"kind": "connectedApp",
		"file": "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml",
		"path": "oauthConfig/isConsumerSecretOptional",
		"severity": "note",
		"message": "Connected App Billing has oauthConfig/isConsumerSecretOptional = \"{{X}}\", which is neither true nor false, so OAuthGuard cannot tell whether the web server flow requires the consumer secret; make sure the deployed value is false.",
		"aggravating": [],
		"compensating": [],
	}} with input as fx.input_of([app], [], {})
}

test_not_applicable_without_oauth if {
	count(rule.deny) == 0 with input as fx.input_of([fx.canvas_only_app("Canvas")], [], {})
}

test_not_applicable_to_public_client_by_heuristic if {
	oc := _oc({"isConsumerSecretOptional": true, "callbackUrl": "com.example.field:/oauth/done"})
	count(rule.deny) == 0 with input as _input(oc, fx.neutral_policy, {}, {})
}

test_not_applicable_to_declared_public_client if {
	oc := _oc({"isConsumerSecretOptional": true})
	count(rule.deny) == 0 with input as _input(oc, fx.neutral_policy, {}, {"Billing": {"client": "public"}})
}

test_declared_private_overrides_public_heuristics if {
	oc := _oc({"isConsumerSecretOptional": true, "callbackUrl": "myapp://cb"})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {}, {"Billing": {"client": "private"}})
	f.aggravating == ["callback URL myapp://cb uses a custom scheme that another local app can claim"]
}

test_unknown_client_is_judged_private if {
	oc := _oc({"isConsumerSecretOptional": true, "callbackUrl": "{{CALLBACK_URL}}"})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {}, {})
	f.severity == "critical"
	f.message == concat("", [
		_violation_text,
		"client type unknown, judged as a private client: no certificate, client credentials flow, callback URL or mobile setting tells (the callback entry \"{{CALLBACK_URL}}\" is not a URL); declare it in .oauthguard.yml: apps: {Billing: {client: private}} (or client: public).",
	])
}

test_other_apps_are_not_affected if {
	good := fx.connected_app("Good", fx.server_oauth_config, fx.neutral_policy, {})
	bad := fx.connected_app("Bad", _oc({"isConsumerSecretOptional": true}), fx.neutral_policy, {})
	f := fx.only(rule.deny) with input as fx.input_of([good, bad], [], {})
	f.app == "Bad"
}

# A server app with a real certificate, https-only callbacks and "secret optional + PKCE":
# the certificate outweighs the setting being judged, so the optional secret is reported,
# lowered by PKCE.
test_private_client_with_pkce_still_reported_lowered if {
	oc := _oc({"isConsumerSecretOptional": true, "isPkceRequired": true, "certificate": "MIIB", "scopes": ["Api", "RefreshToken"]})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {"certificate": "present"}, {})
	f.severity == "high"
	f.compensating == ["PKCE is required (oauthConfig/isPkceRequired = true)"]
	contains(f.message, "assumed private client: a certificate is configured; the app's own setting")
	contains(f.message, "Severity lowered from critical to high because PKCE is required")
}

# The same app without the certificate: https callbacks (weak private) against the setting
# being judged (weak public) is ambiguous, judged as private.
test_secret_optional_pkce_with_https_only_is_ambiguous_and_reported if {
	oc := _oc({"isConsumerSecretOptional": true, "isPkceRequired": true})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {}, {})
	f.severity == "high"
	contains(f.message, "client type ambiguous, judged as a private client")
	contains(f.message, "apps: {Billing: {client: private}}")
}

# A JWT app whose certificate is a deploy-time placeholder, with a localhost callback.
test_jwt_app_with_placeholder_certificate_and_localhost if {
	oc := _oc({"isConsumerSecretOptional": true, "callbackUrl": "http://localhost:1717/OauthRedirect", "certificate": "REPLACE_CERTIFICATE"})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {"certificate": "placeholder"}, {})
	contains(f.message, "assumed private client: a certificate is configured (supplied at deploy time: placeholder REPLACE_CERTIFICATE); the loopback callback http://localhost:1717/OauthRedirect suggests a desktop or command-line tool but a certificate outweighs it")
}
