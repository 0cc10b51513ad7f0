package requests

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

var kycKeys = struct{ Start, Type, Move, Give, Send, Discard key.Binding }{
	Start:   key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "start a verification")),
	Type:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "document type")),
	Move:    key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "choose")),
	Give:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "give file")),
	Send:    key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "send for review")),
	Discard: key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "discard draft")),
}

const kycIntro = "Staff check who is behind the account (KYC): one identity document and a selfie of you holding it, " +
	"each a JPEG or PNG photo or a PDF scan of at most 10 MB. Staff approve or reject it; you are told by email."

// kycMsg carries the account's verification as read, or as a change left
// it.
type kycMsg struct {
	screen *verification
	seq    int
	req    *model.KYCRequest
	err    error
	// done is the sentence of a change that succeeded ("" for a read);
	// change says the message answers a change.
	done   string
	change bool
}

// verification is the account's verification (R-KYC-1): its state (none
// yet, a draft, pending, approved, or rejected with the reason), the
// document type and the two files. Locally the files are chosen with a
// file picker; over SSH the console cannot read the user's files, so it
// says how to send them with scp, and reads the state every few seconds
// so that they show up.
type verification struct {
	env     *common.Env
	req     *model.KYCRequest
	loaded  bool
	err     error
	slot    int    // the file chosen: an index in model.KYCFileKinds
	busy    string // what the change on its way does
	seq     int    // the newest command's
	askID   string
	lastDir string // where the file picker was last left
	width   int
	ticks   int
}

func newVerification(env *common.Env) *verification {
	return &verification{env: env, askID: "requests.kyc.discard." + strconv.Itoa(env.NextSeq())}
}

func (s *verification) Init() tea.Cmd { return s.load() }
func (s *verification) Title() string { return "Verification" }
func (s *verification) SetSize(w, h int) {
	s.width = w
}

// remote reports whether the console cannot read the user's files: over
// SSH, or wherever nothing may touch the machine's disk (R-SRV-5).
func (s *verification) remote() bool { return s.env.Remote || s.env.Saver == nil }

// load reads the verification.
func (s *verification) load() tea.Cmd {
	s.seq = s.env.NextSeq()
	seq, me := s.seq, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		r, err := svc.Verification(ctx)
		return kycMsg{screen: me, seq: seq, req: r, err: err}
	})
}

// change runs a change; its answer says done when it succeeded.
func (s *verification) change(doing, done string, do func(ctx context.Context, svc *model.Service) (*model.KYCRequest, error)) tea.Cmd {
	s.busy, s.seq = doing, s.env.NextSeq()
	seq, me := s.seq, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		r, err := do(ctx, svc)
		return kycMsg{screen: me, seq: seq, req: r, err: err, done: done, change: true}
	})
}

// every is how many ticks pass between reads: a few seconds while a draft
// takes files (over SSH they come from scp), longer while staff decide.
func (s *verification) every() int {
	if s.draft() || !s.loaded {
		return pollEvery
	}
	return 10
}

// Kinds of state the screen offers keys for.
func (s *verification) draft() bool { return s.req != nil && s.req.Status == model.KYCDraft }
func (s *verification) mine() bool  { return s.draft() && s.req.RequestedBy == s.env.Me.User.ID }
func (s *verification) canStart() bool {
	return s.loaded && (s.req == nil || s.req.Status == model.KYCRejected)
}
func (s *verification) canDiscard() bool {
	return s.mine() || (s.draft() && s.env.Me.Can(model.ActionManageUsers))
}
func (s *verification) complete() bool {
	return s.mine() && s.req.File(model.KYCDocument) != nil && s.req.File(model.KYCSelfie) != nil
}

// Keys are those the state allows: start; or, on one's own draft, change
// the document, choose and give a file (locally), send once both files are
// there; discard a draft (its starter, or an owner).
func (s *verification) Keys() []key.Binding {
	if s.busy != "" {
		return nil
	}
	var keys []key.Binding
	if s.canStart() {
		keys = append(keys, kycKeys.Start)
	}
	if s.mine() && !s.remote() {
		keys = append(keys, kycKeys.Give, kycKeys.Move)
	}
	if s.complete() {
		keys = append(keys, kycKeys.Send)
	}
	if s.mine() {
		keys = append(keys, kycKeys.Type)
	}
	if s.canDiscard() {
		keys = append(keys, kycKeys.Discard)
	}
	return keys
}

func (s *verification) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case kycMsg:
		if msg.screen == s {
			return s, s.took(msg)
		}
	case components.AnsweredMsg:
		if msg.ID == s.askID && msg.Yes {
			return s, s.change("Discarding…", "The draft verification was discarded.", func(ctx context.Context, svc *model.Service) (*model.KYCRequest, error) {
				return nil, svc.DiscardVerification(ctx)
			})
		}
	case common.TickMsg:
		if s.ticks++; s.ticks%s.every() == 0 && s.busy == "" {
			return s, s.load()
		}
	case common.ResumedMsg:
		return s, s.load()
	case tea.KeyPressMsg:
		if s.busy == "" {
			return s, s.onKey(msg)
		}
	}
	return s, nil
}

func (s *verification) onKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, kycKeys.Start) && s.canStart():
		s.env.Nav.Push(newDocumentType(s.env, model.DocPassport))
	case key.Matches(msg, kycKeys.Type) && s.mine():
		s.env.Nav.Push(newDocumentType(s.env, s.req.DocumentType))
	case key.Matches(msg, kycKeys.Move) && s.mine() && !s.remote():
		s.slot = 1 - s.slot
	case key.Matches(msg, kycKeys.Give) && s.mine() && !s.remote():
		s.env.Nav.Push(newPicker(s.env, model.KYCFileKinds[s.slot], s.req.DocumentType, &s.lastDir))
	case key.Matches(msg, kycKeys.Send) && s.complete():
		return s.change("Sending…", "Sent for review. You are told by email when staff decide.", func(ctx context.Context, svc *model.Service) (*model.KYCRequest, error) {
			return svc.SubmitVerification(ctx)
		})
	case key.Matches(msg, kycKeys.Discard) && s.canDiscard():
		components.Ask(s.env, s.askID, "Discard this draft verification and its files? Nothing is sent to staff.")
	}
	return nil
}

// took puts the verification in place; a refused change says why in the
// status line. Reads overtaken by a newer command are dropped.
func (s *verification) took(msg kycMsg) tea.Cmd {
	if msg.seq < s.seq && !msg.change {
		return nil
	}
	if msg.change {
		s.busy = ""
		if msg.err != nil {
			s.env.FlashError(msg.err)
		} else {
			s.env.Flash(msg.done)
		}
		return s.load()
	}
	s.err = msg.err
	if msg.err == nil {
		s.req, s.loaded = msg.req, true
	}
	return nil
}

func (s *verification) View() string {
	st, w := s.env.Styles, s.width
	var b strings.Builder
	b.WriteString(st.Title.Render("Verification") + "\n")
	b.WriteString(st.Muted.Render(common.Wrap(kycIntro, w)) + "\n\n")
	switch {
	case !s.loaded && s.err != nil:
		return b.String() + st.Error.Render(common.Wrap(common.ErrText(s.err), w))
	case !s.loaded:
		return b.String() + st.Muted.Render("Loading…")
	}
	b.WriteString(common.Field(st, "Status", s.state(), 6, w) + "\n")
	if r := s.req; r != nil && r.Status == model.KYCRejected && r.Reason != "" {
		b.WriteString(common.Field(st, "Reason", common.Clean(r.Reason), 6, w) + "\n")
	}
	if s.req != nil && s.req.Status != model.KYCRejected {
		b.WriteString("\n" + s.files())
	}
	if hint := s.hint(); hint != "" {
		b.WriteString("\n" + hint)
	}
	if s.busy != "" {
		b.WriteString("\n" + st.Muted.Render(s.busy))
	}
	return b.String()
}

// state says where the verification stands, in one sentence.
func (s *verification) state() string {
	r := s.req
	if r == nil {
		return "Not started"
	}
	doc := r.DocumentType.Title()
	switch r.Status {
	case model.KYCDraft:
		return common.CleanLine(fmt.Sprintf("Not sent yet · %s · started by %s %s UTC", doc, r.Requester, r.CreatedAt.UTC().Format(common.MinuteLayout)))
	case model.KYCPending:
		return "Pending · " + doc + " · sent " + timeOf(r.SubmittedAt) + ": staff decide"
	case model.KYCApproved:
		return "Approved " + timeOf(r.DecidedAt) + " · " + doc + ": the account is verified"
	case model.KYCRejected:
		return "Rejected " + timeOf(r.DecidedAt) + " · " + doc
	}
	return r.Status.Title()
}

// timeOf is a moment to the minute, in UTC.
func timeOf(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(common.MinuteLayout) + " UTC"
}

// files lists the two files, the chosen one marked where files can be
// given from here.
func (s *verification) files() string {
	st := s.env.Styles
	var b strings.Builder
	for i, kind := range model.KYCFileKinds {
		mark := " "
		if i == s.slot && s.mine() && !s.remote() {
			mark = st.CursorMark
		}
		desc := st.Muted.Render("not given yet")
		if f := s.req.File(kind); f != nil {
			desc = common.CleanLine(fileSummary(f))
		}
		label := common.PadRight(kind.Title(), 25)
		b.WriteString(mark + " " + label + " " + common.Hanging(desc, 28, s.width) + "\n")
	}
	return b.String()
}

// fileSummary describes a file: its name, type, size and pixels or pages.
func fileSummary(f *model.KYCFile) string {
	s := f.Name + " · " + f.Type.Title() + " · " + model.HumanSize(f.Size)
	switch {
	case f.Pages > 0:
		s += " · " + common.Plural(f.Pages, "page")
	case f.Width > 0:
		s += fmt.Sprintf(" · %d×%d", f.Width, f.Height)
	}
	return s
}

// hint says what can be done next.
func (s *verification) hint() string {
	st, w := s.env.Styles, s.width
	r := s.req
	switch {
	case s.canStart():
		return st.Muted.Render(common.Wrap("Press n to start: choose the document you will show.", w))
	case s.draft() && !s.mine():
		text := common.CleanLine(r.Requester) + " started this verification with their own documents; only they can give its files and send it."
		if s.canDiscard() {
			text += " As an owner, you can discard it with d."
		}
		return st.Muted.Render(common.Wrap(text, w))
	case s.draft() && s.remote():
		return s.scpHint()
	case s.draft():
		return st.Muted.Render(common.Wrap("enter chooses the selected file on this computer; s sends both for review once they are here.", w))
	}
	return ""
}

// portFlag is scp's option for the port this console's client connected
// to: none for 22, and the server's default when unknown.
func (s *verification) portFlag() string {
	switch p := s.env.SSHPort; p {
	case 22:
		return ""
	case 0:
		return "-P 2222 "
	default:
		return "-P " + strconv.Itoa(p) + " "
	}
}

// scpHint says how to send the files over SSH, where the console cannot
// read them (R-KYC-1, R-SRV-5).
func (s *verification) scpHint() string {
	st, w := s.env.Styles, s.width
	return st.Muted.Render(common.Wrap("Over SSH this console cannot read files on your computer. Send them from your computer with scp "+
		"to this server (HOST, where you connect), with an SSH key of yours (SSH & GPG keys):", w)) + "\n" +
		"  scp " + s.portFlag() + "passport.jpg HOST:kyc/document\n" +
		"  scp " + s.portFlag() + "selfie.jpg HOST:kyc/selfie\n" +
		st.Muted.Render(common.Wrap("This screen shows them within a few seconds. JPEG, PNG or PDF, at most 10 MB each.", w))
}
