package store_test

import (
	"sync"
	"testing"

	"acctl/model"
)

// R-SSH-2, R-SSH-3: one key belongs to one user in the whole store,
// decided under the write lock: of concurrent additions in different
// accounts one wins; once deleted, the key may be added again.
func TestSSHKeyUniqueInStore(t *testing.T) { // R-SSH-2
	db, _ := newDB(t)
	const n = 6
	users := make([]*model.User, n)
	for i := range users {
		_, users[i] = newAccount(t, db, uniqueEmail("u"))
	}
	key := func(u *model.User) *model.SSHKey {
		return &model.SSHKey{AccountID: u.AccountID, UserID: u.ID, Name: "laptop", Type: "ED25519",
			Fingerprint: "SHA256:same", PublicKey: "ssh-ed25519 AAAA", CreatedAt: t0}
	}
	b := newBarrier(n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.wait()
			errs[i] = db.AddSSHKey(ctx, key(u), audit("ssh_key.added"))
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case err != model.ErrSSHKeyTaken:
			t.Fatalf("unexpected error %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d accounts registered the same key, want 1", won)
	}
	k, err := db.FindSSHKeyByFingerprint(ctx, "SHA256:same")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteSSHKey(ctx, nil, k.ID, audit("ssh_key.deleted")); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.DeleteSSHKey(ctx, nil, k.ID, audit("ssh_key.deleted")), model.ENOTFOUND)
	if err := db.AddSSHKey(ctx, key(users[0]), audit("ssh_key.added")); err != nil {
		t.Fatalf("adding a deleted key again: %v", err)
	}
}
