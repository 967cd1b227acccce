package oauthguard.tests.lib.values

import data.oauthguard.lib.values

test_bool_state_covers_every_case if {
	x := {"t": true, "f": false, "p": "{{X}}", "e": "", "n": 1}
	values.bool_state(x, "t") == "true"
	values.bool_state(x, "f") == "false"
	values.bool_state(x, "missing") == "absent"
	values.bool_state(x, "p") == "invalid"
	values.bool_state(x, "e") == "invalid"
	values.bool_state(x, "n") == "invalid"
}

test_is_true_and_is_false_are_always_defined if {
	values.is_true({"a": true}, "a") == true
	values.is_true({"a": "true"}, "a") == false
	values.is_true({}, "a") == false
	values.is_false({"a": false}, "a") == true
	values.is_false({}, "a") == false
}

test_typed_accessors_default_when_absent_or_wrong_type if {
	values.object_at({"a": "text"}, "a") == {}
	values.object_at({"a": {"b": 1}}, "a") == {"b": 1}
	values.array_at({"a": {}}, "a") == []
	values.string_at({"a": false}, "a") == ""
	values.string_at({"a": "x"}, "a") == "x"
}

test_has_key_sees_false_values if {
	values.has_key({"a": false}, "a")
	not values.has_key({"a": false}, "b")
}

test_show_quotes_strings_only if {
	values.show("{{X}}") == "\"{{X}}\""
	values.show(true) == "true"
	values.show(false) == "false"
}

test_split_list_handles_newlines_commas_and_blanks if {
	values.split_list("https://a/cb\n https://b/cb ,myapp://x\n\n") == ["https://a/cb", "https://b/cb", "myapp://x"]
	values.split_list("Api, Web, RefreshToken") == ["Api", "Web", "RefreshToken"]
	values.split_list("") == []
}
