package settings

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/tui/common"
	"acctl/tui/components"
)

var pinKeys = struct{ Close key.Binding }{
	Close: key.NewBinding(key.WithKeys("esc", "enter", "q"), key.WithHelp("esc", "hide the PIN")),
}

// pinView shows the support PIN (R-SET-3) until the user hides it; it is
// not kept once hidden: p shows it again, after the password.
type pinView struct {
	env   *common.Env
	pin   string
	isNew bool
	width int
}

func newPINView(env *common.Env, pin string, isNew bool) *pinView {
	return &pinView{env: env, pin: pin, isNew: isNew}
}

func (v *pinView) Init() tea.Cmd       { return nil }
func (v *pinView) Title() string       { return "Support PIN" }
func (v *pinView) Layer() common.Layer { return common.Modal }
func (v *pinView) Capturing() bool     { return true }
func (v *pinView) SetSize(w, h int)    { v.width = w }
func (v *pinView) Keys() []key.Binding { return []key.Binding{pinKeys.Close} }

func (v *pinView) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, pinKeys.Close) {
		v.pin = ""
		v.env.Nav.Close(v, "")
	}
	return v, nil
}

func (v *pinView) View() string {
	st := v.env.Styles
	w := min(max(v.width, 30), 60)
	title := "Support PIN"
	if v.isNew {
		title = "Your new support PIN"
	}
	pin := common.CleanLine(v.pin)
	if len(pin) == 6 {
		pin = pin[:3] + " " + pin[3:]
	}
	note := "Give it to the provider's support when they ask who is calling. They never see it: acctl only tells them whether it matches."
	inner := w - st.Modal.GetHorizontalFrameSize()
	return st.Modal.Width(w).Render(st.Title.Render(title) + "\n\n   " + st.Title.Render(pin) + "\n\n" +
		common.Wrap(note, inner) + "\n\n" + components.HelpLine(st, v.Keys(), inner))
}
