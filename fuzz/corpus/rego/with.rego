package p

q := input.a
r := q with input.a as 5
