package requests

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
)

// kycExtensions are the files the picker offers: photos and scans. The
// model decides by content; the names only keep the list short.
var kycExtensions = []string{".jpg", ".jpeg", ".png", ".pdf", ".JPG", ".JPEG", ".PNG", ".PDF"}

var pickerKeys = []key.Binding{
	key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "give this file")),
	key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
	key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→", "open folder")),
	key.NewBinding(key.WithKeys("left", "h", "backspace"), key.WithHelp("←", "folder above")),
}

// attachedMsg is the answer to giving a file.
type attachedMsg struct {
	screen *picker
	path   string
	f      *model.KYCFile
	err    error
}

// picker chooses a verification file on this computer (R-KYC-1) with the
// bubbles file picker, limited to .jpg, .jpeg, .png and .pdf. The file is
// read in a command by the model's local call, which refuses a file over
// 10 MB before reading it and any file that is not a JPEG, PNG or PDF by
// its content. Only a local console opens it (R-SRV-5).
type picker struct {
	env     *common.Env
	kind    model.KYCFileKind
	doc     model.DocumentType
	fp      filepicker.Model
	lastDir *string // the verification screen's, to start there next time
	busy    bool
	err     string
	width   int
	// reading says a folder is being read; the keys typed meanwhile wait
	// in typed for its listing (SPEC §5: type-ahead), or "↓ ↓ enter"
	// typed at once would move in the folder being left and then choose
	// the first file of the new one.
	reading bool
	typed   []tea.KeyPressMsg
}

func newPicker(env *common.Env, kind model.KYCFileKind, doc model.DocumentType, lastDir *string) *picker {
	fp := filepicker.New()
	fp.AllowedTypes = kycExtensions
	fp.AutoHeight = false
	fp.Cursor = "▌"
	// No colours: the view is cleaned as a whole (SPEC §5), and listLine
	// styles its lines.
	fp.Styles = filepicker.Styles{
		FileSize:       lipgloss.NewStyle().Width(7).Align(lipgloss.Right),
		EmptyDirectory: lipgloss.NewStyle().SetString("No folders or files here. ← goes to the folder above."),
	}
	fp.KeyMap.Back = key.NewBinding(key.WithKeys("left", "h", "backspace")) // esc leaves the picker
	fp.CurrentDirectory = *lastDir
	if fp.CurrentDirectory == "" {
		if dir, err := os.Getwd(); err == nil {
			fp.CurrentDirectory = dir
		}
	}
	return &picker{env: env, kind: kind, doc: doc, fp: fp, lastDir: lastDir}
}

func (s *picker) Init() tea.Cmd {
	s.reading = true
	return s.fp.Init()
}

// Title names the file being given.
func (s *picker) Title() string { return "Choose the " + strings.ToLower(s.what()) }
func (s *picker) Keys() []key.Binding {
	if s.busy {
		return nil
	}
	return pickerKeys
}

// what is the file being given, in words.
func (s *picker) what() string {
	if s.kind == model.KYCSelfie {
		return "Selfie with the " + strings.ToLower(s.doc.Title())
	}
	return s.doc.Title()
}

func (s *picker) SetSize(w, h int) {
	s.width = w
	s.fp.SetHeight(max(h-s.headLines()-2, 3))
}

func (s *picker) headLines() int { return common.Lines(s.head()) }

func (s *picker) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case attachedMsg:
		if msg.screen == s {
			return s, s.attached(msg)
		}
		return s, nil
	case tea.KeyPressMsg:
		if s.busy {
			return s, nil
		}
		if s.reading {
			s.typed = append(s.typed, msg)
			return s, nil
		}
		return s, s.onKey(msg)
	}
	var cmd tea.Cmd
	if isReadDirError(msg) {
		// The folder could not be read; the picker has already gone in:
		// go back out, so that what it lists is where it is.
		s.err = "That folder cannot be read. Choose another."
		s.fp, cmd = s.fp.Update(tea.KeyPressMsg{Code: tea.KeyLeft})
		return s, cmd
	}
	s.fp, cmd = s.fp.Update(msg)
	if isListing(msg) {
		s.reading = false
		return s, tea.Batch(cmd, s.replay())
	}
	return s, cmd
}

// onKey moves in the listing, or chooses a file.
func (s *picker) onKey(msg tea.KeyPressMsg) tea.Cmd {
	s.err = ""
	dir := s.fp.CurrentDirectory
	var cmd tea.Cmd
	s.fp, cmd = s.fp.Update(msg)
	if ok, path := s.fp.DidSelectFile(msg); ok {
		return s.attach(path)
	}
	if ok, path := s.fp.DidSelectDisabledFile(msg); ok {
		s.err = common.CleanLine(filepath.Base(path)) + " is not a .jpg, .jpeg, .png or .pdf file. Choose a photo or a scan of the document."
	}
	s.reading = s.fp.CurrentDirectory != dir // another folder: its listing comes
	return cmd
}

// replay gives the keys typed while a folder was read to its listing,
// until one of them opens another folder or chooses a file.
func (s *picker) replay() tea.Cmd {
	var cmds []tea.Cmd
	for len(s.typed) > 0 && !s.reading && !s.busy {
		k := s.typed[0]
		s.typed = s.typed[1:]
		cmds = append(cmds, s.onKey(k))
	}
	if s.busy {
		s.typed = nil // a file was chosen: the rest was typed for this picker
	}
	return tea.Batch(cmds...)
}

// isListing reports the file picker's own (unexported) message that
// brings a folder's listing.
func isListing(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	return t != nil && t.PkgPath() == "charm.land/bubbles/v2/filepicker" && t.Name() == "readDirMsg"
}

// isReadDirError reports the file picker's own (unexported) message for a
// folder it could not read, which it otherwise ignores.
func isReadDirError(msg tea.Msg) bool {
	t := reflect.TypeOf(msg)
	return t != nil && t.PkgPath() == "charm.land/bubbles/v2/filepicker" && t.Name() == "errorMsg"
}

// attach gives the file to the model in a command: the bytes are read
// there, never on the update loop.
func (s *picker) attach(path string) tea.Cmd {
	s.busy = true
	kind, me := s.kind, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		f, err := svc.AttachVerificationFileAt(ctx, kind, path)
		return attachedMsg{screen: me, path: path, f: f, err: err}
	})
}

// attached closes the picker with what was given, or says why the file
// was refused and stays for another.
func (s *picker) attached(msg attachedMsg) tea.Cmd {
	s.busy = false
	if msg.err != nil {
		s.err = common.ErrText(msg.err)
		return nil
	}
	*s.lastDir = filepath.Dir(msg.path)
	s.env.Nav.Close(s, common.CleanLine(fmt.Sprintf("%s given: %s.", s.kind.Title(), fileSummary(msg.f))))
	return nil
}

// head is what is drawn above the list: the file asked for and the folder.
func (s *picker) head() string {
	st, w := s.env.Styles, s.width
	intro := "A photo or scan: JPEG, PNG or PDF, at most 10 MB. Files of other kinds are listed but cannot be given."
	if s.kind == model.KYCSelfie {
		intro = "A photo of you holding the " + strings.ToLower(s.doc.Title()) + ": JPEG or PNG (or PDF), at most 10 MB."
	}
	return st.Title.Render(common.Truncate(s.Title(), w)) + "\n" + st.Muted.Render(common.Wrap(intro, w)) + "\n" +
		common.Truncate(common.CleanLine(s.fp.CurrentDirectory), w)
}

// View draws the head, the listing with every name cleaned (SPEC §5:
// a file's name is text from outside), and the last refusal.
func (s *picker) View() string {
	st := s.env.Styles
	var b strings.Builder
	b.WriteString(s.head() + "\n")
	for _, line := range strings.Split(strings.TrimRight(s.fp.View(), "\n"), "\n") {
		b.WriteString(s.listLine(common.CleanLine(line)) + "\n")
	}
	switch {
	case s.busy:
		b.WriteString(st.Muted.Render("Reading the file…"))
	case s.err != "":
		b.WriteString(st.Error.Render(common.Wrap(s.err, s.width)))
	}
	return b.String()
}

// listLine styles a cleaned line of the listing: the chosen one bold with
// the cursor mark, folders in the accent, files that cannot be given
// muted.
func (s *picker) listLine(line string) string {
	st := s.env.Styles
	line = common.Truncate(line, s.width)
	fields := strings.Fields(strings.TrimPrefix(line, "▌"))
	switch {
	case strings.HasPrefix(line, "▌"):
		return st.CursorMark + st.Cursor.Render(strings.TrimPrefix(line, "▌"))
	case len(fields) > 0 && strings.HasPrefix(fields[0], "d"):
		return st.Title.Render(line)
	case !allowed(line):
		return st.Muted.Render(line)
	}
	return line
}

func allowed(name string) bool {
	for _, ext := range kycExtensions {
		if strings.HasSuffix(name, ext) {
			return true
		}
	}
	return false
}
