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

// `acctl staff list|disable|enable` (SPEC §10): the provider sees its
// staff and ends a departing member's access from the server; an
// invitation not accepted yet is cancelled instead.
func TestStaffListDisableEnable(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	path := filepath.Join(t.TempDir(), "acctl.db")
	staff := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(append([]string{"--db", path, "staff"}, args...), &out, &errb)
		return code, out.String(), errb.String()
	}
	if code, out, _ := staff("list"); code != 0 || !strings.Contains(out, "No staff members yet") {
		t.Fatalf("list on an empty server: %d %q", code, out)
	}
	if code, _, errb := staff("add", "sam@provider.example"); code != 0 {
		t.Fatal(errb)
	}
	if code, out, _ := staff("list"); code != 0 || !regexp.MustCompile(`sam@provider\.example\s+invited`).MatchString(out) {
		t.Fatalf("list: %d %q", code, out)
	}
	if code, out, _ := staff("disable", "sam@provider.example"); code != 0 || !strings.Contains(out, "invitation: it is cancelled") {
		t.Fatalf("disable an invited member: %d %q", code, out)
	}
	_, out, _ := staff("add", "sam@provider.example")
	codeLine := regexp.MustCompile(`(?m)^    (\S+)$`).FindStringSubmatch(out)
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(model.Argon2Params{MemoryKiB: 64, Time: 1, Threads: 1})})
	res, err := svc.AcceptInvitation(context.Background(), model.AcceptInvitationRequest{Secret: codeLine[1], Name: "Sam",
		Password: "velvet-otter-marble-91", Origin: model.LocalOrigin})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errb := staff("disable", "Sam@provider.example"); code != 0 || !strings.Contains(out, "is disabled: their sessions have ended") {
		t.Fatalf("disable: %d %q %q", code, out, errb)
	}
	db, err = store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := model.NewService(model.Config{Store: db}).SessionState(model.WithSession(context.Background(), res.Session.Token))
	db.Close()
	if err != nil || st.Open {
		t.Fatalf("the staff member's session after the disable: %+v, %v", st, err)
	}
	if code, out, _ := staff("list"); code != 0 || !regexp.MustCompile(`sam@provider\.example\s+disabled\s+Sam`).MatchString(out) {
		t.Fatalf("list after the disable: %d %q", code, out)
	}
	if code, out, _ := staff("enable", "sam@provider.example"); code != 0 || !strings.Contains(out, "can sign in again") {
		t.Fatalf("enable: %d %q", code, out)
	}
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"enable", "sam@provider.example"}, 1, "is not disabled"},
		{[]string{"disable", "nobody@provider.example"}, 1, "No staff member has that email"},
		{[]string{"disable"}, 2, "usage: acctl staff add EMAIL | list | disable EMAIL | enable EMAIL"},
		{[]string{"list", "extra"}, 2, "usage"},
	} {
		if code, _, errb := staff(tc.args...); code != tc.code || !strings.Contains(errb, tc.says) {
			t.Errorf("staff %v: exit %d, %q; want %d saying %q", tc.args, code, errb, tc.code, tc.says)
		}
	}
}
