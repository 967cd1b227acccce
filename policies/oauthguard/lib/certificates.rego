# Certificates and committed private keys (input.*.facts.certificateInfo, input.keys).
#
# The metadata reader parses every real <certificate> (placeholders never) and records what
# it says about itself under facts.certificateInfo; it also searches the repository for
# private keys and records, for each, the SHA-256 of its public key. A key belongs to a
# certificate when the two fingerprints are equal. Key material never reaches the policies.
package oauthguard.lib.certificates

import data.oauthguard.lib.external_client_app as eca
import data.oauthguard.lib.values

ns_per_day := 86400000000000

# subjects is the set of apps with a parsed certificate, each as
# {app, kind, label, file, path, info}: where the certificate sits and what it says.
subjects contains s if {
	some app in input.connectedApps
	info := info(app)
	count(info) > 0
	s := {
		"app": app, "kind": "connectedApp", "label": "Connected App",
		"file": app.file, "path": "oauthConfig/certificate", "info": info,
	}
}

subjects contains s if {
	some app in input.externalClientApps
	info := info(app)
	count(info) > 0
	eca.has_file(app, "globalOauth")
	s := {
		"app": app, "kind": "externalClientApp", "label": "External Client App",
		"file": eca.file(app, "globalOauth"), "path": "certificate", "info": info,
	}
}

# info(app) is the app's parsed certificate facts, or {} when it has none.
info(app) := values.object_at(values.object_at(app, "facts"), "certificateInfo")

# state(app) is facts.certificate (absent, empty, placeholder, present).
state(app) := s if {
	s := values.object_at(app, "facts").certificate
	is_string(s)
} else := "absent"

# encrypted_sentence is "" or a sentence naming the encrypted keys of the repository.
encrypted_sentence := "" if {
	count(encrypted_key_files) == 0
} else := sprintf(" Encrypted keys in the repository (not reported): %s.", [concat(", ", sort(encrypted_key_files))])

# keys is input.keys, or [] when the search did not run.
keys := values.array_at(input, "keys")

# plaintext_keys are the keys usable without a password.
plaintext_keys contains k if {
	some k in keys
	k.encrypted == false
}

# encrypted_key_files are the files holding keys that need a password (not findings, but
# worth naming when an app's certificate is discussed).
encrypted_key_files contains k.file if {
	some k in keys
	k.encrypted == true
}

# matching_key_files(info) is the sorted list of files holding a plaintext private key
# whose public key is the certificate's.
matching_key_files(info) := sort({k.file |
	some k in plaintext_keys
	k.publicKeySha256 == info.publicKeySha256
})

# today_ns is the start (00:00 UTC) of the scan date, input.scan.date; undefined without it.
today_ns := time.parse_rfc3339_ns(concat("", [input.scan.date, "T00:00:00Z"]))

# warning_days is how many days ahead an expiring certificate is reported
# (.oauthguard.yml certificates.expiry-warning-days, default 30).
warning_days := d if {
	d := input.config.certificates.expiryWarningDays
	is_number(d)
} else := 30

# days_left(info) is the number of whole days from the scan date to notAfter (negative once expired).
days_left(info) := floor((time.parse_rfc3339_ns(info.notAfter) - today_ns) / ns_per_day)

# expired(info) holds when notAfter lies before the scan date.
expired(info) if time.parse_rfc3339_ns(info.notAfter) < today_ns

# expiring(info) holds when notAfter lies within the warning window from the scan date.
expiring(info) if {
	not expired(info)
	days_left(info) < warning_days
}

# day(ts) is the date part of an RFC 3339 timestamp.
day(ts) := substring(ts, 0, 10)

# weak_hashes are signature hashes that no longer protect a certificate.
weak_hashes := {"MD2", "MD4", "MD5", "SHA-1"}
