package staff

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// Deactivations is the deactivation reviews (R-STF-3): every account's
// pending requests to deactivate, the oldest first; enter opens one.
type Deactivations struct {
	*components.List[*model.DeactivationRequest]
}

// NewDeactivations opens the deactivation reviews.
func NewDeactivations(env *common.Env) common.Screen {
	fetch := queueFetch(func(ctx context.Context, svc *model.Service, p model.QueuePage) ([]*model.DeactivationRequest, error) {
		return svc.DeactivationQueue(ctx, p)
	}, func(r *model.DeactivationRequest) model.EventCursor {
		return model.EventCursor{At: r.RequestedAt, ID: r.ID}
	})
	return &Deactivations{&components.List[*model.DeactivationRequest]{
		Env: env, Win: components.NewWindow(env, fetch, func(r *model.DeactivationRequest) int64 { return r.ID }),
		Name: "Deactivation reviews", Empty: "No request to deactivate an account waits for review.", Reload: 5,
		Table: components.Table[*model.DeactivationRequest]{
			Cols: []common.Column{{Title: "Requested (UTC)", Width: 16}, {Title: "Company", Width: 24}, {Title: "Requested by", Width: 28, Drop: 1}},
			Row: func(l common.Layout, b *strings.Builder, r *model.DeactivationRequest) {
				l.Row(b, r.RequestedAt.UTC().Format(common.MinuteLayout), r.Company, r.RequestedByName+" <"+r.RequestedByEmail+">")
			},
		},
		Detail: func(r *model.DeactivationRequest) string {
			return r.Company + " · asked by " + r.RequestedByName + " · check debts, active services and the balance"
		},
	}}
}

func (s *Deactivations) Title() string { return "Deactivations" }
func (s *Deactivations) Keys() []key.Binding {
	return append([]key.Binding{queueKeys.Open}, s.List.Keys()...)
}

func (s *Deactivations) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, queueKeys.Open) {
		if r, ok := s.Selected(); ok {
			s.Env.Nav.Push(newReview(s.Env, r))
		}
		return s, nil
	}
	cmd, _ := s.List.Update(msg)
	return s, cmd
}

var reviewKeys = struct{ Move, Tick, Note, Approve, Reject key.Binding }{
	Move:    key.NewBinding(key.WithKeys("up", "down", "k", "j"), key.WithHelp("↑/↓", "point")),
	Tick:    key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "cleared")),
	Note:    key.NewBinding(key.WithKeys("e", "enter"), key.WithHelp("e", "note")),
	Approve: key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "approve")),
	Reject:  key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "reject")),
}

const (
	noteID    = "staff.review.note"
	approveID = "staff.review.approve"
	rejectID  = "staff.review.reject"
)

type reviewDoneMsg struct {
	s   *review
	err error
}

// review is one deactivation request under billing review (R-STF-3,
// R-SET-5): the checklist — debts, active services, balance — each ticked
// when cleared, with a note; approve (the account is deactivated and every
// session of it ends) when all are cleared, or reject with a reason.
type review struct {
	env   *common.Env
	r     *model.DeactivationRequest
	list  model.DeactivationChecklist
	sel   int
	note  int // the point whose note is being written
	width int
}

func newReview(env *common.Env, r *model.DeactivationRequest) *review {
	return &review{env: env, r: r, list: r.Checklist}
}

func (s *review) Init() tea.Cmd    { return nil }
func (s *review) Title() string    { return "Review" }
func (s *review) SetSize(w, h int) { s.width = w }
func (s *review) Keys() []key.Binding {
	k := reviewKeys
	return []key.Binding{k.Move, k.Tick, k.Note, k.Approve, k.Reject}
}

func (s *review) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case editedMsg:
		return s, s.edited(msg)
	case components.AnsweredMsg:
		if msg.ID == approveID && msg.Yes {
			return s, s.approve()
		}
	case reviewDoneMsg:
		if msg.s == s {
			if msg.err != nil {
				s.env.FlashError(msg.err)
				return s, nil
			}
			s.env.Nav.Close(s, "Approved: "+common.CleanLine(s.r.Company)+" is deactivated; its sessions end and sign-in says why.")
		}
	case tea.KeyPressMsg:
		s.key(msg)
	}
	return s, nil
}

func (s *review) key(msg tea.KeyPressMsg) {
	k := reviewKeys
	items := s.list.Items()
	switch {
	case msg.String() == "up" || msg.String() == "k":
		s.sel = max(s.sel-1, 0)
	case msg.String() == "down" || msg.String() == "j":
		s.sel = min(s.sel+1, len(items)-1)
	case key.Matches(msg, k.Tick):
		items[s.sel].Item.Cleared = !items[s.sel].Item.Cleared
	case key.Matches(msg, k.Note):
		it := items[s.sel]
		s.note = s.sel
		e := newEditor(s.env, noteID, "Note on "+strings.ToLower(it.Name), "One line, at most 200 characters: what you checked.",
			func(ctx context.Context, svc *model.Service, text string) (any, error) {
				note := strings.Join(strings.Fields(text), " ")
				c := model.DeactivationChecklist{Debts: model.ChecklistItem{Note: note}}
				return note, model.CheckChecklist(c, false)
			})
		e.area.SetValue(it.Item.Note)
		s.env.Nav.Push(e)
	case key.Matches(msg, k.Approve):
		if err := model.CheckChecklist(s.list, true); err != nil {
			s.env.FlashError(err)
			return
		}
		components.Ask(s.env, approveID, fmt.Sprintf("Deactivate %s? Every session of its users ends at once, and nobody can sign in to it any more.", s.r.Company))
	case key.Matches(msg, k.Reject):
		id, list := s.r.ID, s.list
		s.env.Nav.Push(newEditor(s.env, rejectID, "Reject the request of "+s.r.Company,
			"Say why: the account's owners read it under Account settings and are notified. The checklist is kept as it is.",
			func(ctx context.Context, svc *model.Service, text string) (any, error) {
				return svc.RejectDeactivationReview(ctx, id, text, list)
			}))
	}
}

func (s *review) edited(msg editedMsg) tea.Cmd {
	switch {
	case msg.cancelled:
	case msg.id == noteID:
		s.list.Items()[s.note].Item.Note = msg.value.(string)
	case msg.id == rejectID:
		s.env.Nav.Close(s, "Rejected: "+common.CleanLine(s.r.Company)+" stays active; its owners read the reason.")
	}
	return nil
}

func (s *review) approve() tea.Cmd {
	id, list, me := s.r.ID, s.list, s
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		_, err := svc.ApproveDeactivationReview(ctx, id, list)
		return reviewDoneMsg{me, err}
	})
}

func (s *review) View() string {
	st := s.env.Styles
	r := s.r
	field := func(label, value string) string {
		return common.Field(st, label, common.CleanLine(value), 12, s.width) + "\n"
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(common.Truncate(common.CleanLine("Deactivate "+r.Company+"?"), s.width)) + "\n\n")
	b.WriteString(field("Requested by", r.RequestedByName+" <"+r.RequestedByEmail+">"))
	b.WriteString(field("Requested", r.RequestedAt.UTC().Format(common.MinuteLayout)+" UTC"))
	b.WriteString("\n" + st.TableHeader.Render(" Billing checklist") + "\n")
	for i, it := range s.list.Items() {
		mark, box := " ", "[ ]"
		if i == s.sel {
			mark = st.CursorMark
		}
		if it.Item.Cleared {
			box = "[x]"
		}
		line := fmt.Sprintf("%s %-16s", box, it.Name)
		note := it.Item.Note
		if note == "" {
			note = "no note"
		}
		b.WriteString(mark + line + " " + st.Muted.Render(common.Truncate(common.CleanLine(note), max(s.width-22, 8))) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render(common.Wrap("Approve when every point is cleared: the account is deactivated, every session of it ends, and sign-in says why. Otherwise reject with the reason.", s.width)))
	return b.String()
}
