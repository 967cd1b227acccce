package p

x := yaml.unmarshal("- a\n&w(\"c [\"a\"\u0000\u0001\u0000se\n- b\n")
