package store_test

import (
	"sync"
	"testing"
	"time"

	"acctl/model"
	"acctl/store"
)

// sentLog lets every code through and records the send times it was
// shown.
type sentLog struct {
	mu   sync.Mutex
	seen [][]time.Time
}

func (l *sentLog) allow(sent []time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seen = append(l.seen, sent)
	return nil
}

func (l *sentLog) last() []time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.seen[len(l.seen)-1]
}

var errTooMany = model.Errorf(model.ELOCKED, "too many")

// onlyFirst refuses once any code was sent.
func onlyFirst(sent []time.Time) error {
	if len(sent) > 0 {
		return errTooMany
	}
	return nil
}

func smsCode(u *model.User, purpose model.SMSPurpose, at time.Time, hash string) *model.SMSCode {
	return &model.SMSCode{UserID: u.ID, Purpose: purpose, Salt: []byte("salt"), Hash: codeHash(hash),
		CreatedAt: at, ExpiresAt: at.Add(model.SMSCodeTTL)}
}

func addPhone(t *testing.T, db *store.DB, u *model.User, number string, backup bool, at time.Time) (*model.Phone, *model.SMSCode) {
	t.Helper()
	p := &model.Phone{UserID: u.ID, Backup: backup, Number: number, CreatedAt: at}
	c := smsCode(u, model.SMSVerify, at, number)
	if err := db.AddPhone(ctx, p, c, (&sentLog{}).allow, audit("user.phone_added")); err != nil {
		t.Fatalf("add %s: %v", number, err)
	}
	if p.ID == 0 || c.ID == 0 || c.PhoneID != p.ID {
		t.Fatalf("ids not set: phone %+v, code %+v", p, c)
	}
	return p, c
}

func TestPhoneSlotsAndAudit(t *testing.T) { // R-2FA-9, R-AUD-1
	db, _ := newDB(t)
	a, u := newAccount(t, db, uniqueEmail("wile"))
	first, _ := addPhone(t, db, u, "+447700900999", false, t0)
	second, code := addPhone(t, db, u, "+447700900123", false, t0.Add(time.Minute)) // replaces the unverified one
	addPhone(t, db, u, "+4915112345678", true, t0.Add(2*time.Minute))
	list, err := db.ListPhones(ctx, u.ID)
	if err != nil || len(list) != 2 || list[0].ID != second.ID || list[0].Number != "+447700900123" || !list[1].Backup || list[0].Verified() {
		t.Fatalf("phones = %+v, %v; want the second mobile number, then the backup", list, err)
	}
	// The replaced number's code stays for the send limit, without it.
	codes, _ := db.SMSCodes(ctx, model.SMSCodeFilter{UserID: u.ID, Purpose: model.SMSVerify, PhoneID: first.ID})
	if len(codes) != 0 {
		t.Fatalf("codes of the replaced number: %+v", codes)
	}
	log := &sentLog{}
	if err := db.AddSMSCode(ctx, smsCode(u, model.SMSVerify, t0.Add(3*time.Minute), "x"), log.allow); err != nil {
		t.Fatal(err)
	}
	if n := len(log.last()); n != 3 {
		t.Fatalf("the limit saw %d earlier codes, want 3 (one of a replaced number)", n)
	}

	if err := db.VerifyPhone(ctx, second.ID, code.ID, t0.Add(4*time.Minute), audit("user.phone_verified")); err != nil {
		t.Fatal(err)
	}
	list, _ = db.ListPhones(ctx, u.ID)
	if !list[0].Verified() || !list[0].VerifiedAt.Equal(t0.Add(4*time.Minute)) {
		t.Fatalf("after verifying: %+v", list[0])
	}
	// A verified number is not replaced; a refused add stores nothing.
	err = db.AddPhone(ctx, &model.Phone{UserID: u.ID, Number: "+447700900555", CreatedAt: t0}, smsCode(u, model.SMSVerify, t0, "y"), (&sentLog{}).allow, audit("user.phone_added"))
	wantCode(t, err, model.ECONFLICT)
	err = db.AddPhone(ctx, &model.Phone{UserID: u.ID, Backup: true, Number: "+447700900555", CreatedAt: t0}, smsCode(u, model.SMSVerify, t0, "z"), func([]time.Time) error { return errTooMany }, audit("user.phone_added"))
	if err != errTooMany {
		t.Fatalf("a refused send: %v", err)
	}
	list, _ = db.ListPhones(ctx, u.ID)
	if list[1].Number != "+4915112345678" {
		t.Fatalf("a refused add changed the backup number: %+v", list[1])
	}

	wantCode(t, db.DeletePhone(ctx, u.ID+1, second.ID, audit("user.phone_removed")), model.ENOTFOUND) // not theirs
	if err := db.DeletePhone(ctx, u.ID, second.ID, audit("user.phone_removed")); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.DeletePhone(ctx, u.ID, second.ID, audit("user.phone_removed")), model.ENOTFOUND)
	events, _ := db.ListAudit(ctx, a.ID, model.EventPage{Limit: 20})
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	want := []string{"user.phone_removed", "user.phone_verified", "user.phone_added", "user.phone_added", "user.phone_added", "account.created"}
	if len(actions) != len(want) {
		t.Fatalf("audit = %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("audit = %v, want %v", actions, want)
		}
	}
}

func TestSMSCodeIsSpentOnce(t *testing.T) { // R-2FA-9
	db, path := newDB(t)
	other := openDB(t, path)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	c := smsCode(u, model.SMSSignIn, t0, "a")
	c.PendingHash = codeHash("token")
	if err := db.AddSMSCode(ctx, c, (&sentLog{}).allow); err != nil {
		t.Fatal(err)
	}
	got, err := db.SMSCodes(ctx, model.SMSCodeFilter{UserID: u.ID, Purpose: model.SMSSignIn, PendingHash: codeHash("token"), Since: t0})
	if err != nil || len(got) != 1 || string(got[0].Hash) != string(c.Hash) || string(got[0].Salt) != "salt" || !got[0].ExpiresAt.Equal(c.ExpiresAt) {
		t.Fatalf("codes = %+v, %v", got, err)
	}
	if other, _ := db.SMSCodes(ctx, model.SMSCodeFilter{UserID: u.ID, Purpose: model.SMSSignIn, PendingHash: codeHash("another"), Since: t0}); len(other) != 0 {
		t.Fatalf("another sign-in step sees %+v", other)
	}
	// Two processes race to spend it: one wins.
	b := newBarrier(2)
	var wg sync.WaitGroup
	results := make([]bool, 2)
	for i, h := range []*store.DB{db, other} {
		wg.Go(func() {
			b.wait()
			ok, err := h.SpendSMSCode(ctx, c.ID, t0.Add(time.Minute))
			if err != nil {
				t.Error(err)
			}
			results[i] = ok
		})
	}
	wg.Wait()
	if results[0] == results[1] {
		t.Fatalf("both spends gave %v, want one winner", results[0])
	}
	got, _ = db.SMSCodes(ctx, model.SMSCodeFilter{UserID: u.ID, Purpose: model.SMSSignIn, PendingHash: codeHash("token"), Since: t0})
	if got[0].UsedAt == nil {
		t.Fatal("used_at not set")
	}

	late := smsCode(u, model.SMSSignIn, t0, "b")
	if err := db.AddSMSCode(ctx, late, (&sentLog{}).allow); err != nil {
		t.Fatal(err)
	}
	if ok, err := db.SpendSMSCode(ctx, late.ID, late.ExpiresAt); ok || err != nil {
		t.Fatalf("spend at its expiry = %v, %v; want false", ok, err)
	}
}

func TestVerifyPhoneSpendsTheCode(t *testing.T) { // R-2FA-9
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	p, c := addPhone(t, db, u, "+447700900123", false, t0)
	wantCode(t, db.VerifyPhone(ctx, p.ID, c.ID, c.ExpiresAt, audit("user.phone_verified")), model.ECONFLICT) // expired
	if err := db.VerifyPhone(ctx, p.ID, c.ID, t0.Add(time.Minute), audit("user.phone_verified")); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.VerifyPhone(ctx, p.ID, c.ID, t0.Add(time.Minute), audit("user.phone_verified")), model.ECONFLICT) // spent
}

// The send limit is decided in the write transaction: of many concurrent
// sends from two processes, which a gate lets through only while nothing
// was sent, exactly one is stored.
func TestSendLimitIsAtomic(t *testing.T) { // R-2FA-9, R-PWD-3, R-STO-3
	db, path := newDB(t)
	other := openDB(t, path)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	handles := []*store.DB{db, other, db, other, db, other}
	b := newBarrier(len(handles))
	var wg sync.WaitGroup
	var mu sync.Mutex
	stored, requested := 0, 0
	for i, h := range handles {
		wg.Go(func() {
			b.wait()
			err := h.AddSMSCode(ctx, smsCode(u, model.SMSVerify, t0, "c"), onlyFirst)
			err2 := h.RequestPasswordReset(ctx, resetRequest("x@example.com", 0, "x", t0.Add(time.Duration(i))), onlyFirst)
			mu.Lock()
			defer mu.Unlock()
			if err == nil {
				stored++
			} else if err != errTooMany {
				t.Error(err)
			}
			if err2 == nil {
				requested++
			} else if err2 != errTooMany {
				t.Error(err2)
			}
		})
	}
	wg.Wait()
	if stored != 1 || requested != 1 {
		t.Fatalf("%d codes stored and %d requests counted, want 1 and 1", stored, requested)
	}
}

func TestOldCodesAndRequestsLeaveTheWindow(t *testing.T) { // R-2FA-9, R-PWD-3
	db, _ := newDB(t)
	_, u := newAccount(t, db, uniqueEmail("wile"))
	log := &sentLog{}
	for _, at := range []time.Time{t0, t0.Add(time.Minute), t0.Add(model.SendWindow)} {
		if err := db.AddSMSCode(ctx, smsCode(u, model.SMSVerify, at, "d"), log.allow); err != nil {
			t.Fatal(err)
		}
		if err := db.RequestPasswordReset(ctx, resetRequest("wile@example.com", 0, "w", at), log.allow); err != nil {
			t.Fatal(err)
		}
		if err := db.RequestPasswordReset(ctx, resetRequest("other@example.com", 0, "o", at), (&sentLog{}).allow); err != nil {
			t.Fatal(err)
		}
	}
	// The third of each, an hour after the first, saw only the second.
	for i := 4; i < 6; i++ {
		if seen := log.seen[i]; len(seen) != 1 || !seen[0].Equal(t0.Add(time.Minute)) {
			t.Fatalf("call %d saw %v, want only the code of t0+1m", i, seen)
		}
	}
}

// resetRequest is a request for email whose code hashes hash, for user
// userID (0: none).
func resetRequest(email string, userID int64, hash string, at time.Time) *model.ResetRequest {
	return &model.ResetRequest{Email: email, At: at, Code: &model.ResetCode{Email: email, UserID: userID, Hash: codeHash(hash),
		SealedCode: []byte("sealed " + hash), Origin: model.Origin{Remote: "198.51.100.4:2200"}, CreatedAt: at, ExpiresAt: at.Add(model.ResetCodeTTL)}}
}

func TestResetPasswordStore(t *testing.T) { // R-PWD-3, R-AUD-1
	db, _ := newDB(t)
	a, u := newAccount(t, db, uniqueEmail("wile"))
	newSession(t, db, u, "s1", t0)
	newSession(t, db, u, "s2", t0)
	if err := db.CreatePendingSignIn(ctx, &model.PendingSignIn{TokenHash: codeHash("pending"), UserID: u.ID, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	_, err := db.FindResetCode(ctx, u.Email)
	wantCode(t, err, model.ENOTFOUND)
	request := func(hash string, at time.Time) {
		t.Helper()
		if err := db.RequestPasswordReset(ctx, resetRequest(u.Email, u.ID, hash, at), (&sentLog{}).allow); err != nil {
			t.Fatal(err)
		}
	}
	request("first", t0)
	first, _ := db.FindResetCode(ctx, u.Email)
	request("second", t0.Add(time.Minute))
	rc, err := db.FindResetCode(ctx, u.Email)
	if err != nil || string(rc.Hash) != string(codeHash("second")) || !rc.ExpiresAt.Equal(t0.Add(time.Minute+model.ResetCodeTTL)) ||
		rc.UsedAt != nil || rc.UserID != u.ID || string(rc.SealedCode) != "sealed second" || rc.Origin.Remote != "198.51.100.4:2200" {
		t.Fatalf("reset code = %+v, %v; want the second", rc, err)
	}
	// Its email is queued once, and not for a code replaced meanwhile.
	n := &model.Notification{AccountID: a.ID, UserID: u.ID, Channel: model.ChannelEmail, To: u.Email, Kind: model.NotifyPasswordReset, Body: "code", CarriesCode: true}
	if done, err := db.QueueResetEmail(ctx, first, n, audit("user.password_reset_requested")); err != nil || done || n.ID != 0 {
		t.Fatalf("queue the replaced code's email: %v, %v", done, err)
	}
	if pending, _ := db.PendingResetCodes(ctx, 10); len(pending) != 1 || string(pending[0].Hash) != string(codeHash("second")) {
		t.Fatalf("pending = %+v, want the second code", pending)
	}
	if done, err := db.QueueResetEmail(ctx, rc, n, audit("user.password_reset_requested")); err != nil || !done || n.ID == 0 {
		t.Fatalf("queue its email: %v, %v", done, err)
	}
	if done, _ := db.QueueResetEmail(ctx, rc, &model.Notification{}, nil); done {
		t.Fatal("the email was queued twice")
	}
	if pending, _ := db.PendingResetCodes(ctx, 10); len(pending) != 0 {
		t.Fatalf("pending after queueing = %+v", pending)
	}
	at := t0.Add(2 * time.Minute)
	stale := *rc
	stale.Hash = codeHash("first")
	wantCode(t, db.ResetPassword(ctx, &stale, "$argon2id$new", at, audit("user.password_reset")), model.ECONFLICT)
	wantCode(t, db.ResetPassword(ctx, rc, "$argon2id$new", rc.ExpiresAt, audit("user.password_reset")), model.ECONFLICT)
	if got, _ := db.FindUserByID(ctx, u.ID); got.PasswordHash != u.PasswordHash || openIDs(t, db, u.ID) != "[s2 s1]" && openIDs(t, db, u.ID) != "[s1 s2]" {
		t.Fatalf("a refused reset changed the user or the sessions: %s", openIDs(t, db, u.ID))
	}
	if err := db.ResetPassword(ctx, rc, "$argon2id$new", at, audit("user.password_reset")); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.FindUserByID(ctx, u.ID); got.PasswordHash != "$argon2id$new" {
		t.Fatal("password not set")
	}
	if ids := openIDs(t, db, u.ID); ids != "[]" {
		t.Fatalf("open sessions after the reset: %s", ids)
	}
	_, err = db.FindPendingSignIn(ctx, codeHash("pending"))
	wantCode(t, err, model.ENOTFOUND)
	wantCode(t, db.ResetPassword(ctx, rc, "$argon2id$again", at, audit("user.password_reset")), model.ECONFLICT)
	if rc, _ := db.FindResetCode(ctx, u.Email); rc.UsedAt == nil || !rc.UsedAt.Equal(at) {
		t.Fatalf("used_at = %v, want %v", rc.UsedAt, at)
	}
	log, _ := db.ListAudit(ctx, a.ID, model.EventPage{Limit: 10})
	if len(log) != 3 || log[0].Action != "user.password_reset" {
		t.Fatalf("audit = %d events, newest %q; want the reset, the request and the sign-up", len(log), log[0].Action)
	}
	// An address without a user gets a code like any other, which resets
	// nobody and is forgotten once it expires.
	if err := db.RequestPasswordReset(ctx, resetRequest("nobody@example.com", 0, "nobody", at), (&sentLog{}).allow); err != nil {
		t.Fatal(err)
	}
	nobody, err := db.FindResetCode(ctx, "nobody@example.com")
	if err != nil || nobody.UserID != 0 {
		t.Fatalf("the unknown address's code: %+v, %v", nobody, err)
	}
	if err := db.RequestPasswordReset(ctx, resetRequest("later@example.com", 0, "later", nobody.ExpiresAt), (&sentLog{}).allow); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindResetCode(ctx, "nobody@example.com")
	wantCode(t, err, model.ENOTFOUND)
}
