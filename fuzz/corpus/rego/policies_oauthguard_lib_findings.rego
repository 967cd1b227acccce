# Building findings in the shape docs/contracts.md §2 prescribes.
package oauthguard.lib.findings

import data.oauthguard.lib.severity

# new builds a finding whose severity is the base lowered by the compensating controls and
# whose message ends with the factors, so every output (console, SARIF, review comments)
# names them without knowing the rule.
new(app, kind, file, path, base, text, aggravating, compensating) := {
	"app": app.name,
	"kind": kind,
	"file": file,
	"path": path,
	"severity": sev,
	"message": message(text, base, sev, aggravating, compensating),
	"aggravating": aggravating,
	"compensating": compensating,
} if {
	sev := severity.after(base, compensating)
}

# fixed builds a finding at a fixed severity with no factors (notes about absent or
# unreadable values, where no factor changes the picture).
fixed(app, kind, file, path, sev, text) := {
	"app": app.name,
	"kind": kind,
	"file": file,
	"path": path,
	"severity": sev,
	"message": text,
	"aggravating": [],
	"compensating": [],
}

# message(text, base, sev, aggravating, compensating) appends the factor sentences.
message(text, base, sev, aggravating, compensating) := concat("", [
	text,
	_lowered_sentence(base, sev, compensating),
	_higher_sentence(aggravating),
])

_lowered_sentence(base, sev, compensating) := "" if {
	count(compensating) == 0
} else := sprintf(" Severity stays %s (its floor) despite: %s.", [sev, concat("; ", compensating)]) if {
	sev == base
} else := sprintf(" Severity lowered from %s to %s because %s.", [base, sev, concat("; ", compensating)])

_higher_sentence(aggravating) := "" if {
	count(aggravating) == 0
} else := sprintf(" Higher risk because %s.", [concat("; ", aggravating)])
