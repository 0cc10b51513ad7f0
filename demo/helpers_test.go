package demo_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"acctl/demo"
	"acctl/model"
	"acctl/seal"
	"acctl/store"
)

// seeded is a demo database in t.TempDir(), as `acctl --demo` seeds it,
// with a service over it on a fixed clock.
type seeded struct {
	db     *store.DB
	svc    *model.Service
	sealer *seal.Sealer
	hasher *model.Hasher
	now    time.Time
}

func seedDemo(t *testing.T) *seeded {
	t.Helper()
	dir := t.TempDir()
	db, err := store.Open(filepath.Join(dir, "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	key, err := seal.LoadOrCreateKey(filepath.Join(dir, seal.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := seal.New(key)
	if err != nil {
		t.Fatal(err)
	}
	h := model.NewHasher(model.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	if err := demo.Seed(context.Background(), db, now); err != nil {
		t.Fatal(err)
	}
	if err := demo.SeedSettings(context.Background(), db, sealer, now); err != nil {
		t.Fatal(err)
	}
	svc := model.NewService(model.Config{Store: db, Hasher: h, Sealer: sealer, Clock: func() time.Time { return now }})
	return &seeded{db: db, svc: svc, sealer: sealer, hasher: h, now: now}
}
