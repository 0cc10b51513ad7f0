package components

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

const (
	secretID    = "test.secret"
	tokenSecret = "acctl_tok_4f9c2d7e8b1a6035c9e2f4d8a7b6c5e1"
)

func newTestSecret(t *testing.T, secret string) (*SecretReveal, string) {
	t.Helper()
	home := t.TempDir()
	return NewSecretReveal(secretID, "Your new API token", secret, "Shown once.", "acctl-token.txt", home, testStyles()), home
}

func ctrlU() tea.KeyPressMsg { return tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl} }

// SPEC §5: save writes the secret to a new file that only its owner can
// read, and the panel stays open until the user says the secret is stored.
func TestSecretRevealSave(t *testing.T) {
	r, home := newTestSecret(t, tokenSecret)
	tm, h, _ := run(t, r, quitOnAny)
	h.waitView(t, "Your new API token", tokenSecret, "c copy • s save to file • d I have stored it")

	press(tm, runeKey('s'))
	h.waitView(t, "Save to a new file:", "enter save • esc back")
	press(tm, enterKey())
	h.waitView(t, "Saved to", "(readable only by you)")
	path := filepath.Join(home, "acctl-token.txt")

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != tokenSecret+"\n" {
		t.Errorf("file holds %q, want the secret and a newline", data)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("file mode %v, want 0600", perm)
	}
	if ev := h.Events(); len(ev) != 0 {
		t.Errorf("saving closed the panel: %v", ev)
	}
	press(tm, runeKey('d'), runeKey('y'))
	if ev := finish[*SecretReveal](t, tm).Events(); len(ev) != 1 || ev[0] != (SecretAcknowledgedMsg{ID: secretID}) {
		t.Errorf("events = %v, want [SecretAcknowledgedMsg]", ev)
	}
}

// Save never replaces a file: the existing contents stay, the message says
// so, and the typed path is kept for editing. "~/" is the home directory.
func TestSecretRevealRefusesOverwrite(t *testing.T) {
	r, home := newTestSecret(t, tokenSecret)
	existing := filepath.Join(home, "mine.txt")
	if err := os.WriteFile(existing, []byte("precious\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tm, h, _ := run(t, r, quitOnAny)
	press(tm, runeKey('s'), ctrlU())
	tm.Type("~/mine.txt")
	press(tm, enterKey())
	h.waitView(t, "already exists. Choose another name; acctl never overwrites a file.")

	if data, _ := os.ReadFile(existing); string(data) != "precious\n" {
		t.Errorf("existing file now holds %q", data)
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	got := finish[*SecretReveal](t, tm).c
	if got.mode != secretSaving || got.input.Value() != "~/mine.txt" {
		t.Errorf("mode %v, field %q: want the field open with the typed path", got.mode, got.input.Value())
	}
	if want := existing + " already exists. Choose another name; acctl never overwrites a file."; got.status != want {
		t.Errorf("status %q, want %q", got.status, want)
	}
}

// Save refuses an empty path, and esc in the field goes back to the panel.
func TestSecretRevealSaveEmptyPath(t *testing.T) {
	r, home := newTestSecret(t, tokenSecret)
	tm, h, _ := run(t, r, quitOnAny)
	press(tm, runeKey('s'), ctrlU(), enterKey())
	h.waitView(t, emptySaveTo)
	press(tm, escKey())
	h.waitView(t, "c copy • s save to file")
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("files written: %v", entries)
	}
}

// c copies with OSC 52, which reaches the terminal (and over SSH, the
// client's clipboard).
func TestSecretRevealCopy(t *testing.T) {
	r, _ := newTestSecret(t, tokenSecret)
	tm, h, rec := run(t, r, quitOnAny)
	press(tm, runeKey('c'))
	waitFor(t, rec, "\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte(tokenSecret))+"\x07")
	h.waitView(t, copiedText)
	if ev := h.Events(); len(ev) != 0 {
		t.Errorf("copying closed the panel: %v", ev)
	}
}

// SPEC §5: the panel closes only when the user says the secret is stored:
// esc explains, n goes back, d then y acknowledges.
func TestSecretRevealClosesOnlyWhenStored(t *testing.T) {
	r, _ := newTestSecret(t, tokenSecret)
	tm, h, _ := run(t, r, quitOnAny)
	press(tm, escKey())
	h.waitView(t, storeFirst)
	press(tm, runeKey('d'))
	h.waitView(t, storedAsk)
	press(tm, runeKey('n'))
	h.waitView(t, "d I have stored it")
	press(tm, runeKey('q'), escKey())
	h.waitView(t, storeFirst)
	if ev := h.Events(); len(ev) != 0 {
		t.Fatalf("closed before the user said so: %v", ev)
	}
	press(tm, enterKey(), runeKey('y'))
	if ev := finish[*SecretReveal](t, tm).Events(); len(ev) != 1 || ev[0] != (SecretAcknowledgedMsg{ID: secretID}) {
		t.Errorf("events = %v, want [SecretAcknowledgedMsg]", ev)
	}
}

// A private key taller than the area scrolls inside it, every line fits the
// width, and j shows the next line.
func TestSecretRevealScrollsLongSecret(t *testing.T) {
	var key strings.Builder
	key.WriteString("-----BEGIN OPENSSH PRIVATE KEY-----\n")
	for i := range 30 {
		key.WriteString(strings.Repeat(string(rune('A'+i%26)), 70) + "\n")
	}
	key.WriteString("-----END OPENSSH PRIVATE KEY-----")
	r, _ := newTestSecret(t, key.String())
	r.SetSize(60, 24)

	view := r.View()
	if h := lipgloss.Height(view); h > 24 {
		t.Errorf("view is %d lines high, want at most 24", h)
	}
	for _, line := range strings.Split(view, "\n") {
		if w := lipgloss.Width(line); w > 60 {
			t.Errorf("line %q is %d wide, want at most 60", line, w)
		}
	}
	if !strings.Contains(view, "BEGIN OPENSSH") || strings.Contains(view, "END OPENSSH") {
		t.Errorf("first screen should show the start of the key only:\n%s", view)
	}
	if !strings.Contains(plainWords(view), "↑/↓ scroll") {
		t.Error("no scroll keys offered for a secret that does not fit")
	}
	r, _ = r.Update(runeKey('j'))
	if strings.Contains(r.View(), "BEGIN OPENSSH") {
		t.Error("j did not scroll")
	}
	for range 100 {
		r, _ = r.Update(runeKey('j'))
	}
	if !strings.Contains(r.View(), "END OPENSSH") {
		t.Error("cannot scroll to the end of the key")
	}
}

// Title and note are cleaned (SPEC §5); the secret is drawn whole.
func TestSecretRevealCleansText(t *testing.T) {
	r := NewSecretReveal(secretID, "Token \x1b]52;c;aGk=\x07", tokenSecret, "note\x1b[2J", "t.txt", t.TempDir(), testStyles())
	view := r.View()
	if strings.Contains(view, "\x1b]52") || strings.Contains(view, "\x1b[2J") {
		t.Errorf("control sequence drawn: %q", view)
	}
	if !strings.Contains(view, tokenSecret) {
		t.Errorf("secret not drawn in one piece: %q", view)
	}
	if bytes.Contains([]byte(view), []byte("\x07")) {
		t.Error("BEL drawn")
	}
}
