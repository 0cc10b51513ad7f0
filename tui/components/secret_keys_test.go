package components

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"acctl/tui/common"
)

func helps(keys []key.Binding) string {
	var s []string
	for _, k := range keys {
		s = append(s, k.Help().Desc)
	}
	return strings.Join(s, ", ")
}

// A sized panel works out its keys from its layout, whose help line is
// drawn from its keys: this once recursed until the stack overflowed. The
// scroll keys show only when the secret is taller than the panel.
func TestSecretPanelKeysOnASizedPanel(t *testing.T) { // SPEC §5
	env := &common.Env{Styles: common.NewStyles(true, false), IsDark: true}
	codes := strings.Repeat("abcd-efgh-ijkl-mnop-qrst-uvwx\n", 9) + "abcd-efgh-ijkl-mnop-qrst-uvwx"
	r := NewSecretReveal(env, Secret{Title: "Recovery codes", Value: codes, Note: "Store the codes.", Several: true}, ActionDoneMsg{})
	r.SetSize(80, 21)
	if got := helps(r.Keys()); strings.Contains(got, "scroll") || !strings.Contains(got, "I have stored them") {
		t.Fatalf("keys at 80×21: %s", got)
	}
	if v := r.View(); !strings.Contains(v, "abcd-efgh") {
		t.Fatalf("the codes are not drawn:\n%s", v)
	}
	r.SetSize(60, 13)
	if got := helps(r.Keys()); !strings.Contains(got, "scroll") {
		t.Fatalf("keys at 60×13, where ten codes do not fit: %s", got)
	}
}

// Recovery codes are "them", a key "it" (issue 9).
func TestSecretPanelAsksAboutThem(t *testing.T) {
	env := &common.Env{Styles: common.NewStyles(true, false), IsDark: true}
	for _, tt := range []struct {
		several bool
		want    string
	}{{false, "Have you stored it somewhere safe?"}, {true, "Have you stored them somewhere safe?"}} {
		r := NewSecretReveal(env, Secret{Title: "x", Value: "secret", Several: tt.several}, ActionDoneMsg{})
		r.SetSize(80, 21)
		r.Update(keyPress("d"))
		if v := r.View(); !strings.Contains(strings.Join(strings.Fields(v), " "), tt.want) {
			t.Errorf("several=%v: no %q in\n%s", tt.several, tt.want, v)
		}
	}
}
