package components

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/tui/common"
)

// SecretAcknowledgedMsg reports that the user said they stored the secret;
// only then may the screen close the panel (SPEC §5).
type SecretAcknowledgedMsg struct{ ID string }

// secretSavedMsg carries the result of writing the secret to a file.
type secretSavedMsg struct {
	id   string
	path string
	err  error
}

// Texts the panel shows; tests look for them.
const (
	copiedText   = "Copied with OSC 52. If your terminal does not pass it through, save to a file instead."
	storeFirst   = "Store the secret first, then press d."
	storedAsk    = "Have you stored it somewhere safe? You will not see it again. y/n"
	emptySaveTo  = "Type the path of a new file to save the secret to."
	neverReplace = "Choose another name; acctl never overwrites a file."
)

// secretMode is what the panel is doing: showing the secret, asking for a
// file name, or asking whether the secret was stored.
type secretMode int

const (
	secretShowing secretMode = iota
	secretSaving
	secretAsking
)

// statusKind picks the style of the panel's one status line.
type statusKind int

const (
	statusInfo statusKind = iota
	statusSuccess
	statusWarning
	statusError
)

// secretKeys are the panel's bindings, matched in Update and drawn in the
// footer.
type secretKeys struct {
	Copy, Save, Stored         key.Binding
	Up, Down, PageUp, PageDown key.Binding
	Leave                      key.Binding // esc on the panel: refused, with the reason
	Write, Back                key.Binding // in the file-name field
	Yes, No                    key.Binding // "have you stored it?"
}

// SecretReveal shows a secret (API token, private key, recovery codes) the
// one time it exists in clear (SPEC §5). It offers copy to the clipboard by
// OSC 52, which works over SSH, and save to a new 0600 file, and it closes
// only when the user says the secret is stored.
type SecretReveal struct {
	id            string
	title         string
	secret        string
	note          string
	suggestedFile string
	homeDir       string
	st            *common.Styles
	keys          secretKeys

	mode    secretMode
	input   textinput.Model
	writing bool

	status     string
	statusKind statusKind

	offset        int
	width, height int
	done          bool
}

// NewSecretReveal builds the panel. suggestedFile (cleaned, as it may hold a
// name the user chose) is joined to homeDir for the save field's first
// value; title and note are cleaned before drawing. The secret is drawn as
// is, apart from the same cleaning, which leaves generated secrets intact.
func NewSecretReveal(id, title, secret, note, suggestedFile, homeDir string, st *common.Styles) *SecretReveal {
	return &SecretReveal{
		id:            id,
		title:         common.CleanLine(title),
		secret:        secret,
		note:          common.Clean(note),
		suggestedFile: common.CleanLine(suggestedFile),
		homeDir:       homeDir,
		st:            st,
		keys: secretKeys{
			Copy:     key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy")),
			Save:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save to file")),
			Stored:   key.NewBinding(key.WithKeys("enter", "d"), key.WithHelp("d", "I have stored it")),
			Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "scroll")),
			Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", "scroll down")),
			PageUp:   key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/pgdn", "page")),
			PageDown: key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("pgdn", "page down")),
			Leave:    key.NewBinding(key.WithKeys("esc")),
			Write:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
			Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
			Yes:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, close")),
			No:       key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n", "no, keep it open")),
		},
	}
}

// Init has nothing to start: the panel waits for keys.
func (r *SecretReveal) Init() tea.Cmd { return nil }

// SetWidth sets the width the panel may use; the height stays unlimited
// unless SetSize gives one.
func (r *SecretReveal) SetWidth(w int) {
	r.width = w
	r.input.SetWidth(r.inputWidth())
}

// SetSize sets the area the panel may use. A secret taller than the area
// scrolls inside the panel.
func (r *SecretReveal) SetSize(w, h int) {
	r.height = h
	r.SetWidth(w)
}

// Keys are the bindings that work in the panel's current state; the scroll
// keys only when the secret does not fit.
func (r *SecretReveal) Keys() []key.Binding {
	lines, rows, _, _ := r.layout()
	return r.keysFor(rows < len(lines))
}

func (r *SecretReveal) keysFor(scrollable bool) []key.Binding {
	switch r.mode {
	case secretSaving:
		return []key.Binding{r.keys.Write, r.keys.Back}
	case secretAsking:
		return []key.Binding{r.keys.Yes, r.keys.No}
	}
	keys := []key.Binding{r.keys.Copy, r.keys.Save, r.keys.Stored}
	if scrollable { // Up and PageUp are drawn for their pairs: "↑/↓ scroll", "pgup/pgdn page"
		keys = append(keys, r.keys.Up, r.keys.PageUp)
	}
	return keys
}

// Update handles keys, the save field's cursor and the result of a save.
func (r *SecretReveal) Update(msg tea.Msg) (*SecretReveal, tea.Cmd) {
	switch msg := msg.(type) {
	case secretSavedMsg:
		if msg.id != r.id {
			return r, nil
		}
		r.saved(msg.path, msg.err)
		return r, nil
	case tea.KeyPressMsg:
		if r.done {
			return r, nil
		}
		switch r.mode {
		case secretSaving:
			return r, r.updateSaving(msg)
		case secretAsking:
			return r, r.updateAsking(msg)
		default:
			return r, r.updateShowing(msg)
		}
	}
	if r.mode != secretSaving {
		return r, nil
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg) // paste, cursor blink
	return r, cmd
}

func (r *SecretReveal) updateShowing(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, r.keys.Copy):
		r.setStatus(statusInfo, copiedText)
		return tea.SetClipboard(r.secret)
	case key.Matches(msg, r.keys.Save):
		return r.openSave()
	case key.Matches(msg, r.keys.Stored):
		r.mode = secretAsking
		r.status = ""
	case key.Matches(msg, r.keys.Leave):
		r.setStatus(statusWarning, storeFirst)
	case key.Matches(msg, r.keys.Up):
		r.scroll(-1)
	case key.Matches(msg, r.keys.Down):
		r.scroll(1)
	case key.Matches(msg, r.keys.PageUp):
		r.scroll(-r.pageSize())
	case key.Matches(msg, r.keys.PageDown):
		r.scroll(r.pageSize())
	}
	return nil
}

func (r *SecretReveal) updateSaving(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, r.keys.Back):
		r.mode = secretShowing
		r.status = ""
		r.input.Blur()
		return nil
	case key.Matches(msg, r.keys.Write):
		if r.writing {
			return nil
		}
		path := expandHome(r.input.Value(), r.homeDir)
		if path == "" {
			r.setStatus(statusError, emptySaveTo)
			return nil
		}
		r.writing = true
		r.status = ""
		return saveSecret(r.id, path, r.secret)
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	return cmd
}

func (r *SecretReveal) updateAsking(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, r.keys.Yes):
		r.done = true
		return emit(SecretAcknowledgedMsg{ID: r.id})
	case key.Matches(msg, r.keys.No):
		r.mode = secretShowing
	}
	return nil
}

// openSave shows the file-name field, prefilled with the suggested file in
// the home directory.
func (r *SecretReveal) openSave() tea.Cmd {
	r.mode = secretSaving
	r.status = ""
	r.input = textinput.New()
	r.input.Prompt = "> "
	r.input.CharLimit = 4096
	r.input.SetStyles(textinput.DefaultStyles(r.st.IsDark))
	r.input.SetWidth(r.inputWidth())
	r.input.SetValue(filepath.Join(r.homeDir, r.suggestedFile))
	r.input.CursorEnd()
	return r.input.Focus()
}

// saved shows the result of a write. On failure the field keeps what was
// typed so the user only changes the name.
func (r *SecretReveal) saved(path string, err error) {
	r.writing = false
	if err != nil {
		r.setStatus(statusError, saveErrorText(path, err))
		return
	}
	r.mode = secretShowing
	r.input.Blur()
	r.setStatus(statusSuccess, "Saved to "+common.CleanLine(path)+" (readable only by you). Press d when you are done.")
}

func (r *SecretReveal) setStatus(kind statusKind, text string) {
	r.status, r.statusKind = text, kind
}

func (r *SecretReveal) scroll(n int) {
	lines, rows, _, _ := r.layout()
	r.offset = max(min(r.offset+n, len(lines)-rows), 0)
}

func (r *SecretReveal) pageSize() int {
	_, rows, _, _ := r.layout()
	return max(rows-1, 1)
}

// View draws the panel: title, note, the secret (scrolled to fit the
// height), the status line and the part for the current state.
func (r *SecretReveal) View() string {
	lines, rows, head, tail := r.layout()
	off := max(min(r.offset, len(lines)-rows), 0)
	body := strings.Join(lines[off:off+rows], "\n")
	if rows < len(lines) {
		body += "\n" + r.st.Muted.Render(fmt.Sprintf("lines %d–%d of %d", off+1, off+rows, len(lines)))
	}
	return r.panel().Width(r.boxWidth()).Render(head + "\n\n" + body + "\n\n" + tail)
}

// layout wraps the secret to the panel's width and works out how many of
// its lines fit the height, with the head and tail drawn around them.
func (r *SecretReveal) layout() (lines []string, rows int, head, tail string) {
	lines = strings.Split(lipgloss.Wrap(common.Clean(r.secret), r.innerWidth(), ""), "\n")
	head, tail = r.head(), r.tail(false)
	if r.height <= 0 {
		return lines, len(lines), head, tail
	}
	// The frame, head, tail and the two blank lines between them.
	chrome := func(tail string) int {
		return r.panel().GetVerticalFrameSize() + lipgloss.Height(head) + lipgloss.Height(tail) + 2
	}
	if chrome(tail)+len(lines) <= r.height {
		return lines, len(lines), head, tail
	}
	tail = r.tail(true)
	avail := r.height - chrome(tail) - 1 // one row for "lines a–b of n"
	return lines, min(max(avail, 3), len(lines)), head, tail
}

func (r *SecretReveal) head() string {
	w := r.innerWidth()
	s := r.st.Title.Render(lipgloss.Wrap(r.title, w, ""))
	if r.note != "" {
		s += "\n" + lipgloss.Wrap(r.note, w, "")
	}
	return s
}

func (r *SecretReveal) tail(scrollable bool) string {
	w := r.innerWidth()
	var parts []string
	if r.status != "" {
		parts = append(parts, r.statusStyle().Render(lipgloss.Wrap(r.status, w, "")))
	}
	switch r.mode {
	case secretSaving:
		parts = append(parts, "Save to a new file:\n"+r.input.View())
	case secretAsking:
		parts = append(parts, r.st.Warning.Render(lipgloss.Wrap(storedAsk, w, "")))
	}
	parts = append(parts, lipgloss.Wrap(helpLine(r.st, r.keysFor(scrollable)), w, ""))
	return strings.Join(parts, "\n")
}

func (r *SecretReveal) statusStyle() lipgloss.Style {
	switch r.statusKind {
	case statusSuccess:
		return r.st.Success
	case statusWarning:
		return r.st.Warning
	case statusError:
		return r.st.Error
	}
	return r.st.Muted
}

// panel is the console's panel with less padding: every cell it saves is a
// cell of secret that does not need wrapping or scrolling.
func (r *SecretReveal) panel() lipgloss.Style { return r.st.Panel.Padding(0, 1) }

// The panel is wide enough for an OpenSSH key line (70 characters) and no
// wider.
func (r *SecretReveal) boxWidth() int { return boxWidth(r.width, 76) }

func (r *SecretReveal) innerWidth() int {
	return r.boxWidth() - r.panel().GetHorizontalFrameSize()
}

func (r *SecretReveal) inputWidth() int {
	return max(r.innerWidth()-lipgloss.Width(r.input.Prompt)-1, 1)
}

// expandHome resolves what was typed in the save field: a leading "~/" is the
// home directory, and so is the base of a relative path (the process's
// working directory means nothing to a user connected over SSH).
func expandHome(path, home string) string {
	path = strings.TrimSpace(path)
	switch {
	case path == "":
		return ""
	case path == "~":
		return home
	case strings.HasPrefix(path, "~/"):
		return filepath.Join(home, path[2:])
	case !filepath.IsAbs(path) && home != "":
		return filepath.Join(home, path)
	}
	return path
}

// saveSecret writes the secret to a new file off the update loop.
func saveSecret(id, path, secret string) tea.Cmd {
	return func() tea.Msg {
		return secretSavedMsg{id: id, path: path, err: writeNewFile(path, secret+"\n")}
	}
}

// writeNewFile creates path, readable only by its owner, and writes data. It
// never replaces an existing file (O_EXCL); a file it created but could not
// fill is removed.
func writeNewFile(path, data string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = f.WriteString(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// saveErrorText is a failed save as a sentence that says what to do next.
func saveErrorText(path string, err error) string {
	p := common.CleanLine(path)
	switch {
	case errors.Is(err, fs.ErrExist):
		return p + " already exists. " + neverReplace
	case errors.Is(err, fs.ErrNotExist):
		return "The folder " + common.CleanLine(filepath.Dir(path)) + " does not exist. Create it first, or choose another place."
	case errors.Is(err, fs.ErrPermission):
		return "acctl may not write to " + p + ". Choose another place."
	}
	reason := err.Error()
	var pe *fs.PathError
	if errors.As(err, &pe) {
		reason = pe.Err.Error()
	}
	return "Could not save to " + p + " (" + common.CleanLine(reason) + "). Choose another place."
}
