package staff

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// Verifications is the verification queue (R-STF-2): every account's
// pending verification requests, the oldest sent first; enter opens one.
type Verifications struct {
	*components.List[*model.KYCRequest]
}

// NewVerifications opens the verification queue.
func NewVerifications(env *common.Env) common.Screen {
	fetch := queueFetch(func(ctx context.Context, svc *model.Service, p model.QueuePage) ([]*model.KYCRequest, error) {
		return svc.VerificationQueue(ctx, p)
	}, func(r *model.KYCRequest) model.EventCursor { return model.EventCursor{At: sentAt(r), ID: r.ID} })
	return &Verifications{&components.List[*model.KYCRequest]{
		Env: env, Win: components.NewWindow(env, fetch, func(r *model.KYCRequest) int64 { return r.ID }),
		Name: "Verification queue", Empty: "No verification waits for a decision.", Reload: 5,
		Table: components.Table[*model.KYCRequest]{
			Cols: []common.Column{{Title: "Sent (UTC)", Width: 16}, {Title: "Company", Width: 22}, {Title: "Document", Width: 17, Drop: 1},
				{Title: "Requested by", Width: 20, Drop: 2}},
			Row: func(l common.Layout, b *strings.Builder, r *model.KYCRequest) {
				l.Row(b, sentAt(r).UTC().Format(common.MinuteLayout), r.Company, r.DocumentType.Title(), r.Requester)
			},
		},
		Detail: func(r *model.KYCRequest) string {
			return r.Company + " · " + r.DocumentType.Title() + " and a selfie · from " + r.Requester
		},
	}}
}

// sentAt is when a request was sent (its place in the queue).
func sentAt(r *model.KYCRequest) time.Time {
	if r.SubmittedAt != nil {
		return *r.SubmittedAt
	}
	return r.CreatedAt
}

func (s *Verifications) Title() string { return "Verifications" }
func (s *Verifications) Keys() []key.Binding {
	return append([]key.Binding{queueKeys.Open}, s.List.Keys()...)
}

func (s *Verifications) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, queueKeys.Open) {
		if r, ok := s.Selected(); ok {
			s.Env.Nav.Push(newVerification(s.Env, r.ID))
		}
		return s, nil
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}

var verificationKeys = struct{ View, Approve, Reject, Export, Move key.Binding }{
	View:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "view file")),
	Approve: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "approve")),
	Reject:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "reject")),
	Export:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export file")),
	Move:    key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "file")),
}

const (
	approveKYCID = "staff.kyc.approve"
	rejectKYCID  = "staff.kyc.reject"
)

type (
	verificationLoadedMsg struct {
		s   *verification
		r   *model.KYCRequest
		err error
	}
	verificationDecidedMsg struct {
		s   *verification
		err error
	}
	exportedMsg struct {
		s    *verification
		path string
		err  error
	}
)

// verification is one request as staff decide it (R-STF-2): who sent
// which document, its two files (an image drawn in the terminal, a PDF by
// its pages and size), approve, or reject with a reason; on the server's
// own console, export a file.
type verification struct {
	env   *common.Env
	id    int64
	r     *model.KYCRequest
	err   error
	file  int // the selected file
	width int
}

func newVerification(env *common.Env, id int64) *verification { return &verification{env: env, id: id} }

func (s *verification) Init() tea.Cmd {
	id, me := s.id, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		r, err := svc.VerificationRequest(ctx, id)
		return verificationLoadedMsg{me, r, err}
	})
}

func (s *verification) Title() string    { return "Verification" }
func (s *verification) SetSize(w, h int) { s.width = w }
func (s *verification) pending() bool    { return s.r != nil && s.r.Status == model.KYCPending }
func (s *verification) selected() *model.KYCFile {
	if s.r == nil || s.file >= len(s.r.Files) {
		return nil
	}
	return s.r.Files[s.file]
}

func (s *verification) Keys() []key.Binding {
	k := verificationKeys
	keys := []key.Binding{k.Move, k.View}
	if s.env.Saver != nil { // R-SRV-5: never over SSH
		keys = append(keys, k.Export)
	}
	if s.pending() {
		keys = append(keys, k.Approve, k.Reject)
	}
	return keys
}

func (s *verification) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case verificationLoadedMsg:
		if msg.s == s {
			s.r, s.err = msg.r, msg.err
		}
	case verificationDecidedMsg:
		if msg.s == s {
			return s, s.decided(msg.err, "Verification approved; the customer is notified.")
		}
	case editedMsg:
		if msg.id == rejectKYCID && !msg.cancelled {
			return s, s.decided(nil, "Verification rejected; the customer reads the reason.")
		}
	case components.AnsweredMsg:
		if msg.ID == approveKYCID && msg.Yes {
			return s, s.approve()
		}
	case exportedMsg:
		if msg.s == s {
			s.exported(msg.path, msg.err)
		}
	case tea.KeyPressMsg:
		return s, s.key(msg)
	}
	return s, nil
}

func (s *verification) key(msg tea.KeyPressMsg) tea.Cmd {
	k := verificationKeys
	switch {
	case msg.String() == "up" || msg.String() == "k":
		s.file = max(s.file-1, 0)
	case msg.String() == "down" || msg.String() == "j":
		if s.r != nil {
			s.file = min(s.file+1, max(len(s.r.Files)-1, 0))
		}
	case key.Matches(msg, k.View):
		s.view()
	case key.Matches(msg, k.Export) && s.env.Saver != nil:
		return s.export()
	case key.Matches(msg, k.Approve) && s.pending():
		components.Ask(s.env, approveKYCID, fmt.Sprintf("Approve the verification of %s with this %s? The customer is notified.", s.r.Company, s.r.DocumentType.Title()))
	case key.Matches(msg, k.Reject) && s.pending():
		id := s.id
		s.env.Nav.Push(newEditor(s.env, rejectKYCID, "Reject the verification of "+s.r.Company,
			"Say why, and what to send instead: the customer reads it and may start a new verification.",
			func(ctx context.Context, svc *model.Service, text string) (any, error) {
				return svc.RejectVerification(ctx, id, text)
			}))
	}
	return nil
}

// view draws an image file, or says what a PDF is.
func (s *verification) view() {
	f := s.selected()
	switch {
	case f == nil:
	case f.Type.IsImage():
		s.env.Nav.Push(newPreview(s.env, s.r, f))
	default:
		where := "press e to export it to a file and open it there."
		if s.env.Saver == nil { // R-SRV-5: over SSH nothing is written on the server
			where = "export it with acctl on the server itself (e), never over SSH."
		}
		s.env.Flash(fmt.Sprintf("%s: a PDF of %s, %s, which is not drawn here: %s",
			f.Kind.Title(), common.Plural(f.Pages, "page"), model.HumanSize(f.Size), where))
	}
}

func (s *verification) approve() tea.Cmd {
	id, me := s.id, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		_, err := svc.ApproveVerification(ctx, id)
		return verificationDecidedMsg{me, err}
	})
}

func (s *verification) decided(err error, said string) tea.Cmd {
	if err != nil {
		s.env.FlashError(err)
		return s.Init()
	}
	s.env.Nav.Close(s, said)
	return nil
}

// export writes the selected file to a new file on the server's own
// console (R-STF-2, R-SRV-5); the model audits the reading.
func (s *verification) export() tea.Cmd {
	f := s.selected()
	if f == nil {
		return nil
	}
	id, kind, saver, me := s.id, f.Kind, s.env.Saver, s
	name := fmt.Sprintf("verification-%d-%s%s", id, kind, extension(f.Type))
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		c, err := svc.VerificationFile(ctx, id, kind)
		if err != nil {
			return exportedMsg{me, "", err}
		}
		path, err := saver.Save(saver.Suggest(name), string(c.Data))
		return exportedMsg{me, path, err}
	})
}

func (s *verification) exported(path string, err error) {
	if err != nil {
		s.env.FlashError(err)
		return
	}
	s.env.Flash("Exported to " + common.CleanLine(path) + " (readable by you only). Delete it once checked.")
}

// extension is a file type's usual extension.
func extension(t model.FileType) string {
	switch t {
	case model.FileJPEG:
		return ".jpg"
	case model.FilePNG:
		return ".png"
	}
	return ".pdf"
}

func (s *verification) View() string {
	st := s.env.Styles
	switch {
	case s.err != nil:
		return st.Error.Render(common.Wrap(common.ErrText(s.err), s.width))
	case s.r == nil:
		return st.Muted.Render("Loading…")
	}
	r := s.r
	field := func(label, value string) string {
		return common.Field(st, label, common.CleanLine(value), 12, s.width) + "\n"
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(common.Truncate(common.CleanLine("Verification of "+r.Company), s.width)) + "\n\n")
	b.WriteString(field("Requested by", r.Requester))
	b.WriteString(field("Document", r.DocumentType.Title()))
	b.WriteString(field("Sent", sentAt(r).UTC().Format(common.MinuteLayout)+" UTC"))
	status := r.Status.Title()
	if r.Reason != "" {
		status += ": " + r.Reason
	}
	b.WriteString(field("Status", status))
	b.WriteString("\n" + st.TableHeader.Render(" Files") + "\n")
	for i, f := range r.Files {
		mark := " "
		if i == s.file {
			mark = st.CursorMark
		}
		b.WriteString(mark + common.Truncate(common.CleanLine(fileLine(f)), s.width-1) + "\n")
	}
	return b.String()
}

// fileLine says what a file is: an image by its pixels, a PDF by its
// pages, each with its size (R-STF-2).
func fileLine(f *model.KYCFile) string {
	return fmt.Sprintf("%-24s %s", f.Kind.Title(), fileFacts(f))
}

// fileFacts says what a file is: its name, type, pixels or pages, and size.
func fileFacts(f *model.KYCFile) string {
	what := fmt.Sprintf("%d×%d", f.Width, f.Height)
	if !f.Type.IsImage() {
		what = common.Plural(f.Pages, "page")
	}
	return fmt.Sprintf("%s · %s · %s · %s", f.Name, f.Type.Title(), what, model.HumanSize(f.Size))
}
