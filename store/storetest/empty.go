package storetest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"acctl/store"
)

// Empty returns the path, in tb.TempDir(), of a fresh acctl database:
// migrated, empty, named acctl.db. It is a copy of a template migrated
// once per schema into os.TempDir()/acctl-empty-<version>-<digest>.db,
// because migrating a new file costs half a second under the race
// detector, and most tests start from an empty database.
func Empty(tb testing.TB) string {
	tb.Helper()
	template := filepath.Join(os.TempDir(), fmt.Sprintf("acctl-empty-%d-%s.db", store.SchemaVersion(), store.SchemaDigest()))
	if err := ensureEmpty(template); err != nil {
		tb.Fatalf("build %s: %v", template, err)
	}
	path := filepath.Join(tb.TempDir(), "acctl.db")
	if err := copyFile(template, path); err != nil {
		tb.Fatalf("copy %s: %v", template, err)
	}
	return path
}

// ensureEmpty migrates a new file into template unless it exists, under
// a lock and by rename, so that parallel test processes build it once and
// never copy half of one.
func ensureEmpty(template string) error {
	unlock, err := lock(template + ".lock")
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := os.Stat(template); err == nil {
		return nil
	}
	dir, err := os.MkdirTemp(filepath.Dir(template), "acctl-empty-*.tmp")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "acctl.db")
	db, err := store.Open(path)
	if err != nil {
		return err
	}
	if err := db.Close(); err != nil { // the last close checkpoints: one file
		return err
	}
	return os.Rename(path, template)
}
