package oauthguard.tests.lib.explain

import data.oauthguard.lib.explain
import data.oauthguard.tests.fixtures as fx

test_connected_app_verdicts if {
	server := fx.connected_app("Server", fx.server_oauth_config, fx.neutral_policy, {})
	canvas := fx.canvas_only_app("Canvas")
	mobile := fx.connected_app("Mobile", {"callbackUrl": "myapp://cb", "isPkceRequired": true}, {}, {})
	report := explain.apps with input as fx.input_of([server, canvas, mobile], [], {})
	[a.name | some a in report] == ["Server", "Canvas", "Mobile"]
	report[0].rules.SFOAUTH001 == {"verdict": "passed", "why": "oauthConfig/isConsumerSecretOptional is false: the web server flow requires the consumer secret"}
	report[0].rules.SFOAUTH002.verdict == "not_applicable"
	report[1].rules.SFOAUTH005 == {"verdict": "not_applicable", "why": "the app has no oauthConfig, so it does no OAuth"}
	report[0].rules.SFOAUTH103.verdict == "not_applicable"
	report[2].client.type == "public"
	startswith(report[2].rules.SFOAUTH001.why, "a public client cannot keep a secret; SFOAUTH005 judges it instead")
}

test_external_client_app_verdicts if {
	eca := fx.external_client_app("Portal", {"oauthSettings": {"commaSeparatedOauthScopes": "Api"}}, {})
	report := explain.apps with input as fx.input_of([], [eca], {})
	report[0].kind == "externalClientApp"
	report[0].rules.SFOAUTH003.verdict == "not_applicable"
	report[0].rules.SFOAUTH101.verdict == "passed"
	report[0].rules.SFOAUTH103.verdict == "not_applicable"
	not report[0].rules.SFOAUTH001
}
