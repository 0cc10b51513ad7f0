package components

import (
	"context"
	"errors"
	"testing"

	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
)

func testEnv() *common.Env {
	return &common.Env{Ctx: context.Background(), Styles: common.NewStyles(true, false), IsDark: true}
}

// submitPassword submits pw as the filled-in field does; it returns the
// command that runs the action.
func submitPassword(t *testing.T, p *PasswordPrompt, pw string) tea.Cmd {
	t.Helper()
	cmd := p.start(pw)
	if !p.running {
		t.Fatalf("enter did not start the action")
	}
	return cmd
}

// ranMsg runs the batch a submit returned and returns the action's answer.
func ranMsg(t *testing.T, cmd tea.Cmd) actionRanMsg {
	t.Helper()
	for _, c := range cmd().(tea.BatchMsg) {
		if c == nil {
			continue
		}
		if m, ok := c().(actionRanMsg); ok {
			return m
		}
	}
	t.Fatal("no answer from the action")
	return actionRanMsg{}
}

func doneMsg(t *testing.T, cmd tea.Cmd) ActionDoneMsg {
	t.Helper()
	m, ok := cmd().(ActionDoneMsg)
	if !ok {
		t.Fatalf("no ActionDoneMsg")
	}
	return m
}

// R-PWD-4: a wrong password keeps the prompt open with the reason; the
// action is tried again with the next one.
func TestPromptWrongPasswordStays(t *testing.T) {
	env := testEnv()
	tries := 0
	p := NewPasswordPrompt(env, Action{ID: "x", Run: func(_ context.Context, _ *model.Service, pw string) (Result, error) {
		tries++
		if pw != "right" {
			return Result{}, model.ErrBadCredentials
		}
		return Result{Value: 7}, nil
	}})
	m := ranMsg(t, submitPassword(t, p, "wrong"))
	p.Update(m)
	if p.err == "" || len(env.Nav.Drain()) != 0 {
		t.Fatalf("a wrong password closed the prompt (err %q)", p.err)
	}
	m = ranMsg(t, submitPassword(t, p, "right"))
	_, cmd := p.Update(m)
	ops := env.Nav.Drain()
	if len(ops) != 1 || ops[0].Kind != common.NavClose {
		t.Fatalf("a right password did not close the prompt: %v", ops)
	}
	if d := doneMsg(t, cmd); d.Err != nil || d.Result.Value != 7 || tries != 2 {
		t.Fatalf("done = %+v after %d tries", d, tries)
	}
}

// Any refusal but the password goes back to the screen that asked.
func TestPromptOtherErrorGoesToTheScreen(t *testing.T) {
	env := testEnv()
	taken := model.Errorf(model.ECONFLICT, "That email is taken.")
	p := NewPasswordPrompt(env, Action{ID: "x", Run: func(context.Context, *model.Service, string) (Result, error) {
		return Result{}, taken
	}})
	_, cmd := p.Update(ranMsg(t, submitPassword(t, p, "pw")))
	if d := doneMsg(t, cmd); !errors.Is(d.Err, taken) {
		t.Fatalf("done = %+v", d)
	}
}

// Issue 9: esc while the action runs cancels its context; an action that
// honours it reports Cancelled and the screen makes nothing.
func TestPromptEscCancelsTheRunningAction(t *testing.T) {
	env := testEnv()
	started := make(chan struct{})
	p := NewPasswordPrompt(env, Action{ID: "x", Run: func(ctx context.Context, _ *model.Service, _ string) (Result, error) {
		close(started)
		<-ctx.Done()
		return Result{}, ctx.Err()
	}})
	cmd := submitPassword(t, p, "pw")
	answer := make(chan actionRanMsg)
	go func() { answer <- ranMsg(t, cmd) }()
	<-started
	p.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	_, done := p.Update(<-answer)
	if d := doneMsg(t, done); !d.Cancelled || d.Err != nil {
		t.Fatalf("done = %+v, want cancelled", d)
	}
}

// An action that committed before the cancel reached it is reported done,
// its secret shown.
func TestPromptLateCancelStillShowsTheSecret(t *testing.T) {
	env := testEnv()
	release := make(chan struct{})
	p := NewPasswordPrompt(env, Action{ID: "x", Run: func(context.Context, *model.Service, string) (Result, error) {
		<-release
		return Result{Secret: &Secret{Title: "Key", Value: "acctl_rw_secret"}}, nil
	}})
	cmd := submitPassword(t, p, "pw")
	answer := make(chan actionRanMsg)
	go func() { answer <- ranMsg(t, cmd) }()
	p.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	close(release)
	p.Update(<-answer)
	ops := env.Nav.Drain()
	if len(ops) != 1 || ops[0].Kind != common.NavReplace {
		t.Fatalf("ops %v, want the secret panel in place of the prompt", ops)
	}
	r := ops[0].Screen.(*SecretReveal)
	if !r.done.Late || !common.HoldsSecret(r) {
		t.Fatalf("the panel does not hold a late secret: %+v", r.done)
	}
}

// SPEC §5: the panel closes only when the user says the secret is stored;
// ctrl+c asks the same question and quits only on yes.
func TestSecretPanelClosesOnlyWhenStored(t *testing.T) {
	env := testEnv()
	r := NewSecretReveal(env, Secret{Title: "Key", Value: "s3cr3t"}, ActionDoneMsg{ID: "x"})
	r.SetSize(80, 20)
	r.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if len(env.Nav.Drain()) != 0 || r.status != StoreFirst {
		t.Fatalf("esc closed the panel or said nothing (%q)", r.status)
	}
	r.Update(common.QuitAskedMsg{})
	if r.mode != secretAsking {
		t.Fatal("ctrl+c did not ask whether the secret is stored")
	}
	r.Update(tea.KeyPressMsg{Code: 'n', Text: "n"})
	if r.mode != secretShowing || !r.HoldsSecret() {
		t.Fatal("n did not keep the panel open")
	}
	r.Update(common.QuitAskedMsg{})
	_, cmd := r.Update(tea.KeyPressMsg{Code: 'y', Text: "y"})
	if _, ok := cmd().(common.QuitMsg); !ok {
		t.Fatal("y after ctrl+c did not quit")
	}
	r2 := NewSecretReveal(env, Secret{Title: "Key", Value: "s3cr3t"}, ActionDoneMsg{ID: "x"})
	r2.Update(tea.KeyPressMsg{Code: 'd', Text: "d"})
	_, cmd = r2.Update(tea.KeyPressMsg{Code: 'y', Text: "y"})
	if d, ok := cmd().(ActionDoneMsg); !ok || d.ID != "x" || r2.HoldsSecret() {
		t.Fatal("d, y did not close the panel and answer the screen")
	}
}

// R-SRV-5: without a saver (over SSH) the panel offers no save to file.
func TestSecretPanelWithoutSaverOffersNoSave(t *testing.T) {
	env := testEnv()
	r := NewSecretReveal(env, Secret{Title: "Key", Value: "s3cr3t"}, ActionDoneMsg{})
	for _, k := range r.Keys() {
		if k.Help().Key == "s" {
			t.Fatal("the panel offers save to file without a saver")
		}
	}
	r.Update(tea.KeyPressMsg{Code: 's', Text: "s"})
	if r.mode == secretSaving {
		t.Fatal("s opened the save field without a saver")
	}
	env.Saver = HomeSaver{Dir: t.TempDir()}
	found := false
	for _, k := range r.Keys() {
		found = found || k.Help().Key == "s"
	}
	if !found {
		t.Fatal("with a saver the panel does not offer save")
	}
}
