package components

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/tui/common"
)

// Secret is a secret shown once: an API key, a private key, recovery codes,
// an invitation or reset code to hand over.
type Secret struct {
	Title string
	Value string
	// Note says what the secret is for and that it will not be shown again.
	Note string
	// File is the file name the save field suggests.
	File string
	// Several says the secret is more than one (recovery codes): the
	// panel calls it "them", not "it".
	Several bool
}

// Texts the panel shows; tests look for them.
const (
	CopiedText   = "Copied with OSC 52. If your terminal does not pass it through, press v and select it with the mouse."
	StoreFirst   = "Store the secret first, then press d."
	StoredAsk    = "Have you stored it somewhere safe? You will not see it again. y/n"
	storedAskAll = "Have you stored them somewhere safe? You will not see them again. y/n"
	emptySaveTo  = "Type the path of a new file to save the secret to."
	PlainViewTip = "The secret alone, to select with the mouse and copy. Press v to go back."
)

// secretSavedMsg carries the result of writing the secret to a file.
type secretSavedMsg struct {
	panel *SecretReveal
	path  string
	err   error
}

type secretMode int

const (
	secretShowing secretMode = iota
	secretSaving
	secretAsking
	secretPlain
)

var secretKeys = struct {
	Copy, Save, Plain, Stored  key.Binding
	Up, Down, PageUp, PageDown key.Binding
	Leave, Write, Back         key.Binding
	Yes, No                    key.Binding
}{
	Copy:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy")),
	Save:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save to file")),
	Plain:    key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "plain view")),
	Stored:   key.NewBinding(key.WithKeys("enter", "d"), key.WithHelp("d", "I have stored it")),
	Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "scroll")),
	Down:     key.NewBinding(key.WithKeys("down", "j")),
	PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "page")),
	PageDown: key.NewBinding(key.WithKeys("pgdown", "space")),
	Leave:    key.NewBinding(key.WithKeys("esc")),
	Write:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
	Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	Yes:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, close")),
	No:       key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "no, keep it open")),
}

// SecretReveal shows a secret the one time it exists in clear (SPEC §5). It
// offers copy to the clipboard by OSC 52, which works over SSH, a plain
// view to select with the mouse, and, where the console may write files
// (not over SSH, R-SRV-5), save to a new 0600 file. It closes only when the
// user says the secret is stored, ctrl+c included; then the screen that
// asked hears done.
type SecretReveal struct {
	env    *common.Env
	secret Secret
	done   ActionDoneMsg

	mode      secretMode
	quitAfter bool // the question was asked by ctrl+c
	input     textinput.Model
	writing   bool
	status    string
	statusSt  lipgloss.Style
	offset    int
	width     int
	height    int
	closed    bool
}

// NewSecretReveal builds the panel; done goes to the screen that asked once
// the user has stored the secret.
func NewSecretReveal(env *common.Env, s Secret, done ActionDoneMsg) *SecretReveal {
	s.Title, s.Note, s.File = common.CleanLine(s.Title), common.Clean(s.Note), common.CleanLine(s.File)
	return &SecretReveal{env: env, secret: s, done: done}
}

// ShowSecret opens the panel for a secret the screen already has.
func ShowSecret(env *common.Env, s Secret, done ActionDoneMsg) tea.Cmd {
	r := NewSecretReveal(env, s, done)
	env.Nav.Push(r)
	return r.Init()
}

func (r *SecretReveal) Init() tea.Cmd     { return nil }
func (r *SecretReveal) Title() string     { return r.secret.Title }
func (r *SecretReveal) HoldsSecret() bool { return !r.closed }
func (r *SecretReveal) Capturing() bool   { return true }
func (r *SecretReveal) SetSize(w, h int) {
	r.width, r.height = w, h
	r.input.SetWidth(max(r.innerWidth()-3, 1))
}

// Layer is Full in the plain view, so that the secret stands alone on its
// lines at column 0 and nothing else is selected with it.
func (r *SecretReveal) Layer() common.Layer {
	if r.mode == secretPlain {
		return common.Full
	}
	return common.Framed
}

// ReleasesMouse is true in the plain view: the terminal's own selection
// works only while the program does not take the mouse.
func (r *SecretReveal) ReleasesMouse() bool { return r.mode == secretPlain }

// Keys are the bindings that work in the panel's current state; the scroll
// keys only when the secret is taller than the panel.
func (r *SecretReveal) Keys() []key.Binding {
	keys := r.modeKeys()
	if r.mode != secretShowing {
		return keys
	}
	// Whether the secret scrolls is worked out with the keys but the
	// scroll keys, which are added only then (their help line drawn in
	// the tail would otherwise ask for itself).
	if lines, rows, _, _ := r.layoutWith(keys); rows < len(lines) {
		keys = append(keys, secretKeys.Up, secretKeys.PageUp)
	}
	return keys
}

// modeKeys are the keys of the current state but the scroll keys.
func (r *SecretReveal) modeKeys() []key.Binding {
	k := secretKeys
	switch r.mode {
	case secretSaving:
		return []key.Binding{k.Write, k.Back}
	case secretAsking:
		return []key.Binding{k.Yes, k.No}
	case secretPlain:
		return []key.Binding{k.Plain, k.Copy, r.storedKey()}
	}
	keys := []key.Binding{k.Copy, k.Plain}
	if r.env.Saver != nil {
		keys = append(keys, k.Save)
	}
	return append(keys, r.storedKey())
}

// storedKey is d, which says the secret, or the secrets, are stored.
func (r *SecretReveal) storedKey() key.Binding {
	k := secretKeys.Stored
	if r.secret.Several {
		k.SetHelp("d", "I have stored them")
	}
	return k
}

// storedAsk is the question d and ctrl+c ask.
func (r *SecretReveal) storedAsk() string {
	if r.secret.Several {
		return storedAskAll
	}
	return StoredAsk
}

func (r *SecretReveal) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case secretSavedMsg:
		if msg.panel == r {
			r.saved(msg.path, msg.err)
		}
		return r, nil
	case common.QuitAskedMsg:
		r.mode, r.quitAfter, r.status = secretAsking, true, ""
		return r, nil
	case tea.KeyPressMsg:
		switch r.mode {
		case secretSaving:
			return r, r.updateSaving(msg)
		case secretAsking:
			return r, r.updateAsking(msg)
		}
		return r, r.updateShowing(msg)
	}
	if r.mode != secretSaving {
		return r, nil
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg) // paste, cursor blink
	return r, cmd
}

func (r *SecretReveal) updateShowing(msg tea.KeyPressMsg) tea.Cmd {
	k := secretKeys
	switch {
	case key.Matches(msg, k.Copy):
		r.setStatus(r.env.Styles.Muted, CopiedText)
		return tea.SetClipboard(r.secret.Value)
	case key.Matches(msg, k.Plain):
		if r.mode == secretPlain {
			r.mode = secretShowing
		} else {
			r.mode = secretPlain
		}
	case key.Matches(msg, k.Save) && r.env.Saver != nil && r.mode == secretShowing:
		return r.openSave()
	case key.Matches(msg, k.Stored):
		r.mode, r.quitAfter, r.status = secretAsking, false, ""
	case key.Matches(msg, k.Leave):
		r.setStatus(r.env.Styles.Warning, StoreFirst)
	case key.Matches(msg, k.Up):
		r.scroll(-1)
	case key.Matches(msg, k.Down):
		r.scroll(1)
	case key.Matches(msg, k.PageUp):
		r.scroll(-r.pageSize())
	case key.Matches(msg, k.PageDown):
		r.scroll(r.pageSize())
	}
	return nil
}

func (r *SecretReveal) updateSaving(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, secretKeys.Back):
		r.mode, r.status = secretShowing, ""
		r.input.Blur()
		return nil
	case key.Matches(msg, secretKeys.Write):
		if r.writing {
			return nil
		}
		path := strings.TrimSpace(r.input.Value())
		if path == "" {
			r.setStatus(r.env.Styles.Error, emptySaveTo)
			return nil
		}
		r.writing, r.status = true, ""
		saver, secret, panel := r.env.Saver, r.secret.Value, r
		return func() tea.Msg {
			written, err := saver.Save(path, secret)
			return secretSavedMsg{panel: panel, path: written, err: err}
		}
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	return cmd
}

func (r *SecretReveal) updateAsking(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, secretKeys.Yes):
		r.closed = true
		r.env.Nav.Close(r, "")
		if r.quitAfter {
			return common.Emit(common.QuitMsg{})
		}
		return common.Emit(r.done)
	case key.Matches(msg, secretKeys.No):
		r.mode = secretShowing
	}
	return nil
}

// openSave shows the file-name field, prefilled with the suggested file.
func (r *SecretReveal) openSave() tea.Cmd {
	r.mode, r.status = secretSaving, ""
	r.input = textinput.New()
	r.input.Prompt = "> "
	r.input.CharLimit = 4096
	r.input.SetStyles(textinput.DefaultStyles(r.env.IsDark))
	r.input.SetWidth(max(r.innerWidth()-3, 1))
	r.input.SetValue(r.env.Saver.Suggest(r.secret.File))
	r.input.CursorEnd()
	return r.input.Focus()
}

// saved shows the result of a write. On failure the field keeps what was
// typed, so the user only changes the name.
func (r *SecretReveal) saved(path string, err error) {
	r.writing = false
	if err != nil {
		r.setStatus(r.env.Styles.Error, common.ErrText(err))
		return
	}
	r.mode = secretShowing
	r.input.Blur()
	r.setStatus(r.env.Styles.Success, "Saved to "+common.CleanLine(path)+" (readable only by you). Press d when you are done.")
}

func (r *SecretReveal) setStatus(st lipgloss.Style, text string) { r.status, r.statusSt = text, st }

func (r *SecretReveal) scroll(n int) {
	lines, rows, _, _ := r.layout()
	r.offset = max(min(r.offset+n, len(lines)-rows), 0)
}

func (r *SecretReveal) pageSize() int {
	_, rows, _, _ := r.layout()
	return max(rows-1, 1)
}

// View draws the panel: title, note, the secret (scrolled to fit), the
// status and the part for the current state; or, in the plain view, the
// secret alone.
func (r *SecretReveal) View() string {
	if r.mode == secretPlain {
		return common.Clean(r.secret.Value) + "\n\n" + r.env.Styles.Muted.Render(PlainViewTip)
	}
	lines, rows, head, tail := r.layout()
	off := max(min(r.offset, len(lines)-rows), 0)
	body := strings.Join(lines[off:off+rows], "\n")
	if rows < len(lines) {
		body += "\n" + r.env.Styles.Muted.Render(fmt.Sprintf("lines %d–%d of %d", off+1, off+rows, len(lines)))
	}
	return r.panel().Width(r.boxWidth()).Render(head + "\n\n" + body + "\n\n" + tail)
}

// layout wraps the secret to the panel's width and works out how many of
// its lines fit the height, with the head and tail drawn around them.
func (r *SecretReveal) layout() (lines []string, rows int, head, tail string) {
	return r.layoutWith(r.Keys())
}

// layoutWith is layout with a help line of keys in the tail.
func (r *SecretReveal) layoutWith(keys []key.Binding) (lines []string, rows int, head, tail string) {
	w := r.innerWidth()
	lines = strings.Split(ansiHardwrap(common.Clean(r.secret.Value), w), "\n")
	head = r.env.Styles.Title.Render(common.Wrap(r.secret.Title, w))
	if r.secret.Note != "" {
		head += "\n" + common.Wrap(r.secret.Note, w)
	}
	tail = r.tail(w, keys)
	if r.height <= 0 {
		return lines, len(lines), head, tail
	}
	chrome := r.panel().GetVerticalFrameSize() + common.Lines(head) + common.Lines(tail) + 2
	if chrome+len(lines) <= r.height {
		return lines, len(lines), head, tail
	}
	tail = r.tail(w, append(keys, secretKeys.Up, secretKeys.PageUp)) // with the scroll keys, which may take a line more
	chrome = r.panel().GetVerticalFrameSize() + common.Lines(head) + common.Lines(tail) + 2
	avail := r.height - chrome - 1 // one row for "lines a–b of n"
	if avail < 3 && r.secret.Note != "" {
		// Too short for the note and a few lines of the secret (60×16):
		// the note scrolls with the secret, above it, and the panel's keys
		// stay in view.
		lines = append(append(strings.Split(common.Wrap(r.secret.Note, w), "\n"), ""), lines...)
		head = r.env.Styles.Title.Render(common.Wrap(r.secret.Title, w))
		avail = r.height - (r.panel().GetVerticalFrameSize() + common.Lines(head) + common.Lines(tail) + 2) - 1
	}
	return lines, min(max(avail, 3), len(lines)), head, tail
}

func (r *SecretReveal) tail(w int, keys []key.Binding) string {
	var parts []string
	if r.status != "" {
		parts = append(parts, r.statusSt.Render(common.Wrap(r.status, w)))
	}
	switch r.mode {
	case secretSaving:
		parts = append(parts, "Save to a new file:\n"+r.input.View())
	case secretAsking:
		parts = append(parts, r.env.Styles.Warning.Render(common.Wrap(r.storedAsk(), w)))
	}
	if r.env.Saver == nil && r.mode == secretShowing {
		parts = append(parts, r.env.Styles.Muted.Render(common.Wrap("Over SSH nothing is written on the server: copy the secret (c), or select it in the plain view (v).", w)))
	}
	parts = append(parts, HelpLine(r.env.Styles, keys, w))
	return strings.Join(parts, "\n")
}

// panel is the console's panel with less padding: every cell it saves is a
// cell of secret that does not need wrapping or scrolling.
func (r *SecretReveal) panel() lipgloss.Style { return r.env.Styles.Panel.Padding(0, 1) }

// The panel is wide enough for an OpenSSH key line (70 characters) and no
// wider.
func (r *SecretReveal) boxWidth() int { return boxWidth(r.width, 76) }

func (r *SecretReveal) innerWidth() int {
	return r.boxWidth() - r.panel().GetHorizontalFrameSize()
}
