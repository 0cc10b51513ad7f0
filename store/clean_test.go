//go:build unix

package store

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// R-STO-2: a write-ahead log that another process holds is live, and the
// file is not read whole for it; once that process is gone without closing
// (a crash), the log left beside a big file asks for a full check.
func TestNeedsCheckAfterACrashOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "acctl.db")
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "ACCTL_STORE_CHILD=commit-then-hang", "ACCTL_STORE_PATH="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "committed\n" {
		t.Fatalf("child said %q", line)
	}
	if !inUseElsewhere(path) {
		t.Fatal("a live process holds the file, and inUseElsewhere says no")
	}
	if needsCheck(path, smallDB+1) {
		t.Fatal("a big file in use elsewhere would be read whole at open")
	}
	cmd.Process.Kill()
	cmd.Wait()
	if inUseElsewhere(path) {
		t.Fatal("the process is gone, and inUseElsewhere says the file is in use")
	}
	if !needsCheck(path, smallDB+1) {
		t.Fatal("a big file left with a write-ahead log by a crash is not checked")
	}
	if !needsCheck(path, smallDB) {
		t.Fatal("a small file is not checked at every open")
	}
}
