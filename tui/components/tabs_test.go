package components_test

import (
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"acctl/tui/common"
	"acctl/tui/components"
)

// page is a tab that counts what it is given.
type page struct {
	name      string
	keys, all int
	capturing bool
}

func (p *page) Init() tea.Cmd       { return nil }
func (p *page) Title() string       { return p.name }
func (p *page) SetSize(int, int)    {}
func (p *page) Keys() []key.Binding { return nil }
func (p *page) Capturing() bool     { return p.capturing }
func (p *page) View() string        { return p.name + "  rows 1–2\nbody of " + p.name }
func (p *page) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	if _, ok := msg.(tea.KeyPressMsg); ok {
		p.keys++
	}
	p.all++
	return p, nil
}

func press(t *components.Tabs, k string) {
	code := map[string]rune{"right": tea.KeyRight, "left": tea.KeyLeft}[k]
	if code == 0 {
		code = rune(k[0])
	}
	t.Update(tea.KeyPressMsg{Code: code})
}

// R-SSH-4's two lists and Requests' two tabs: → and ← switch, a click on
// a name of the title line too; keys go to the tab shown, other messages
// to every tab; a tab taking text keeps its arrows.
func TestTabs(t *testing.T) {
	env := &common.Env{Styles: common.NewStyles(true, true)}
	a, b := &page{name: "Requests"}, &page{name: "Verification"}
	tabs := components.NewTabs(env, "Requests", components.Tab{Name: "Requests", Screen: a}, components.Tab{Name: "Verification", Screen: b})
	tabs.SetSize(80, 24)
	view := func() string { return ansi.Strip(tabs.View()) }
	if got := view(); got != "Requests  rows 1–2 │ Verification →\nbody of Requests" {
		t.Fatalf("first tab:\n%s", got)
	}
	press(tabs, "left") // nothing before the first
	press(tabs, "x")
	if a.keys != 2 || tabs.Shown() != a {
		t.Fatalf("keys reached %d / %d", a.keys, b.keys)
	}
	press(tabs, "right")
	if got := view(); got != "← Requests │ Verification  rows 1–2\nbody of Verification" || tabs.Title() != "Requests › Verification" {
		t.Fatalf("second tab, %q:\n%s", tabs.Title(), got)
	}
	tabs.Update(tea.WindowSizeMsg{}) // not input: every tab
	if a.all != 3 || b.all != 1 {
		t.Fatalf("a message reached %d and %d tabs' Update", a.all, b.all)
	}
	b.capturing = true
	press(tabs, "left")
	if tabs.Shown() != b || b.keys != 1 {
		t.Fatal("← left a tab that takes text")
	}
	b.capturing = false
	tabs.Update(common.ClickMsg{X: 3, Y: 0}) // on "Requests", after the arrow
	if tabs.Shown() != a {
		t.Fatal("a click on the first name did not switch")
	}
	tabs.Update(common.ClickMsg{X: 24, Y: 0}) // on "Verification"
	if tabs.Shown() != b {
		t.Fatal("a click on the second name did not switch")
	}
}
