package components_test

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"acctl/tui/common"
	"acctl/tui/components"
)

func helpKeys(keys []key.Binding) string {
	var b strings.Builder
	for _, k := range keys {
		if k.Enabled() {
			b.WriteString(k.Help().Key + " " + k.Help().Desc + "; ")
		}
	}
	return b.String()
}

// The secret panel lists its keys (the footer draws them) without asking
// itself for them again: a secret short enough shows no scroll keys, one
// taller than the panel does, and its frame offers them too (SPEC §5).
func TestSecretPanelKeys(t *testing.T) {
	env := &common.Env{Styles: common.NewStyles(true, false)}
	tests := []struct {
		name   string
		value  string
		scroll bool
	}{
		{"Short", "acctl_rw_0123456789", false},
		{"Tall", strings.Repeat("line of a long private key\n", 30), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := components.NewSecretReveal(env, components.Secret{Title: "Your new key", Value: tt.value}, components.ActionDoneMsg{})
			r.SetSize(80, 21)
			keys := helpKeys(r.Keys())
			if !strings.Contains(keys, "d I have stored it") || strings.Contains(keys, "scroll") != tt.scroll {
				t.Fatalf("keys %q; want scroll keys %v", keys, tt.scroll)
			}
			if view := r.View(); strings.Contains(view, "scroll") != tt.scroll {
				t.Fatalf("the panel offers scrolling %v, want %v:\n%s", !tt.scroll, tt.scroll, view)
			}
		})
	}
}
