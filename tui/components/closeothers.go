package components

import (
	"context"
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
)

// closeOthersID tags the password prompt of CloseOtherSessions.
const closeOthersID = "sessions.close-others"

// OfferToCloseOtherSessions asks, after a change to how the user signs in
// (R-PWD-6: 2FA on or off, new recovery codes, a new mobile number, a new
// key), whether to close every other session of theirs: someone who made
// the change behind their back would be signed out with it. Yes asks the
// password (R-PWD-4) and says how many sessions ended. It does nothing
// when this is the user's only session.
func OfferToCloseOtherSessions(env *common.Env, what string) tea.Cmd {
	offer := &closeOthers{env: env, what: what}
	return env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		list, err := svc.ListSessions(ctx)
		return OthersCountedMsg{offer: offer, n: len(list) - 1, err: err}
	})
}

// OthersCountedMsg carries the count of the other sessions; the root opens
// the question with Open.
type OthersCountedMsg struct {
	offer *closeOthers
	n     int
	err   error
}

// closeOthers is the question; it replaces itself with the password prompt
// on yes.
type closeOthers struct {
	env   *common.Env
	what  string
	n     int
	width int
}

// Open asks the question when there are other sessions to close.
func (m OthersCountedMsg) Open() {
	if m.err == nil && m.n > 0 {
		m.offer.n = m.n
		m.offer.env.Nav.Push(m.offer)
	}
}

func (c *closeOthers) Init() tea.Cmd       { return nil }
func (c *closeOthers) Title() string       { return "Other sessions" }
func (c *closeOthers) Layer() common.Layer { return common.Modal }
func (c *closeOthers) Capturing() bool     { return true }
func (c *closeOthers) SetSize(w, h int)    { c.width = w }
func (c *closeOthers) Keys() []key.Binding {
	return []key.Binding{questionKeys.Yes, questionKeys.No}
}

func (c *closeOthers) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	switch {
	case !ok:
	case key.Matches(k, questionKeys.Yes):
		p := NewPasswordPrompt(c.env, Action{ID: closeOthersID, Reason: "To close your other sessions, type your password.",
			Run: func(ctx context.Context, svc *model.Service, pw string) (Result, error) {
				n, err := svc.CloseOtherSessions(ctx, pw)
				return Result{Value: n}, err
			},
			Flash: func(r Result) string {
				return fmt.Sprintf("%s closed; their consoles sign out within two seconds.", common.Plural(r.Value.(int), "other session"))
			}})
		c.env.Nav.Replace(p)
		return c, p.Init()
	case key.Matches(k, questionKeys.No):
		c.env.Nav.Close(c, "")
	}
	return c, nil
}

func (c *closeOthers) View() string {
	st := c.env.Styles
	w := boxWidth(c.width, 64)
	inner := w - st.Modal.GetHorizontalFrameSize()
	text := fmt.Sprintf("%s. You have %s open elsewhere. Close them? Anyone who used them is signed out.", c.what, common.Plural(c.n, "other session"))
	return st.Modal.Width(w).Render(st.Title.Render("Close your other sessions?") + "\n\n" + common.Wrap(common.Clean(text), inner) +
		"\n\n" + HelpLine(st, c.Keys(), inner))
}
