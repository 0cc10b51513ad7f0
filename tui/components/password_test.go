package components

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
)

// verifier is a scripted verify func: it records every password it is
// given and answers with the next of its errors, or, for a password in
// held, with what the test sends on that channel.
type verifier struct {
	mu      sync.Mutex
	answers []error
	held    map[string]chan error
	got     []string
}

func (v *verifier) verify(password string) error {
	v.mu.Lock()
	v.got = append(v.got, password)
	hold := v.held[password]
	var err error
	if len(v.answers) > 0 {
		err, v.answers = v.answers[0], v.answers[1:]
	}
	v.mu.Unlock()
	if hold != nil {
		return <-hold
	}
	return err
}

func (v *verifier) calls() []string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]string(nil), v.got...)
}

const promptID = "test.prompt"

func newTestPrompt(v *verifier) *PasswordPrompt {
	return NewPasswordPrompt(promptID, "Confirm with your password", "To create an API token, type your password.", v.verify, testStyles())
}

func quitOnConfirmed(msg tea.Msg) bool {
	_, ok := msg.(PasswordConfirmedMsg)
	return ok
}

// R-PWD-4 / R-PWD-5: a wrong password keeps the modal open with the reason,
// clears the field, and a second try with the right password confirms.
// verify gets exactly what was typed, and the password is never drawn.
func TestPasswordPromptWrongThenRight(t *testing.T) {
	const wrong, right = "Tr0mbone staple 7", "Zoë correct horse battery"
	v := &verifier{answers: []error{model.ErrWrongPassword, nil}}
	tm, h, rec := run(t, newTestPrompt(v), quitOnConfirmed)

	h.waitView(t, "Confirm with your password", "To create an API token", "enter confirm • esc cancel")
	tm.Type(wrong)
	press(tm, enterKey())
	h.waitView(t, model.ErrWrongPassword.Message)
	if ev := h.Events(); len(ev) != 1 { // only the check's answer, no result message
		t.Fatalf("a wrong password emitted %v", ev)
	}

	tm.Type(right)
	press(tm, enterKey())
	got := finish[*PasswordPrompt](t, tm)

	if calls := v.calls(); len(calls) != 2 || calls[0] != wrong || calls[1] != right {
		t.Errorf("verify got %q, want [%q %q] (the field must be cleared after a wrong try)", calls, wrong, right)
	}
	if ev := got.Events(); len(ev) == 0 || ev[len(ev)-1] != (PasswordConfirmedMsg{ID: promptID}) {
		t.Errorf("events = %v, want PasswordConfirmedMsg last", ev)
	}
	out := rec.All()
	for _, pw := range []string{wrong, right, "Tr0mb", "Zoë c"} {
		if bytes.Contains(out, []byte(pw)) {
			t.Errorf("the password %q was drawn", pw)
		}
	}
	if !bytes.Contains(out, []byte("***")) {
		t.Error("the hidden field shows no mask: is the field drawn at all?")
	}
}

// R-PWD-5: the wait after repeated failures keeps the modal open too, and
// the message is cleaned before it is drawn.
func TestPasswordPromptKeepsOpen(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want string
	}{
		{"WrongPassword", model.ErrWrongPassword, model.ErrWrongPassword.Message},
		{"WrappedWrongPassword", fmt.Errorf("confirm: %w", model.ErrWrongPassword), model.ErrWrongPassword.Message},
		{"Locked", model.Errorf(model.ELOCKED, "Too many attempts. Wait 2 minutes, then try again."), "Too many attempts. Wait 2 minutes, then try again."},
		{"HostileMessage", model.Errorf(model.EUNAUTHORIZED, "bad\x1b]0;pwned\x07 try again"), `bad\x1b]0;pwned\x07 try again`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := &verifier{answers: []error{tc.err}}
			tm, h, rec := run(t, newTestPrompt(v), quitOnAny)
			tm.Type("secret-one")
			press(tm, enterKey())
			h.waitView(t, tc.want)
			press(tm, escKey())
			got := finish[*PasswordPrompt](t, tm)
			ev := got.Events()
			if len(ev) != 2 || ev[1] != (PasswordCancelledMsg{ID: promptID}) {
				t.Errorf("events = %v, want the check's answer then PasswordCancelledMsg", ev)
			}
			if bytes.Contains(rec.All(), []byte("\x1b]0;pwned")) {
				t.Error("an escape sequence from the error message reached the terminal")
			}
		})
	}
}

// An error that is not about the password (here R-ACC-2's taken email, and
// an ended session) goes to the screen as PasswordFailedMsg.
func TestPasswordPromptFails(t *testing.T) {
	cases := []struct {
		name string
		err  error
	}{
		{"EmailTaken", model.ErrEmailTaken},
		{"SessionEnded", model.ErrSessionEnded},
		{"Internal", errors.New("disk on fire")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := &verifier{answers: []error{tc.err}}
			tm, _, _ := run(t, newTestPrompt(v), quitOnAny)
			tm.Type("pw")
			press(tm, enterKey())
			got := finish[*PasswordPrompt](t, tm)
			ev := got.Events()
			if len(ev) != 2 {
				t.Fatalf("events = %v, want the check's answer then PasswordFailedMsg", ev)
			}
			failed, ok := ev[1].(PasswordFailedMsg)
			if !ok || failed.ID != promptID || !errors.Is(failed.Err, tc.err) {
				t.Errorf("got %#v, want PasswordFailedMsg{ID: %q, Err: %v}", ev[1], promptID, tc.err)
			}
		})
	}
}

// esc cancels; enter on an empty field asks for the password without
// calling verify.
func TestPasswordPromptEmptyThenCancel(t *testing.T) {
	v := &verifier{}
	tm, h, _ := run(t, newTestPrompt(v), quitOnAny)
	press(tm, enterKey())
	h.waitView(t, "Enter your password.")
	press(tm, escKey())
	got := finish[*PasswordPrompt](t, tm)
	if ev := got.Events(); len(ev) != 1 || ev[0] != (PasswordCancelledMsg{ID: promptID}) {
		t.Errorf("events = %v, want [PasswordCancelledMsg]", ev)
	}
	if calls := v.calls(); len(calls) != 0 {
		t.Errorf("verify called with %q on an empty field", calls)
	}
}

// While a check runs keys are ignored; esc cancels it, and its answer,
// arriving during the next check, confirms nothing.
func TestPasswordPromptIgnoresStaleCheck(t *testing.T) {
	first, second := make(chan error), make(chan error)
	v := &verifier{held: map[string]chan error{"first": first, "second": second}}
	tm, h, _ := run(t, newTestPrompt(v), quitOnConfirmed)
	tm.Type("first")
	press(tm, enterKey())
	h.waitView(t, "Checking your password")
	tm.Type("typed while checking")
	press(tm, enterKey(), escKey())
	h.waitView(t, "Password", "enter confirm")

	tm.Type("second")
	press(tm, enterKey())
	h.waitView(t, "Checking your password")
	first <- nil // the cancelled check answers yes: it must not confirm
	waitEvents(t, h, 2)
	h.waitView(t, "Checking your password")
	second <- nil
	got := finish[*PasswordPrompt](t, tm)

	want := []tea.Msg{
		PasswordCancelledMsg{ID: promptID},
		passwordCheckedMsg{id: promptID, run: 1},
		passwordCheckedMsg{id: promptID, run: 3},
		PasswordConfirmedMsg{ID: promptID},
	}
	if ev := got.Events(); fmt.Sprint(ev) != fmt.Sprint(want) {
		t.Errorf("events = %v, want %v", ev, want)
	}
	if calls := v.calls(); strings.Join(calls, "|") != "first|second" {
		t.Errorf("verify got %q, want [first second]", calls)
	}
}

// waitEvents waits until the harness has recorded n messages.
func waitEvents[T component[T]](t *testing.T, h *harness[T], n int) {
	t.Helper()
	h.waitUntil(t, func() bool { return len(h.Events()) >= n })
}
