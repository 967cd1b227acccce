package oauthguard.tests.eca_global_oauth_committed

import data.oauthguard.rules.eca_global_oauth_committed as rule
import data.oauthguard.tests.fixtures as fx

_glbl := "force-app/main/default/extlClntAppGlobalOauthSets/Portal_glbl.ecaGlblOauth-meta.xml"

_global := {"externalClientApplication": "Portal", "isCodeCredFlowEnabled": true, "isPkceRequired": true}

_policies := {"externalClientApplication": "Portal", "isClientCredentialsFlowEnabled": false}

test_compliant_without_global_file if {
	app := fx.external_client_app("Portal", {"oauthPolicies": _policies}, {})
	count(rule.deny) == 0 with input as fx.input_of([], [app], {})
}

test_violating_with_credentials if {
	app := fx.external_client_app("Portal", {"globalOauth": _global}, {"consumerKey": "literal"})
	rule.deny == {{
		"app": "Portal",
		"kind": "externalClientApp",
		"file": _glbl,
		"path": "externalClientApplication",
		"severity": "high",
		"message": concat("", [
			"The global OAuth settings of External Client App Portal are committed (",
			_glbl,
			"); Salesforce says this file must not be in source control, and deploying it overwrites the app's live OAuth settings. Higher risk because the consumer key is committed (consumerKey).",
		]),
		"aggravating": ["the consumer key is committed (consumerKey)"],
		"compensating": [],
	}} with input as fx.input_of([], [app], {})
}

test_compensated_when_no_credentials if {
	app := fx.external_client_app("Portal", {"globalOauth": _global}, {"consumerKey": "placeholder", "consumerSecret": "empty"})
	f := fx.only(rule.deny) with input as fx.input_of([], [app], {})
	f.severity == "medium"
	f.compensating == ["the file holds no consumer key or consumer secret"]
	f.aggravating == []
}

test_aggravated_by_secret_and_key if {
	app := fx.external_client_app("Portal", {"globalOauth": _global}, {"consumerKey": "literal", "consumerSecret": "literal"})
	f := fx.only(rule.deny) with input as fx.input_of([], [app], {})
	f.severity == "high"
	f.aggravating == [
		"the consumer secret is committed in plain text (consumerSecret)",
		"the consumer key is committed (consumerKey)",
	]
}

test_absent_parent_eca_file_still_reported if {
	base := fx.external_client_app("Orphan", {"globalOauth": {"externalClientApplication": "Orphan"}}, {"parentMissing": true})
	app := object.union(
		object.remove(base, ["files", "eca"]),
		{"files": {"globalOauth": fx.eca_file("Orphan", "globalOauth")}},
	)
	f := fx.only(rule.deny) with input as fx.input_of([], [app], {})
	f.app == "Orphan"
	f.file == "force-app/main/default/extlClntAppGlobalOauthSets/Orphan_glbl.ecaGlblOauth-meta.xml"
}

test_invalid_values_in_the_file_do_not_change_the_finding if {
	app := fx.with_invalid(
		fx.external_client_app("Portal", {"globalOauth": object.union(_global, {"isConsumerSecretOptional": "{{X}}"})}, {}),
		[{"file": _glbl, "path": "isConsumerSecretOptional", "text": "{{X}}", "expected": "boolean"}],
	)
	f := fx.only(rule.deny) with input as fx.input_of([], [app], {})
	f.severity == "medium"
}

test_not_applicable_to_connected_apps if {
	ca := fx.connected_app("Billing", fx.server_oauth_config, fx.neutral_policy, {"consumerSecret": "literal"})
	count(rule.deny) == 0 with input as fx.input_of([ca], [], {})
}
