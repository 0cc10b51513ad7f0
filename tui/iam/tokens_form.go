package iam

import (
	"context"
	"fmt"
	"strconv"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// Expiry choices of the new-key form besides the day counts.
const (
	expiryNever = "never"
	expiryDate  = "date"
)

// newTokenForm is "New API key" (R-TOK-1): name, access and expiry, checked
// without the password (a mistake keeps the form as typed), then the
// password (R-PWD-4), then the key once in the secret panel.
func newTokenForm(env *common.Env) *formScreen {
	name, access, expiry, date := "", string(model.TokenReadOnly), "30", ""
	options := []huh.Option[string]{huh.NewOption("Never", expiryNever)}
	for _, d := range model.TokenExpiryDays {
		options = append(options, huh.NewOption(fmt.Sprintf("In %d days", d), strconv.Itoa(d)))
	}
	options = append(options, huh.NewOption("On a date (below)", expiryDate))
	return newFormScreen(env, formSpec{
		title: "New API key",
		intro: "A key lets a program call the acctl API as you. ←/→ change a choice.",
		fields: func() []huh.Field {
			return []huh.Field{
				components.TextInput("Name", &name, components.Check(model.ValidateTokenName)).
					Placeholder("deploy bot").CharLimit(model.MaxTokenNameLen + 16),
				huh.NewSelect[string]().Title("Access").Value(&access).Inline(true).Options(
					huh.NewOption("Read-only (GET requests only)", string(model.TokenReadOnly)),
					huh.NewOption("Read-write (full access)", string(model.TokenReadWrite))),
				huh.NewSelect[string]().Title("Expires").Value(&expiry).Inline(true).Options(options...),
				components.TextInput("Expiry date", &date, func(v string) error {
					if expiry != expiryDate {
						return nil
					}
					_, err := tokenExpiry(expiry, v).ExpiresAt(env.Now())
					return components.FieldErr(err)
				}).Description("Only for \"On a date\": YYYY-MM-DD, UTC.").
					Placeholder(env.Now().AddDate(0, 3, 0).Format(model.TokenDateLayout)),
			}
		},
		submit: func() submission {
			name, access, expiry := name, model.TokenAccess(access), tokenExpiry(expiry, date)
			return submission{
				check: func(ctx context.Context, svc *model.Service) (*review, error) {
					return nil, svc.CheckNewToken(ctx, name, access, expiry)
				},
				action: components.Action{
					Reason: "To create the API key, type your password.",
					Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
						secret, t, err := svc.CreateToken(ctx, name, access, expiry, password)
						if err != nil {
							return components.Result{}, err
						}
						return components.Result{
							Secret: &components.Secret{Title: "Your new API key", Value: secret, Note: tokenRevealNote, File: tokenFile},
							Value:  fmt.Sprintf("API key %q created. It is in the list; its secret is not kept.", t.Name),
						}, nil
					},
				},
			}
		},
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

// tokenDetails shows one API key in full (R-TOK-2): everything but its
// secret, which acctl does not have.
type tokenDetails struct {
	env   *common.Env
	t     *model.APIToken
	width int
}

func newTokenDetails(env *common.Env, t *model.APIToken) *tokenDetails {
	return &tokenDetails{env: env, t: t}
}

func (s *tokenDetails) Init() tea.Cmd                               { return nil }
func (s *tokenDetails) Title() string                               { return common.CleanLine(s.t.Name) }
func (s *tokenDetails) Keys() []key.Binding                         { return nil }
func (s *tokenDetails) SetSize(w, h int)                            { s.width = w }
func (s *tokenDetails) Update(msg tea.Msg) (common.Screen, tea.Cmd) { return s, nil }
func (s *tokenDetails) View() string {
	st, t := s.env.Styles, s.t
	page := fieldsPage(st, "API key "+t.Name, s.width, [][2]string{
		{"Name", t.Name},
		{"Access", t.Access.Title()},
		{"Prefix", t.Prefix + "… (the rest is not kept)"},
		{"State", tokenState(t, s.env.Now())},
		{"Issuer", issuer(t)},
		{"Created", t.CreatedAt.UTC().Format(common.MinuteLayout) + " UTC"},
		{"Last used", orNever(t.LastUsedAt)},
	})
	return page + "\n" + st.Muted.Render(common.Wrap("esc goes back to the list, where d revokes the key and r rotates it.", s.width))
}
