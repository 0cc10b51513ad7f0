//go:build !unix

package storetest

// lock is a no-op where flock is missing: parallel test processes may then
// each build the template, and the last rename wins.
func lock(path string) (unlock func(), err error) {
	return func() {}, nil
}
