package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
)

// auditScreen is the Security log (R-AUD-1), owners only: who changed what,
// which object, when and from where, newest first.
type auditScreen struct {
	c      *screenCtx
	p      *pager[*model.AuditEvent]
	width  int
	height int
	line   strings.Builder
}

func newAuditScreen(c *screenCtx) *auditScreen {
	p := newPager(c.b.SecurityLog, func(e *model.AuditEvent) model.EventCursor { return model.EventCursor{At: e.At, ID: e.ID} })
	return &auditScreen{c: c, p: p}
}

func (s *auditScreen) Init() tea.Cmd   { s.p.home(); return nil }
func (s *auditScreen) Title() string   { return "Security log" }
func (s *auditScreen) Capturing() bool { return false }

func (s *auditScreen) Keys() []key.Binding { return s.p.keys() }

func (s *auditScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.p.setHeight(h - 5)
}

func (s *auditScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case screenResumedMsg:
		s.p.reload()
	case tea.KeyPressMsg:
		s.p.handleKey(msg)
	}
	return s, nil
}

func (s *auditScreen) View() string {
	st := s.c.st
	var b strings.Builder
	b.WriteString(st.Title.Render("Security log"))
	b.WriteString("  ")
	b.WriteString(st.Muted.Render(position(s.p.offset, len(s.p.rows), s.p.total)))
	b.WriteByte('\n')
	if s.p.err != nil {
		b.WriteString(st.Error.Render(errText(s.p.err)))
		return b.String()
	}
	if len(s.p.rows) == 0 {
		b.WriteString(st.Muted.Render("Nothing has been recorded yet."))
		return b.String()
	}
	l := newLayout(s.width,
		column{"Time (UTC)", 16, 0}, column{"Who", 22, 0}, column{"What", 24, 0},
		column{"Object", 26, 1}, column{"From · detail", 20, 2})
	b.WriteString(st.TableHeader.Render(l.header()))
	b.WriteByte('\n')
	for i, e := range s.p.rows {
		s.line.Reset()
		from := e.Origin.String()
		if e.Detail != "" {
			from += " · " + e.Detail
		}
		l.row(&s.line, e.At.Format("2006-01-02 15:04"), e.Actor, e.Action, e.Object, from)
		row := s.line.String()
		if i == s.p.sel {
			row = st.SelectedRow.Render(row)
		}
		b.WriteString(row)
		b.WriteByte('\n')
	}
	if s.p.sel < len(s.p.rows) {
		e := s.p.rows[s.p.sel]
		detail := " " + e.Action + " · " + e.Object + " · from " + e.Origin.String()
		if e.Detail != "" {
			detail += " · " + e.Detail
		}
		b.WriteByte('\n')
		b.WriteString(detailLines(st, detail, s.width))
	}
	return b.String()
}
