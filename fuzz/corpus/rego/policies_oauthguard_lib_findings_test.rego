package oauthguard.tests.lib.findings

import data.oauthguard.lib.findings

_app := {"name": "Billing"}

test_new_without_factors if {
	findings.new(_app, "connectedApp", "f.xml", "a/b", "high", "Text.", [], []) == {
		"app": "Billing",
		"kind": "connectedApp",
		"file": "f.xml",
		"path": "a/b",
		"severity": "high",
		"message": "Text.",
		"aggravating": [],
		"compensating": [],
	}
}

test_new_lowers_and_names_factors if {
	f := findings.new(_app, "connectedApp", "f.xml", "a/b", "critical", "Text.", ["x is on", "y is off"], ["z is set"])
	f.severity == "high"
	f.message == "Text. Severity lowered from critical to high because z is set. Higher risk because x is on; y is off."
}

test_new_at_the_floor_says_so if {
	f := findings.new(_app, "connectedApp", "f.xml", "a/b", "low", "Text.", [], ["z is set"])
	f.severity == "low"
	f.message == "Text. Severity stays low (its floor) despite: z is set."
}

test_fixed_keeps_the_given_severity if {
	f := findings.fixed(_app, "externalClientApp", "g.xml", "x", "note", "Note.")
	f.severity == "note"
	f.aggravating == []
	f.compensating == []
}
