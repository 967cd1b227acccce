# METADATA
# title: T
# custom:
#   id: X001
#   severity: high
package p

# METADATA
# description: d
deny contains m if { m := rego.metadata.rule() }
