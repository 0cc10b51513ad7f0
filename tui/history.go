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

// historyList draws the sign-in history.
var historyList = listView[*model.AuthEvent]{
	title: "Sign-in history",
	empty: "No sign-in attempts yet.",
	cols: []column{{"Time (UTC)", 19, 0}, {"Result", 14, 0}, {"Origin", 22, 0},
		{"Kind", 12, 2}, {"Client", 20, 1}},
	cells: func(l layout, b *strings.Builder, e *model.AuthEvent) {
		l.row(b, e.At.Format("2006-01-02 15:04:05"), string(e.Result), e.Origin.String(), string(e.Kind), e.Client.String())
	},
	failed: func(e *model.AuthEvent) bool { return e.Result.Failed() },
	detail: func(e *model.AuthEvent) string {
		return " " + string(e.Kind) + " · " + string(e.Result) + " · " + e.Origin.String() + " · " + e.Client.String()
	},
}

func (s *historyScreen) View() string { return s.p.view(s.c.st, s.width, historyList) }

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
