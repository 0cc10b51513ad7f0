package components

import (
	"context"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
)

// answer runs the batch a Send returned, off the test's goroutine, and
// delivers the request's answer on the channel.
func answer(cmd tea.Cmd) <-chan tea.Msg {
	out := make(chan tea.Msg, 1)
	go func() {
		for _, c := range cmd().(tea.BatchMsg) {
			if c == nil {
				continue
			}
			go func() {
				if m, ok := c().(formAnsweredMsg); ok {
					out <- m
				}
			}()
		}
	}()
	return out
}

func namePage(name *string) *FormPage {
	p := NewFormPage(testEnv(), "Edit name", "", func() []huh.Field {
		return []huh.Field{TextInput("Name", name, nil)}
	})
	return &p
}

// issue 9: esc while a form's request runs cancels the request's context;
// a change it had not committed is not made, the page says so and keeps
// what was typed.
func TestFormPageEscCancelsTheRequest(t *testing.T) {
	name := "Wile"
	p := namePage(&name)
	saved := false
	answered := answer(p.Send("Saving…", func(ctx context.Context, _ *model.Service) error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Second):
			saved = true
			return nil
		}
	}))
	if !p.Busy() || len(p.Keys()) != 1 || p.Keys()[0].Help().Desc != "cancel" {
		t.Fatalf("busy %v, keys %v: esc cancel is not offered while the request runs", p.Busy(), p.Keys())
	}
	p.Take(nil, tea.KeyPressMsg{Code: tea.KeyEscape})
	var msg tea.Msg
	select {
	case msg = <-answered:
	case <-time.After(5 * time.Second):
		t.Fatal("esc did not cancel the request")
	}
	done := false
	p.Step(nil, msg, nil, func() tea.Cmd { done = true; return nil })
	if saved || done || p.Busy() {
		t.Fatalf("saved %v, done %v, busy %v after esc", saved, done, p.Busy())
	}
	if p.Note != FormCancelled || p.Err != "" || name != "Wile" {
		t.Fatalf("note %q, err %q, name %q", p.Note, p.Err, name)
	}
}

// A request that was done before the esc reached it is done: the screen
// goes on as after any success.
func TestFormPageLateEscIsDone(t *testing.T) {
	name := "Wile"
	p := namePage(&name)
	release := make(chan struct{})
	answered := answer(p.Send("Saving…", func(context.Context, *model.Service) error {
		<-release // committed; the cancel comes too late to matter
		return nil
	}))
	p.Take(nil, tea.KeyPressMsg{Code: tea.KeyEscape})
	close(release)
	done := false
	p.Step(nil, <-answered, nil, func() tea.Cmd { done = true; return nil })
	if !done || p.Note != "" {
		t.Fatalf("done %v, note %q", done, p.Note)
	}
}

// A refusal shows its sentence under the form, which keeps what was typed.
func TestFormPageRefusalKeepsWhatWasTyped(t *testing.T) {
	name := "Wile"
	p := namePage(&name)
	answered := answer(p.Send("Saving…", func(context.Context, *model.Service) error {
		return model.Errorf(model.EINVALID, "That name is too long.")
	}))
	p.Step(nil, <-answered, nil, nil)
	if p.Busy() || p.Err != "That name is too long." || p.Note != "" || name != "Wile" {
		t.Fatalf("busy %v, err %q, note %q, name %q", p.Busy(), p.Err, p.Note, name)
	}
}
