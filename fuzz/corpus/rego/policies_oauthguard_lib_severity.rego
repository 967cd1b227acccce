# Severity arithmetic shared by the rules.
#
# Scheme (documented in docs/rules.md):
# - A rule starts from its base severity (the seed's CVSS band).
# - Each compensating control lowers the severity by one step, but never below "low": a
#   compensated weakness is still a weakness, and "note" is kept for findings that only
#   inform (a flow not in use, a value that cannot be judged).
# - Aggravating factors never raise the severity above the base (the base is already the
#   seed's upper band); they are named in the finding so reviewers can prioritise.
# - An element that is absent and whose platform default is the unsafe value yields a
#   finding one step below the base, and the message says the default was assumed.
package oauthguard.lib.severity

levels := ["note", "low", "medium", "high", "critical"]

rank := {"note": 0, "low": 1, "medium": 2, "high": 3, "critical": 4}

# lowered(base, steps) is base lowered by steps, floored at "low" (a base of "note" or
# "low" is returned unchanged).
lowered(base, steps) := base if {
	steps <= 0
} else := levels[i] if {
	i := rank[base] - steps
	i >= 1
} else := "low" if {
	rank[base] >= 1
} else := base

# after(base, compensating) is the effective severity for a list of compensating controls.
after(base, compensating) := lowered(base, count(compensating))
