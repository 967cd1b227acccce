# METADATA
# title: A change weakens an OAuth setting
# description: >-
#   Compared with the base (the pull request's base commit, or the revision given with
#   --base), a security-relevant OAuth setting of a Connected App or External Client App moved
#   to its insecure side: a secret no longer required, PKCE or refresh token rotation turned
#   off, the client credentials flow turned on, refresh tokens living longer, IP restrictions
#   relaxed, broader scopes, a certificate removed, or a consumer secret committed.
# related_resources:
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_connectedapp.htm
#     description: ConnectedApp metadata type (Metadata API Developer Guide)
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_extlclntappoauthconfigurablepolicies.htm
#     description: ExtlClntAppOauthConfigurablePolicies metadata type (Metadata API Developer Guide)
# custom:
#   id: SFOAUTH103
#   name: ChangeWeakensOAuthSetting
#   severity: critical
#   security_severity: 9.1
#   applies_to: [connectedApp, externalClientApp]
#   remediation: >-
#     Keep the base branch's value, or, if the weaker setting is intended, say why in the pull
#     request and accept the finding with a suppression that names the reason.
#   help: |
#     ## Why it matters
#
#     A reviewer sees a one-word diff (`false` → `true`) and has to know that it switches a
#     protection off. This rule names the protection and the base branch's value, so the
#     question "what does this change make worse?" has a direct answer.
#
#     ## What OAuthGuard checks
#
#     Only when the scan has a base (`oauthguard scan --base REV`, or the action on a pull
#     request or push). For each app that exists on both sides (matched by name), it compares:
#
#     | setting | weaker when | severity |
#     |---|---|---|
#     | `isConsumerSecretOptional` | turned `true` | critical |
#     | `isSecretRequiredForRefreshToken` | turned `false` | critical |
#     | `isPkceRequired` | no longer `true` | high |
#     | `isRefreshTokenRotationEnabled` | no longer `true` | medium |
#     | `isClientCredentialEnabled` / `isClientCredentialsFlowEnabled` | turned `true` | high |
#     | `refreshTokenPolicy` / `refreshTokenPolicyType` + validity | refresh tokens live longer (an absent policy counts as never expiring) | medium |
#     | `ipRelaxation` / `ipRelaxationPolicyType` | relaxed (enforce → relaxed → bypass; absent counts as enforce) | high for bypass, else medium |
#     | scopes | `Full`, `RefreshToken`, `Api` or `Web` added | high for Full and RefreshToken, else medium |
#     | certificate | removed (present or placeholder → absent or empty) | medium |
#     | consumer secret | committed in plain text where the base had none | critical |
#
#     Connected App settings are read from `oauthConfig` and `oauthPolicy`; External Client
#     App settings from the global OAuth settings (`.ecaGlblOauth`), the OAuth policies
#     (`.ecaOauthPlcy`) and the OAuth settings (`.ecaOauth`, scopes). A new app has no base
#     value: the other rules judge it.
#
#     ## How to fix it
#
#     Restore the base value, or accept the change on purpose with a suppression and a reason.
package oauthguard.rules.change_weakens_setting

import data.oauthguard.lib.change
import data.oauthguard.lib.connected_app as ca
import data.oauthguard.lib.external_client_app as eca
import data.oauthguard.lib.findings
import data.oauthguard.lib.values

# Boolean switches: "on" weakens when the value becomes true; "off" when it stops being true
# (absent counts as off only where the platform default is off).
_ca_switches := [
	{"section": "oauthConfig", "key": "isConsumerSecretOptional", "weak": "on", "severity": "critical", "what": "the web server flow no longer requires the consumer secret"},
	{"section": "oauthConfig", "key": "isSecretRequiredForRefreshToken", "weak": "off", "absent_off": false, "severity": "critical", "what": "the refresh token flow no longer requires the consumer secret"},
	{"section": "oauthConfig", "key": "isPkceRequired", "weak": "off", "absent_off": true, "severity": "high", "what": "PKCE is no longer required"},
	{"section": "oauthConfig", "key": "isRefreshTokenRotationEnabled", "weak": "off", "absent_off": true, "severity": "medium", "what": "refresh token rotation is turned off"},
	{"section": "oauthConfig", "key": "isClientCredentialEnabled", "weak": "on", "severity": "high", "what": "the client credentials flow is turned on"},
]

_eca_switches := [
	{"part": "globalOauth", "key": "isConsumerSecretOptional", "weak": "on", "severity": "critical", "what": "the web server flow no longer requires the consumer secret"},
	{"part": "globalOauth", "key": "isSecretRequiredForRefreshToken", "weak": "off", "absent_off": false, "severity": "critical", "what": "the refresh token flow no longer requires the consumer secret"},
	{"part": "globalOauth", "key": "isPkceRequired", "weak": "off", "absent_off": true, "severity": "high", "what": "PKCE is no longer required"},
	{"part": "globalOauth", "key": "isRefreshTokenRotationEnabled", "weak": "off", "absent_off": true, "severity": "medium", "what": "refresh token rotation is turned off"},
	{"part": "globalOauth", "key": "isClientCredentialsFlowEnabled", "weak": "on", "severity": "high", "what": "the client credentials flow is turned on"},
	{"part": "oauthPolicies", "key": "isClientCredentialsFlowEnabled", "weak": "on", "severity": "high", "what": "the client credentials flow is turned on"},
]

_broad_scopes := {"Full", "RefreshToken", "Api", "Web"}

# --- Connected Apps ---------------------------------------------------------------------

deny contains finding if {
	change.has_base
	some app in input.connectedApps
	old := change.base_connected_app(app)
	some s in _ca_switches
	now := values.object_at(values.object_at(app, "metadata"), s.section)
	was := values.object_at(values.object_at(old, "metadata"), s.section)
	_weakened(s, now, was)
	path := sprintf("%s/%s", [s.section, s.key])
	finding := _finding(app, ca.kind, app.file, path, s.severity, "Connected App", s.what, change.shown(now, s.key), change.shown(was, s.key))
}

deny contains finding if {
	change.has_base
	some app in input.connectedApps
	old := change.base_connected_app(app)
	now := _ca_lifetime(ca.oauth_policy(app))
	was := _ca_lifetime(ca.oauth_policy(old))
	now > was
	finding := _finding(
		app, ca.kind, app.file, "oauthPolicy/refreshTokenPolicy", "medium", "Connected App", "refresh tokens live longer",
		change.shown(ca.oauth_policy(app), "refreshTokenPolicy"), change.shown(ca.oauth_policy(old), "refreshTokenPolicy"),
	)
}

deny contains finding if {
	change.has_base
	some app in input.connectedApps
	old := change.base_connected_app(app)
	now := _ip_rank(values.string_at(ca.oauth_policy(app), "ipRelaxation"))
	was := _ip_rank(values.string_at(ca.oauth_policy(old), "ipRelaxation"))
	now > was
	finding := _finding(
		app, ca.kind, app.file, "oauthPolicy/ipRelaxation", _ip_severity(now), "Connected App", "IP restrictions are relaxed",
		change.shown(ca.oauth_policy(app), "ipRelaxation"), change.shown(ca.oauth_policy(old), "ipRelaxation"),
	)
}

deny contains finding if {
	change.has_base
	some app in input.connectedApps
	old := change.base_connected_app(app)
	added := _added_scopes(ca.scopes(app), ca.scopes(old))
	finding := _scopes_finding(app, ca.kind, app.file, "oauthConfig/scopes", "Connected App", added, ca.scopes(old))
}

deny contains finding if {
	change.has_base
	some app in input.connectedApps
	old := change.base_connected_app(app)
	_certificate_removed(ca.facts(app), ca.facts(old))
	finding := _finding(
		app, ca.kind, app.file, "oauthConfig/certificate", "medium", "Connected App", "the certificate (JWT bearer flow) is removed",
		ca.facts(app).certificate, ca.facts(old).certificate,
	)
}

deny contains finding if {
	change.has_base
	some app in input.connectedApps
	old := change.base_connected_app(app)
	_secret_committed(ca.facts(app), ca.facts(old))
	finding := _finding(
		app, ca.kind, app.file, "oauthConfig/consumerSecret", "critical", "Connected App", "a consumer secret is committed in plain text",
		"a literal secret", object.get(ca.facts(old), "consumerSecret", "absent"),
	)
}

# --- External Client Apps ---------------------------------------------------------------

deny contains finding if {
	change.has_base
	some app in input.externalClientApps
	old := change.base_external_client_app(app)
	some s in _eca_switches
	eca.has_file(app, s.part)
	now := eca.part(app, s.part)
	was := eca.part(old, s.part)
	_weakened(s, now, was)
	finding := _finding(app, eca.kind, eca.file(app, s.part), s.key, s.severity, "External Client App", s.what, change.shown(now, s.key), change.shown(was, s.key))
}

deny contains finding if {
	change.has_base
	some app in input.externalClientApps
	old := change.base_external_client_app(app)
	eca.has_file(app, "oauthPolicies")
	now := _eca_lifetime(eca.part(app, "oauthPolicies"))
	was := _eca_lifetime(eca.part(old, "oauthPolicies"))
	now > was
	finding := _finding(
		app, eca.kind, eca.file(app, "oauthPolicies"), "refreshTokenPolicyType", "medium", "External Client App", "refresh tokens live longer",
		_eca_lifetime_text(eca.part(app, "oauthPolicies")), _eca_lifetime_text(eca.part(old, "oauthPolicies")),
	)
}

deny contains finding if {
	change.has_base
	some app in input.externalClientApps
	old := change.base_external_client_app(app)
	eca.has_file(app, "oauthPolicies")
	now := _ip_rank(values.string_at(eca.part(app, "oauthPolicies"), "ipRelaxationPolicyType"))
	was := _ip_rank(values.string_at(eca.part(old, "oauthPolicies"), "ipRelaxationPolicyType"))
	now > was
	finding := _finding(
		app, eca.kind, eca.file(app, "oauthPolicies"), "ipRelaxationPolicyType", _ip_severity(now), "External Client App", "IP restrictions are relaxed",
		change.shown(eca.part(app, "oauthPolicies"), "ipRelaxationPolicyType"), change.shown(eca.part(old, "oauthPolicies"), "ipRelaxationPolicyType"),
	)
}

deny contains finding if {
	change.has_base
	some app in input.externalClientApps
	old := change.base_external_client_app(app)
	eca.has_file(app, "oauthSettings")
	added := _added_scopes(eca.scopes(app), eca.scopes(old))
	finding := _scopes_finding(app, eca.kind, eca.file(app, "oauthSettings"), "commaSeparatedOauthScopes", "External Client App", added, eca.scopes(old))
}

deny contains finding if {
	change.has_base
	some app in input.externalClientApps
	old := change.base_external_client_app(app)
	eca.has_file(app, "globalOauth")
	_certificate_removed(eca.facts(app), eca.facts(old))
	finding := _finding(
		app, eca.kind, eca.file(app, "globalOauth"), "certificate", "medium", "External Client App", "the certificate (JWT bearer flow) is removed",
		eca.facts(app).certificate, eca.facts(old).certificate,
	)
}

deny contains finding if {
	change.has_base
	some app in input.externalClientApps
	old := change.base_external_client_app(app)
	eca.has_file(app, "globalOauth")
	_secret_committed(eca.facts(app), eca.facts(old))
	finding := _finding(
		app, eca.kind, eca.file(app, "globalOauth"), "consumerSecret", "critical", "External Client App", "a consumer secret is committed in plain text",
		"a literal secret", object.get(eca.facts(old), "consumerSecret", "absent"),
	)
}

# --- Helpers ----------------------------------------------------------------------------

_finding(app, kind, file, path, sev, noun, what, now, was) := findings.fixed(app, kind, file, path, sev, text) if {
	text := sprintf("%s %s: this change makes %s %s, so %s; it was %s on the base branch.", [noun, app.name, path, now, what, was])
}

_weakened(s, now, was) if {
	s.weak == "on"
	values.is_true(now, s.key)
	values.bool_state(was, s.key) in {"false", "absent"}
}

_weakened(s, now, was) if {
	s.weak == "off"
	values.is_true(was, s.key)
	_off(s, values.bool_state(now, s.key))
}

_off(_, "false") := true

_off(s, "absent") := true if s.absent_off

_added_scopes(now, was) := [x | some x in now; x in _broad_scopes; not x in was]

_scopes_finding(app, kind, file, path, noun, added, was) := findings.fixed(app, kind, file, path, sev, text) if {
	count(added) > 0
	sev := _scope_severity(added)
	text := sprintf("%s %s: this change adds the %s scope%s, so tokens of the app reach more; the base branch granted %s.", [
		noun, app.name, concat(", ", sort(added)), _plural(added), _scope_list(was),
	])
}

_scope_severity(added) := "high" if {
	some x in added
	x in {"Full", "RefreshToken"}
} else := "medium"

_plural(list) := "s" if {
	count(list) > 1
} else := ""

_scope_list(was) := concat(", ", sort(was)) if {
	count(was) > 0
} else := "no scope"

_certificate_removed(now, was) if {
	object.get(was, "certificate", "absent") in {"present", "placeholder"}
	object.get(now, "certificate", "absent") in {"absent", "empty"}
}

_secret_committed(now, was) if {
	object.get(now, "consumerSecret", "absent") == "literal"
	object.get(was, "consumerSecret", "absent") != "literal"
}

# Connected App refresh token lifetime in hours; absent means the platform default, believed
# to be "valid until revoked".
_ca_lifetime(policy) := change.never if {
	not values.has_key(policy, "refreshTokenPolicy")
} else := 0 if {
	lower(values.string_at(policy, "refreshTokenPolicy")) in {"zero", "immediately"}
} else := change.never if {
	lower(values.string_at(policy, "refreshTokenPolicy")) == "infinite"
} else := h if {
	parts := split(values.string_at(policy, "refreshTokenPolicy"), ":")
	count(parts) == 3
	regex.match(`^[0-9]+$`, parts[1])
	h := change.hours(to_number(parts[1]), parts[2])
}

# External Client App refresh token lifetime in hours.
_eca_lifetime(p) := change.never if {
	not values.has_key(p, "refreshTokenPolicyType")
} else := 0 if {
	lower(values.string_at(p, "refreshTokenPolicyType")) == "zero"
} else := change.never if {
	lower(values.string_at(p, "refreshTokenPolicyType")) == "infinite"
} else := h if {
	is_number(p.refreshTokenValidityPeriod)
	h := change.hours(p.refreshTokenValidityPeriod, values.string_at(p, "refreshTokenValidityUnit"))
}

_eca_lifetime_text(p) := sprintf("%s (%v %s)", [values.string_at(p, "refreshTokenPolicyType"), p.refreshTokenValidityPeriod, values.string_at(p, "refreshTokenValidityUnit")]) if {
	is_number(p.refreshTokenValidityPeriod)
} else := change.shown(p, "refreshTokenPolicyType")

# IP relaxation, from strict to open; absent means the platform default (enforce).
_ip_rank(text) := 0 if {
	text == ""
} else := r if {
	r := {"enforce": 0, "enforce_activated_devices": 1, "enforce_relaxrefresh": 1, "bypass_2factor": 1, "bypass": 2}[lower(text)]
}

_ip_severity(2) := "high"

_ip_severity(1) := "medium"

# explain(app) says why the rule has no finding for an app of either kind (oauthguard explain-app).
explain(app) := {"verdict": "not_applicable", "why": "the scan has no base to compare with (oauthguard scan --base REV, or the action on a pull request or push)"} if {
	not change.has_base
} else := {"verdict": "not_applicable", "why": "the app is not on the base (new in this change); the other rules judge its settings"} if {
	not _on_base(app)
} else := {"verdict": "passed", "why": "no OAuth setting of the app is weaker than on the base"}

_on_base(app) if {
	values.has_key(app, "file")
	change.base_connected_app(app)
}

_on_base(app) if {
	not values.has_key(app, "file")
	change.base_external_client_app(app)
}
