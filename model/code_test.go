package model_test

import (
	"context"
	"strconv"
	"testing"

	"acctl/model"
	"acctl/model/modeltest"
)

// breaks are what a paste can put inside a code and Go's base32 decoder
// would skip: each makes the code malformed, refused before anything is
// counted (R-PWD-5), never a failed attempt.
var breaks = []string{"\r\n", "\n", "\r", "\t", "\v", "\f", "\u2028", "\u0085", "\u200b"}

// breakInside puts brk in the middle of code.
func breakInside(code, brk string) string {
	half := len(code) / 2
	return code[:half] + brk + code[half:]
}

// R-PWD-5, issue 10 defect 8: a code with a line break or other whitespace
// inside is malformed (EINVALID) at every code prompt, and counts nothing.
func TestCodesWithWhitespaceInsideAreMalformed(t *testing.T) {
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	_, recovery := e.enable2FA(t, owner)
	reset := e.requestReset(t, "wile@acme.example")
	if _, _, err := e.svc.InviteUser(owner, "road@acme.example", model.RoleManager, strongPassword); err != nil {
		t.Fatal(err)
	}
	invitation := modeltest.InvitationCode(t, e.db, e.sealer, "road@acme.example")
	token := e.challenge(t, "wile@acme.example")
	before := throttle(t, e, "wile@acme.example")
	for _, brk := range breaks {
		for name, try := range map[string]func() error{
			"recovery code at sign-in": func() error {
				_, err := e.svc.CompleteSignIn(context.Background(), token, breakInside(recovery[0], brk))
				return err
			},
			"app code at sign-in": func() error {
				_, err := e.svc.CompleteSignIn(context.Background(), token, "123"+brk+"456")
				return err
			},
			"reset code": func() error {
				_, err := e.reset("wile@acme.example", breakInside(reset, brk), newPassword)
				return err
			},
			"invitation code": func() error {
				_, err := e.svc.AcceptInvitation(context.Background(), model.AcceptInvitationRequest{Secret: breakInside(invitation, brk), Name: "Road Runner", Password: newPassword})
				return err
			},
			"sms code": func() error {
				_, err := e.svc.VerifyPhone(owner, false, "123"+brk+"456")
				return err
			},
		} {
			t.Run(name+" "+strconv.Quote(brk), func(t *testing.T) {
				wantCode(t, try(), model.EINVALID)
			})
		}
	}
	if after := throttle(t, e, "wile@acme.example"); after != before {
		t.Fatalf("malformed codes were counted: %+v, then %+v", before, after)
	}
	if _, err := e.svc.CompleteSignIn(context.Background(), token, " "+recovery[0]+"\n"); err != nil {
		t.Fatalf("a code with a line break at its end only: %v", err)
	}
}
