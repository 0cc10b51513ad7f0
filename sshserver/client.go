package sshserver

import (
	"strings"

	"acctl/model"
)

// termEnv are the client's environment variables a console reads: its
// colour profile and NO_COLOR (SPEC §5). Nothing else a client sends is
// kept, so no variable of its choosing reaches the program.
var termEnv = map[string]bool{
	"TERM": true, "COLORTERM": true, "NO_COLOR": true, "CLICOLOR": true, "CLICOLOR_FORCE": true,
	"TERM_PROGRAM": true, "TMUX": true,
}

// environ is the console's environment: the client's termEnv variables,
// bounded and cleaned, and TERM from its PTY request (R-SRV-6).
func environ(sent []string, term string) []string {
	env := make([]string, 0, 4)
	for _, kv := range sent {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "TERM" || !termEnv[k] {
			continue
		}
		env = append(env, k+"="+model.CleanClientText(v, model.MaxClientText))
	}
	return append(env, "TERM="+term)
}

// Bounds of the window a console draws. Every cell costs memory for the
// program's screen buffers, and a client may claim any size: beyond these
// the console draws in the top-left corner.
const (
	maxWidth  = 400
	maxHeight = 150
)

// clampSize bounds a window size the client reported. A client that
// reports none (0×0, as ssh -tt without a terminal does) gets 80×24.
func clampSize(w, h int) (int, int) {
	if w <= 0 {
		w = 80
	}
	if h <= 0 {
		h = 24
	}
	return min(w, maxWidth), min(h, maxHeight)
}
