package staff

import (
	"context"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"acctl/model"
	"acctl/tui/common"
)

type (
	// previewLoadedMsg carries the thumbnail of a file and its first
	// drawing; the file's bytes are gone by then.
	previewLoadedMsg struct {
		s     *preview
		t     *model.Thumb
		lines []string
		look  look
		err   error
	}
	// previewDrawnMsg carries a drawing for another size or background.
	previewDrawnMsg struct {
		s     *preview
		lines []string
		look  look
	}
)

// look is what a drawing was made for: the cells and the colours.
type look struct {
	cols, rows    int
	color, isDark bool
}

// preview draws an image file of a verification request in the terminal
// (R-STF-2), with half blocks as the QR code is: the file is read (the
// model audits it), decoded, shrunk to a thumbnail and drawn in a
// command, never on the update loop, and drawn again off it when the area
// or the background changes. Only the thumbnail stays in memory.
type preview struct {
	env     *common.Env
	r       *model.KYCRequest
	f       *model.KYCFile
	t       *model.Thumb
	lines   []string
	drawn   look
	drawing bool
	err     error
	width   int
	height  int
}

func newPreview(env *common.Env, r *model.KYCRequest, f *model.KYCFile) *preview {
	return &preview{env: env, r: r, f: f}
}

func (s *preview) Title() string       { return s.f.Kind.Title() }
func (s *preview) Keys() []key.Binding { return nil }
func (s *preview) SetSize(w, h int)    { s.width, s.height = w, h }

// want is the look the screen needs now.
func (s *preview) want() look {
	return look{cols: max(s.width, 1), rows: max(s.height-2, 1), color: !s.env.Styles.NoColor, isDark: s.env.IsDark}
}

func (s *preview) Init() tea.Cmd {
	id, kind, lk, me := s.r.ID, s.f.Kind, s.want(), s
	s.drawing = true
	return s.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		c, t, err := svc.VerificationPreview(ctx, id, kind)
		if err != nil {
			return previewLoadedMsg{s: me, err: err}
		}
		if t == nil { // a file given before thumbnails were kept
			t, err = model.MakeThumb(c.Data)
		}
		c.Data = nil
		if err != nil {
			return previewLoadedMsg{s: me, err: model.Errorf(model.EINVALID, "This image cannot be decoded (%v). Export it on the server's console to look at it.", err)}
		}
		return previewLoadedMsg{me, t, halfBlocks(t, lk.cols, lk.rows, lk.color, lk.isDark), lk, nil}
	})
}

func (s *preview) Update(msg tea.Msg) (common.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case previewLoadedMsg:
		if msg.s == s {
			s.t, s.lines, s.drawn, s.err, s.drawing = msg.t, msg.lines, msg.look, msg.err, false
		}
	case previewDrawnMsg:
		if msg.s == s {
			s.lines, s.drawn, s.drawing = msg.lines, msg.look, false
		}
	}
	return s, s.redraw()
}

// redraw draws the thumbnail again, in a command, when the area or the
// colours changed since the last drawing.
func (s *preview) redraw() tea.Cmd {
	lk := s.want()
	if s.t == nil || s.drawing || lk == s.drawn {
		return nil
	}
	s.drawing = true
	t, me := s.t, s
	return func() tea.Msg { return previewDrawnMsg{me, halfBlocks(t, lk.cols, lk.rows, lk.color, lk.isDark), lk} }
}

func (s *preview) View() string {
	st := s.env.Styles
	head := st.Title.Render(common.Truncate(common.CleanLine(fmt.Sprintf("%s of %s · %s", s.f.Kind.Title(), s.r.Company, fileFacts(s.f))), s.width))
	switch {
	case s.err != nil:
		return head + "\n\n" + st.Error.Render(common.Wrap(common.ErrText(s.err), s.width))
	case s.lines == nil:
		return head + "\n\n" + st.Muted.Render("Drawing the image…")
	}
	return head + "\n\n" + common.FitHeight(strings.Join(s.lines, "\n"), max(s.height-2, 1))
}
