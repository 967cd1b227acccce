package oauthguard.tests.change_weakens_setting

import data.oauthguard.rules.change_weakens_setting as rule
import data.oauthguard.tests.fixtures as fx

_server := object.union(fx.server_oauth_config, {"isPkceRequired": true, "isRefreshTokenRotationEnabled": true})

_app(config, policy) := fx.connected_app("Billing", config, policy, {})

# with_base(now, was) is a head document whose input.base holds the base document.
_with_base(now, was) := object.union(now, {"base": was})

_compare(head_app, base_app) := _with_base(fx.input_of([head_app], [], {}), fx.input_of([base_app], [], {}))

test_silent_without_base if {
	app := _app(object.union(_server, {"isConsumerSecretOptional": true}), fx.neutral_policy)
	count(rule.deny) == 0 with input as fx.input_of([app], [], {})
}

test_silent_when_nothing_changed if {
	app := _app(_server, fx.neutral_policy)
	count(rule.deny) == 0 with input as _compare(app, app)
}

test_secret_made_optional_names_base_value if {
	was := _app(_server, fx.neutral_policy)
	now := _app(object.union(_server, {"isConsumerSecretOptional": true}), fx.neutral_policy)
	rule.deny == {{
		"app": "Billing",
		"kind": "connectedApp",
		"file": fx.ca_file("Billing"),
		"path": "oauthConfig/isConsumerSecretOptional",
		"severity": "critical",
		"message": "Connected App Billing: this change makes oauthConfig/isConsumerSecretOptional true, so the web server flow no longer requires the consumer secret; it was false on the base branch.",
		"aggravating": [],
		"compensating": [],
	}} with input as _compare(now, was)
}

test_fix_is_not_a_weakening if {
	was := _app(object.union(_server, {"isConsumerSecretOptional": true}), fx.neutral_policy)
	now := _app(_server, fx.neutral_policy)
	count(rule.deny) == 0 with input as _compare(now, was)
}

test_pkce_and_rotation_removed if {
	was := _app(_server, fx.neutral_policy)
	now := _app(object.remove(_server, ["isPkceRequired", "isRefreshTokenRotationEnabled"]), fx.neutral_policy)
	found := {[f.path, f.severity] | some f in rule.deny} with input as _compare(now, was)
	found == {["oauthConfig/isPkceRequired", "high"], ["oauthConfig/isRefreshTokenRotationEnabled", "medium"]}
}

test_refresh_secret_absent_is_not_off if {
	was := _app(object.union(_server, {"isSecretRequiredForRefreshToken": true}), fx.neutral_policy)
	now := _app(_server, fx.neutral_policy)
	count(rule.deny) == 0 with input as _compare(now, was)
}

test_client_credentials_turned_on if {
	was := _app(_server, fx.neutral_policy)
	now := _app(object.union(_server, {"isClientCredentialEnabled": true}), fx.neutral_policy)
	f := fx.only(rule.deny) with input as _compare(now, was)
	f.severity == "high"
	contains(f.message, "it was absent on the base branch")
}

test_refresh_tokens_live_longer if {
	was := _app(_server, {"ipRelaxation": "ENFORCE", "refreshTokenPolicy": "specific_lifetime:3:HOURS"})
	now := _app(_server, {"ipRelaxation": "ENFORCE", "refreshTokenPolicy": "specific_lifetime:2:DAYS"})
	f := fx.only(rule.deny) with input as _compare(now, was)
	f.path == "oauthPolicy/refreshTokenPolicy"
	f.message == "Connected App Billing: this change makes oauthPolicy/refreshTokenPolicy \"specific_lifetime:2:DAYS\", so refresh tokens live longer; it was \"specific_lifetime:3:HOURS\" on the base branch."
}

test_refresh_tokens_live_shorter_is_fine if {
	was := _app(_server, {"ipRelaxation": "ENFORCE", "refreshTokenPolicy": "infinite"})
	now := _app(_server, {"ipRelaxation": "ENFORCE", "refreshTokenPolicy": "zero"})
	count(rule.deny) == 0 with input as _compare(now, was)
}

test_ip_bypass_is_high if {
	was := _app(_server, fx.neutral_policy)
	now := _app(_server, {"ipRelaxation": "BYPASS", "refreshTokenPolicy": "infinite"})
	f := fx.only(rule.deny) with input as _compare(now, was)
	f.severity == "high"
	f.path == "oauthPolicy/ipRelaxation"
}

test_broad_scopes_added if {
	was := _app(_server, fx.neutral_policy)
	now := _app(object.union(_server, {"scopes": ["Api", "Full", "Chatter"]}), fx.neutral_policy)
	f := fx.only(rule.deny) with input as _compare(now, was)
	f.severity == "high"
	f.message == "Connected App Billing: this change adds the Full scope, so tokens of the app reach more; the base branch granted Api."
}

test_web_scope_added_is_medium if {
	was := _app(_server, fx.neutral_policy)
	now := _app(object.union(_server, {"scopes": ["Api", "Web"]}), fx.neutral_policy)
	f := fx.only(rule.deny) with input as _compare(now, was)
	f.severity == "medium"
}

test_certificate_removed if {
	was := fx.connected_app("Billing", _server, fx.neutral_policy, {"certificate": "present"})
	now := fx.connected_app("Billing", _server, fx.neutral_policy, {"certificate": "absent"})
	f := fx.only(rule.deny) with input as _compare(now, was)
	f.path == "oauthConfig/certificate"
	f.severity == "medium"
}

test_secret_committed if {
	was := _app(_server, fx.neutral_policy)
	now := fx.connected_app("Billing", _server, fx.neutral_policy, {"consumerSecret": "literal"})
	f := fx.only(rule.deny) with input as _compare(now, was)
	f.severity == "critical"
	f.path == "oauthConfig/consumerSecret"
}

test_new_app_is_left_to_the_other_rules if {
	now := _app(object.union(_server, {"isConsumerSecretOptional": true}), fx.neutral_policy)
	other := fx.connected_app("Other", _server, fx.neutral_policy, {})
	count(rule.deny) == 0 with input as _compare(now, other)
}

test_moved_app_is_matched_by_name if {
	was := object.union(_app(_server, fx.neutral_policy), {"file": "other-pkg/connectedApps/Billing.connectedApp-meta.xml"})
	now := _app(object.union(_server, {"isConsumerSecretOptional": true}), fx.neutral_policy)
	f := fx.only(rule.deny) with input as _compare(now, was)
	f.path == "oauthConfig/isConsumerSecretOptional"
}

_glbl := {"externalClientApplication": "Portal", "isConsumerSecretOptional": false, "isPkceRequired": true}

_plcy := {"externalClientApplication": "Portal", "isClientCredentialsFlowEnabled": false, "ipRelaxationPolicyType": "Enforce", "refreshTokenPolicyType": "SpecificLifetime", "refreshTokenValidityPeriod": 30, "refreshTokenValidityUnit": "Days"}

_eca_compare(now_parts, was_parts) := _with_base(
	fx.input_of([], [fx.external_client_app("Portal", now_parts, {})], {}),
	fx.input_of([], [fx.external_client_app("Portal", was_parts, {})], {}),
)

test_eca_policy_part_changed if {
	now := {"globalOauth": _glbl, "oauthPolicies": object.union(_plcy, {"isClientCredentialsFlowEnabled": true, "refreshTokenPolicyType": "Infinite"})}
	was := {"globalOauth": _glbl, "oauthPolicies": _plcy}
	found := {[f.file, f.path, f.severity] | some f in rule.deny} with input as _eca_compare(now, was)
	found == {
		[fx.eca_file("Portal", "oauthPolicies"), "isClientCredentialsFlowEnabled", "high"],
		[fx.eca_file("Portal", "oauthPolicies"), "refreshTokenPolicyType", "medium"],
	}
}

test_eca_global_pkce_off_and_lifetime_text if {
	now := {"globalOauth": object.union(_glbl, {"isPkceRequired": false}), "oauthPolicies": object.union(_plcy, {"refreshTokenValidityPeriod": 90})}
	was := {"globalOauth": _glbl, "oauthPolicies": _plcy}
	msgs := {f.message | some f in rule.deny} with input as _eca_compare(now, was)
	msgs == {
		"External Client App Portal: this change makes isPkceRequired false, so PKCE is no longer required; it was true on the base branch.",
		"External Client App Portal: this change makes refreshTokenPolicyType SpecificLifetime (90 Days), so refresh tokens live longer; it was SpecificLifetime (30 Days) on the base branch.",
	}
}

test_eca_scopes_broadened if {
	now := {"oauthSettings": {"externalClientApplication": "Portal", "commaSeparatedOauthScopes": "Api, RefreshToken"}}
	was := {"oauthSettings": {"externalClientApplication": "Portal", "commaSeparatedOauthScopes": "Api"}}
	f := fx.only(rule.deny) with input as _eca_compare(now, was)
	f.path == "commaSeparatedOauthScopes"
	f.severity == "high"
}

test_explain_says_why_there_is_no_finding if {
	app := _app(_server, fx.neutral_policy)
	other := fx.connected_app("Other", _server, fx.neutral_policy, {})
	rule.explain(app).why == "the scan has no base to compare with (oauthguard scan --base REV, or the action on a pull request or push)" with input as fx.input_of([app], [], {})
	rule.explain(app) == {"verdict": "passed", "why": "no OAuth setting of the app is weaker than on the base"} with input as _compare(app, app)
	rule.explain(app).verdict == "not_applicable" with input as _compare(app, other)
	startswith(rule.explain(app).why, "the app is not on the base") with input as _compare(app, other)
}
