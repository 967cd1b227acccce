package oauthguard.tests.eca_client_credentials_flow

import data.oauthguard.rules.eca_client_credentials_flow as rule
import data.oauthguard.tests.fixtures as fx

_policies(extra) := object.union(
	{
		"externalClientApplication": "Agent",
		"ipRelaxationPolicyType": "Enforce",
		"permittedUsersPolicyType": "AdminApprovedPreAuthorized",
	},
	extra,
)

_global(extra) := object.union({"externalClientApplication": "Agent"}, extra)

_settings := {"externalClientApplication": "Agent", "commaSeparatedOauthScopes": "Web, OpenID"}

_input(parts, facts) := fx.input_of([], [fx.external_client_app("Agent", parts, facts)], {})

_plcy := "force-app/main/default/extlClntAppOauthPolicies/Agent_oauthPlcy.ecaOauthPlcy-meta.xml"

_glbl := "force-app/main/default/extlClntAppGlobalOauthSets/Agent_glbl.ecaGlblOauth-meta.xml"

test_compliant_disabled_everywhere if {
	parts := {
		"oauthPolicies": _policies({"isClientCredentialsFlowEnabled": false}),
		"globalOauth": _global({"isClientCredentialsFlowEnabled": false}),
		"oauthSettings": _settings,
	}
	count(rule.deny) == 0 with input as _input(parts, {})
}

test_violating_in_policies if {
	parts := {
		"oauthPolicies": _policies({"isClientCredentialsFlowEnabled": true, "clientCredentialsFlowUser": "sync@example.com"}),
		"oauthSettings": _settings,
	}
	rule.deny == {{
		"app": "Agent",
		"kind": "externalClientApp",
		"file": _plcy,
		"path": "isClientCredentialsFlowEnabled",
		"severity": "high",
		"message": concat("", [
			"External Client App Agent enables the client credentials flow (isClientCredentialsFlowEnabled = true in ",
			_plcy,
			"), so its id and secret alone give unattended access as the run-as user sync@example.com with no user signing in.",
		]),
		"aggravating": [],
		"compensating": [],
	}} with input as _input(parts, {})
}

test_reported_once_when_on_in_both_files if {
	parts := {
		"oauthPolicies": _policies({"isClientCredentialsFlowEnabled": true}),
		"globalOauth": _global({"isClientCredentialsFlowEnabled": true}),
		"oauthSettings": _settings,
	}
	f := fx.only(rule.deny) with input as _input(parts, {})
	f.file == _plcy
	contains(f.message, concat("", ["= true in ", _plcy, " and in ", _glbl, ")"]))
}

test_violating_in_global_only_compensated_by_admin_policy if {
	parts := {
		"oauthPolicies": _policies({"isClientCredentialsFlowEnabled": false}),
		"globalOauth": _global({"isClientCredentialsFlowEnabled": true}),
		"oauthSettings": _settings,
	}
	f := fx.only(rule.deny) with input as _input(parts, {})
	f.file == _glbl
	f.severity == "medium"
	f.compensating == ["the admin policy keeps the flow off (isClientCredentialsFlowEnabled = false in the .ecaOauthPlcy file)"]
}

test_compensated_by_ip_enforcement_and_certificate if {
	parts := {
		"oauthPolicies": _policies({"isClientCredentialsFlowEnabled": true}),
		"oauthSettings": _settings,
	}
	f := fx.only(rule.deny) with input as _input(parts, {"certificate": "present"})
	f.severity == "medium"
	f.compensating == ["IP restrictions are enforced (ipRelaxationPolicyType = Enforce) and a certificate is used instead of a shared secret"]
}

test_ip_enforcement_alone_does_not_compensate if {
	parts := {"oauthPolicies": _policies({"isClientCredentialsFlowEnabled": true}), "oauthSettings": _settings}
	f := fx.only(rule.deny) with input as _input(parts, {"certificate": "absent"})
	f.severity == "high"
	f.compensating == []
}

# A placeholder (REPLACE_CERTIFICATE, {CERTIFICATE}) is a certificate supplied at deploy time.
test_placeholder_certificate_compensates_with_ip_enforcement if {
	parts := {"oauthPolicies": _policies({"isClientCredentialsFlowEnabled": true}), "oauthSettings": _settings}
	f := fx.only(rule.deny) with input as _input(parts, {"certificate": "placeholder"})
	f.severity == "medium"
}

test_aggravated if {
	parts := {
		"oauthPolicies": _policies({
			"isClientCredentialsFlowEnabled": true,
			"clientCredentialsFlowUser": "integration.admin@example.com",
			"commaSeparatedProfile": "System Administrator",
			"ipRelaxationPolicyType": "Bypass",
			"permittedUsersPolicyType": "AllSelfAuthorized",
		}),
		"oauthSettings": {"externalClientApplication": "Agent", "commaSeparatedOauthScopes": "Api, Web, Full"},
	}
	f := fx.only(rule.deny) with input as _input(parts, {"certificate": "present"})
	f.severity == "high"
	f.compensating == []
	f.aggravating == [
		"the run-as user integration.admin@example.com looks like an administrator (clientCredentialsFlowUser)",
		"the app is pre-authorized for an administrator profile (commaSeparatedProfile)",
		"IP restrictions are bypassed (ipRelaxationPolicyType = Bypass)",
		"broad scopes are granted (Api, Full)",
		"any user may authorize the app (permittedUsersPolicyType = AllSelfAuthorized)",
	]
}

test_absent_elements_are_compliant if {
	parts := {"oauthPolicies": _policies({}), "globalOauth": _global({}), "oauthSettings": _settings}
	count(rule.deny) == 0 with input as _input(parts, {})
}

test_invalid_value_is_a_note if {
	app := fx.with_invalid(
		fx.external_client_app("Agent", {"oauthPolicies": _policies({"isClientCredentialsFlowEnabled": "yes"})}, {}),
		[{"file": _plcy, "path": "isClientCredentialsFlowEnabled", "text": "yes", "expected": "boolean"}],
	)
	rule.deny == {{
		"app": "Agent",
		"kind": "externalClientApp",
		"file": _plcy,
		"path": "isClientCredentialsFlowEnabled",
		"severity": "note",
		"message": concat("", [
			"External Client App Agent has isClientCredentialsFlowEnabled = \"yes\" in ",
			_plcy,
			", which is neither true nor false, so OAuthGuard cannot tell whether the client credentials flow is on; make sure the deployed value is false.",
		]),
		"aggravating": [],
		"compensating": [],
	}} with input as fx.input_of([], [app], {})
}

test_invalid_value_does_not_hide_an_enabled_flow if {
	parts := {
		"oauthPolicies": _policies({"isClientCredentialsFlowEnabled": "{{X}}"}),
		"globalOauth": _global({"isClientCredentialsFlowEnabled": true}),
	}
	f := fx.only(rule.deny) with input as _input(parts, {})
	f.file == _glbl
	f.severity == "high"
}

test_not_applicable_without_policy_or_global_file if {
	app := fx.external_client_app("Agent", {"oauthSettings": _settings}, {})
	count(rule.deny) == 0 with input as fx.input_of([], [app], {})
}

test_not_applicable_to_connected_apps if {
	oc := object.union(fx.server_oauth_config, {"isClientCredentialEnabled": true})
	count(rule.deny) == 0 with input as fx.input_of([fx.connected_app("Billing", oc, fx.neutral_policy, {})], [], {})
}
