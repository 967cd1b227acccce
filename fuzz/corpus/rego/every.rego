package p

allow if {
	every x in input.xs { x > 1 }
}
