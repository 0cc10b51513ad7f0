package components

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// y and enter on Yes answer yes; n, esc and enter on the first-selected No
// answer no.
func TestConfirm(t *testing.T) {
	cases := []struct {
		name string
		keys []tea.KeyPressMsg
		yes  bool
	}{
		{"y", []tea.KeyPressMsg{runeKey('y')}, true},
		{"n", []tea.KeyPressMsg{runeKey('n')}, false},
		{"esc", []tea.KeyPressMsg{escKey()}, false},
		{"EnterDefaultsToNo", []tea.KeyPressMsg{enterKey()}, false},
		{"EnterOnYes", []tea.KeyPressMsg{{Code: tea.KeyLeft}, enterKey()}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := NewConfirm("test.confirm", "Revoke the token \x1b[2J\"ci\"?", testStyles())
			tm, h, _ := run(t, c, quitOnAny)
			h.waitView(t, `Revoke the token \x1b[2J"ci"?`, "[ No ]", "y yes • n/esc no")
			press(tm, tc.keys...)
			ev := finish[*Confirm](t, tm).Events()
			if want := (ConfirmedMsg{ID: "test.confirm", Yes: tc.yes}); len(ev) != 1 || ev[0] != want {
				t.Errorf("events = %v, want [%v]", ev, want)
			}
		})
	}
}
