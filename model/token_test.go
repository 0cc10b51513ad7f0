package model_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"acctl/model"
)

// tokenShape is the R-TOK-1 format: prefix naming acctl and the access, 32
// base62 characters, a 6-character base62 checksum.
var tokenShape = regexp.MustCompile(`^acctl_(ro|rw)_[0-9A-Za-z]{32}[0-9A-Za-z]{6}$`)

func createToken(t *testing.T, e *env, ctx context.Context, name string, access model.TokenAccess, expiry model.TokenExpiry) (string, *model.APIToken) {
	t.Helper()
	secret, tok, err := e.svc.CreateToken(ctx, name, access, expiry, strongPassword)
	if err != nil {
		t.Fatalf("create token %q: %v", name, err)
	}
	return secret, tok
}

// refusal returns VerifyToken's reason for refusing secret, checking that
// the outward answer is the same whatever the reason.
func refusal(t *testing.T, e *env, secret string) model.TokenRefusal {
	t.Helper()
	id, err := e.svc.VerifyToken(context.Background(), secret)
	if err == nil {
		t.Fatalf("token accepted as %+v, want refused", id)
	}
	var te *model.TokenError
	if !errors.As(err, &te) {
		t.Fatalf("refusal is %v, want a *TokenError", err)
	}
	if model.ErrorCode(err) != model.EUNAUTHORIZED || model.ErrorMessage(err) != model.ErrTokenInvalid.Message {
		t.Fatalf("outward answer %q/%q differs from ErrTokenInvalid", model.ErrorCode(err), model.ErrorMessage(err))
	}
	return te.Reason
}

// R-TOK-1: the secret has the recognisable prefix, ≥160 random bits in
// base62 and a checksum; only its SHA-256 and display prefix are stored.
func TestTokenFormatAndStorage(t *testing.T) { // R-TOK-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	rw, tok := createToken(t, e, owner, "  deploy bot  ", model.TokenReadWrite, model.TokenExpiry{})
	ro, _ := createToken(t, e, owner, "metrics", model.TokenReadOnly, model.TokenExpiry{Days: 30})
	for _, s := range []string{rw, ro} {
		if !tokenShape.MatchString(s) || !model.LooksLikeToken(s) || len(s) != model.TokenLen {
			t.Fatalf("token %q does not have the R-TOK-1 shape", s)
		}
	}
	if !strings.HasPrefix(rw, "acctl_rw_") || !strings.HasPrefix(ro, "acctl_ro_") {
		t.Fatalf("prefixes do not name the access: %q, %q", rw[:9], ro[:9])
	}
	if tok.Name != "deploy bot" {
		t.Fatalf("name %q, want it trimmed", tok.Name)
	}
	if want := rw[:13]; tok.Prefix != want {
		t.Fatalf("display prefix %q, want %q", tok.Prefix, want)
	}
	stored, err := e.db.FindToken(context.Background(), tok.ID)
	if err != nil {
		t.Fatal(err)
	}
	if h := sha256.Sum256([]byte(rw)); string(stored.Hash) != string(h[:]) {
		t.Fatal("stored hash is not the SHA-256 of the whole token")
	}
	if dump := dumpTable(t, e, "api_tokens"); strings.Contains(dump, rw[13:]) || strings.Contains(dump, ro[13:]) {
		t.Fatal("the secret part of a token is in the database")
	}
	// A checksum over the prefix too: changing the access breaks it.
	if model.LooksLikeToken("acctl_ro_" + rw[9:]) {
		t.Fatal("a token with its access prefix changed still passes the checksum")
	}
}

// dumpTable returns every value of a table as text, to search for secrets.
func dumpTable(t *testing.T, e *env, table string) string {
	t.Helper()
	raw, err := readRaw(e.path, table)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func TestCreateTokenRefusals(t *testing.T) { // R-TOK-1, R-PWD-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	createToken(t, e, owner, "ci", model.TokenReadOnly, model.TokenExpiry{})
	today := e.clock.Now()
	tests := []struct {
		name   string
		token  string
		access model.TokenAccess
		expiry model.TokenExpiry
		pass   string
		code   string
	}{
		{"EmptyName", "   ", model.TokenReadOnly, model.TokenExpiry{}, strongPassword, model.EINVALID},
		{"LongName", strings.Repeat("n", model.MaxTokenNameLen+1), model.TokenReadOnly, model.TokenExpiry{}, strongPassword, model.EINVALID},
		{"ControlInName", "ci\x1b]52;c;eA==\a", model.TokenReadOnly, model.TokenExpiry{}, strongPassword, model.EINVALID},
		{"UnknownAccess", "x", "admin", model.TokenExpiry{}, strongPassword, model.EINVALID},
		{"OddDays", "x", model.TokenReadOnly, model.TokenExpiry{Days: 10}, strongPassword, model.EINVALID},
		{"BadDate", "x", model.TokenReadOnly, model.TokenExpiry{Date: "31/12/2027"}, strongPassword, model.EINVALID},
		{"PastDate", "x", model.TokenReadOnly, model.TokenExpiry{Date: today.AddDate(0, 0, -1).Format("2006-01-02")}, strongPassword, model.EINVALID},
		{"Today", "x", model.TokenReadOnly, model.TokenExpiry{Date: today.Format("2006-01-02")}, strongPassword, model.EINVALID},
		{"FarDate", "x", model.TokenReadOnly, model.TokenExpiry{Date: "9999-12-31"}, strongPassword, model.EINVALID},
		{"ErrTokenNameTaken", " ci ", model.TokenReadWrite, model.TokenExpiry{}, strongPassword, model.ECONFLICT},
		{"ErrWrongPassword", "x", model.TokenReadOnly, model.TokenExpiry{}, "not my password", model.EUNAUTHORIZED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := e.svc.CreateToken(owner, tt.token, tt.access, tt.expiry, tt.pass)
			wantCode(t, err, tt.code)
			if tt.code == model.EINVALID || tt.code == model.ECONFLICT {
				wantCode(t, e.svc.CheckNewToken(owner, tt.token, tt.access, tt.expiry), tt.code)
			}
		})
	}
	if list, _ := e.svc.ListTokens(owner); len(list) != 1 {
		t.Fatalf("%d tokens after refusals, want 1", len(list))
	}
	// A date in the future expires at its start, UTC.
	_, tok := createToken(t, e, owner, "dated", model.TokenReadOnly, model.TokenExpiry{Date: "2027-01-31"})
	if want := time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC); tok.ExpiresAt == nil || !tok.ExpiresAt.Equal(want) {
		t.Fatalf("expires %v, want %v", tok.ExpiresAt, want)
	}
}

// R-PWD-4, R-PWD-5: the confirmation is the shared one, so failures count
// towards the lockout.
func TestTokenConfirmationCountsTowardsLockout(t *testing.T) { // R-PWD-4, R-PWD-5
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, tok := createToken(t, e, owner, "ci", model.TokenReadOnly, model.TokenExpiry{})
	for range 5 {
		wantCode(t, e.svc.RevokeToken(owner, tok.ID, "wrong password"), model.EUNAUTHORIZED)
	}
	_, _, err := e.svc.CreateToken(owner, "other", model.TokenReadOnly, model.TokenExpiry{}, strongPassword)
	wantCode(t, err, model.ELOCKED)
	if got, _ := e.svc.Token(owner, tok.ID); got.RevokedAt != nil {
		t.Fatal("revoked without the password")
	}
}

// R-TOK-1, R-TOK-3, R-USR-3: verification maps a token to account, user and
// access, and refuses each kind of bad token with one outward answer.
func TestVerifyToken(t *testing.T) { // R-TOK-1, R-TOK-2, R-TOK-3
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	me, _ := e.svc.Me(owner)
	ro, roTok := createToken(t, e, owner, "reader", model.TokenReadOnly, model.TokenExpiry{})
	rw, _ := createToken(t, e, owner, "writer", model.TokenReadWrite, model.TokenExpiry{})

	id, err := e.svc.VerifyToken(context.Background(), ro)
	if err != nil {
		t.Fatal(err)
	}
	if id.AccountID != me.Account.ID || id.UserID != me.User.ID || id.TokenID != roTok.ID || id.Access != model.TokenReadOnly {
		t.Fatalf("identity %+v", id)
	}
	if id.Allows("POST") || !id.Allows("GET") {
		t.Fatal("a read-only token must allow GET only")
	}
	id, err = e.svc.VerifyToken(context.Background(), " "+rw+"\n")
	if err != nil || id.Access != model.TokenReadWrite || !id.Allows("DELETE") {
		t.Fatalf("read-write token: %+v, %v", id, err)
	}

	flipped := []byte(ro)
	flipped[20] = map[bool]byte{true: 'b', false: 'a'}[flipped[20] == 'a']
	other := newEnv(t)
	otherOwner := other.signUp(t, "Other", "Road Runner", "rr@other.example")
	foreign, _ := createToken(t, other, otherOwner, "elsewhere", model.TokenReadOnly, model.TokenExpiry{})
	tests := []struct {
		name   string
		secret string
		want   model.TokenRefusal
	}{
		{"Empty", "", model.TokenMalformed},
		{"Short", ro[:20], model.TokenMalformed},
		{"WrongPrefix", "ghp_" + ro[4:], model.TokenMalformed},
		{"NotBase62", ro[:30] + "-" + ro[31:], model.TokenMalformed},
		{"Escape", "acctl_ro_\x1b[2J" + ro[13:], model.TokenMalformed},
		{"BadChecksum", string(flipped), model.TokenBadChecksum},
		{"Unknown", foreign, model.TokenUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := refusal(t, e, tt.secret); got != tt.want {
				t.Fatalf("refused as %q, want %q", got, tt.want)
			}
		})
	}
}

// countingStore counts token lookups, to show that a bad checksum is
// refused before any database read.
type countingStore struct {
	model.Store
	lookups int
}

func (c *countingStore) FindTokenByHash(ctx context.Context, hash []byte) (*model.APIToken, error) {
	c.lookups++
	return c.Store.FindTokenByHash(ctx, hash)
}

func TestBadChecksumNeedsNoDatabaseRead(t *testing.T) { // R-TOK-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, _ := createToken(t, e, owner, "ci", model.TokenReadOnly, model.TokenExpiry{})
	cs := &countingStore{Store: e.db}
	svc := model.NewService(model.Config{Store: cs, Clock: e.clock.Now})
	broken := secret[:len(secret)-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(secret, "A")]
	if _, err := svc.VerifyToken(context.Background(), broken); err == nil {
		t.Fatal("broken checksum accepted")
	}
	if cs.lookups != 0 {
		t.Fatalf("%d database lookups for a bad checksum, want 0", cs.lookups)
	}
	if _, err := svc.VerifyToken(context.Background(), secret); err != nil || cs.lookups != 1 {
		t.Fatalf("good token: %v after %d lookups", err, cs.lookups)
	}
}

func TestRevokedRotatedExpiredAndDisabledTokensFail(t *testing.T) { // R-TOK-1, R-TOK-2, R-TOK-3, R-USR-3
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	bg := context.Background()

	revoked, revokedTok := createToken(t, e, owner, "revoked", model.TokenReadOnly, model.TokenExpiry{})
	if err := e.svc.RevokeToken(owner, revokedTok.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	if got := refusal(t, e, revoked); got != model.TokenRevoked {
		t.Fatalf("revoked token refused as %q", got)
	}
	wantCode(t, e.svc.RevokeToken(owner, revokedTok.ID, strongPassword), model.ECONFLICT)

	old, oldTok := createToken(t, e, owner, "rotated", model.TokenReadWrite, model.TokenExpiry{Days: 30})
	e.clock.Advance(24 * time.Hour)
	owner = mustSignIn(t, e, "wile@acme.example", strongPassword) // the hour is over
	fresh, freshTok, err := e.svc.RotateToken(owner, oldTok.ID, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	if got := refusal(t, e, old); got != model.TokenRevoked {
		t.Fatalf("rotated-away token refused as %q", got)
	}
	id, err := e.svc.VerifyToken(bg, fresh)
	if err != nil || id.Access != model.TokenReadWrite {
		t.Fatalf("rotated token: %+v, %v", id, err)
	}
	if freshTok.Name != "rotated" || freshTok.Access != model.TokenReadWrite || fresh == old || freshTok.Prefix == oldTok.Prefix && fresh[13:] == old[13:] {
		t.Fatalf("rotation gave %+v", freshTok)
	}
	if want := e.clock.Now().Add(30 * 24 * time.Hour); freshTok.ExpiresAt == nil || !freshTok.ExpiresAt.Equal(want) {
		t.Fatalf("rotated token expires %v, want the old lifetime from now, %v", freshTok.ExpiresAt, want)
	}

	expiring, _ := createToken(t, e, owner, "week", model.TokenReadOnly, model.TokenExpiry{Days: 7})
	e.clock.Advance(7*24*time.Hour - time.Second)
	if _, err := e.svc.VerifyToken(bg, expiring); err != nil {
		t.Fatalf("a second before expiry: %v", err)
	}
	e.clock.Advance(time.Second)
	if got := refusal(t, e, expiring); got != model.TokenExpired {
		t.Fatalf("expired token refused as %q", got)
	}
	owner = mustSignIn(t, e, "wile@acme.example", strongPassword) // the hour is over
	if list, _ := e.svc.ListTokens(owner); stateOf(list, "week", e.clock.Now()) != "expired" {
		t.Fatal("the list does not mark the expired token")
	}

	// A disabled user's token fails even if it was somehow left unrevoked.
	m, mgr := addManager(t, e, owner, "rr@acme.example")
	kept, _ := createToken(t, e, mgr, "kept", model.TokenReadOnly, model.TokenExpiry{})
	if _, err := e.db.UpdateUser(bg, m.ID, model.UserUpdate{Status: ptr(model.UserDisabled)}, nil); err != nil {
		t.Fatal(err)
	}
	if got := refusal(t, e, kept); got != model.TokenUserDisabled {
		t.Fatalf("disabled user's token refused as %q", got)
	}
}

func ptr[T any](v T) *T { return &v }

func stateOf(list []*model.APIToken, name string, now time.Time) string {
	for _, t := range list {
		if t.Name == name {
			return t.State(now)
		}
	}
	return "missing"
}

// Last use is recorded, at most once a minute.
func TestVerifyRecordsLastUse(t *testing.T) { // R-TOK-2
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	secret, tok := createToken(t, e, owner, "ci", model.TokenReadOnly, model.TokenExpiry{})
	lastUsed := func() *time.Time {
		got, err := e.svc.Token(owner, tok.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.LastUsedAt
	}
	if lastUsed() != nil {
		t.Fatal("a new token has a last use")
	}
	first := e.clock.Now()
	verify := func() {
		if _, err := e.svc.VerifyToken(context.Background(), secret); err != nil {
			t.Fatal(err)
		}
	}
	verify()
	e.clock.Advance(30 * time.Second)
	verify()
	if got := lastUsed(); got == nil || !got.Equal(first) {
		t.Fatalf("last used %v, want %v (one write a minute)", got, first)
	}
	e.clock.Advance(30 * time.Second)
	verify()
	if got := lastUsed(); got == nil || !got.Equal(e.clock.Now()) {
		t.Fatalf("last used %v, want %v", got, e.clock.Now())
	}
}

// R-TOK-2, R-ACC-4: owners see and revoke every token of the account;
// managers see and manage only their own; nobody rotates another's.
func TestTokenVisibilityByRole(t *testing.T) { // R-TOK-2, R-TOK-3, R-ACC-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, mgr := addManager(t, e, owner, "rr@acme.example")
	_, ownTok := createToken(t, e, owner, "owner key", model.TokenReadOnly, model.TokenExpiry{})
	mgrSecret, mgrTok := createToken(t, e, mgr, "manager key", model.TokenReadWrite, model.TokenExpiry{})
	outsider := e.signUp(t, "Other", "Bugs Bunny", "bugs@other.example")
	createToken(t, e, outsider, "outside", model.TokenReadOnly, model.TokenExpiry{})

	names := func(ctx context.Context) string {
		list, err := e.svc.ListTokens(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, t := range list {
			out = append(out, t.Name+"/"+t.IssuerEmail)
		}
		return strings.Join(out, ",")
	}
	if got := names(owner); got != "manager key/rr@acme.example,owner key/wile@acme.example" {
		t.Fatalf("owner sees %q", got)
	}
	if got := names(mgr); got != "manager key/rr@acme.example" {
		t.Fatalf("manager sees %q", got)
	}
	_, err := e.svc.Token(mgr, ownTok.ID)
	wantCode(t, err, model.ENOTFOUND)
	wantCode(t, e.svc.RevokeToken(mgr, ownTok.ID, strongPassword), model.ENOTFOUND)
	_, _, err = e.svc.RotateToken(mgr, ownTok.ID, strongPassword)
	wantCode(t, err, model.ENOTFOUND)
	_, _, err = e.svc.RotateToken(owner, mgrTok.ID, strongPassword)
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.svc.Token(outsider, ownTok.ID)
	wantCode(t, err, model.ENOTFOUND)

	if err := e.svc.RevokeToken(owner, mgrTok.ID, strongPassword); err != nil {
		t.Fatalf("owner revoking a manager's key: %v", err)
	}
	if got := refusal(t, e, mgrSecret); got != model.TokenRevoked {
		t.Fatalf("refused as %q", got)
	}
	// Revoked keys stay in the list for a week, then leave it.
	if got := names(mgr); got != "manager key/rr@acme.example" {
		t.Fatalf("right after revoking, manager sees %q", got)
	}
	e.clock.Advance(model.TokenRevokedShown + time.Second)
	mgr = mustSignIn(t, e, "rr@acme.example", strongPassword) // the hour is over
	if got := names(mgr); got != "" {
		t.Fatalf("a week after revoking, manager sees %q", got)
	}
}

// R-AUD-1: creating, rotating and revoking are audited, never with the secret.
func TestTokenChangesAreAudited(t *testing.T) { // R-AUD-1, R-TOK-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	s1, tok := createToken(t, e, owner, "ci", model.TokenReadOnly, model.TokenExpiry{})
	s2, rotated, err := e.svc.RotateToken(owner, tok.ID, strongPassword)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.RevokeToken(owner, rotated.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	events := auditEvents(t, e, owner, "token.")
	var actions []string
	for _, ev := range events {
		actions = append(actions, ev.Action)
		if ev.Actor != "wile@acme.example" || !strings.Contains(ev.Object, "ci") {
			t.Fatalf("audit event %+v", ev)
		}
	}
	if got := strings.Join(actions, ","); got != "token.revoked,token.rotated,token.created" {
		t.Fatalf("audit actions %q", got)
	}
	log := dumpTable(t, e, "audit_events")
	for _, s := range []string{s1, s2} {
		if strings.Contains(log, s[13:]) {
			t.Fatal("a secret is in the security log")
		}
	}
}

// auditEvents returns the security log's events whose action starts with
// prefix, newest first.
func auditEvents(t *testing.T, e *env, ctx context.Context, prefix string) []*model.AuditEvent {
	t.Helper()
	log, err := e.svc.SecurityLog(ctx, model.EventPage{Limit: model.MaxPage})
	if err != nil {
		t.Fatal(err)
	}
	var out []*model.AuditEvent
	for _, ev := range log {
		if strings.HasPrefix(ev.Action, prefix) {
			out = append(out, ev)
		}
	}
	return out
}

// R-TOK-1: the issuer is emailed a week before expiry, once per token;
// short-lived and revoked tokens are not warned about.
func TestNotifyExpiringTokens(t *testing.T) { // R-TOK-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, mgr := addManager(t, e, owner, "rr@acme.example")
	secret, _ := createToken(t, e, mgr, "monthly", model.TokenReadOnly, model.TokenExpiry{Days: 30})
	createToken(t, e, mgr, "weekly", model.TokenReadOnly, model.TokenExpiry{Days: 7})
	createToken(t, e, owner, "forever", model.TokenReadOnly, model.TokenExpiry{})
	_, gone := createToken(t, e, owner, "gone", model.TokenReadOnly, model.TokenExpiry{Days: 30})
	if err := e.svc.RevokeToken(owner, gone.ID, strongPassword); err != nil {
		t.Fatal(err)
	}
	notify := func() int {
		n, err := e.svc.NotifyExpiringTokens(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := notify(); n != 0 {
		t.Fatalf("%d warnings a month ahead", n)
	}
	e.clock.Advance(23*24*time.Hour - time.Minute)
	if n := notify(); n != 0 {
		t.Fatalf("%d warnings more than a week ahead", n)
	}
	e.clock.Advance(2 * time.Minute)
	if n := notify(); n != 1 {
		t.Fatalf("%d warnings a week ahead, want 1", n)
	}
	if n := notify(); n != 0 {
		t.Fatalf("warned again: %d", n)
	}
	mgr = mustSignIn(t, e, "rr@acme.example", strongPassword) // the hour is over
	owner = mustSignIn(t, e, "wile@acme.example", strongPassword)
	var warned []*model.Notification
	for _, n := range outbox(t, e, mgr) {
		if n.Kind == model.NotifyTokenExpiring {
			warned = append(warned, n)
		}
	}
	if len(warned) != 1 || warned[0].To != "rr@acme.example" || !strings.Contains(warned[0].Body, "monthly") {
		t.Fatalf("warnings %+v", warned)
	}
	if strings.Contains(warned[0].Subject+warned[0].Body, secret[13:]) {
		t.Fatal("the warning carries the secret")
	}
	if n := strings.Count(strings.Join(kinds(outbox(t, e, owner)), ","), model.NotifyTokenExpiring); n != 1 {
		t.Fatalf("the account's outbox holds %d warnings, want 1", n)
	}
}

// readRaw reads every row of table in the database file at path through
// its own connection and returns the values as text, one row a line.
func readRaw(path, table string) (string, error) {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return "", err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT * FROM ` + table)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		fmt.Fprintln(&b, vals...)
		for _, v := range vals {
			if bs, ok := v.([]byte); ok {
				b.Write(bs)
			}
		}
	}
	return b.String(), rows.Err()
}
