package model_test

import (
	"context"
	"testing"

	"golang.org/x/net/idna"

	"acctl/model"
)

// R-ACC-7: addresses are ASCII, with an international domain in its xn--
// form; nothing invisible or mixed-script passes, so no two users look
// alike.
func TestValidateEmailLookAlikes(t *testing.T) {
	mixed, err := idna.Punycode.ToASCII("\u0430pple") // Cyrillic а, Latin pple
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, email string
		ok          bool
		want        string // the normalised address when ok
	}{
		{"plain", "Ada@Example.COM ", true, "ada@example.com"},
		{"idn in xn-- form", "ada@xn--bcher-kva.example", true, "ada@xn--bcher-kva.example"},
		{"idn typed in unicode", "ada@bücher.example", false, ""},
		{"zero width space", "ada\u200b@x.example", false, ""},
		{"zero width joiner", "a\u200dda@x.example", false, ""},
		{"byte order mark", "ad\ufeffa@x.example", false, ""},
		{"soft hyphen", "ada@ex\u00adample.com", false, ""},
		{"tag character", "ada\U000E0041@x.example", false, ""},
		{"line separator", "ada\u2028@x.example", false, ""},
		{"paragraph separator", "ada@x.\u2029example", false, ""},
		{"cyrillic a in the local part", "\u0430da@x.example", false, ""},
		{"cyrillic a in the domain", "ada@ex\u0430mple.com", false, ""},
		{"mixed-script xn-- label", "ada@" + mixed + ".example", false, ""},
		{"broken xn-- label", "ada@xn--.example", false, ""},
		{"bidi override", "ada\u202e@x.example", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := model.ValidateEmail(tc.email)
			if !tc.ok {
				wantCode(t, err, model.EINVALID)
				if model.ErrorMessage(err) == "" {
					t.Fatal("a refusal without a sentence")
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ValidateEmail(%q) = %q, %v; want %q", tc.email, got, err, tc.want)
			}
		})
	}
}

// R-ACC-7: a name with an invisible or format character or a line
// separator is refused; letters of any script are welcome.
func TestValidatePersonNameRefusesInvisibles(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		ok          bool
	}{
		{"latin", "Ada Lovelace", true},
		{"cyrillic", "Ада Лавлейс", true},
		{"mixed scripts are fine in a name", "Ada Лавлейс", true},
		{"zero width space", "Ada\u200b Lovelace", false},
		{"zero width joiner", "Ada\u200dLovelace", false},
		{"soft hyphen", "Love\u00adlace", false},
		{"byte order mark", "\ufeffAda", false},
		{"tag characters", "Ada\U000E0001\U000E0041", false},
		{"line separator", "Ada\u2028Lovelace", false},
		{"paragraph separator", "Ada\u2029Lovelace", false},
		{"bidi isolate", "Ada\u2067", false},
		{"newline", "Ada\nLovelace", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := model.ValidatePersonName(tc.value)
			if tc.ok {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantCode(t, err, model.EINVALID)
		})
	}
}

// R-ACC-7 applies wherever a name or an address is typed: sign-up, the
// name and email changes, invitations, company, key and token names.
func TestLookAlikesRefusedEverywhere(t *testing.T) {
	e := newEnv(t)
	_, err := e.svc.SignUp(context.Background(), model.SignUpRequest{CompanyName: "Acme", Name: "Ada", Email: "ada\u200b@acme.example", Password: strongPassword})
	wantCode(t, err, model.EINVALID)
	_, err = e.svc.SignUp(context.Background(), model.SignUpRequest{CompanyName: "Ac\u00adme", Name: "Ada", Email: "ada@acme.example", Password: strongPassword})
	wantCode(t, err, model.EINVALID)
	ctx := e.signUp(t, "Acme", "Ada", "ada@acme.example")
	_, err = e.svc.ChangeName(ctx, "Ada\u2028Lovelace")
	wantCode(t, err, model.EINVALID)
	_, err = e.svc.ChangeEmail(ctx, "\u0430da@acme.example", strongPassword)
	wantCode(t, err, model.EINVALID)
	_, _, err = e.svc.InviteUser(ctx, "b\ufeffob@acme.example", model.RoleManager, strongPassword)
	wantCode(t, err, model.EINVALID)
	_, err = model.ValidateTokenName("ci\u200d")
	wantCode(t, err, model.EINVALID)
	_, err = model.ValidateSSHKeyName("laptop\U000E0020")
	wantCode(t, err, model.EINVALID)
}
