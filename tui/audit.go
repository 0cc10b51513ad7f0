package tui

import (
	"fmt"
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
	s.p.setHeight(h - 3)
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
	b.WriteString(st.TableHeader.Render(truncate(fmt.Sprintf(" %-16s  %-24s  %-26s  %-28s  %s", "Time (UTC)", "Who", "What", "Object", "From · detail"), s.width)))
	b.WriteByte('\n')
	for i, e := range s.p.rows {
		s.line.Reset()
		fmt.Fprintf(&s.line, " %-16s  %-24s  %-26s  %-28s  %s",
			e.At.Format("2006-01-02 15:04"), truncate(e.Actor, 24), truncate(e.Action, 26), truncate(e.Object, 28), e.Origin.String())
		if e.Detail != "" {
			s.line.WriteString(" · " + e.Detail)
		}
		row := truncate(s.line.String(), s.width)
		if i == s.p.sel {
			row = st.SelectedRow.Render(row)
		}
		b.WriteString(row)
		b.WriteByte('\n')
	}
	return b.String()
}
