package components_test

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

type item struct {
	id     int64
	detail string
}

// run delivers what cmd returns to l, and what that returns, as the
// program would.
func run(l *components.List[item], cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			run(l, c)
		}
	default:
		next, _ := l.Update(msg)
		run(l, next)
	}
}

// The selected row's detail is drawn in full, however many lines it needs
// in a narrow area: the list gives up rows for it instead of cutting it
// (issue 9: an SSH key's owner was cut after two lines).
func TestListDetailIsNeverCut(t *testing.T) {
	long := strings.Repeat("a long detail that goes on ", 8) + "and ends here@example.com"
	items := []item{{1, "short"}, {2, long}, {3, "short again"}}
	id := func(x item) int64 { return x.id }
	env := &common.Env{Styles: common.NewStyles(true, false), Ctx: context.Background()}
	fetch := components.SliceFetch(func(context.Context, *model.Service) ([]item, error) { return items, nil }, id)
	l := &components.List[item]{
		Env: env, Win: components.NewWindow(env, fetch, id), Name: "Items",
		Table:  components.Table[item]{Cols: []common.Column{{Title: "ID", Width: 4}}, Row: func(l common.Layout, b *strings.Builder, x item) { l.Row(b, "x") }},
		Detail: func(x item) string { return x.detail },
	}
	const w, h = 60, 13
	l.SetSize(w, h)
	run(l, l.Init())
	for _, k := range []string{"", "down", "down"} {
		if k != "" {
			cmd, _ := l.Update(tea.KeyPressMsg{Code: map[string]rune{"down": tea.KeyDown}[k]})
			run(l, cmd)
		}
		x, _ := l.Selected()
		view := ansi.Strip(l.View())
		flat := strings.Join(strings.Fields(view), " ")
		if !strings.Contains(flat, strings.Join(strings.Fields(x.detail), " ")) {
			t.Fatalf("row %d: the detail is cut:\n%s", x.id, view)
		}
		if n := common.Lines(view); n > h {
			t.Fatalf("row %d: %d lines in an area of %d:\n%s", x.id, n, h, view)
		}
	}
}
