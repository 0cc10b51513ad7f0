package components_test

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"acctl/tui/common"
	"acctl/tui/components"
	"acctl/tui/tuitest"
)

func helpKeys(keys []key.Binding) string {
	var b strings.Builder
	for _, k := range keys {
		if k.Enabled() {
			b.WriteString(k.Help().Key + " " + k.Help().Desc + "; ")
		}
	}
	return b.String()
}

// The secret panel lists its keys (the footer draws them) without asking
// itself for them again: a secret short enough shows no scroll keys, one
// taller than the panel does, and its frame offers them too (SPEC §5).
func TestSecretPanelKeys(t *testing.T) {
	env := &common.Env{Styles: common.NewStyles(true, false)}
	tests := []struct {
		name   string
		value  string
		scroll bool
	}{
		{"Short", "acctl_rw_0123456789", false},
		{"Tall", strings.Repeat("line of a long private key\n", 30), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := components.NewSecretReveal(env, components.Secret{Title: "Your new key", Value: tt.value}, components.ActionDoneMsg{})
			r.SetSize(80, 21)
			keys := helpKeys(r.Keys())
			if !strings.Contains(keys, "d I have stored it") || strings.Contains(keys, "scroll") != tt.scroll {
				t.Fatalf("keys %q; want scroll keys %v", keys, tt.scroll)
			}
			if view := r.View(); strings.Contains(view, "scroll") != tt.scroll {
				t.Fatalf("the panel offers scrolling %v, want %v:\n%s", !tt.scroll, tt.scroll, view)
			}
		})
	}
}

// On the smallest terminal (60×16: 60×13 for the panel) a secret with a
// long note still fits: the note scrolls with the secret, and the panel's
// keys and position stay in view.
func TestSecretPanelFitsSmallTerminal(t *testing.T) {
	env := &common.Env{Styles: common.NewStyles(true, false), Saver: components.HomeSaver{Dir: t.TempDir()}}
	note := "Fingerprint SHA256:4JTnmlMRAMiJDevKRFNsvjbsvOow4KHYYSSSo40KHXY\nPublic key ssh-ed25519 " +
		"AAAAC3NzaC1lZDI1NTE5AAAAINOtU17zmxiNHQ9ziBJ4Nv3FnWnosRbMCi1RXCoXucZT laptop\nShown once: acctl keeps only the public key."
	r := components.NewSecretReveal(env, components.Secret{Title: "Your new private SSH key", Value: strings.Repeat("b3BlbnNzaC1rZXktdjEAAAAA\n", 8), Note: note},
		components.ActionDoneMsg{})
	r.SetSize(60, 13)
	view := ansi.Strip(r.View())
	if n := common.Lines(view); n > 13 || !strings.Contains(view, "d I have stored it") || !strings.Contains(view, "lines 1–") {
		t.Fatalf("%d lines, want at most 13 with the keys and the position:\n%s", n, view)
	}
	for range 20 {
		r.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	}
	if view := ansi.Strip(r.View()); !strings.Contains(view, "b3BlbnNzaC1rZXktdjEAAAAA") {
		t.Fatalf("the secret cannot be scrolled to:\n%s", view)
	}
}

// R-SRV-5: without a saver (over SSH) the secret panel offers no save to
// file, and s does nothing; with one it does.
func TestSecretPanelOffersNoSaveOverSSH(t *testing.T) { // R-SRV-5, SPEC §5
	env := tuitest.NewEnv(t)
	for _, saver := range []common.SecretSaver{nil, components.HomeSaver{Dir: t.TempDir()}} {
		e := &common.Env{Svc: env.Svc, Styles: common.NewStyles(true, true), IsDark: true, Now: env.Svc.Now, Saver: saver, Remote: saver == nil}
		p := components.NewSecretReveal(e, components.Secret{Title: "API key", Value: "acctl_rw_secret", File: "key.txt"}, components.ActionDoneMsg{})
		p.SetSize(80, 21)
		offers := strings.Contains(helpKeys(p.Keys()), "save to file")
		if offers != (saver != nil) {
			t.Fatalf("saver %v: offers save %v", saver, offers)
		}
		p.Update(tuitest.Key("s"))
		saving := strings.Contains(p.View(), "Save to a new file")
		if saving != (saver != nil) {
			t.Fatalf("saver %v: s opened the save field: %v", saver, saving)
		}
		if saver == nil && !strings.Contains(p.View(), "Over SSH nothing is written on the server") {
			t.Fatalf("no word on why there is no save:\n%s", p.View())
		}
	}
}
