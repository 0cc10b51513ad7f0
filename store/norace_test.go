//go:build !race

package store_test

// raceDetector is set when the tests run under -race.
const raceDetector = false
