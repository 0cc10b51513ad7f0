package iam_test

import (
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/charmbracelet/x/ansi"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

// gpgKeys lists the GPG keys the owner sees.
func (tm *team) gpgKeys(t *testing.T) []*model.GPGKey {
	t.Helper()
	list, err := tm.Svc.ListGPGKeys(tm.ctx())
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// halves is e's fingerprint as gpg --fingerprint prints it and the screens
// draw it: ten groups of four, two spaces between the halves.
func halves(e *openpgp.Entity) string {
	fp := strings.ToUpper(hex.EncodeToString(e.PrimaryKey.Fingerprint))
	var groups []string
	for i := 0; i < len(fp); i += 4 {
		groups = append(groups, fp[i:i+4])
	}
	return strings.Join(groups[:5], " ") + "  " + strings.Join(groups[5:], " ")
}

// showsPaste reports whether the form's field shows a line of an
// armoured key: the paste is kept.
func showsPaste(frame, armored string) bool {
	for _, line := range strings.Split(armored, "\n") {
		if len(line) >= 8 && strings.Contains(frame, "┃ "+line) {
			return true
		}
	}
	return false
}

// wileGPG is the owner's key: two user IDs, a year long, made a month
// before the test clock.
func wileGPG(t *testing.T) *openpgp.Entity {
	return gpgKey(t, "wile", gpgAt, 365*24*time.Hour,
		[2]string{"Wile E. Coyote", ownerEmail}, [2]string{"Wile at Work", "wile.work@acme.example"})
}

// R-SSH-4, R-PWD-4, R-PWD-6: → leads from the SSH keys to the GPG keys; a
// private key pasted by mistake is refused before the password, cleared
// and never stored; garbage and an expired key get the model's sentence
// with the paste kept; a public key is read and shown (key ID, grouped
// fingerprint, user IDs, algorithm, expiry) before the password is asked
// for; esc there goes back to the paste; a wrong password stays in the
// prompt, esc cancels it with nothing added; once added, the other
// sessions may be closed; the same key again is refused with the paste
// kept.
func TestAddGPGKey(t *testing.T) { // R-SSH-4, R-PWD-4, R-PWD-6
	tm := newTeam(t)
	elsewhere := tm.SignIn(t, ownerEmail)
	e := wileGPG(t)
	pub, private := modeltest.ArmoredGPGKey(t, e, false), modeltest.ArmoredGPGKey(t, e, true)
	expired := modeltest.ArmoredGPGKey(t, gpgKey(t, "old", gpgAt.AddDate(-2, 0, 0), 24*time.Hour, [2]string{"Old Wile", ownerEmail}), false)
	keyID := e.PrimaryKey.KeyIdString()

	c := tm.open(t, "SSH & GPG keys", 80, 24)
	c.WaitFor("SSH keys │ GPG keys →", "No SSH keys yet")
	c.Keys("right")
	c.WaitFor("← SSH keys │ GPG keys", "a add", "No GPG keys yet")
	c.Keys("a")
	c.WaitFor("Add a GPG key", "Public key")

	c.TM.Send(tea.PasteMsg{Content: private})
	c.WaitFor("END PGP PRIVATE KEY BLOCK")
	c.Keys("enter")
	screen := c.WaitWords("That is a private key: it was not stored")
	if strings.Contains(screen, "PRIVATE KEY BLOCK") || strings.Contains(screen, "Confirm with your password") {
		t.Fatalf("the refused private key is still drawn, or the password asked for:\n%s", screen)
	}
	fits(t, screen, 80, 24)
	secretLine := strings.Split(strings.TrimSpace(private), "\n")[3]
	if raw, err := os.ReadFile(tm.Path); err != nil || strings.Contains(string(raw), secretLine) {
		t.Fatalf("the private key is in the database file (%v)", err)
	}

	c.Type("not a key at all")
	c.Keys("enter")
	c.WaitWords("That is not an armoured OpenPGP public key")
	c.WaitFor("┃ not a key at all")

	c.Keys("ctrl+u")
	c.TM.Send(tea.PasteMsg{Content: expired})
	c.WaitFor("END PGP PUBLIC KEY BLOCK")
	c.Keys("enter")
	screen = c.WaitWords("That key has expired. Extend it")
	if !showsPaste(screen, expired) {
		t.Fatalf("the expired key's paste is gone:\n%s", screen)
	}
	c.Keys("esc")
	c.WaitFor("No GPG keys yet")

	c.Keys("a")
	c.TM.Send(tea.PasteMsg{Content: "\r\n  " + pub})
	c.WaitFor("END PGP PUBLIC KEY BLOCK")
	c.Keys("enter")
	screen = c.WaitWords("Add a GPG key: the key you pasted", "Key ID "+keyID, "Fingerprint "+strings.Join(strings.Fields(halves(e)), " "),
		"User IDs Wile E. Coyote <wile@acme.example> Wile at Work <wile.work@acme.example>", "Algorithm EdDSA Ed25519",
		"Expires 2027-10-23 09:00 UTC (in 334 days)", "enter add this key • esc change it")
	if !strings.Contains(screen, halves(e)) || strings.Contains(screen, "Confirm with your password") {
		t.Fatalf("the fingerprint is not in halves, or the password is asked with the key:\n%s", screen)
	}
	fits(t, screen, 80, 24)
	c.Keys("esc")
	c.WaitUntil("went back to the paste", func(frame string) bool { return showsPaste(frame, pub) })
	c.Keys("enter")
	c.WaitFor("Add a GPG key: the key you pasted")
	c.TM.Send(tea.FocusMsg{}) // a stray message does not submit the filled-in form again
	c.Keys("enter")
	waitBox(t, c, "To add the GPG key "+keyID+" (Wile E. Coyote <wile@acme.example> (+1)), type your password.")
	c.Type("not my password")
	c.Keys("enter")
	waitBox(t, c, "That password is not correct", "To add the GPG key "+keyID)
	c.Keys("esc")
	screen = c.WaitWords("Cancelled: nothing was changed")
	if !showsPaste(screen, pub) {
		t.Fatalf("the paste is gone after esc:\n%s", screen)
	}
	if keys := tm.gpgKeys(t); len(keys) != 0 {
		t.Fatalf("a cancelled prompt added %d keys", len(keys))
	}

	c.Keys("enter")
	c.WaitFor("Add a GPG key: the key you pasted")
	c.Keys("enter")
	confirm(c)
	c.WaitWords("GPG key "+keyID+" added (Wile E. Coyote <wile@acme.example> (+1)).",
		"A GPG key was added to your user. You have 1 other session open elsewhere. Close them?")
	c.Keys("y")
	confirm(c)
	c.WaitWords("1 other session closed", keyID, "Wile E. Coyote <wile@acme.example> (+1)")
	if open, _ := tm.Svc.SessionOpen(tuitest.Ctx(elsewhere)); open {
		t.Fatal("the other session is still open")
	}
	if keys := tm.gpgKeys(t); len(keys) != 1 || keys[0].KeyID != keyID || len(keys[0].UserIDs) != 2 {
		t.Fatalf("stored %+v", keys)
	}

	c.Keys("a")
	c.TM.Send(tea.PasteMsg{Content: pub})
	c.Keys("enter")
	c.WaitFor("Add a GPG key: the key you pasted")
	c.Keys("enter")
	confirm(c)
	screen = c.WaitWords("You have already added that GPG key")
	if !showsPaste(screen, pub) {
		t.Fatalf("the paste is gone after the refusal:\n%s", screen)
	}
}

// R-SSH-4, R-ACC-4: a manager sees their own GPG keys without an owner
// column, an owner every key with its owner; a key's screen has the
// fingerprint in halves, every user ID and the armoured key, which v shows
// alone from column 0 and c copies; delete asks first, and a late "no"
// does not answer the next question; a click on either name on the title
// line shows its list.
func TestGPGKeyDetailsAndDelete(t *testing.T) { // R-SSH-4, R-ACC-4
	tm := newTeam(t)
	road := tm.member(t, "road@acme.example", "Road Runner", model.RoleManager)
	roadKey := gpgKey(t, "road", gpgAt, 0, [2]string{"Road Runner", "road@acme.example"}, [2]string{"Road at Home", "beep@home.example"})
	if _, err := tm.Svc.AddGPGKey(tm.ctx(), modeltest.ArmoredGPGKey(t, wileGPG(t), false), tuitest.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.Svc.AddGPGKey(tuitest.Ctx(road), modeltest.ArmoredGPGKey(t, roadKey, false), tuitest.Password); err != nil {
		t.Fatal(err)
	}
	roadID := roadKey.PrimaryKey.KeyIdString()

	m := openAs(t, tm.Env, road, "SSH & GPG keys", 80, 24)
	m.Keys("right")
	screen := m.WaitFor(roadID, "never")
	if strings.Contains(screen, wileGPG(t).PrimaryKey.KeyIdString()) || strings.Contains(screen, "Owner") {
		t.Fatalf("a manager sees others' GPG keys or their owners:\n%s", screen)
	}

	c := tm.open(t, "SSH & GPG keys", 120, 40)
	line, y := lineWith(c.WaitFor("SSH keys │ GPG keys →"), "GPG keys →")
	c.Click(ansi.StringWidth(line[:strings.Index(line, "GPG keys")])+2, y) // on "GPG keys"
	c.WaitFor("Owner", roadID, "road@acme.example", wileGPG(t).PrimaryKey.KeyIdString())
	line, y = lineWith(c.Screen(), roadID)
	c.Click(strings.Index(line, roadID)+2, y)
	c.WaitWords(roadID+" · EdDSA Ed25519 · Road Runner <road@acme.example> (+1) · never expires", "owner Road Runner <road@acme.example>")
	c.Keys("enter")
	// The menu is drawn beside the screen from 120 columns: whole lines.
	c.WaitFor("GPG key "+roadID, "Fingerprint  "+halves(roadKey), "User IDs     Road Runner <road@acme.example>",
		"             Road at Home <beep@home.example>", "Expires      never", "Owner        Road Runner <road@acme.example>",
		"-----BEGIN PGP PUBLIC KEY BLOCK-----")
	c.Keys("v")
	screen = c.WaitUntil("showed the key alone", func(frame string) bool {
		return strings.HasPrefix(frame, "-----BEGIN PGP PUBLIC KEY BLOCK-----")
	})
	if strings.Contains(screen, "Owner") || strings.Contains(screen, "│") {
		t.Fatalf("the plain view shows more than the key:\n%s", screen)
	}
	c.Keys("esc")
	c.WaitFor("Fingerprint")
	c.Keys("c")
	c.WaitStatus("Public key copied with OSC 52")
	c.Keys("esc")

	c.WaitFor("d delete")
	c.Keys("d")
	waitBox(t, c, "Delete the GPG key "+roadID+" (EdDSA Ed25519, Road Runner <road@acme.example> (+1)) of Road Runner <road@acme.example>?")
	c.Burst("n", "d", "y")
	c.WaitFor("GPG key " + roadID + " deleted.")
	if keys := tm.gpgKeys(t); len(keys) != 1 || keys[0].KeyID == roadID {
		t.Fatalf("after deleting: %+v", keys)
	}

	line, y = lineWith(c.Screen(), "← SSH keys")
	c.Click(ansi.StringWidth(line[:strings.Index(line, "SSH keys")])+2, y) // on "SSH keys"
	c.WaitFor("SSH keys │ GPG keys →", "No SSH keys yet")
}

// At 60×16, the advertised minimum, and at 80×24 the GPG list, the add
// form's review and a key's screen fit, the fingerprint whole (SPEC §5,
// issue 9).
func TestGPGScreensFitSmallTerminals(t *testing.T) { // R-SSH-4
	tm := newTeam(t)
	e := wileGPG(t)
	if _, err := tm.Svc.AddGPGKey(tm.ctx(), modeltest.ArmoredGPGKey(t, e, false), tuitest.Password); err != nil {
		t.Fatal(err)
	}
	other := modeltest.ArmoredGPGKey(t, gpgKey(t, "other", gpgAt, 0, [2]string{"Wile E. Coyote", ownerEmail}), false)
	for _, size := range [][2]int{{60, 16}, {80, 24}} {
		w, h := size[0], size[1]
		c := tm.open(t, "SSH & GPG keys", w, h)
		c.Keys("right")
		fits(t, c.WaitWords(e.PrimaryKey.KeyIdString(), "Wile E. Coyote <wile@acme.example> (+1)"), w, h)
		c.Keys("enter")
		half := strings.Split(halves(e), "  ") // under each other when narrow
		fits(t, c.WaitFor("Fingerprint  "+half[0], half[1], "Owner"), w, h)
		screen := c.Screen()
		for i := 0; i < 8 && !strings.Contains(screen, "-----END PGP PUBLIC KEY BLOCK-----"); i++ {
			c.Keys("pgdown") // the page scrolls to the end of the armoured key
			screen = c.Settled()
			fits(t, screen, w, h)
		}
		c.WaitFor("-----END PGP PUBLIC KEY BLOCK-----")
		c.Keys("esc", "a")
		c.TM.Send(tea.PasteMsg{Content: other})
		c.Keys("enter")
		fits(t, c.WaitWords("Add a GPG key: the key you pasted", "Fingerprint", "Expires never", "enter add this key"), w, h)
	}
}
