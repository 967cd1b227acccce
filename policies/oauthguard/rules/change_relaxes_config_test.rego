package oauthguard.tests.change_relaxes_config

import data.oauthguard.rules.change_relaxes_config as rule

_defaults := {"SFOAUTH001": "critical", "SFOAUTH004": "high"}

_config(extra) := object.union(
	{
		"apps": {},
		"file": ".oauthguard.yml",
		"rules": {"disabled": [], "severity": {}, "defaults": _defaults},
		"policies": [],
		"suppressions": [],
		"inlineSuppressions": [],
	},
	extra,
)

_doc(config) := {"schemaVersion": 1, "connectedApps": [], "externalClientApps": [], "config": config}

_compare(now, was) := object.union(_doc(now), {"base": _doc(was)})

test_silent_without_base if {
	count(rule.deny) == 0 with input as _doc(_config({"rules": {"disabled": ["SFOAUTH001"], "severity": {}, "defaults": _defaults}}))
}

test_silent_when_unchanged if {
	c := _config({"rules": {"disabled": ["SFOAUTH001"], "severity": {}, "defaults": _defaults}, "failOn": "critical"})
	count(rule.deny) == 0 with input as _compare(c, c)
}

test_rule_disabled if {
	now := _config({"rules": {"disabled": ["SFOAUTH001"], "severity": {}, "defaults": _defaults}})
	rule.deny == {{
		"app": "OAuthGuard configuration",
		"kind": "configuration",
		"file": ".oauthguard.yml",
		"path": "rules/disabled/SFOAUTH001",
		"severity": "high",
		"message": "This change disables rule SFOAUTH001 in .oauthguard.yml, so its findings are no longer reported; it was enabled on the base branch.",
		"aggravating": [],
		"compensating": [],
	}} with input as _compare(now, _config({}))
}

test_severity_lowered_against_rule_default if {
	now := _config({"rules": {"disabled": [], "severity": {"SFOAUTH004": "low"}, "defaults": _defaults}})
	f := [f | some f in rule.deny][0] with input as _compare(now, _config({}))
	f.message == "This change lowers the severity of rule SFOAUTH004 to low in .oauthguard.yml; it was high on the base branch."
}

test_severity_raised_is_fine if {
	now := _config({"rules": {"disabled": [], "severity": {"SFOAUTH004": "critical"}, "defaults": _defaults}})
	count(rule.deny) == 0 with input as _compare(now, _config({}))
}

test_fail_on_relaxed if {
	f := [f | some f in rule.deny][0] with input as _compare(_config({"failOn": "none"}), _config({}))
	f.path == "fail-on"
	contains(f.message, "it was high on the base branch")
}

test_fail_on_tightened_is_fine if {
	count(rule.deny) == 0 with input as _compare(_config({"failOn": "medium"}), _config({"failOn": "high"}))
}

test_suppression_added if {
	now := _config({"suppressions": [{"rule": "SFOAUTH001", "app": "Billing"}]})
	f := [f | some f in rule.deny][0] with input as _compare(now, _config({}))
	f.path == "suppressions/SFOAUTH001/Billing"
}

test_inline_suppression_added_but_not_when_moved if {
	s := {"rules": ["SFOAUTH001"], "file": "a/connectedApps/Billing.connectedApp-meta.xml", "path": "oauthConfig/isConsumerSecretOptional", "line": 9}
	moved := object.union(s, {"file": "b/connectedApps/Billing.connectedApp-meta.xml"})
	count(rule.deny) == 1 with input as _compare(_config({"inlineSuppressions": [s]}), _config({}))
	count(rule.deny) == 0 with input as _compare(_config({"inlineSuppressions": [moved]}), _config({"inlineSuppressions": [s]}))
}

test_inline_suppression_follows_rename if {
	s := {"rules": ["SFOAUTH001"], "file": "a/Billing.connectedApp-meta.xml", "path": "oauthConfig", "line": 5}
	renamed := object.union(s, {"file": "a/Billing2.connectedApp-meta.xml"})
	doc := _compare(_config({"inlineSuppressions": [renamed]}), _config({"inlineSuppressions": [s]}))
	count(rule.deny) == 0 with input as object.union(doc, {"base": {"renames": {"a/Billing2.connectedApp-meta.xml": "a/Billing.connectedApp-meta.xml"}}})
}

test_client_declared_and_changed if {
	now := _config({"apps": {"Billing": {"client": "public"}, "Portal": {"client": "private"}}})
	was := _config({"apps": {"Billing": {"client": "private"}}})
	msgs := {f.message | some f in rule.deny} with input as _compare(now, was)
	msgs == {
		"This change declares app Billing a public client in .oauthguard.yml, which decides what SFOAUTH001, 002 and 005 expect of it; it was declared private on the base branch.",
		"This change declares app Portal a private client in .oauthguard.yml, which decides what SFOAUTH001, 002 and 005 expect of it; it was not declared on the base branch.",
	}
}

test_policy_folder_removed if {
	f := [f | some f in rule.deny][0] with input as _compare(_config({}), _config({"policies": ["security/oauth"]}))
	f.path == "policies"
}

test_baseline_declared if {
	f := [f | some f in rule.deny][0] with input as _compare(_config({"baseline": "oauthguard-baseline.json"}), _config({}))
	f.path == "baseline"
	f.message == "This change makes oauthguard-baseline.json the baseline file in .oauthguard.yml, so the findings recorded there stop failing scans that have no other base; there was none on the base branch."
}

test_baseline_kept_is_fine if {
	c := _config({"baseline": "oauthguard-baseline.json"})
	count(rule.deny) == 0 with input as _compare(c, c)
}

test_file_hidden_by_forceignore if {
	hidden := {"file": "force-app/main/default/connectedApps/Legacy.connectedApp-meta.xml", "line": 3, "pattern": "**/Legacy*"}
	doc := object.union(_doc(_config({})), {"base": object.union(_doc(_config({})), {"hiddenByForceIgnore": [hidden]})})
	f := [f | some f in rule.deny][0] with input as doc
	f.file == ".forceignore"
	f.path == "forceignore/force-app/main/default/connectedApps/Legacy.connectedApp-meta.xml"
	f.message == "This change makes .forceignore hide force-app/main/default/connectedApps/Legacy.connectedApp-meta.xml from OAuthGuard (line 3: **/Legacy*), so its findings are no longer reported; the base branch scanned it."
}

test_nothing_hidden_is_fine if {
	doc := object.union(_doc(_config({})), {"base": object.union(_doc(_config({})), {"hiddenByForceIgnore": []})})
	count(rule.deny) == 0 with input as doc
}
