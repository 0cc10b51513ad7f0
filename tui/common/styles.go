package common

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
)

// Styles are the console's colours and text styles for one background. They
// are built from the isDark flag the program learns from BackgroundColorMsg,
// never by querying a terminal (over SSH that would be the server's).
type Styles struct {
	IsDark  bool
	NoColor bool

	Header              lipgloss.Style
	Menu                lipgloss.Style
	MenuItem            lipgloss.Style
	MenuSelected        lipgloss.Style
	MenuSelectedBlurred lipgloss.Style
	Footer              lipgloss.Style
	FooterKey           lipgloss.Style
	Title               lipgloss.Style
	TableHeader         lipgloss.Style
	SelectedRow         lipgloss.Style
	Cursor              lipgloss.Style
	Focus               lipgloss.Style
	Muted               lipgloss.Style
	Error               lipgloss.Style
	Warning             lipgloss.Style
	Success             lipgloss.Style
	Panel               lipgloss.Style
	Modal               lipgloss.Style
	Accent              color.Color

	// Inline forms of the styles of list rows.
	CursorMark                    string
	ErrorRow, MutedRow, HeaderRow Inline
}

// NewStyles returns the styles for a dark or light background. With noColor
// (NO_COLOR set) no colour is used at all; emphasis comes from bold,
// reverse video and borders.
func NewStyles(isDark, noColor bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	c := func(light, dark string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(dark))
	}
	accent := c("#5A3FC0", "#B9A6FF")
	muted := c("#6B6B6B", "#9A9A9A")
	barBg := c("#E8E4F7", "#2A2540")
	barFg := c("#222222", "#E6E6E6")
	selBg := c("#5A3FC0", "#6C54D8")
	selFg := c("#FFFFFF", "#FFFFFF")

	s := &Styles{IsDark: isDark, NoColor: noColor, Accent: accent}
	s.Header = lipgloss.NewStyle().Foreground(barFg).Background(barBg).Bold(true)
	s.Footer = lipgloss.NewStyle().Foreground(muted)
	s.FooterKey = lipgloss.NewStyle().Foreground(accent).Bold(true)
	s.Menu = lipgloss.NewStyle().BorderStyle(lipgloss.NormalBorder()).BorderRight(true).BorderForeground(muted)
	s.MenuItem = lipgloss.NewStyle().PaddingLeft(1)
	s.MenuSelected = lipgloss.NewStyle().PaddingLeft(1).Bold(true).Foreground(selFg).Background(selBg)
	s.MenuSelectedBlurred = lipgloss.NewStyle().PaddingLeft(1).Bold(true).Foreground(accent)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.TableHeader = lipgloss.NewStyle().Bold(true).Foreground(muted)
	s.SelectedRow = lipgloss.NewStyle().Bold(true).Foreground(selFg).Background(selBg)
	s.Cursor = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Focus = lipgloss.NewStyle().Bold(true).Foreground(selFg).Background(selBg)
	s.Muted = lipgloss.NewStyle().Foreground(muted)
	s.Error = lipgloss.NewStyle().Foreground(c("#B00020", "#FF6B6B")).Bold(true)
	s.Warning = lipgloss.NewStyle().Foreground(c("#8A5A00", "#FFCC66"))
	s.Success = lipgloss.NewStyle().Foreground(c("#1B7F3B", "#7CDB8A"))
	s.Panel = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(1, 2)
	s.Modal = lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).BorderForeground(accent).Padding(1, 2)
	defer func() {
		s.CursorMark = s.Cursor.Render("▌")
		s.ErrorRow, s.MutedRow, s.HeaderRow = InlineOf(s.Error), InlineOf(s.Muted), InlineOf(s.TableHeader)
	}()
	if noColor {
		s.MenuSelected = s.MenuSelected.Reverse(true)
		s.SelectedRow = s.SelectedRow.Reverse(true)
		s.Header = s.Header.Reverse(true)
		s.Focus = s.Focus.Reverse(true)
	}
	return s
}

// Inline is a one-line style as the escape sequences that open and close
// it, worked out once: wrapping a row in them costs a concatenation, not a
// lipgloss render, on lists redrawn at every key.
type Inline struct{ Open, Close string }

// InlineOf works out the sequences of a style without padding or borders.
func InlineOf(st lipgloss.Style) Inline {
	r := st.Render("\x00")
	i := strings.IndexByte(r, 0)
	if i < 0 {
		return Inline{}
	}
	return Inline{Open: r[:i], Close: r[i+1:]}
}

// Wrap puts s inside the style.
func (in Inline) Wrap(s string) string { return in.Open + s + in.Close }
