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

// ensureEmpty migrates a new file into template unless it exists.
func ensureEmpty(template string) error {
	_, err := ensureBuilt(template, func(path string) error {
		db, err := store.Open(path)
		if err != nil {
			return err
		}
		return db.Close() // the last close checkpoints: one file
	})
	return err
}
