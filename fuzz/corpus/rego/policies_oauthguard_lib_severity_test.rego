package oauthguard.tests.lib.severity

import data.oauthguard.lib.severity

test_no_steps_keeps_base if {
	severity.lowered("critical", 0) == "critical"
	severity.lowered("note", 0) == "note"
}

test_one_step_per_control if {
	severity.lowered("critical", 1) == "high"
	severity.lowered("critical", 2) == "medium"
	severity.lowered("high", 1) == "medium"
}

test_floor_is_low if {
	severity.lowered("critical", 3) == "low"
	severity.lowered("critical", 9) == "low"
	severity.lowered("medium", 5) == "low"
}

test_low_and_note_never_change if {
	severity.lowered("low", 2) == "low"
	severity.lowered("note", 2) == "note"
}

test_after_counts_controls if {
	severity.after("high", ["a", "b"]) == "low"
	severity.after("high", []) == "high"
}
