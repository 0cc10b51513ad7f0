package store_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

func codeHash(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func hashes(prefix string, n int) [][]byte {
	var list [][]byte
	for i := range n {
		list = append(list, codeHash(fmt.Sprintf("%s-%d", prefix, i)))
	}
	return list
}

func audit(action string) *model.AuditEvent {
	return &model.AuditEvent{Action: action, Origin: model.LocalOrigin, At: t0}
}

func TestEnableAndDisableTwoFactor(t *testing.T) { // R-2FA-2, R-2FA-4, R-2FA-6, R-2FA-8
	db, _ := newDB(t)
	a, u := newAccount(t, db, uniqueEmail("wile"))
	st, err := db.TwoFactor(ctx, u.ID)
	if err != nil || st.UserID != u.ID || st.Secret != nil || st.Pending != nil || st.MustEnable || st.LastStep != 0 {
		t.Fatalf("state without a row = %+v, %v; want zero", st, err)
	}
	if err := db.SetMustEnableTwoFactor(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := db.SavePendingTwoFactor(ctx, u.ID, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := db.SavePendingTwoFactor(ctx, u.ID, []byte("second")); err != nil {
		t.Fatal(err)
	}
	// The code was checked against a pending secret that has since been
	// replaced: refused, nothing changes.
	err = db.EnableTwoFactor(ctx, u.ID, []byte("first"), 100, hashes("a", 10), audit("user.2fa_enabled"))
	wantCode(t, err, model.ECONFLICT)
	if got, _ := db.FindUserByID(ctx, u.ID); got.TOTPEnabled {
		t.Fatal("2FA on after a conflict")
	}
	if err := db.EnableTwoFactor(ctx, u.ID, []byte("second"), 100, hashes("a", 10), audit("user.2fa_enabled")); err != nil {
		t.Fatal(err)
	}
	st, _ = db.TwoFactor(ctx, u.ID)
	if string(st.Secret) != "second" || st.Pending != nil || st.LastStep != 100 || st.MustEnable {
		t.Fatalf("after enabling: %+v", st)
	}
	if got, _ := db.FindUserByID(ctx, u.ID); !got.TOTPEnabled {
		t.Fatal("users.totp_enabled not set")
	}
	if n, _ := db.RecoveryCodesLeft(ctx, u.ID); n != 10 {
		t.Fatalf("codes left = %d, want 10", n)
	}
	wantCode(t, db.EnableTwoFactor(ctx, u.ID, []byte("second"), 101, nil, nil), model.ECONFLICT) // no setup pending

	if err := db.DisableTwoFactor(ctx, u.ID, audit("user.2fa_disabled")); err != nil {
		t.Fatal(err)
	}
	st, _ = db.TwoFactor(ctx, u.ID)
	if st.Secret != nil || st.Pending != nil || st.LastStep != 100 || st.MustEnable {
		t.Fatalf("after disabling: %+v; want no secret, the last step kept, no newcomer mark", st)
	}
	if got, _ := db.FindUserByID(ctx, u.ID); got.TOTPEnabled {
		t.Fatal("users.totp_enabled still set")
	}
	if n, _ := db.RecoveryCodesLeft(ctx, u.ID); n != 0 {
		t.Fatalf("codes left after disabling = %d", n)
	}
	log, _ := db.ListAudit(ctx, a.ID, model.EventPage{Limit: 10})
	if len(log) != 3 || log[0].Action != "user.2fa_disabled" || log[1].Action != "user.2fa_enabled" {
		t.Fatalf("audit = %+v; want the disable, the enable (not the refused one) and the sign-up", log)
	}
	wantCode(t, db.SavePendingTwoFactor(ctx, 999999, []byte("x")), model.ENOTFOUND)
}

func TestAcceptTOTPStepOnlyForward(t *testing.T) { // R-2FA-3
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	if err := db.SavePendingTwoFactor(ctx, u.ID, []byte("s")); err != nil {
		t.Fatal(err)
	}
	if err := db.EnableTwoFactor(ctx, u.ID, []byte("s"), 10, nil, nil); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		step int64
		want bool
	}{{10, false}, {9, false}, {11, true}, {11, false}, {13, true}, {12, false}}
	for _, s := range steps {
		got, err := db.AcceptTOTPStep(ctx, u.ID, s.step)
		if err != nil || got != s.want {
			t.Fatalf("accept step %d = %v, %v; want %v", s.step, got, err, s.want)
		}
	}
}

// Two consoles, each its own connection pool as another process would have,
// race with the same code: one wins.
func TestOneStepOneWinnerAcrossProcesses(t *testing.T) { // R-2FA-3, R-STO-3
	db, path := newDB(t)
	other := openDB(t, path)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	if err := db.SetMustEnableTwoFactor(ctx, u.ID, false); err != nil {
		t.Fatal(err)
	}
	handles := []*store.DB{db, other}
	for round := int64(1); round <= 20; round++ {
		b := newBarrier(len(handles))
		results := make([]bool, len(handles))
		var wg sync.WaitGroup
		for i, h := range handles {
			wg.Add(1)
			go func() {
				defer wg.Done()
				b.wait()
				ok, err := h.AcceptTOTPStep(ctx, u.ID, round)
				if err != nil {
					t.Error(err)
				}
				results[i] = ok
			}()
		}
		wg.Wait()
		if results[0] == results[1] {
			t.Fatalf("round %d: both consoles got %v, want exactly one winner", round, results[0])
		}
	}
}

func TestRecoveryCodesSpendOnce(t *testing.T) { // R-2FA-4, R-2FA-5
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	_, v := newAccount(t, db, uniqueEmail("road"))
	if err := db.ReplaceRecoveryCodes(ctx, u.ID, hashes("old", 10), nil); err != nil {
		t.Fatal(err)
	}
	if err := db.ReplaceRecoveryCodes(ctx, v.ID, hashes("v", 10), nil); err != nil {
		t.Fatal(err)
	}
	spend := []struct {
		name   string
		user   int64
		hash   []byte
		spends bool
	}{
		{"first use", u.ID, codeHash("old-0"), true},
		{"second use", u.ID, codeHash("old-0"), false},
		{"another user's code", u.ID, codeHash("v-1"), false},
		{"unknown code", u.ID, codeHash("nope"), false},
		{"another code", u.ID, codeHash("old-1"), true},
	}
	for _, s := range spend {
		got, err := db.SpendRecoveryCode(ctx, s.user, s.hash, t0)
		if err != nil || got != s.spends {
			t.Fatalf("%s: spent = %v, %v; want %v", s.name, got, err, s.spends)
		}
	}
	if n, _ := db.RecoveryCodesLeft(ctx, u.ID); n != 8 {
		t.Fatalf("codes left = %d, want 8", n)
	}
	if err := db.ReplaceRecoveryCodes(ctx, u.ID, hashes("new", 10), nil); err != nil {
		t.Fatal(err)
	}
	if ok, _ := db.SpendRecoveryCode(ctx, u.ID, codeHash("old-2"), t0); ok {
		t.Fatal("an old code was spent after the set was replaced")
	}
	if n, _ := db.RecoveryCodesLeft(ctx, u.ID); n != 10 {
		t.Fatalf("codes left after replacing = %d, want 10", n)
	}
	if n, _ := db.RecoveryCodesLeft(ctx, v.ID); n != 10 {
		t.Fatalf("another user's codes changed: %d left", n)
	}
}

func TestEnforcementListsUsersWithout2FA(t *testing.T) { // R-2FA-7
	db, _ := newDB(t)
	a, owner := newAccount(t, db, uniqueEmail("owner"))
	m1 := newUser(t, db, a.ID, uniqueEmail("m1"), model.RoleManager, model.UserActive)
	newUser(t, db, a.ID, uniqueEmail("invited"), model.RoleManager, model.UserInvited)
	newUser(t, db, a.ID, uniqueEmail("disabled"), model.RoleManager, model.UserDisabled)
	m2 := newUser(t, db, a.ID, uniqueEmail("m2"), model.RoleManager, model.UserActive)
	if err := db.SavePendingTwoFactor(ctx, m2.ID, []byte("s")); err != nil {
		t.Fatal(err)
	}
	if err := db.EnableTwoFactor(ctx, m2.ID, []byte("s"), 1, nil, nil); err != nil {
		t.Fatal(err)
	}
	newAccount(t, db, uniqueEmail("elsewhere"))
	without, err := db.SetEnforceTwoFactor(ctx, nil, a.ID, true, audit("account.2fa_enforced"))
	if err != nil {
		t.Fatal(err)
	}
	if len(without) != 2 || without[0].ID != owner.ID || without[1].ID != m1.ID {
		t.Fatalf("users without 2FA = %v; want the owner and m1 only", without)
	}
	got, _ := db.FindAccountByID(ctx, a.ID)
	if !got.Enforce2FA {
		t.Fatal("enforce_2fa not set")
	}
	if _, err := db.SetEnforceTwoFactor(ctx, nil, a.ID, false, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindAccountByID(ctx, a.ID); got.Enforce2FA {
		t.Fatal("enforce_2fa not cleared")
	}
	_, err = db.SetEnforceTwoFactor(ctx, nil, 999999, true, nil)
	wantCode(t, err, model.ENOTFOUND)
}

func TestPendingSignInIsTakenOnce(t *testing.T) { // R-2FA-5
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	p := &model.PendingSignIn{TokenHash: codeHash("token"), UserID: u.ID, Origin: model.Origin{Remote: "203.0.113.9:4000"},
		Client: model.Client{SSHVersion: "SSH-2.0-x", Term: "xterm", OS: "linux"}, CreatedAt: t0, ExpiresAt: t0.Add(5 * time.Minute)}
	if err := db.CreatePendingSignIn(ctx, p); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindPendingSignIn(ctx, codeHash("token"))
	if err != nil || !bytes.Equal(got.TokenHash, p.TokenHash) || got.UserID != u.ID || got.Origin != p.Origin ||
		got.Client != p.Client || !got.CreatedAt.Equal(t0) || !got.ExpiresAt.Equal(p.ExpiresAt) {
		t.Fatalf("round trip = %+v, %v; want %+v", got, err, p)
	}
	_, err = db.FindPendingSignIn(ctx, codeHash("other"))
	wantCode(t, err, model.ENOTFOUND)
	if err := db.TakePendingSignIn(ctx, p.TokenHash); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.TakePendingSignIn(ctx, p.TokenHash), model.ENOTFOUND)

	// A new step sweeps the expired ones away.
	old := &model.PendingSignIn{TokenHash: codeHash("old"), UserID: u.ID, CreatedAt: t0, ExpiresAt: t0.Add(5 * time.Minute)}
	if err := db.CreatePendingSignIn(ctx, old); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(5 * time.Minute)
	if err := db.CreatePendingSignIn(ctx, &model.PendingSignIn{TokenHash: codeHash("new"), UserID: u.ID, CreatedAt: later, ExpiresAt: later.Add(5 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindPendingSignIn(ctx, old.TokenHash)
	wantCode(t, err, model.ENOTFOUND)
}

func TestTakeBackAttempt(t *testing.T) { // R-PWD-5
	lockFor := model.PasswordThrottle.Rule
	tests := []struct {
		name     string
		before   int // failures counted before the attempt taken back
		between  int // failures counted by others meanwhile
		failures int
		waits    bool
	}{
		{"nothing before", 0, 0, 0, false},
		{"three before", 3, 0, 3, false},
		{"the attempt that started the wait", 4, 0, 4, false},
		{"an attempt after the wait ran out", 5, 0, 5, false},
		{"others counted meanwhile keep their wait", 4, 1, 5, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := newDB(t)
			key := uniqueEmail("key")
			now := t0
			for range tt.before {
				if _, ok, err := db.BeginAttempt(ctx, key, now, lockFor); err != nil || !ok {
					t.Fatal(ok, err)
				}
				now = now.Add(time.Hour) // past any wait
			}
			counted, ok, err := db.BeginAttempt(ctx, key, now, lockFor)
			if err != nil || !ok {
				t.Fatal(ok, err)
			}
			for range tt.between {
				if _, _, err := db.BeginAttempt(ctx, key, now.Add(time.Hour), lockFor); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.TakeBackAttempt(ctx, key, counted); err != nil {
				t.Fatal(err)
			}
			th, _ := db.Throttle(ctx, key)
			if th.Failures != tt.failures || th.LockedUntil.After(now) != tt.waits {
				t.Fatalf("after taking back: %+v; want %d failures, waiting %v", th, tt.failures, tt.waits)
			}
		})
	}
}
