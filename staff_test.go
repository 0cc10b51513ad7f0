package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"acctl/model"
	"acctl/store"
)

// `acctl staff add EMAIL` invites a staff member on the server's database
// and prints the code once, which accepts the invitation (SPEC §10,
// R-PWD-7).
func TestStaffAdd(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	path := filepath.Join(t.TempDir(), "acctl.db")
	var out, errb bytes.Buffer
	if code := run([]string{"--db", path, "staff", "add", "Sam@Provider.example"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	codeLine := regexp.MustCompile(`(?m)^    (\S+)$`).FindStringSubmatch(out.String())
	if codeLine == nil || !strings.Contains(out.String(), "sam@provider.example") {
		t.Fatalf("output = %q, want the invitation code on its own line", out.String())
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(model.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})})
	res, err := svc.AcceptInvitation(context.Background(), model.AcceptInvitationRequest{Secret: codeLine[1], Name: "Sam",
		Password: "velvet-otter-marble-91", Origin: model.LocalOrigin})
	if err != nil {
		t.Fatalf("the printed code does not accept the invitation: %v", err)
	}
	a, err := svc.Caller(model.WithSession(context.Background(), res.Session.Token))
	if err != nil || !a.IsStaff() || !a.MustEnable2FA {
		t.Fatalf("caller = %+v, %v", a, err)
	}
	for _, tc := range []struct {
		name string
		args []string
		code int
		says string
	}{
		{"already staff", []string{"--db", path, "staff", "add", "sam@provider.example"}, 1, "already a staff member"},
		{"not an email", []string{"--db", path, "staff", "add", "sam"}, 1, "not an email address"},
		{"no email", []string{"--db", path, "staff", "add"}, 2, "usage: acctl staff add EMAIL"},
		{"another verb", []string{"--db", path, "staff", "remove", "x@y.example"}, 2, "usage"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb); code != tc.code || !strings.Contains(errb.String(), tc.says) {
				t.Errorf("exit %d, %q; want %d saying %q", code, errb.String(), tc.code, tc.says)
			}
		})
	}
}
