package iam

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var gpgKeyScreenKeys = struct{ Copy, Plain, Back, Scroll, Page key.Binding }{
	Copy:   key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy key")),
	Plain:  key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "plain view")),
	Back:   key.NewBinding(key.WithKeys("esc", "v"), key.WithHelp("esc", "back")),
	Scroll: key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll")),
	Page:   key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("pgup/pgdn", "page")),
}

// gpgKeyScreen shows a stored GPG key (R-SSH-4): key ID, the fingerprint
// grouped as gpg prints it, every user ID, algorithm, creation, expiry,
// when it was added and by whom, then the armoured public key; the page
// scrolls when it is taller than the screen. The public key is no secret:
// c copies it, v shows it alone to select with the mouse.
type gpgKeyScreen struct {
	env *common.Env
	k   *model.GPGKey
	vp  viewport.Model
}

func newGPGKeyScreen(env *common.Env, k *model.GPGKey) *gpgKeyScreen {
	vp := viewport.New()
	vp.SoftWrap = false
	return &gpgKeyScreen{env: env, k: k, vp: vp}
}

func (s *gpgKeyScreen) Init() tea.Cmd { return nil }
func (s *gpgKeyScreen) Title() string { return "GPG key " + s.k.KeyID }

// Keys are copy and the plain view, and the scroll keys when the page is
// taller than the screen.
func (s *gpgKeyScreen) Keys() []key.Binding {
	k := gpgKeyScreenKeys
	if s.vp.TotalLineCount() > s.vp.Height() { // first: the key may be below
		return []key.Binding{k.Scroll, k.Copy, k.Plain, k.Page}
	}
	return []key.Binding{k.Copy, k.Plain}
}

// SetSize lays the page out again for the width.
func (s *gpgKeyScreen) SetSize(w, h int) {
	s.vp.SetWidth(w)
	s.vp.SetHeight(h)
	s.vp.SetContent(s.page(w))
}

func (s *gpgKeyScreen) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case !ok:
		return s, nil
	case key.Matches(k, gpgKeyScreenKeys.Copy):
		s.env.Flash("Public key copied with OSC 52. If your terminal does not pass it through, press v and select it with the mouse.")
		return s, tea.SetClipboard(s.k.PublicKey)
	case key.Matches(k, gpgKeyScreenKeys.Plain):
		s.env.Nav.Push(newArmoredView(s.env, s.k))
		return s, nil
	}
	var cmd tea.Cmd
	s.vp, cmd = s.vp.Update(msg)
	return s, cmd
}

// page is the whole page at width w.
func (s *gpgKeyScreen) page(w int) string {
	st, k := s.env.Styles, s.k
	page := fieldsPage(st, "GPG key "+k.KeyID, w, [][2]string{
		{"Key ID", k.KeyID},
		{"Fingerprint", gpgFingerprint(k.Fingerprint, w-len("Fingerprint  "))},
		{"User IDs", strings.Join(k.UserIDs, "\n")},
		{"Algorithm", k.Algorithm},
		{"Created", k.KeyCreatedAt.UTC().Format(common.MinuteLayout) + " UTC"},
		{"Expires", gpgExpiry(k, s.env.Now())},
		{"Added", k.CreatedAt.UTC().Format(common.MinuteLayout) + " UTC"},
		{"Owner", gpgOwner(k)},
	})
	return page + "\n" + st.Muted.Render(common.Wrap("Public key, as acctl stores it (c copies it, v shows it alone to select):", max(w, 10))) +
		"\n" + armoredLines(k.PublicKey, w)
}

func (s *gpgKeyScreen) View() string { return s.vp.View() }

// armoredLines is an armoured key cleaned line by line for drawing (SPEC
// §5), each line wrapped to w.
func armoredLines(armored string, w int) string {
	lines := strings.Split(strings.TrimRight(armored, "\n"), "\n")
	for i, l := range lines {
		lines[i] = common.Wrap(common.CleanLine(strings.TrimRight(l, "\r")), max(w, 10))
	}
	return strings.Join(lines, "\n")
}

// gpgFingerprint writes a fingerprint of ten groups as gpg does, in two
// halves, "A1B2 C3D4 E5F6 A7B8 C9D0  E1F2 …", the second half under the
// first when room is less than the whole.
func gpgFingerprint(fp string, room int) string {
	groups := strings.Fields(fp)
	if len(groups) != 10 {
		return fp
	}
	gap := "  "
	if room < len(fp)+1 {
		gap = "\n"
	}
	return strings.Join(groups[:5], " ") + gap + strings.Join(groups[5:], " ")
}

// armoredView is a GPG key's armoured text alone, at column 0 of the whole
// terminal with the mouse let go, so that the terminal's own selection
// takes the key and nothing else (R-SSH-4).
type armoredView struct {
	env  *common.Env
	k    *model.GPGKey
	text *components.TextView
}

func newArmoredView(env *common.Env, k *model.GPGKey) *armoredView {
	v := &armoredView{env: env, k: k, text: components.NewTextView()}
	v.text.SetText(strings.TrimRight(k.PublicKey, "\n"))
	return v
}

func (v *armoredView) Init() tea.Cmd       { return nil }
func (v *armoredView) Title() string       { return "GPG key " + v.k.KeyID }
func (v *armoredView) Layer() common.Layer { return common.Full }
func (v *armoredView) ReleasesMouse() bool { return true }
func (v *armoredView) SetSize(w, h int)    { v.text.SetSize(w, h) }
func (v *armoredView) Keys() []key.Binding {
	return append([]key.Binding{gpgKeyScreenKeys.Back}, v.text.Keys()...)
}

func (v *armoredView) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, gpgKeyScreenKeys.Back) {
		v.env.Nav.Close(v, "")
		return v, nil
	}
	return v, v.text.Update(msg)
}

func (v *armoredView) View() string { return v.text.View() }
