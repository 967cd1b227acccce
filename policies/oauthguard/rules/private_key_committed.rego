# METADATA
# title: Private key for an app's certificate committed
# description: >-
#   The repository holds, unencrypted, the private key that belongs to the certificate of a
#   Connected App or External Client App. Anyone who can read the repository can sign JWT
#   bearer assertions and get access tokens as any pre-authorized user of the app.
# related_resources:
#   - ref: https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_jwt_flow.htm
#     description: OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration (Salesforce Help)
#   - ref: https://developer.salesforce.com/docs/atlas.en-us.sfdx_dev.meta/sfdx_dev/sfdx_dev_auth_jwt_flow.htm
#     description: Authorize an Org Using the JWT Flow (Salesforce DX Developer Guide)
# custom:
#   id: SFOAUTH106
#   name: PrivateKeyCommitted
#   severity: critical
#   security_severity: 9.6
#   applies_to: [connectedApp, externalClientApp]
#   remediation: >-
#     Treat the key as compromised: upload a new certificate to the app (its key generated
#     and kept in a secret store), remove the old certificate, delete the key file and purge
#     it from the repository history. If CI needs the key, give it as an encrypted secret.
#   help: |
#     ## Why it matters
#
#     The JWT bearer flow has no secret and no browser step: a JWT signed with the app's
#     private key is exchanged for an access token as any user who has pre-authorized the
#     app (often an integration user with broad rights). The certificate in the metadata is
#     public; the private key is the only thing that stands between a reader of the
#     repository and the org. Salesforce DX CI setups often keep it next to the app
#     (`server.key`, `jwt.key`, `assets/*.pem`).
#
#     ## What OAuthGuard checks
#
#     The whole repository is searched, whatever `.forceignore` says (`.git` and
#     `node_modules` are skipped; only files whose name suggests a key are opened, up to
#     1 MiB each; symbolic links are not followed), for PEM, PKCS#8, PKCS#1 and EC private
#     keys and PKCS#12 files. Each key's public half is compared with every app's
#     certificate:
#
#     - a plaintext key that matches an app's certificate is reported on the app, at its
#       `<certificate>` element, naming the key file (critical);
#     - a plaintext key that matches no app is reported once, on the key file, as a note;
#     - an encrypted key (`server.key.enc`, `ENCRYPTED PRIVATE KEY`,
#       `Proc-Type: 4,ENCRYPTED`, a password-protected PKCS#12) is not a finding: that is the
#       recommended way to give CI the key, as long as the password is kept elsewhere.
#
#     The key's bytes never appear in any output: only its file, kind and the SHA-256 of
#     its public key are recorded.
#
#     ## How to fix it
#
#     ```sh
#     git rm --cached server.key
#     echo "server.key" >> .gitignore
#     # CI: encrypt it, keep the password as a CI secret
#     openssl enc -aes-256-cbc -pbkdf2 -salt -in server.key -out server.key.enc -pass env:KEY_PASSWORD
#     ```
#
#     Then replace the certificate on the app: the old key stays in the history.
#
#     ## What lowers or raises the risk
#
#     Nothing lowers it. Encrypted copies of keys found in the repository are named in the
#     message.
package oauthguard.rules.private_key_committed

import data.oauthguard.lib.certificates as certs

deny contains finding if {
	some s in certs.subjects
	files := certs.matching_key_files(s.info)
	count(files) > 0
	text := sprintf(
		"%s %s's JWT certificate (subject %s) has its private key committed in plain text (%s): anyone who can read the repository can get tokens as the app's pre-authorized users. Replace the certificate and purge the key from the history.%s",
		[s.label, s.app.name, s.info.subject, concat(", ", files), certs.encrypted_sentence],
	)
	finding := {
		"app": s.app.name,
		"kind": s.kind,
		"file": s.file,
		"path": s.path,
		"severity": "critical",
		"message": text,
		"aggravating": [],
		"compensating": [],
	}
}

# A plaintext key that belongs to no app's certificate: reported once per file, as a note.
deny contains finding if {
	some file in {k.file | some k in certs.plaintext_keys}
	not _matches_an_app(file)
	finding := {
		"app": file,
		"kind": "repository",
		"file": file,
		"path": "",
		"severity": "note",
		"message": sprintf("A private key is committed in plain text (%s); it matches no app here. If it signs anything, treat it as compromised, replace it and purge it from the history.", [file]),
		"aggravating": [],
		"compensating": [],
	}
}

_matches_an_app(file) if {
	some s in certs.subjects
	file in certs.matching_key_files(s.info)
}

# explain(app) says why the rule has no finding for an app (oauthguard explain-app), and names
# the encrypted keys of the repository, which are never findings.
explain(app) := {"verdict": "not_applicable", "why": sprintf("the app has no certificate that could be read (certificate: %s), so no key can be matched to it.%s", [certs.state(app), certs.encrypted_sentence])} if {
	count(certs.info(app)) == 0
} else := {"verdict": "passed", "why": sprintf("no plaintext private key in the repository (%d searched) matches the certificate's public key.%s", [count(certs.plaintext_keys), certs.encrypted_sentence])}
