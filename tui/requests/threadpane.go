package requests

import (
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// Sizes of the thread's reads: a read asks for threadChunk messages, and
// the pane keeps at most threadKeep of them around what it draws, so that
// a thread of a million messages costs a few windows, never the whole.
const (
	threadChunk = 20
	threadKeep  = 3 * threadChunk
)

// threadRead is which part of a thread a read asks for.
type threadRead int

const (
	readHead  threadRead = iota // the first messages
	readTail                    // the newest messages
	readOlder                   // the messages before the first at hand
	readNewer                   // the messages after the last at hand
)

// threadRowsMsg carries a read's messages, oldest first, to the pane that
// asked.
type threadRowsMsg struct {
	pane *threadPane
	gen  int
	kind threadRead
	rows []*model.TicketMessage
	err  error
}

// threadPane draws a request's thread (R-TKT-2) as lines that scroll:
// every message with its author and time, its line breaks kept and each
// line cleaned (SPEC §5). It reads the model's keyset-paged thread a
// window of messages at a time, in commands, ahead of the scrolling, and
// keeps a few windows around what is drawn.
type threadPane struct {
	env *common.Env
	id  int64
	// list reads a window of the thread: the model's TicketThread.
	list func(svc *model.Service, ctx context.Context, id int64, p model.EventPage) ([]*model.TicketMessage, error)

	msgs   []*model.TicketMessage // oldest first, contiguous in the thread
	blocks [][]string             // each message's lines at the width
	total  int                    // lines in blocks
	styles *common.Styles         // the styles blocks were drawn with

	width, height  int
	top            int // the first line drawn
	owed           int // scrolling waiting for lines being read
	atHead, atTail bool
	loaded         bool
	err            error
	gen            int
	pending        [readNewer + 1]bool
}

func newThreadPane(env *common.Env, id int64) *threadPane {
	return &threadPane{env: env, id: id, height: 10, width: 40, list: (*model.Service).TicketThread}
}

// read asks for a part of the thread; the answer comes as threadRowsMsg.
func (p *threadPane) read(kind threadRead) tea.Cmd {
	page := model.EventPage{Limit: threadChunk, Direction: model.Older}
	switch kind {
	case readHead:
		page.Direction = model.Newer
	case readOlder:
		page.Cursor = cursorOf(p.msgs[0])
	case readNewer:
		page.Direction, page.Cursor = model.Newer, cursorOf(p.msgs[len(p.msgs)-1])
	}
	p.pending[kind] = true
	id, gen, pane, list := p.id, p.gen, p, p.list
	return p.env.Run(func(ctx context.Context, svc *model.Service) tea.Msg {
		rows, err := list(svc, ctx, id, page)
		slices.Reverse(rows) // windows come newest first
		return threadRowsMsg{pane: pane, gen: gen, kind: kind, rows: rows, err: err}
	})
}

func cursorOf(m *model.TicketMessage) model.EventCursor { return model.EventCursor{At: m.At, ID: m.ID} }

// restart drops the messages at hand's reads and reads kind afresh.
func (p *threadPane) restart(kind threadRead) tea.Cmd {
	p.gen++
	p.pending, p.owed = [readNewer + 1]bool{}, 0
	return p.read(kind)
}

// Init reads the newest messages: the thread opens at its end.
func (p *threadPane) Init() tea.Cmd { return p.restart(readTail) }

// Poll reads what was added after the last message, when the end is at
// hand: a reply from staff shows up without a key.
func (p *threadPane) Poll() tea.Cmd {
	switch {
	case !p.loaded && !p.pending[readTail]:
		return p.restart(readTail) // the first read failed: try again
	case !p.loaded || !p.atTail || p.pending[readNewer]:
		return nil
	case len(p.msgs) == 0:
		return p.restart(readTail)
	}
	return p.read(readNewer)
}

// Update takes the pane's reads; handled is false for other messages.
func (p *threadPane) Update(msg tea.Msg) (cmd tea.Cmd, handled bool) {
	m, ok := msg.(threadRowsMsg)
	if !ok || m.pane != p {
		return nil, false
	}
	if m.gen != p.gen {
		return nil, true
	}
	p.pending[m.kind] = false
	if m.err != nil {
		p.err, p.owed = m.err, 0
		return nil, true
	}
	p.err, p.loaded = nil, true
	full := len(m.rows) == threadChunk
	switch m.kind {
	case readHead:
		p.replace(m.rows)
		p.atHead, p.atTail, p.top = true, !full, 0
	case readTail:
		p.replace(m.rows)
		p.atHead, p.atTail, p.top = !full, true, p.lastStart()
	case readOlder:
		p.prepend(m.rows)
		p.atHead = !full
	case readNewer:
		p.append(m.rows)
		p.atTail = !full
	}
	owed := p.owed
	p.owed = 0
	return p.Scroll(owed), true
}

// replace puts rows in place of the messages at hand.
func (p *threadPane) replace(rows []*model.TicketMessage) {
	p.msgs = append(p.msgs[:0], rows...)
	p.blocks, p.total, p.styles = p.blocks[:0], 0, p.env.Styles
	for _, m := range rows {
		p.blocks = append(p.blocks, p.block(m))
		p.total += len(p.blocks[len(p.blocks)-1])
	}
}

// lastStart is where the pane opens and follows: the end of the thread,
// or the newest message's first line when it is taller than the pane.
func (p *threadPane) lastStart() int {
	if len(p.blocks) == 0 {
		return 0
	}
	return min(p.maxTop(), p.total-len(p.blocks[len(p.blocks)-1]))
}

// prepend adds older messages above, keeping the lines drawn where they
// are, and lets go of the newest ones far below what is drawn.
func (p *threadPane) prepend(rows []*model.TicketMessage) {
	blocks, added := make([][]string, 0, len(rows)+len(p.blocks)), 0
	for _, m := range rows {
		b := p.block(m)
		blocks, added = append(blocks, b), added+len(b)
	}
	p.msgs = append(slices.Clone(rows), p.msgs...)
	p.blocks = append(blocks, p.blocks...)
	p.total, p.top = p.total+added, p.top+added
	for len(p.msgs) > threadKeep {
		last := p.blocks[len(p.blocks)-1]
		if p.total-len(last) < p.top+2*p.height {
			break
		}
		p.msgs, p.blocks = p.msgs[:len(p.msgs)-1], p.blocks[:len(p.blocks)-1]
		p.total -= len(last)
		p.atTail = false
	}
}

// append adds newer messages below and lets go of the oldest ones far
// above what is drawn. When the end was drawn, the first new message
// scrolls into view.
func (p *threadPane) append(rows []*model.TicketMessage) {
	if len(rows) == 0 {
		return
	}
	follow := p.atTail && p.top >= p.maxTop()
	firstNew := p.total
	for _, m := range rows {
		b := p.block(m)
		p.msgs, p.blocks, p.total = append(p.msgs, m), append(p.blocks, b), p.total+len(b)
	}
	for len(p.msgs) > threadKeep && len(p.blocks[0]) <= p.top-p.height {
		n := len(p.blocks[0])
		p.msgs, p.blocks = p.msgs[1:], p.blocks[1:]
		p.total, p.top, firstNew = p.total-n, p.top-n, firstNew-n
		p.atHead = false
	}
	if follow {
		p.top = min(p.maxTop(), firstNew)
	}
}

func (p *threadPane) maxTop() int { return max(p.total-p.height, 0) }

// Scroll moves n lines (down when n > 0). Beyond the lines at hand it
// moves as far as it can and owes the rest until the next read arrives.
func (p *threadPane) Scroll(n int) tea.Cmd {
	want := p.top + p.owed + n
	p.top, p.owed = min(max(want, 0), p.maxTop()), 0
	if (want < p.top && !p.atHead) || (want > p.top && !p.atTail) {
		p.owed = want - p.top
	}
	return p.prefetch()
}

// prefetch reads the next window when what is drawn comes within a page
// of the lines at hand.
func (p *threadPane) prefetch() tea.Cmd {
	if !p.loaded || len(p.msgs) == 0 {
		return nil
	}
	var cmds []tea.Cmd
	if !p.atHead && !p.pending[readOlder] && p.top < p.height {
		cmds = append(cmds, p.read(readOlder))
	}
	if !p.atTail && !p.pending[readNewer] && p.total-(p.top+p.height) < p.height {
		cmds = append(cmds, p.read(readNewer))
	}
	return tea.Batch(cmds...)
}

// Home shows the thread's first message.
func (p *threadPane) Home() tea.Cmd {
	if p.atHead {
		p.top, p.owed = 0, 0
		return p.prefetch()
	}
	return p.restart(readHead)
}

// End shows the end of the thread.
func (p *threadPane) End() tea.Cmd {
	if p.atTail {
		p.top, p.owed = p.maxTop(), 0
		return tea.Batch(p.prefetch(), p.Poll())
	}
	return p.restart(readTail)
}

// HandleKey scrolls on the movement keys; ok is false for other keys.
func (p *threadPane) HandleKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	k := components.WindowKeys
	switch {
	case key.Matches(msg, k.Down):
		return p.Scroll(1), true
	case key.Matches(msg, k.Up):
		return p.Scroll(-1), true
	case key.Matches(msg, k.PageDown):
		return p.Scroll(max(p.height-1, 1)), true
	case key.Matches(msg, k.PageUp):
		return p.Scroll(-max(p.height-1, 1)), true
	case key.Matches(msg, k.Home):
		return p.Home(), true
	case key.Matches(msg, k.End):
		return p.End(), true
	}
	return nil, false
}

// threadScrollKeys are the pane's keys for the footer.
var threadScrollKeys = []key.Binding{
	key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "scroll")),
	components.WindowKeys.PageDown, components.WindowKeys.PageUp,
	key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "first message")),
	key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "newest")),
}

// SetSize sets the pane's area; the messages are wrapped again at a new
// width, the message drawn first staying first, or the end of the thread
// staying in view when it was.
func (p *threadPane) SetSize(w, h int) {
	atEnd := p.loaded && p.atTail && p.top >= p.maxTop()
	p.height = max(h, 1)
	if w != p.width {
		i, off := p.at(p.top)
		p.width = w
		p.rewrap()
		p.top = p.start(i) + min(off, max(p.lines(i)-1, 0))
	}
	p.top = min(p.top, p.maxTop())
	if atEnd { // the end stays in view
		p.top = p.maxTop()
	}
}

// rewrap draws every message at hand again (a new width or new colours).
func (p *threadPane) rewrap() {
	p.styles, p.total = p.env.Styles, 0
	for i, m := range p.msgs {
		p.blocks[i] = p.block(m)
		p.total += len(p.blocks[i])
	}
}

// at is the message that line y belongs to and the line's offset in it.
func (p *threadPane) at(y int) (i, off int) {
	for i, b := range p.blocks {
		if y < len(b) {
			return i, y
		}
		y -= len(b)
	}
	return max(len(p.blocks)-1, 0), 0
}

func (p *threadPane) start(i int) int {
	n := 0
	for _, b := range p.blocks[:min(i, len(p.blocks))] {
		n += len(b)
	}
	return n
}

func (p *threadPane) lines(i int) int {
	if i < len(p.blocks) {
		return len(p.blocks[i])
	}
	return 0
}

// block is a message's lines: its author (staff marked as support) and
// time, then its body indented, each line cleaned (SPEC §5) and wrapped at
// spaces, then a blank line.
func (p *threadPane) block(m *model.TicketMessage) []string {
	st := p.env.Styles
	author := lipgloss.NewStyle().Bold(true).Render(common.CleanLine(m.Author))
	if m.Staff {
		author = st.Title.Render(common.CleanLine(m.Author) + " (Support)")
	}
	lines := []string{common.Truncate(author+st.Muted.Render(" · "+m.At.UTC().Format(common.MinuteLayout)+" UTC"), p.width)}
	w := max(p.width-2, 10)
	for _, l := range strings.Split(m.Body, "\n") {
		for _, wrapped := range strings.Split(common.Wrap(common.CleanLine(strings.TrimRight(l, "\r")), w), "\n") {
			lines = append(lines, "  "+wrapped)
		}
	}
	return append(lines, "")
}

// Above and Below report whether the thread goes on beyond what is drawn.
func (p *threadPane) Above() bool { return p.loaded && (p.top > 0 || !p.atHead) }
func (p *threadPane) Below() bool { return p.loaded && (p.top < p.maxTop() || !p.atTail) }

// View draws the lines from top, height lines high.
func (p *threadPane) View() string {
	st := p.env.Styles
	switch {
	case p.err != nil && !p.loaded:
		return common.FitHeight(st.Error.Render(common.Wrap(common.ErrText(p.err), p.width)), p.height)
	case !p.loaded:
		return common.FitHeight(st.Muted.Render("Loading…"), p.height)
	}
	if p.styles != st {
		p.rewrap()
	}
	var b strings.Builder
	n, y := 0, p.top
	for i := range p.blocks {
		blk := p.blocks[i]
		if y >= len(blk) {
			y -= len(blk)
			continue
		}
		for ; y < len(blk) && n < p.height; y++ {
			if n > 0 {
				b.WriteByte('\n')
			}
			b.WriteString(blk[y])
			n++
		}
		y = 0
		if n == p.height {
			break
		}
	}
	if p.err != nil && n < p.height {
		b.WriteString("\n" + st.Error.Render(common.Truncate(common.ErrText(p.err), p.width)))
	}
	return common.FitHeight(b.String(), p.height)
}
