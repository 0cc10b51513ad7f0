package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
)

type historyCountMsg struct {
	n   int
	err error
}

// historyScreen is the sign-in history (R-SES-3): every attempt, failed ones
// included, with time, origin and result, newest first, paged through the
// store one window at a time.
type historyScreen struct {
	c      *screenCtx
	p      *pager[*model.AuthEvent]
	width  int
	height int
	line   strings.Builder
}

func newHistoryScreen(c *screenCtx) *historyScreen {
	b := c.b
	p := newPager(b.SignInHistory, func(e *model.AuthEvent) model.EventCursor { return model.EventCursor{At: e.At, ID: e.ID} })
	return &historyScreen{c: c, p: p}
}

func (s *historyScreen) Init() tea.Cmd {
	s.p.home()
	b := s.c.b
	return func() tea.Msg {
		n, err := b.CountSignInHistory()
		return historyCountMsg{n, err}
	}
}

func (s *historyScreen) Title() string   { return "Sign-in history" }
func (s *historyScreen) Capturing() bool { return false }

func (s *historyScreen) Keys() []key.Binding { return s.p.keys() }

func (s *historyScreen) SetSize(w, h int) {
	s.width, s.height = w, h
	s.p.setHeight(h - 5)
}

func (s *historyScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case historyCountMsg:
		if msg.err == nil {
			s.p.total = msg.n
		}
	case screenResumedMsg:
		s.p.reload()
	case tea.KeyPressMsg:
		s.p.handleKey(msg)
	}
	return s, nil
}

func (s *historyScreen) View() string {
	st := s.c.st
	var b strings.Builder
	b.Grow(s.width * (s.height + 1))
	b.WriteString(st.Title.Render("Sign-in history"))
	b.WriteString("  ")
	b.WriteString(st.Muted.Render(position(s.p.offset, len(s.p.rows), s.p.total)))
	b.WriteByte('\n')
	if s.p.err != nil {
		b.WriteString(st.Error.Render(errText(s.p.err)))
		return b.String()
	}
	if len(s.p.rows) == 0 {
		b.WriteString(st.Muted.Render("No sign-in attempts yet."))
		return b.String()
	}
	l := newLayout(s.width,
		column{"Time (UTC)", 19, 0}, column{"Result", 14, 0}, column{"Origin", 22, 0},
		column{"Kind", 12, 2}, column{"Client", 20, 1})
	b.WriteString(st.TableHeader.Render(l.header()))
	b.WriteByte('\n')
	for i, e := range s.p.rows {
		s.line.Reset()
		l.row(&s.line, e.At.Format("2006-01-02 15:04:05"), string(e.Result), e.Origin.String(), string(e.Kind), e.Client.String())
		row := s.line.String()
		switch {
		case i == s.p.sel:
			row = st.SelectedRow.Render(row)
		case e.Result.Failed():
			row = st.Error.Render(row)
		}
		b.WriteString(row)
		b.WriteByte('\n')
	}
	if s.p.sel < len(s.p.rows) {
		e := s.p.rows[s.p.sel]
		b.WriteByte('\n')
		b.WriteString(detailLines(st, " "+string(e.Kind)+" · "+string(e.Result)+" · "+e.Origin.String()+" · "+e.Client.String(), s.width))
	}
	return b.String()
}

// position says which rows are shown: "rows 1–20 of 1,000,000".
func position(offset, n, total int) string {
	if n == 0 {
		return ""
	}
	if total < 0 {
		return fmt.Sprintf("rows %d–%d", offset+1, offset+n)
	}
	return fmt.Sprintf("rows %d–%d of %s", offset+1, offset+n, thousands(total))
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
