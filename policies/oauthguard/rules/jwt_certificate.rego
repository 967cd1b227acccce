# METADATA
# title: JWT certificate expired, expiring or weak
# description: >-
#   The certificate an app uses for the JWT bearer flow has expired, expires soon, has an RSA
#   key shorter than 2048 bits, or is signed with SHA-1 or MD5.
# related_resources:
#   - ref: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
#     description: OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration (Salesforce Help)
#   - ref: https://csrc.nist.gov/pubs/sp/800/131/a/r2/final
#     description: "NIST SP 800-131A Rev. 2: Transitioning the Use of Cryptographic Algorithms and Key Lengths"
# custom:
#   id: SFOAUTH105
#   name: JwtCertificateExpiredExpiringOrWeak
#   severity: high
#   security_severity: 7.5
#   applies_to: [connectedApp, externalClientApp]
#   remediation: >-
#     Create a new key pair (RSA 2048 bits or more, or EC P-256) and a certificate signed with
#     SHA-256, upload the certificate to the app, move the integration to the new key, and
#     keep the private key in a secret store, never in the repository.
#   help: |
#     ## Why it matters
#
#     With the JWT bearer flow an app signs its token requests with a private key, and
#     Salesforce checks the signature with the certificate stored on the app
#     (`<certificate>`). Whoever holds the key can get tokens as any pre-authorized user.
#     A certificate past its end date means a key that has outlived its planned life (and an
#     integration that may stop working); an RSA key under 2048 bits can be factored with
#     affordable effort; a SHA-1 or MD5 signature on the certificate can be forged by
#     collision.
#
#     ## What OAuthGuard checks
#
#     The metadata reader parses every real certificate (`oauthConfig/certificate` in
#     Connected Apps, `certificate` in External Client App global OAuth settings; never
#     placeholders such as `REPLACE_CERTIFICATE`) and records its validity dates, key and
#     signature algorithm. This rule reports:
#
#     - expired (notAfter before the scan date): high;
#     - expiring within the warning window (30 days unless `.oauthguard.yml` sets
#       `certificates.expiry-warning-days`; 0 turns it off): medium;
#     - an RSA key under 2048 bits, or a signature with SHA-1, MD5 (or MD2/MD4): high.
#
#     One finding per app names every problem; its severity is the worst of them. The
#     message states the end date rather than a count of days, so it does not change from
#     one day to the next. A certificate that does not parse is reported by the reader as an
#     invalid value at its line.
#
#     ## How to fix it
#
#     ```sh
#     openssl req -x509 -newkey rsa:3072 -sha256 -days 365 -nodes \
#       -keyout jwt.key -out jwt.crt -subj "/CN=billing-integration"
#     ```
#
#     Upload `jwt.crt` to the app (Setup, or the `<certificate>` element), store `jwt.key`
#     in your CI secret store, and delete it from disk.
#
#     ## What lowers or raises the risk
#
#     Nothing lowers it. A committed private key for the same certificate is reported on its
#     own by SFOAUTH106.
package oauthguard.rules.jwt_certificate

import data.oauthguard.lib.certificates as certs

deny contains finding if {
	some s in certs.subjects
	problems := _problems(s.info)
	count(problems) > 0
	severity := _worst({p.severity | some p in problems})
	text := sprintf(
		"%s %s's JWT certificate (subject %s) %s. Replace it with a new key pair and certificate.",
		[s.label, s.app.name, s.info.subject, concat("; it ", [p.text | some p in problems])],
	)
	finding := {
		"app": s.app.name,
		"kind": s.kind,
		"file": s.file,
		"path": s.path,
		"severity": severity,
		"message": text,
		"aggravating": [],
		"compensating": [],
	}
}

# _problems(info) lists {severity, text} in a fixed order: validity, key, signature.
_problems(info) := [p |
	some check in ["expiry", "key", "signature"]
	p := _problem(check, info)
]

_problem("expiry", info) := {"severity": "high", "text": sprintf("expired on %s (notAfter %s)", [certs.day(info.notAfter), info.notAfter])} if {
	certs.expired(info)
}

_problem("expiry", info) := {"severity": "medium", "text": sprintf("expires on %s (notAfter %s), within the %d-day warning window", [certs.day(info.notAfter), info.notAfter, certs.warning_days])} if {
	certs.expiring(info)
}

_problem("key", info) := {"severity": "high", "text": sprintf("has a %d-bit RSA key, below the 2048 bits required today", [info.keySize])} if {
	info.keyAlgorithm == "RSA"
	info.keySize > 0
	info.keySize < 2048
}

_problem("signature", info) := {"severity": "high", "text": sprintf("is signed with %s (%s signatures can be forged)", [info.signatureAlgorithm, info.signatureHash])} if {
	info.signatureHash in certs.weak_hashes
}

# explain(app) says why the rule has no finding for an app (oauthguard explain-app); it is
# defined for every app (the host shows the finding instead when there is one).
explain(app) := {"verdict": "not_applicable", "why": sprintf("the app has no certificate that could be read (certificate: %s)", [certs.state(app)])} if {
	count(certs.info(app)) == 0
} else := {"verdict": "passed", "why": sprintf("the certificate (subject %s, %s %d bits, %s) is valid until %s and not within the %d-day warning window", [i.subject, i.keyAlgorithm, i.keySize, i.signatureAlgorithm, i.notAfter, certs.warning_days])} if {
	i := certs.info(app)
	count(_problems(i)) == 0
} else := {"verdict": "passed", "why": "the certificate is reported by this rule's finding"}

_worst(severities) := "high" if {
	"high" in severities
} else := "medium"
