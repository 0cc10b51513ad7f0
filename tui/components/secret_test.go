package components_test

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"acctl/tui/common"
	"acctl/tui/components"
	"acctl/tui/tuitest"
)

func helpKeys(keys []key.Binding) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k.Help().Desc + ";")
	}
	return b.String()
}

// R-SRV-5: without a saver (over SSH) the secret panel offers no save to
// file, and s does nothing; with one it does.
func TestSecretPanelOffersNoSaveOverSSH(t *testing.T) { // R-SRV-5, SPEC §5
	env := tuitest.NewEnv(t)
	for _, saver := range []common.SecretSaver{nil, components.HomeSaver{Dir: t.TempDir()}} {
		e := &common.Env{Svc: env.Svc, Styles: common.NewStyles(true, true), IsDark: true, Now: env.Svc.Now, Saver: saver, Remote: saver == nil}
		p := components.NewSecretReveal(e, components.Secret{Title: "API key", Value: "acctl_rw_secret", File: "key.txt"}, components.ActionDoneMsg{})
		p.SetSize(80, 21)
		offers := strings.Contains(helpKeys(p.Keys()), "save to file")
		if offers != (saver != nil) {
			t.Fatalf("saver %v: offers save %v", saver, offers)
		}
		p.Update(tuitest.Key("s"))
		saving := strings.Contains(p.View(), "Save to a new file")
		if saving != (saver != nil) {
			t.Fatalf("saver %v: s opened the save field: %v", saver, saving)
		}
		if saver == nil && !strings.Contains(p.View(), "Over SSH nothing is written on the server") {
			t.Fatalf("no word on why there is no save:\n%s", p.View())
		}
	}
}
