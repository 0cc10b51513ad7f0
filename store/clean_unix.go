//go:build unix

package store

import (
	"os"
	"syscall"
)

// shmDeadManSwitch is the byte of the -shm file on which SQLite's unix VFS
// holds a shared lock for as long as a connection has the file open
// (UNIX_SHM_DMS in os_unix.c: (22+8)*4 + 8).
const shmDeadManSwitch = 128

// inUseElsewhere reports whether another process has the database at path
// open: whether it holds SQLite's lock on the -shm file. It creates
// nothing, and it cannot see this process's own connections (POSIX locks
// belong to a process).
func inUseElsewhere(path string) bool {
	f, err := os.Open(path + "-shm")
	if err != nil {
		return false
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: shmDeadManSwitch, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return true // cannot tell: assume a live writer, and check nothing
	}
	return lk.Type != syscall.F_UNLCK
}
