//go:build !race

package ui

// raceEnabled reports whether the race detector is on; timings are meaningless then.
const raceEnabled = false
