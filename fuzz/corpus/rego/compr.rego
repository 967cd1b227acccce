package p

xs := [x | some x in [1, 2, 3]; x > 1]
ys := {k: v | some k, v in {"a": 1}}
zs := {x | some x in numbers.range(1, 3)}
