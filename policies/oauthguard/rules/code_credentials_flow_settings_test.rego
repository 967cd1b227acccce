package oauthguard.tests.code_credentials_flow_settings

import data.oauthguard.rules.code_credentials_flow_settings as rule
import data.oauthguard.tests.fixtures as fx

# A correctly configured public client: custom-scheme callback, flow on, no secret, PKCE.
_public_ok := {
	"callbackUrl": "com.example.field:/oauth/done",
	"isAdminApproved": true,
	"isCodeCredentialEnabled": true,
	"isCodeCredentialPostOnly": true,
	"isConsumerSecretOptional": true,
	"isPkceRequired": true,
	"isSecretRequiredForRefreshToken": false,
	"scopes": ["Api"],
}

_oc(extra) := object.union(_public_ok, extra)

_input(oc, policy, facts, config) := fx.input_of([fx.connected_app("Field", oc, policy, facts)], [], config)

_file := "force-app/main/default/connectedApps/Field.connectedApp-meta.xml"

test_compliant_public_client if {
	count(rule.deny) == 0 with input as _input(_public_ok, fx.neutral_policy, {}, {})
}

test_compliant_private_client_with_flow_enabled if {
	oc := object.union(fx.server_oauth_config, {"isCodeCredentialEnabled": true, "isSecretRequiredForRefreshToken": true})
	count(rule.deny) == 0 with input as _input(oc, fx.neutral_policy, {}, {})
}

test_violating_public_client_without_pkce if {
	oc := _oc({"isPkceRequired": false})
	rule.deny == {{
		"app": "Field",
		"kind": "connectedApp",
		"file": _file,
		"path": "oauthConfig/isPkceRequired",
		"severity": "critical",
		"message": "Connected App Field is a public client that does not require PKCE (oauthConfig/isPkceRequired = false), so an intercepted authorization code is not bound to the app instance that asked for it; assumed public client: the custom-scheme callback com.example.field:/oauth/done.",
		"aggravating": [],
		"compensating": [],
	}} with input as _input(oc, fx.neutral_policy, {}, {})
}

test_browser_extension_without_pkce if {
	oc := _oc({"isPkceRequired": false, "callbackUrl": "https://abcdefghijklmnop.chromiumapp.org/provider_cb"})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {}, {})
	f.severity == "critical"
	endswith(f.message, "assumed public client: the browser-extension callback https://abcdefghijklmnop.chromiumapp.org/provider_cb.")
}

test_compensated_by_rotation_and_zero_lifetime if {
	oc := _oc({"isPkceRequired": false, "isRefreshTokenRotationEnabled": true})
	f := fx.only(rule.deny) with input as _input(oc, {"ipRelaxation": "ENFORCE", "refreshTokenPolicy": "zero"}, {}, {})
	f.severity == "medium"
	f.compensating == [
		"refresh token rotation is on (oauthConfig/isRefreshTokenRotationEnabled = true)",
		"refresh tokens expire immediately (oauthPolicy/refreshTokenPolicy = zero)",
	]
}

test_aggravated if {
	oc := _oc({"isPkceRequired": false, "scopes": ["Full", "RefreshToken"]})
	policy := {"ipRelaxation": "BYPASS", "refreshTokenPolicy": "infinite"}
	f := fx.only(rule.deny) with input as _input(oc, policy, {"consumerSecret": "literal"}, {})
	f.severity == "critical"
	f.aggravating == [
		"refresh tokens never expire (oauthPolicy/refreshTokenPolicy = infinite)",
		"IP restrictions are relaxed (oauthPolicy/ipRelaxation = BYPASS)",
		"the Full scope grants everything the user can reach (oauthConfig/scopes includes Full)",
		"the consumer secret is committed in plain text (oauthConfig/consumerSecret)",
	]
}

test_absent_pkce_one_step_lower if {
	oc := object.remove(_public_ok, ["isPkceRequired"])
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {}, {})
	f.severity == "high"
	f.path == "oauthConfig/isPkceRequired"
	contains(f.message, "(oauthConfig/isPkceRequired is absent; the platform default is believed to be false, unconfirmed)")
}

test_public_client_made_to_send_secret if {
	oc := _oc({"isConsumerSecretOptional": false})
	rule.deny == {{
		"app": "Field",
		"kind": "connectedApp",
		"file": _file,
		"path": "oauthConfig/isConsumerSecretOptional",
		"severity": "low",
		"message": "Connected App Field is a public client but requires its consumer secret (oauthConfig/isConsumerSecretOptional = false), so the secret has to ship inside the app where anyone can extract it; assumed public client: the custom-scheme callback com.example.field:/oauth/done.",
		"aggravating": [],
		"compensating": [],
	}} with input as _input(oc, fx.neutral_policy, {}, {})
}

test_public_client_made_to_send_refresh_secret if {
	oc := _oc({"isSecretRequiredForRefreshToken": true})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {}, {})
	f.severity == "low"
	f.path == "oauthConfig/isSecretRequiredForRefreshToken"
}

test_flow_not_enabled_is_a_note if {
	oc := _oc({"isCodeCredentialEnabled": false})
	rule.deny == {{
		"app": "Field",
		"kind": "connectedApp",
		"file": _file,
		"path": "oauthConfig/isCodeCredentialEnabled",
		"severity": "note",
		"message": "Connected App Field does not enable the authorization code and credentials flow (oauthConfig/isCodeCredentialEnabled = false); enable it (with isCodeCredentialPostOnly) if the app signs users in headlessly.",
		"aggravating": [],
		"compensating": [],
	}} with input as _input(oc, fx.neutral_policy, {}, {})
}

test_flow_absent_is_a_note if {
	oc := object.remove(_public_ok, ["isCodeCredentialEnabled"])
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {}, {})
	f.severity == "note"
	contains(f.message, "(oauthConfig/isCodeCredentialEnabled is absent; default false)")
}

test_invalid_pkce_value_is_a_note if {
	app := fx.with_invalid(
		fx.connected_app("Field", _oc({"isPkceRequired": "{{PKCE_REQUIRED}}"}), fx.neutral_policy, {}),
		[{"path": "oauthConfig/isPkceRequired", "text": "{{PKCE_REQUIRED}}", "expected": "boolean"}],
	)
	f := fx.only(rule.deny) with input as fx.input_of([app], [], {"Field": {"client": "public"}})
	f.severity == "note"
	f.path == "oauthConfig/isPkceRequired"
	f.message == "Connected App Field has oauthConfig/isPkceRequired = \"{{PKCE_REQUIRED}}\", which is neither true nor false, so OAuthGuard cannot judge its authorization code and credentials flow settings."
}

test_invalid_secret_optional_value if {
	# "{{X}}" makes the secret setting unreadable: the PKCE heuristic cannot fire, but the
	# custom-scheme callback still marks the client public and PKCE is in place: no finding
	# from this rule, since isConsumerSecretOptional is judged by SFOAUTH001.
	app := fx.with_invalid(
		fx.connected_app("Field", _oc({"isConsumerSecretOptional": "{{X}}"}), fx.neutral_policy, {}),
		[{"path": "oauthConfig/isConsumerSecretOptional", "text": "{{X}}", "expected": "boolean"}],
	)
	count(rule.deny) == 0 with input as fx.input_of([app], [], {})
}

test_not_applicable_without_oauth if {
	count(rule.deny) == 0 with input as fx.input_of([fx.canvas_only_app("Field")], [], {})
}

test_private_client_settings_left_to_001_and_002 if {
	oc := object.union(fx.server_oauth_config, {
		"isCodeCredentialEnabled": true,
		"isConsumerSecretOptional": true,
		"isSecretRequiredForRefreshToken": false,
	})
	count(rule.deny) == 0 with input as _input(oc, fx.neutral_policy, {}, {"Field": {"client": "private"}})
}

test_mobile_settings_make_a_public_client if {
	oc := object.union(fx.server_oauth_config, {"isCodeCredentialEnabled": true, "isConsumerSecretOptional": true})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {"mobile": true}, {})
	f.path == "oauthConfig/isPkceRequired"
	endswith(f.message, "assumed public client: the app has mobile app settings; callbacks that are all https server URLs (https://billing.example.com/oauth/callback) suggest a server app but having mobile app settings outweighs it.")
}

test_localhost_callback_makes_a_public_client if {
	oc := _oc({"isPkceRequired": false, "callbackUrl": "http://localhost:1717/OauthRedirect"})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {}, {})
	endswith(f.message, "assumed public client: the loopback callback http://localhost:1717/OauthRedirect suggests a desktop or command-line tool.")
}

test_public_client_still_sending_secret_without_pkce if {
	oc := _oc({"isConsumerSecretOptional": false, "isPkceRequired": false})
	fs := rule.deny with input as _input(oc, fx.neutral_policy, {}, {})
	count(fs) == 2
	some pkce in fs
	pkce.path == "oauthConfig/isPkceRequired"
	pkce.severity == "high"
	pkce.compensating == ["a consumer secret is still required for the code exchange (oauthConfig/isConsumerSecretOptional = false), though a public client cannot keep it secret"]
	some shipped in fs
	shipped.path == "oauthConfig/isConsumerSecretOptional"
	shipped.severity == "low"
}

test_public_client_with_absent_secret_setting_and_no_pkce if {
	oc := object.remove(_oc({"isPkceRequired": false}), ["isConsumerSecretOptional"])
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {}, {})
	f.severity == "high"
	f.compensating == ["a consumer secret is presumably still required for the code exchange (oauthConfig/isConsumerSecretOptional is absent; default false, unconfirmed), though a public client cannot keep it secret"]
}

test_at_most_one_note_per_app if {
	oc := object.remove(_oc({"isPkceRequired": "{{PKCE}}"}), ["isCodeCredentialEnabled"])
	fs := rule.deny with input as _input(oc, fx.neutral_policy, {}, {})
	notes := [f | some f in fs; f.severity == "note"]
	count(notes) == 1
	notes[0].path == "oauthConfig/isCodeCredentialEnabled"
	contains(notes[0].message, "does not enable the authorization code and credentials flow")
	contains(notes[0].message, "oauthConfig/isPkceRequired = \"{{PKCE}}\", which is neither true nor false")
}
