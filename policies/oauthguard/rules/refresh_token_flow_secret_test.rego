package oauthguard.tests.refresh_token_flow_secret

import data.oauthguard.rules.refresh_token_flow_secret as rule
import data.oauthguard.tests.fixtures as fx

_oc(extra) := object.union(
	object.union(fx.server_oauth_config, {"scopes": ["Api", "RefreshToken"]}),
	extra,
)

# Refresh tokens with a set lifetime: one compensating control, so tests that want none
# use "infinite" and expect that factor instead.
_limited := {"ipRelaxation": "ENFORCE", "refreshTokenPolicy": "specific_lifetime:30:DAYS"}

_input(oc, policy, config) := fx.input_of([fx.connected_app("Sync", oc, policy, {})], [], config)

test_compliant_secret_required if {
	count(rule.deny) == 0 with input as _input(_oc({"isSecretRequiredForRefreshToken": true}), fx.neutral_policy, {})
}

test_violating_private_client if {
	oc := _oc({"isSecretRequiredForRefreshToken": false})
	rule.deny == {{
		"app": "Sync",
		"kind": "connectedApp",
		"file": "force-app/main/default/connectedApps/Sync.connectedApp-meta.xml",
		"path": "oauthConfig/isSecretRequiredForRefreshToken",
		"severity": "critical",
		"message": "Connected App Sync issues refresh tokens but does not require its consumer secret to use them (oauthConfig/isSecretRequiredForRefreshToken = false), so a stolen refresh token works from anywhere; assumed private client: callbacks that are all https server URLs (https://billing.example.com/oauth/callback) suggest a server app. Higher risk because refresh tokens never expire (oauthPolicy/refreshTokenPolicy = infinite).",
		"aggravating": ["refresh tokens never expire (oauthPolicy/refreshTokenPolicy = infinite)"],
		"compensating": [],
	}} with input as _input(oc, fx.neutral_policy, {})
}

test_compensated_by_rotation_and_lifetime if {
	oc := _oc({"isSecretRequiredForRefreshToken": false, "isRefreshTokenRotationEnabled": true})
	f := fx.only(rule.deny) with input as _input(oc, _limited, {})
	f.severity == "medium"
	f.aggravating == []
	f.compensating == [
		"refresh token rotation is on (oauthConfig/isRefreshTokenRotationEnabled = true)",
		"refresh tokens expire (oauthPolicy/refreshTokenPolicy = specific_lifetime:30:DAYS)",
	]
}

test_compensated_by_zero_lifetime if {
	oc := _oc({"isSecretRequiredForRefreshToken": false})
	f := fx.only(rule.deny) with input as _input(oc, {"ipRelaxation": "ENFORCE", "refreshTokenPolicy": "zero"}, {})
	f.severity == "high"
	f.compensating == ["refresh tokens expire immediately (oauthPolicy/refreshTokenPolicy = zero)"]
}

test_aggravated if {
	oc := object.union(
		_oc({"isSecretRequiredForRefreshToken": false, "isConsumerSecretOptional": true}),
		{"scopes": ["Full", "RefreshToken"]},
	)
	app := object.union(
		fx.connected_app("Sync", oc, {"ipRelaxation": "BYPASS", "refreshTokenPolicy": "infinite"}, {}),
		{"metadata": {"label": "Sync", "oauthConfig": oc, "oauthPolicy": {"ipRelaxation": "BYPASS", "refreshTokenPolicy": "infinite"}, "profileName": ["System Administrator"]}},
	)
	f := fx.only(rule.deny) with input as fx.input_of([app], [], {})
	f.severity == "critical"
	f.aggravating == [
		"refresh tokens never expire (oauthPolicy/refreshTokenPolicy = infinite)",
		"IP restrictions are relaxed (oauthPolicy/ipRelaxation = BYPASS)",
		"the web server flow needs no secret either (oauthConfig/isConsumerSecretOptional = true)",
		"the Full scope grants everything the user can reach (oauthConfig/scopes includes Full)",
		"the app is pre-authorized for the privileged profile System Administrator (profileName)",
	]
}

test_absent_element_is_a_note if {
	oc := object.remove(_oc({}), ["isSecretRequiredForRefreshToken"])
	rule.deny == {{
		"app": "Sync",
		"kind": "connectedApp",
		"file": "force-app/main/default/connectedApps/Sync.connectedApp-meta.xml",
		"path": "oauthConfig/isSecretRequiredForRefreshToken",
		"severity": "note",
		"message": "Connected App Sync issues refresh tokens and does not set oauthConfig/isSecretRequiredForRefreshToken, so the platform default (believed to be true, unconfirmed) applies; assumed private client: callbacks that are all https server URLs (https://billing.example.com/oauth/callback) suggest a server app. Set it to true explicitly.",
		"aggravating": [],
		"compensating": [],
	}} with input as _input(oc, fx.neutral_policy, {})
}

test_invalid_value_is_a_note if {
	app := fx.with_invalid(
		fx.connected_app("Sync", _oc({"isSecretRequiredForRefreshToken": "{{X}}"}), fx.neutral_policy, {}),
		[{"path": "oauthConfig/isSecretRequiredForRefreshToken", "text": "{{X}}", "expected": "boolean"}],
	)
	f := fx.only(rule.deny) with input as fx.input_of([app], [], {})
	f.severity == "note"
	f.path == "oauthConfig/isSecretRequiredForRefreshToken"
	contains(f.message, "= \"{{X}}\", which is neither true nor false")
}

test_empty_element_is_invalid_too if {
	app := fx.connected_app("Sync", _oc({"isSecretRequiredForRefreshToken": ""}), fx.neutral_policy, {})
	f := fx.only(rule.deny) with input as fx.input_of([app], [], {})
	f.severity == "note"
	contains(f.message, "= \"\", which is neither true nor false")
}

test_not_applicable_without_refresh_scope if {
	oc := object.union(_oc({"isSecretRequiredForRefreshToken": false}), {"scopes": ["Api", "Web"]})
	count(rule.deny) == 0 with input as _input(oc, fx.neutral_policy, {})
}

test_offline_access_counts_as_refresh_scope if {
	oc := object.union(_oc({"isSecretRequiredForRefreshToken": false}), {"scopes": ["OpenID", "OfflineAccess"]})
	f := fx.only(rule.deny) with input as _input(oc, fx.neutral_policy, {})
	f.severity == "critical"
}

test_not_applicable_without_oauth if {
	count(rule.deny) == 0 with input as fx.input_of([fx.canvas_only_app("Sync")], [], {})
}

test_not_applicable_to_public_client if {
	oc := _oc({"isSecretRequiredForRefreshToken": false, "callbackUrl": "https://abcdefghijklmnop.chromiumapp.org/cb"})
	count(rule.deny) == 0 with input as _input(oc, fx.neutral_policy, {})
}
