package components

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/tui/common"
)

// Placeholder stands in for a screen that is being rebuilt.
type Placeholder struct {
	Env  *common.Env
	Name string
}

func (p *Placeholder) Init() tea.Cmd                               { return nil }
func (p *Placeholder) Title() string                               { return p.Name }
func (p *Placeholder) Keys() []key.Binding                         { return nil }
func (p *Placeholder) SetSize(w, h int)                            {}
func (p *Placeholder) Update(msg tea.Msg) (common.Screen, tea.Cmd) { return p, nil }
func (p *Placeholder) View() string {
	return p.Env.Styles.Title.Render(p.Name) + "\n\nThis screen is being rebuilt."
}
