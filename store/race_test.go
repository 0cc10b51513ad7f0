//go:build race

package store_test

// raceDetector is set when the tests run under -race, which makes every
// SQLite statement (transpiled C, instrumented too) many times slower.
const raceDetector = true
