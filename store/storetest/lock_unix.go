//go:build unix

package storetest

import (
	"os"
	"syscall"
)

// lock takes an exclusive advisory lock on the file at path, waiting for
// other processes (parallel test binaries) that hold it.
func lock(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}
