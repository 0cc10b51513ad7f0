package tui

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"acctl/model"
	"acctl/tui/common"
)

// The Phones screen and the reset flow are tested outside the shell, as
// the App will host them once they are wired (the sign-in screen and the
// Profile open them): host runs one of them, draws it with the last flash
// below, and records the message that ends a flow.

type host struct {
	update func(tea.Msg) tea.Cmd
	view   func() string
	init   tea.Cmd
	f      *frames
	flash  string
	ended  string // what ended the flow: "done …" or "cancelled"
	popped bool
}

func (h *host) Init() tea.Cmd { return h.init }

func (h *host) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if msg.String() == "ctrl+c" {
			return h, tea.Quit
		}
	case flashMsg:
		h.flash = msg.text
		return h, nil
	case popMsg:
		h.popped = true
		return h, nil
	case resetDoneMsg:
		h.ended = fmt.Sprintf("done %s session=%v challenge=%v", msg.email, msg.res.Session != nil, msg.res.Challenge != nil)
		return h, nil
	case resetCancelledMsg:
		h.ended = "cancelled"
		return h, nil
	}
	return h, h.update(msg)
}

func (h *host) View() tea.View {
	s := h.view() + "\n\nflash: " + h.flash + "\nended: " + h.ended
	h.f.set(ansi.Strip(s))
	return tea.NewView(s)
}

// startHost runs h at w×h cells, read through the console helpers.
func startHost(t *testing.T, h *host, w, hgt int) *console {
	t.Helper()
	h.f = &frames{}
	tm := teatest.NewTestModel(t, h, teatest.WithInitialTermSize(w, hgt),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))
	t.Cleanup(func() { _ = tm.Quit() })
	return &console{tm: tm, f: h.f, t: t}
}

// ctrl presses ctrl and a letter.
func (c *console) ctrl(r rune) { c.tm.Send(tea.KeyPressMsg{Code: r, Mod: tea.ModCtrl}) }

// testScreenCtx is what the shell would build for a signed-in session.
func testScreenCtx(t *testing.T, env *testEnv, sess *model.Session) *screenCtx {
	t.Helper()
	c := &screenCtx{st: common.NewStyles(true, true), isDark: true, now: env.svc.Now, b: &backend{svc: env.svc}}
	if sess != nil {
		c.b = c.b.signedIn(sess.ID)
		me, err := c.b.Me()
		if err != nil {
			t.Fatal(err)
		}
		c.me = me
	}
	return c
}

// startPhones runs the Phones screen of sess's user.
func startPhones(t *testing.T, env *testEnv, sess *model.Session) (*console, *host) {
	t.Helper()
	h := hostFor(newPhonesScreen(testScreenCtx(t, env, sess)), Screen.Update)
	return startHost(t, h, 57, 20), h // the shell's area at 80×24
}

// hosted is what a host runs: a screen, or a flow before sign-in.
type hosted interface {
	Init() tea.Cmd
	View() string
	SetSize(w, h int)
}

// hostFor hosts s, whose Update is update; window sizes go to SetSize.
func hostFor[S hosted](s S, update func(S, tea.Msg) (S, tea.Cmd)) *host {
	h := &host{init: s.Init(), view: func() string { return s.View() }}
	h.update = func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(tea.WindowSizeMsg); ok {
			s.SetSize(m.Width, m.Height)
			return nil
		}
		var cmd tea.Cmd
		s, cmd = update(s, msg)
		return cmd
	}
	return h
}

var smsOnScreenRE = regexp.MustCompile(`\b(\d{6})\b`)

// lastSMS is the code of the newest SMS to the user with email, read from
// the outbox as its owner would.
func lastSMS(t *testing.T, env *testEnv, sess *model.Session) string {
	t.Helper()
	list, err := env.svc.Outbox(model.WithSession(context.Background(), sess.ID), model.EventPage{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range list {
		if n.Kind == model.NotifySMSCode {
			if m := smsOnScreenRE.FindStringSubmatch(n.Body); m != nil {
				return m[1]
			}
		}
	}
	t.Fatal("no SMS code in the outbox")
	return ""
}

func TestPhonesAddVerifyRemove(t *testing.T) { // R-2FA-9, R-PWD-4
	env := newTestEnv(t)
	sess := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	c, _ := startPhones(t, env, sess)
	c.waitFor("Mobile numbers", "Mobile number", "Backup number", "not set", "sign-in offers SMS")

	// A bad number gets a sentence and keeps what was typed.
	c.key("a")
	c.waitFor("with its country code")
	c.typeText("07700 900123")
	c.key("enter")
	c.waitFor("Start the number with +", "07700 900123")
	for range len("07700 900123") {
		c.key("backspace")
	}
	c.typeText("+44 7700 900123")
	c.key("enter")
	c.waitFor("A code is on its way to +44 7700900123", "Code")

	// A malformed code, then a wrong one: each says what to do, the code
	// stays typed.
	c.typeText("12a456")
	c.key("enter")
	c.waitFor("only digits", "12a456")
	for range 6 {
		c.key("backspace")
	}
	code := lastSMS(t, env, sess)
	wrong := "000000"
	if code == wrong {
		wrong = "000001"
	}
	c.typeText(wrong)
	c.key("enter")
	c.waitFor("That code is not correct", wrong)
	for range 6 {
		c.key("backspace")
	}
	c.typeText(code[:3] + " " + code[3:])
	c.key("enter")
	c.waitFor("Your mobile number +44 7700900123 is verified.", "verified 2026-11-23")

	// A refusal of the model keeps the typed number too.
	c.key("down")
	c.key("a")
	c.waitFor("Backup number", "with its country code")
	c.typeText("+44 7700-900-123") // not the placeholder's spelling
	c.key("enter")
	c.waitFor("already your mobile number", "+44 7700-900-123")
	c.key("esc")
	c.waitFor("not set")
	c.key("up")

	// A verified number is removed first, with the password.
	c.key("a")
	c.waitFor("remove it first (d)")
	c.key("d")
	c.waitFor("Remove your mobile number", "type your password")
	c.typeText("not the password")
	c.key("enter")
	c.waitFor("That password is not correct")
	c.typeText(testPassword)
	c.key("enter")
	c.waitFor("Your mobile number was removed.", "not set")
	c.waitGone("+44 7700900123")
}

func TestPhonesExpiredCodeAndNewCode(t *testing.T) { // R-2FA-9
	env := newTestEnv(t)
	sess := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	c, _ := startPhones(t, env, sess)
	c.waitFor("Backup number")
	c.key("down")
	c.key("a")
	c.waitFor("Backup number", "with its country code")
	c.typeText("+49 151 1234 5678")
	c.key("enter")
	c.waitFor("A code is on its way to +49 15112345678")
	old := lastSMS(t, env, sess)
	c.ctrl('r')
	c.waitFor("An SMS code was sent", "Wait 30 seconds")
	env.clock.Advance(model.SMSCodeTTL)
	c.typeText(old)
	c.key("enter")
	c.waitFor("That code has expired; send a new one.")
	c.key("esc")
	c.waitFor("waiting for its code")
	c.key("v")
	c.waitFor("Type the code of the newest SMS sent to +49")
	c.ctrl('r')
	c.waitFor("A code is on its way")
	c.typeText(lastSMS(t, env, sess))
	c.key("enter")
	c.waitFor("Your backup number +49 15112345678 is verified.")
}

func TestPhonesScreenCleansWhatItDraws(t *testing.T) { // SPEC §5
	env := newTestEnv(t)
	sess := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	p := &model.Phone{UserID: sess.UserID, Number: "+4477\x1b]52;c;aGk=\x0700900123", CreatedAt: env.clock.Now()}
	code := &model.SMSCode{UserID: sess.UserID, Purpose: model.SMSVerify, Salt: []byte("s"), Hash: []byte("h"),
		CreatedAt: env.clock.Now(), ExpiresAt: env.clock.Now().Add(time.Minute)}
	if err := env.db.AddPhone(context.Background(), p, code, func([]time.Time) error { return nil }, nil); err != nil {
		t.Fatal(err)
	}
	c, _ := startPhones(t, env, sess)
	screen := c.waitFor("Mobile number", "waiting for its")
	if strings.Contains(screen, "\x1b]52") || strings.Contains(screen, "\x07") {
		t.Fatalf("a stored number wrote an escape sequence:\n%q", screen)
	}
}

func TestPhonesRemoveCancelKeepsTheNumber(t *testing.T) { // R-PWD-4
	env := newTestEnv(t)
	sess := env.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	ctx := model.WithSession(context.Background(), sess.ID)
	if _, err := env.svc.AddPhone(ctx, "+447700900123", false); err != nil {
		t.Fatal(err)
	}
	c, h := startPhones(t, env, sess)
	c.waitFor("+44 7700900123", "waiting for its code")
	c.key("d")
	c.waitFor("Remove your mobile number")
	c.key("esc")
	c.waitGone("Remove your mobile number")
	c.waitFor("+44 7700900123")
	if h.popped {
		t.Fatal("esc in the prompt left the screen")
	}
	if list, _ := env.svc.ListPhones(ctx); len(list) != 1 {
		t.Fatal("cancelled removal removed the number")
	}
}
