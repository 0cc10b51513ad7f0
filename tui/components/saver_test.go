package components

import (
	"os"
	"path/filepath"
	"testing"

	"acctl/model"
)

// SPEC §5: a saved secret is a new file readable only by its owner; an
// existing file is never replaced; "~/" and relative paths are in Dir.
func TestHomeSaver(t *testing.T) {
	dir := t.TempDir()
	h := HomeSaver{Dir: dir}
	path, err := h.Save("key.txt", "s3cr3t")
	if err != nil || path != filepath.Join(dir, "key.txt") {
		t.Fatalf("Save = %q, %v", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", fi.Mode(), err)
	}
	if _, err := h.Save("~/key.txt", "other"); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("saving over a file: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "s3cr3t\n" {
		t.Fatalf("the file was changed: %q", b)
	}
	if _, err := h.Save("nowhere/key.txt", "x"); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("a missing folder: %v", err)
	}
}
