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

// auditList draws the security log.
var auditList = listView[*model.AuditEvent]{
	title: "Security log",
	empty: "Nothing has been recorded yet.",
	cols: []column{{"Time (UTC)", 16, 0}, {"Who", 22, 0}, {"What", 24, 0},
		{"Object", 26, 1}, {"From · detail", 20, 2}},
	cells: func(l layout, b *strings.Builder, e *model.AuditEvent) {
		from := e.Origin.String()
		if e.Detail != "" {
			from += " · " + e.Detail
		}
		l.row(b, e.At.Format("2006-01-02 15:04"), e.Actor, e.Action, e.Object, from)
	},
	detail: func(e *model.AuditEvent) string {
		d := " " + e.Action + " · " + e.Object + " · from " + e.Origin.String()
		if e.Detail != "" {
			d += " · " + e.Detail
		}
		return d
	},
}

func (s *auditScreen) View() string { return s.p.view(s.c.st, s.width, auditList) }
