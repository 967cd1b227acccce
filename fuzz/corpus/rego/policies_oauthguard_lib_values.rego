# Safe accessors for the input document.
#
# The metadata reader keeps an element absent when the file does not have it and keeps
# text that is not valid for the element's type as the raw string (it is also listed under
# the app's `invalid` entries). These helpers never fail on such values: every function
# here is defined for any object, whatever it holds.
package oauthguard.lib.values

# object_at(x, key) is the object stored under key, or {} when it is absent or not an object.
object_at(x, key) := v if {
	v := x[key]
	is_object(v)
} else := {}

# array_at(x, key) is the array stored under key, or [] when it is absent or not an array.
array_at(x, key) := v if {
	v := x[key]
	is_array(v)
} else := []

# string_at(x, key) is the string stored under key, or "" when it is absent or not a string.
string_at(x, key) := v if {
	v := x[key]
	is_string(v)
} else := ""

# has_key(x, key) holds when the element is present, whatever its value (false included).
has_key(x, key) if {
	_ = x[key]
}

# bool_state(x, key) is "true", "false", "absent", or "invalid" (present but not a boolean:
# a template placeholder such as "{{PKCE_REQUIRED}}", "yes", or an empty element).
bool_state(x, key) := "true" if {
	x[key] == true
} else := "false" if {
	x[key] == false
} else := "absent" if {
	not has_key(x, key)
} else := "invalid"

# is_true(x, key) is true only when the element holds the boolean true; always defined.
is_true(x, key) := true if {
	x[key] == true
} else := false

# is_false(x, key) is true only when the element holds the boolean false; always defined.
is_false(x, key) := true if {
	x[key] == false
} else := false

# show(v) renders a raw value for a message: strings in double quotes, booleans and
# numbers as written. Never json.marshal: OPA escapes <, > and & there and the embedded
# engine must give the same bytes.
show(v) := sprintf("\"%s\"", [v]) if {
	is_string(v)
} else := "true" if {
	v == true
} else := "false" if {
	v == false
} else := sprintf("%v", [v])

# split_list(s) splits a list written in one string (newline- or comma-separated, as
# callbackUrl and commaSeparatedOauthScopes are) into trimmed, non-empty items.
split_list(s) := [item |
	some line in split(s, "\n")
	some part in split(line, ",")
	item := trim_space(part)
	item != ""
]
