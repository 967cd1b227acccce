# The comparison base (input.base) as the change-aware rules need it: the base version of an
# app, and values rendered for messages. input.base is present only when the scan compares
# with a git revision or a pull request's base; every function here is then undefined or
# empty, so the rules that use it report nothing.
package oauthguard.lib.change

import data.oauthguard.lib.values

# has_base holds when the scan compares with a base document.
has_base if is_object(input.base)

# base_connected_app(app) is the base's Connected App of the same name: the one in the same
# file when there is one, else (the file moved) the first of that name.
base_connected_app(app) := b if {
	b := _base_ca_by_file[concat("\u0000", [app.name, app.file])]
} else := b if {
	same := [x | some x in values.array_at(input.base, "connectedApps"); x.name == app.name]
	b := same[0]
}

# base_external_client_app(app) is the base's External Client App of the same name (the one
# with the same files when there is one, else the first of that name).
base_external_client_app(app) := b if {
	b := _base_eca_by_files[_eca_key(app)]
} else := b if {
	same := [x | some x in values.array_at(input.base, "externalClientApps"); x.name == app.name]
	b := same[0]
}

# Keyed by name and file(s): unique, so the object comprehensions cannot conflict.
_base_ca_by_file := {concat("\u0000", [x.name, x.file]): x | some x in values.array_at(input.base, "connectedApps")}

_base_eca_by_files := {_eca_key(x): x | some x in values.array_at(input.base, "externalClientApps")}

_eca_key(app) := concat("\u0000", array.concat([app.name], sort([f | some f in values.object_at(app, "files")])))

# shown(x, key) renders the value of x[key] for a message, or "absent".
shown(x, key) := values.show(x[key]) if {
	values.has_key(x, key)
} else := "absent"

# hours(n, unit) converts a lifetime to hours (units as Salesforce writes them, any case).
hours(n, unit) := n * _unit_hours[lower(unit)]

_unit_hours := {"hours": 1, "days": 24, "weeks": 168, "months": 720, "years": 8760}

# Never-expiring refresh tokens rank above every finite lifetime.
never := 1000000000000000
