package p

f(x) := y if { y := x * 2 }
f(x) := 0 if x < 0

r := f(3)
s := sprintf("%v-%s", [r, "a"])
