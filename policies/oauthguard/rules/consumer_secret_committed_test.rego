package oauthguard.tests.consumer_secret_committed

import data.oauthguard.rules.consumer_secret_committed as rule
import data.oauthguard.tests.fixtures as fx

_glbl := "force-app/main/default/extlClntAppGlobalOauthSets/Portal_glbl.ecaGlblOauth-meta.xml"

_ca(oc, facts) := fx.connected_app("Billing", object.union(fx.server_oauth_config, oc), fx.neutral_policy, facts)

test_compliant_without_secret if {
	count(rule.deny) == 0 with input as fx.input_of([_ca({}, {})], [], {})
}

test_placeholders_are_not_secrets if {
	apps := [
		fx.connected_app("A", fx.server_oauth_config, fx.neutral_policy, {"consumerSecret": "placeholder"}),
		fx.connected_app("B", fx.server_oauth_config, fx.neutral_policy, {"consumerSecret": "empty"}),
	]
	eca := fx.external_client_app("Portal", {"globalOauth": {"externalClientApplication": "Portal"}}, {"consumerSecret": "placeholder"})
	count(rule.deny) == 0 with input as fx.input_of(apps, [eca], {})
}

test_violating_connected_app if {
	app := _ca({"consumerSecret": "0123456789ABCDEF"}, {"consumerSecret": "literal"})
	rule.deny == {{
		"app": "Billing",
		"kind": "connectedApp",
		"file": "force-app/main/default/connectedApps/Billing.connectedApp-meta.xml",
		"path": "oauthConfig/consumerSecret",
		"severity": "critical",
		"message": "Connected App Billing has its consumer secret committed in plain text (oauthConfig/consumerSecret); rotate it in Setup and remove it from the file and the history.",
		"aggravating": [],
		"compensating": [],
	}} with input as fx.input_of([app], [], {})
}

test_message_never_repeats_the_secret if {
	app := _ca({"consumerSecret": "0123456789ABCDEF"}, {"consumerSecret": "literal"})
	f := fx.only(rule.deny) with input as fx.input_of([app], [], {})
	not contains(f.message, "0123456789ABCDEF")
}

test_violating_external_client_app if {
	eca := fx.external_client_app("Portal", {"globalOauth": {"externalClientApplication": "Portal", "consumerSecret": "S3CR3T"}}, {"consumerSecret": "literal"})
	rule.deny == {{
		"app": "Portal",
		"kind": "externalClientApp",
		"file": _glbl,
		"path": "consumerSecret",
		"severity": "critical",
		"message": concat("", [
			"External Client App Portal has its consumer secret committed in plain text (consumerSecret in ",
			_glbl,
			"); rotate it in Setup and remove it from the file and the history.",
		]),
		"aggravating": [],
		"compensating": [],
	}} with input as fx.input_of([], [eca], {})
}

test_controls_that_compensate_elsewhere_do_not_lower_it if {
	app := _ca(
		{"consumerSecret": "0123456789ABCDEF", "isPkceRequired": true, "isRefreshTokenRotationEnabled": true},
		{"consumerSecret": "literal", "certificate": "present"},
	)
	f := fx.only(rule.deny) with input as fx.input_of([app], [], {})
	f.severity == "critical"
	f.compensating == []
}

test_aggravated_connected_app if {
	app := _ca(
		{"consumerSecret": "0123456789ABCDEF", "consumerKey": "3MVG9abc", "isClientCredentialEnabled": true},
		{"consumerSecret": "literal", "consumerKey": "literal"},
	)
	f := fx.only(rule.deny) with input as fx.input_of([app], [], {})
	f.aggravating == [
		"the consumer key is committed too (oauthConfig/consumerKey)",
		"the client credentials flow is enabled (oauthConfig/isClientCredentialEnabled = true)",
	]
	endswith(f.message, "Higher risk because the consumer key is committed too (oauthConfig/consumerKey); the client credentials flow is enabled (oauthConfig/isClientCredentialEnabled = true).")
}

test_aggravated_external_client_app if {
	parts := {
		"globalOauth": {"externalClientApplication": "Portal", "consumerSecret": "S3CR3T", "isClientCredentialsFlowEnabled": true},
		"oauthPolicies": {"externalClientApplication": "Portal", "isClientCredentialsFlowEnabled": true},
	}
	eca := fx.external_client_app("Portal", parts, {"consumerSecret": "literal", "consumerKey": "literal"})
	f := fx.only(rule.deny) with input as fx.input_of([], [eca], {})
	f.aggravating == [
		"the consumer key is committed (consumerKey)",
		"the client credentials flow is enabled (isClientCredentialsFlowEnabled = true)",
	]
}

test_absent_secret_element if {
	app := _ca({}, {"consumerSecret": "absent", "consumerKey": "literal"})
	count(rule.deny) == 0 with input as fx.input_of([app], [], {})
}

test_invalid_values_elsewhere_do_not_matter if {
	app := fx.with_invalid(
		_ca({"consumerSecret": "0123456789ABCDEF", "isConsumerSecretOptional": "{{X}}"}, {"consumerSecret": "literal"}),
		[{"path": "oauthConfig/isConsumerSecretOptional", "text": "{{X}}", "expected": "boolean"}],
	)
	f := fx.only(rule.deny) with input as fx.input_of([app], [], {})
	f.severity == "critical"
}

test_unknown_fact_value_is_not_reported if {
	app := _ca({}, {"consumerSecret": "something-new"})
	count(rule.deny) == 0 with input as fx.input_of([app], [], {})
}

test_not_applicable_without_any_apps if {
	count(rule.deny) == 0 with input as {"schemaVersion": 1}
}
