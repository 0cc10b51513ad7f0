package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// privateKeyFile is where the secret panel suggests saving a generated
// key, under the home directory.
const privateKeyFile = ".ssh/acctl_ed25519"

// newAddSSHKeyForm is "Add an SSH key" (R-SSH-1): a name and one pasted
// authorized_keys line (a bracketed paste arrives whole). The key is checked
// before the password is asked for (R-PWD-4). A refusal comes back with
// what was typed, except a private key pasted by mistake, which is cleared
// at once and never sent to the store.
func newAddSSHKeyForm(env *common.Env) *formScreen {
	var name, line string
	return newFormScreen(env, formSpec{
		title: "Add an SSH key",
		intro: "Paste one line of your public key file, such as ~/.ssh/id_ed25519.pub. Left empty, the name is the key's comment.",
		fields: func() []huh.Field {
			return []huh.Field{
				components.TextInput("Name", &name, optionalKeyName).Placeholder("work laptop (optional)").CharLimit(model.MaxSSHKeyNameLen + 16),
				huh.NewText().Title("Public key").Value(&line).Lines(4).CharLimit(model.MaxSSHKeyPaste).
					ExternalEditor(false).Placeholder("ssh-ed25519 AAAA… you@host"),
			}
		},
		submit: func() submission {
			name, line := name, line
			return submission{
				check: func(context.Context, *model.Service) (*review, error) {
					_, err := model.ParseSSHPublicKey(line)
					return nil, err
				},
				action: components.Action{
					Reason: "To add the SSH key, type your password.",
					Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
						k, err := svc.AddSSHKey(ctx, name, line, password)
						if err != nil {
							return components.Result{}, err
						}
						return components.Result{Value: fmt.Sprintf("SSH key %q added (%s).", k.Name, k.Fingerprint)}, nil
					},
				},
			}
		},
		changesSignIn: "A new SSH key can sign you in over SSH",
		refused: func(err error) {
			if errors.Is(err, model.ErrSSHKeyPrivate) {
				line = "" // never keep or draw a private key
			}
		},
	})
}

// optionalKeyName checks a typed key name; empty is allowed, the model then
// names the key.
func optionalKeyName(v string) error {
	if strings.TrimSpace(v) == "" {
		return nil
	}
	_, err := model.ValidateSSHKeyName(v)
	return components.FieldErr(err)
}

// newGenerateSSHKeyForm is "Generate an SSH key" (R-SSH-1): a name, the
// password (R-PWD-4), then a new ed25519 pair whose public half is
// registered and whose private key is shown once, with the public key and
// its fingerprint, to copy or save to a 0600 file; it is never stored.
func newGenerateSSHKeyForm(env *common.Env) *formScreen {
	var name string
	return newFormScreen(env, formSpec{
		title:         "Generate an SSH key",
		changesSignIn: "A new SSH key can sign you in over SSH",
		intro:         "A new ed25519 key pair: acctl keeps the public key and shows you the private key once. Left empty, the name is \"acctl ed25519\" and the date.",
		fields: func() []huh.Field {
			return []huh.Field{
				components.TextInput("Name", &name, optionalKeyName).Placeholder("laptop (optional)").CharLimit(model.MaxSSHKeyNameLen + 16),
			}
		},
		submit: func() submission {
			name := name
			return submission{action: components.Action{
				Reason: "To generate the SSH key, type your password.",
				Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
					private, k, err := svc.GenerateSSHKey(ctx, name, password)
					if err != nil {
						return components.Result{}, err
					}
					return components.Result{Secret: generatedSecret(private, k),
						Value: fmt.Sprintf("SSH key %q added (%s).", k.Name, k.Fingerprint)}, nil
				},
			}}
		},
	})
}

// generatedSecret is the secret panel of a generated pair: the private key,
// with the public key line and its fingerprint in the note.
func generatedSecret(private string, k *model.SSHKey) *components.Secret {
	note := "Fingerprint " + k.Fingerprint + "\nPublic key " + k.PublicKey + " " + k.Name + "\n" +
		"Shown once: acctl keeps only the public key. Save the private key to a file only you can read, such as ~/" + privateKeyFile + "."
	return &components.Secret{Title: "Your new private SSH key", Value: strings.TrimRight(private, "\n"), Note: note, File: privateKeyFile}
}
