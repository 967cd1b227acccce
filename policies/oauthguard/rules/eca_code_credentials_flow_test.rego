package oauthguard.tests.eca_code_credentials_flow

import data.oauthguard.rules.eca_code_credentials_flow as rule
import data.oauthguard.tests.fixtures as fx

_global(extra) := object.union(
	{
		"externalClientApplication": "Portal",
		"callbackUrl": "https://portal.example.com/oauth/callback",
		"isConsumerSecretOptional": false,
	},
	extra,
)

_input(global, facts, config) := fx.input_of(
	[],
	[fx.external_client_app("Portal", {"globalOauth": global}, facts)],
	config,
)

_file := "force-app/main/default/extlClntAppGlobalOauthSets/Portal_glbl.ecaGlblOauth-meta.xml"

test_compliant_flow_enabled if {
	count(rule.deny) == 0 with input as _input(_global({"isCodeCredFlowEnabled": true}), {}, {})
}

test_violating_flow_disabled if {
	rule.deny == {{
		"app": "Portal",
		"kind": "externalClientApp",
		"file": _file,
		"path": "isCodeCredFlowEnabled",
		"severity": "high",
		"message": concat("", [
			"External Client App Portal does not enable the authorization code and credentials flow (isCodeCredFlowEnabled = false in ",
			_file,
			"), so code exchanges are not bound to the app's credentials; assumed private client: callbacks that are all https server URLs (https://portal.example.com/oauth/callback) suggest a server app.",
		]),
		"aggravating": [],
		"compensating": [],
	}} with input as _input(_global({"isCodeCredFlowEnabled": false}), {}, {})
}

test_compensated_by_pkce if {
	f := fx.only(rule.deny) with input as _input(
		_global({"isCodeCredFlowEnabled": false, "isPkceRequired": true}),
		{},
		{"Portal": {"client": "private"}},
	)
	f.severity == "medium"
	f.compensating == ["PKCE is required (isPkceRequired = true in the .ecaGlblOauth file)"]
	endswith(f.message, " Severity lowered from high to medium because PKCE is required (isPkceRequired = true in the .ecaGlblOauth file).")
}

test_aggravated_for_public_client if {
	f := fx.only(rule.deny) with input as _input(
		_global({"isCodeCredFlowEnabled": false, "callbackUrl": "com.example.portal:/oauth/done"}),
		{},
		{},
	)
	f.severity == "high"
	f.aggravating == ["a public client's authorization codes travel through browsers or devices on untrusted networks (assumed public client: the custom-scheme callback com.example.portal:/oauth/done)"]
}

test_aggravated_for_declared_public_client if {
	f := fx.only(rule.deny) with input as _input(_global({"isCodeCredFlowEnabled": false}), {}, {"Portal": {"client": "public"}})
	f.aggravating == ["a public client's authorization codes travel through browsers or devices on untrusted networks (declared public client (.oauthguard.yml))"]
}

test_absent_element_one_step_lower if {
	f := fx.only(rule.deny) with input as _input(_global({}), {}, {})
	f.severity == "medium"
	f.path == "isCodeCredFlowEnabled"
	contains(f.message, "(isCodeCredFlowEnabled is absent; the documented default is false in ")
}

test_invalid_value_is_a_note if {
	app := fx.with_invalid(
		fx.external_client_app("Portal", {"globalOauth": _global({"isCodeCredFlowEnabled": "{{X}}"})}, {}),
		[{"file": _file, "path": "isCodeCredFlowEnabled", "text": "{{X}}", "expected": "boolean"}],
	)
	f := fx.only(rule.deny) with input as fx.input_of([], [app], {})
	f.severity == "note"
	f.file == _file
	f.message == concat("", [
		"External Client App Portal has isCodeCredFlowEnabled = \"{{X}}\" in ",
		_file,
		", which is neither true nor false, so OAuthGuard cannot tell whether the authorization code and credentials flow is on; make sure the deployed value is true.",
	])
}

test_not_applicable_without_global_file if {
	app := fx.external_client_app("Portal", {"oauthPolicies": {"externalClientApplication": "Portal", "isClientCredentialsFlowEnabled": false}}, {})
	count(rule.deny) == 0 with input as fx.input_of([], [app], {})
}

test_not_applicable_to_connected_apps if {
	ca := fx.connected_app("Billing", fx.server_oauth_config, fx.neutral_policy, {})
	count(rule.deny) == 0 with input as fx.input_of([ca], [], {})
}
