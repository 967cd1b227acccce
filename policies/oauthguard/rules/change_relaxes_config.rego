# METADATA
# title: A change relaxes OAuthGuard's own configuration
# description: >-
#   Compared with the base, the change makes OAuthGuard itself more lenient: a rule disabled,
#   a rule's severity lowered or the fail-on threshold relaxed, a suppression added (in
#   .oauthguard.yml or as an oauthguard-suppress comment), an app's client type declared or
#   changed, a policy folder removed, a baseline file declared, or a metadata file hidden by
#   .forceignore. A pull request can otherwise switch its own check off.
# custom:
#   id: SFOAUTH104
#   name: ChangeRelaxesConfiguration
#   severity: high
#   security_severity: 7.5
#   applies_to: [configuration]
#   remediation: >-
#     Have someone who owns the OAuth policy approve the configuration change, or keep the
#     base branch's configuration; suppressions need a reason a reviewer accepts.
#   help: |
#     ## Why it matters
#
#     `.oauthguard.yml` and suppression comments live in the repository, so the pull request
#     being checked can change them. A one-line edit that disables a rule, lowers `fail-on`
#     or declares an app `public` silences findings as effectively as fixing them. This rule
#     makes such edits visible in the review, next to the findings they silence.
#
#     ## What OAuthGuard checks
#
#     Only when the scan has a base (`oauthguard scan --base REV`, or the action on a pull
#     request or push), `input.config` (this side) is compared with `input.base.config`:
#
#     - a rule in `rules.disabled` that the base did not disable;
#     - `rules.severity` lowering a rule below what the base used (its override, else the
#       rule's own severity);
#     - `fail-on` made more lenient (`high` when not set; a higher threshold fails on fewer
#       findings, and `none` never fails);
#     - a suppression in `suppressions:` that the base did not have (same rule and app);
#     - an `oauthguard-suppress` comment for a rule that the base did not have in the same file
#       (matched by file name, and across renames through `input.base.renames`, so moving or
#       renaming the file is not a change) and element;
#     - `apps.<name>.client` declared or changed;
#     - a folder removed from `policies:`;
#     - a `baseline:` file declared or changed (its findings stop failing scans without a base);
#     - a metadata file that the base scanned and the change's `.forceignore` hides
#       (`input.base.hiddenByForceIgnore`, reported at the hiding line of `.forceignore`). Its
#       findings on the base are then not reported as fixed: they are hidden, not gone.
#
#     A baseline file (`--baseline`) carries no configuration, so the rule is silent then.
#
#     ## How to fix it
#
#     Nothing is wrong with a justified change: review it, and merge it with the approval of
#     whoever owns the OAuth policy. Otherwise restore the base branch's configuration.
package oauthguard.rules.change_relaxes_config

import data.oauthguard.lib.change
import data.oauthguard.lib.severity
import data.oauthguard.lib.values

kind := "configuration"

_now := values.object_at(input, "config")

_was := values.object_at(values.object_at(input, "base"), "config")

_file := f if {
	f := values.string_at(_now, "file")
	f != ""
} else := f if {
	f := values.string_at(_was, "file")
	f != ""
} else := ".oauthguard.yml"

_rules(cfg) := values.object_at(cfg, "rules")

deny contains finding if {
	change.has_base
	some id in values.array_at(_rules(_now), "disabled")
	not id in values.array_at(_rules(_was), "disabled")
	finding := _finding(_file, sprintf("rules/disabled/%s", [id]), sprintf(
		"This change disables rule %s in %s, so its findings are no longer reported; it was enabled on the base branch.",
		[id, _file],
	))
}

deny contains finding if {
	change.has_base
	some id, sev in values.object_at(_rules(_now), "severity")
	old := _effective_severity(_was, id)
	severity.rank[sev] < severity.rank[old]
	finding := _finding(_file, sprintf("rules/severity/%s", [id]), sprintf(
		"This change lowers the severity of rule %s to %s in %s; it was %s on the base branch.",
		[id, sev, _file, old],
	))
}

deny contains finding if {
	change.has_base
	now := _fail_on(_now)
	was := _fail_on(_was)
	_leniency[now] > _leniency[was]
	finding := _finding(_file, "fail-on", sprintf(
		"This change relaxes fail-on to %s in %s, so fewer findings fail the check; it was %s on the base branch.",
		[now, _file, was],
	))
}

deny contains finding if {
	change.has_base
	some s in values.array_at(_now, "suppressions")
	not _suppressed_on_base(s)
	finding := _finding(_file, sprintf("suppressions/%s/%s", [s.rule, s.app]), sprintf(
		"This change adds a suppression of rule %s for app %s in %s; the base branch reported its findings.",
		[s.rule, s.app, _file],
	))
}

deny contains finding if {
	change.has_base
	some s in values.array_at(_now, "inlineSuppressions")
	some id in s.rules
	not _inline_on_base(id, _file_name(_base_path(s.file)), s.path)
	finding := _finding(s.file, s.path, sprintf(
		"This change adds an oauthguard-suppress comment for rule %s at line %d of %s; the base branch had none there.",
		[id, s.line, s.file],
	))
}

deny contains finding if {
	change.has_base
	some name, settings in values.object_at(_now, "apps")
	client := values.string_at(settings, "client")
	client != ""
	old := values.string_at(values.object_at(values.object_at(_was, "apps"), name), "client")
	client != old
	finding := _finding(_file, sprintf("apps/%s/client", [name]), sprintf(
		"This change declares app %s a %s client in %s, which decides what SFOAUTH001, 002 and 005 expect of it; %s on the base branch.",
		[name, client, _file, _was_client(old)],
	))
}

deny contains finding if {
	change.has_base
	some folder in values.array_at(_was, "policies")
	not folder in values.array_at(_now, "policies")
	finding := _finding(_file, "policies", sprintf(
		"This change removes the policy folder %s from %s, so its rules no longer run; the base branch ran them.",
		[folder, _file],
	))
}

deny contains finding if {
	change.has_base
	now := values.string_at(_now, "baseline")
	now != ""
	was := values.string_at(_was, "baseline")
	now != was
	finding := _finding(_file, "baseline", sprintf(
		"This change makes %s the baseline file in %s, so the findings recorded there stop failing scans that have no other base; %s on the base branch.",
		[now, _file, _was_baseline(was)],
	))
}

deny contains finding if {
	change.has_base
	some hidden in values.array_at(values.object_at(input, "base"), "hiddenByForceIgnore")
	finding := _finding(".forceignore", sprintf("forceignore/%s", [hidden.file]), sprintf(
		"This change makes .forceignore hide %s from OAuthGuard (line %d: %s), so its findings are no longer reported; the base branch scanned it.",
		[hidden.file, hidden.line, hidden.pattern],
	))
}

_was_baseline(was) := "there was none" if {
	was == ""
} else := sprintf("it was %s", [was])

_finding(file, path, text) := {
	"app": "OAuthGuard configuration",
	"kind": kind,
	"file": file,
	"path": path,
	"severity": "high",
	"message": text,
	"aggravating": [],
	"compensating": [],
}

# The base's severity for a rule: its override there, else the rule's own (from the head's catalogue).
_effective_severity(cfg, id) := s if {
	s := values.object_at(_rules(cfg), "severity")[id]
} else := s if {
	s := values.object_at(_rules(_now), "defaults")[id]
}

_fail_on(cfg) := f if {
	f := values.string_at(cfg, "failOn")
	f != ""
} else := "high"

# A higher threshold fails on fewer findings; none never fails.
_leniency := {"note": 0, "low": 1, "medium": 2, "high": 3, "critical": 4, "none": 5}

_suppressed_on_base(s) if {
	some b in values.array_at(_was, "suppressions")
	b.rule == s.rule
	b.app == s.app
}

_inline_on_base(id, name, path) if {
	some b in values.array_at(_was, "inlineSuppressions")
	id in b.rules
	_file_name(b.file) == name
	b.path == path
}

# A renamed file's suppressions are compared with those of its base path.
_base_path(file) := p if {
	p := values.object_at(values.object_at(input, "base"), "renames")[file]
} else := file

_file_name(path) := parts[count(parts) - 1] if parts := split(path, "/")

_was_client(old) := "it was not declared" if {
	old == ""
} else := sprintf("it was declared %s", [old])
