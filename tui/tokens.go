package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/components"
)

// rotateWarning is said, word for word, before a rotation asks for the
// password (seed 002, R-TOK-2).
const rotateWarning = "Generating a new key will replace the existing one; calls with the old key will fail."

// tokenRevealNote goes with a new token in the secret-reveal panel.
const tokenRevealNote = "This key cannot be shown again: acctl keeps only a hash of it. Copy it or save it to a file now, and give it only to the program that needs it."

var tokenKeys = struct {
	New, Revoke, Rotate, Details key.Binding
}{
	New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
	Revoke:  key.NewBinding(key.WithKeys("x", "d"), key.WithHelp("x", "revoke")),
	Rotate:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rotate")),
	Details: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
}

// Confirmation IDs of the tokens screen.
const (
	tokenRevokeConfirm = "tokens.revoke"
	tokenRotateConfirm = "tokens.rotate"
)

// tokensScreen is "API keys" (R-TOK-1, R-TOK-2): the keys the caller may
// see (an owner every key of the account, a manager their own), with new,
// revoke and rotate behind the password modal (R-PWD-4) and new secrets
// through the secret-reveal panel.
type tokensScreen struct {
	keyList[*model.APIToken]
}

func newTokensScreen(c *screenCtx) *tokensScreen {
	return &tokensScreen{newKeyList(c, func() ([]*model.APIToken, error) { return c.b.ListTokens() })}
}

func (s *tokensScreen) Title() string { return "API keys" }
func (s *tokensScreen) Keys() []key.Binding {
	return s.keys(tokenKeys.New, tokenKeys.Revoke, tokenKeys.Rotate, tokenKeys.Details)
}

func (s *tokensScreen) Update(msg tea.Msg) (Screen, tea.Cmd) {
	if cmd, handled := s.update(msg); handled {
		return s, cmd
	}
	switch msg := msg.(type) {
	case components.ConfirmedMsg:
		return s, s.confirmed(msg)
	case tea.KeyPressMsg:
		return s, s.onKey(msg)
	}
	return s, nil
}

func (s *tokensScreen) onKey(msg tea.KeyPressMsg) tea.Cmd {
	t, ok := s.selected()
	switch {
	case key.Matches(msg, tokenKeys.New):
		return push(newTokenCreateScreen(s.c))
	case !ok:
		return nil
	case key.Matches(msg, tokenKeys.Details):
		return push(newTokenDetailScreen(s.c, t))
	case key.Matches(msg, tokenKeys.Revoke):
		if t.RevokedAt != nil {
			return flashErr("That key is already revoked.")
		}
		s.ask(tokenRevokeConfirm, fmt.Sprintf("Revoke the API key %q (%s…)? Programs that use it will be refused at once.", t.Name, t.Prefix), t)
	case key.Matches(msg, tokenKeys.Rotate):
		switch {
		case t.UserID != s.c.me.User.ID:
			return flashErr(errText(model.ErrRotateOthersToken))
		case t.RevokedAt != nil:
			return flashErr("That key is revoked: create a new key with n instead.")
		}
		s.ask(tokenRotateConfirm, fmt.Sprintf("Rotate the API key %q?\n%s", t.Name, rotateWarning), t)
	}
	return nil
}

// confirmed opens the password step of a confirmed revocation or rotation.
func (s *tokensScreen) confirmed(msg components.ConfirmedMsg) tea.Cmd {
	t := s.answered()
	if !msg.Yes || t == nil {
		return nil
	}
	switch msg.ID {
	case tokenRevokeConfirm:
		return push(newTokenRevokeScreen(s.c, t))
	case tokenRotateConfirm:
		return push(newTokenRotateScreen(s.c, t))
	}
	return nil
}

func (s *tokensScreen) View() string {
	now := s.c.now()
	head, rows := s.head("API keys", tokenCount(s.list, now),
		"No API keys yet. Press n to create one for a program that calls the acctl API.")
	if !rows {
		return head
	}
	var b strings.Builder
	b.WriteString(head)
	l := newLayout(s.width-2,
		column{"Name", 16, 0}, column{"Access", 10, 0}, column{"Expires", 10, 0},
		column{"Prefix", 14, 2}, column{"Last used", 16, 1}, column{"Issuer", 18, 3}, column{"Created", 16, 4})
	s.draw(&b, l,
		func(t *model.APIToken) []string {
			return []string{t.Name, string(t.Access), tokenExpiryCell(t, now), t.Prefix + "…",
				timeOrNever(t.LastUsedAt), t.IssuerEmail, t.CreatedAt.Format("2006-01-02 15:04")}
		},
		func(t *model.APIToken) bool { return !t.Active(now) },
		func(t *model.APIToken) string {
			return t.Prefix + "… · " + tokenStateText(t, now) + " · last used " + timeOrNever(t.LastUsedAt) + " · by " + t.IssuerEmail
		})
	return b.String()
}

// tokenCount is the list's summary: active keys, and how many are not.
func tokenCount(list []*model.APIToken, now time.Time) string {
	active := 0
	for _, t := range list {
		if t.Active(now) {
			active++
		}
	}
	if active == len(list) {
		return fmt.Sprintf("%d active", active)
	}
	return fmt.Sprintf("%d active, %d expired or revoked", active, len(list)-active)
}

// tokenExpiryCell is the Expires column: the state when the key no longer
// works, else when it stops.
func tokenExpiryCell(t *model.APIToken, now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return "REVOKED"
	case t.Expired(now):
		return "EXPIRED"
	case t.ExpiresAt == nil:
		return "never"
	}
	return t.ExpiresAt.Format("2006-01-02")
}

// tokenStateText says in words whether and until when a key works.
func tokenStateText(t *model.APIToken, now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return "revoked " + t.RevokedAt.Format("2006-01-02 15:04")
	case t.Expired(now):
		return "expired " + t.ExpiresAt.Format("2006-01-02 15:04")
	case t.ExpiresAt == nil:
		return "never expires"
	}
	return "expires in " + daysOrLess(t.ExpiresAt.Sub(now)) + " (" + t.ExpiresAt.Format("2006-01-02 15:04") + ")"
}

// daysOrLess is d in whole days from two days on, else as HumanDuration.
func daysOrLess(d time.Duration) string {
	if days := int(d / (24 * time.Hour)); days >= 2 {
		return strconv.Itoa(days) + " days"
	}
	return model.HumanDuration(d)
}

func timeOrNever(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.Format("2006-01-02 15:04")
}

// Expiry choices of the new-key form.
const (
	expiryNever = "never"
	expiryDate  = "date"
)

// newTokenCreateScreen is "New API key": name, access and expiry, then the
// password (R-PWD-4), then the key once in the secret-reveal panel
// (R-TOK-1). A refusal other than the password comes back to the form with
// everything typed kept.
func newTokenCreateScreen(c *screenCtx) *passwordActionScreen {
	b := c.b
	name, access, expiry, date := "", string(model.TokenReadOnly), "30", ""
	expiryOptions := []huh.Option[string]{huh.NewOption("Never", expiryNever)}
	for _, d := range model.TokenExpiryDays {
		expiryOptions = append(expiryOptions, huh.NewOption(fmt.Sprintf("In %d days", d), strconv.Itoa(d)))
	}
	expiryOptions = append(expiryOptions, huh.NewOption("On a date (below)", expiryDate))
	return newPasswordActionScreen(c, passwordAction{
		id:    "tokens.create",
		title: "New API key",
		intro: "A key lets a program call the acctl API as you. ←/→ change a choice.",
		fields: func() []huh.Field {
			return []huh.Field{
				textInput("Name", &name, func(v string) error { _, err := model.ValidateTokenName(v); return fieldErr(err) }).
					Placeholder("deploy bot").CharLimit(model.MaxTokenNameLen + 16),
				huh.NewSelect[string]().Title("Access").Value(&access).Inline(true).Options(
					huh.NewOption("Read-only (GET requests only)", string(model.TokenReadOnly)),
					huh.NewOption("Read-write (full access)", string(model.TokenReadWrite))),
				huh.NewSelect[string]().Title("Expires").Value(&expiry).Inline(true).Options(expiryOptions...),
				textInput("Expiry date", &date, func(v string) error {
					if expiry != expiryDate {
						return nil
					}
					_, err := tokenExpiry(expiry, v).ExpiresAt(c.now())
					return fieldErr(err)
				}).Description("Only for \"On a date\": YYYY-MM-DD, UTC.").Placeholder(c.now().AddDate(0, 3, 0).Format(model.TokenDateLayout)),
			}
		},
		reason: "To create the API key, type your password.",
		run: func(pw string) (string, error) {
			secret, _, err := b.CreateToken(name, model.TokenAccess(access), tokenExpiry(expiry, date), pw)
			return secret, err
		},
		done:        "API key created. It is in the list; its secret is not kept.",
		revealTitle: "Your new API key",
		revealNote:  tokenRevealNote,
		revealFile:  "acctl-api-key.txt",
	})
}

// tokenExpiry turns the form's choice into the model's expiry.
func tokenExpiry(choice, date string) model.TokenExpiry {
	switch choice {
	case expiryNever:
		return model.TokenExpiry{}
	case expiryDate:
		return model.TokenExpiry{Date: date}
	}
	days, _ := strconv.Atoi(choice)
	return model.TokenExpiry{Days: days}
}

// newTokenRevokeScreen asks for the password and revokes t (R-TOK-2).
func newTokenRevokeScreen(c *screenCtx, t *model.APIToken) *passwordActionScreen {
	b, id := c.b, t.ID
	return newPasswordActionScreen(c, passwordAction{
		id:     "tokens.revoke",
		title:  "Revoke API key",
		intro:  fmt.Sprintf("%q (%s…), %s, issued by %s. Programs that use it will be refused at once.", t.Name, t.Prefix, t.Access, t.IssuerEmail),
		reason: "To revoke the API key, type your password.",
		run:    func(pw string) (string, error) { return "", b.RevokeToken(id, pw) },
		done:   fmt.Sprintf("API key %q revoked.", t.Name),
	})
}

// newTokenRotateScreen says what rotation does, asks for the password and
// shows the new key once (R-TOK-2).
func newTokenRotateScreen(c *screenCtx, t *model.APIToken) *passwordActionScreen {
	b, id := c.b, t.ID
	return newPasswordActionScreen(c, passwordAction{
		id:     "tokens.rotate",
		title:  "Rotate API key",
		intro:  rotateWarning,
		reason: fmt.Sprintf("To rotate %q, type your password.", t.Name),
		run: func(pw string) (string, error) {
			secret, _, err := b.RotateToken(id, pw)
			return secret, err
		},
		done:        fmt.Sprintf("API key %q rotated: the old key no longer works.", t.Name),
		revealTitle: fmt.Sprintf("The new key for %q", t.Name),
		revealNote:  tokenRevealNote,
		revealFile:  "acctl-api-key.txt",
	})
}

// tokenDetailScreen shows one key in full.
type tokenDetailScreen struct {
	c      *screenCtx
	t      *model.APIToken
	width  int
	height int
}

func newTokenDetailScreen(c *screenCtx, t *model.APIToken) *tokenDetailScreen {
	return &tokenDetailScreen{c: c, t: t}
}

func (s *tokenDetailScreen) Init() tea.Cmd                    { return nil }
func (s *tokenDetailScreen) Title() string                    { return s.t.Name }
func (s *tokenDetailScreen) Capturing() bool                  { return false }
func (s *tokenDetailScreen) SetSize(w, h int)                 { s.width, s.height = w, h }
func (s *tokenDetailScreen) Keys() []key.Binding              { return nil } // esc back is the root's
func (s *tokenDetailScreen) Update(tea.Msg) (Screen, tea.Cmd) { return s, nil }
func (s *tokenDetailScreen) View() string {
	st, t, now := s.c.st, s.t, s.c.now()
	rows := [][2]string{
		{"Name", t.Name},
		{"Access", t.Access.Title()},
		{"Prefix", t.Prefix + "… (the rest is not kept)"},
		{"State", tokenStateText(t, now)},
		{"Issuer", t.IssuerName + " <" + t.IssuerEmail + ">"},
		{"Created", t.CreatedAt.Format("2006-01-02 15:04 MST")},
		{"Last used", timeOrNever(t.LastUsedAt)},
	}
	var b strings.Builder
	b.WriteString(st.Title.Render("API key "+t.Name) + "\n\n")
	for _, r := range rows {
		b.WriteString(st.Muted.Render(fmt.Sprintf("%-10s", r[0])) + " " + truncate(r[1], max(s.width-12, 10)) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("esc goes back to the list, where x revokes and r rotates it."))
	return b.String()
}
