package iam

import (
	"context"
	"errors"
	"strings"
	"time"

	"charm.land/huh/v2"

	"acctl/model"
	"acctl/tui/common"
	"acctl/tui/components"
)

// newAddGPGKeyForm is "Add a GPG key" (R-SSH-4): an armoured public key
// pasted into a text field (a bracketed paste arrives whole). The model
// reads it first, without the password, and the form shows what it found
// — key ID, fingerprint, user IDs, algorithm, expiry — for the user to
// recognise their key before the password is asked for (R-PWD-4). An
// expired or revoked key or anything that is no key comes back with the
// model's sentence and the paste kept; a private key pasted by mistake is
// refused, cleared from the field and from the pending submission, and
// never sent to the store. Once added, the user's other sessions may be
// closed (R-PWD-6).
func newAddGPGKeyForm(env *common.Env) *formScreen {
	var armored string
	return newFormScreen(env, formSpec{
		title: "Add a GPG key",
		intro: "Paste your public key: the output of gpg --armor --export YOUR_EMAIL, BEGIN and END lines included. enter reads it; nothing is added before you have seen what it holds.",
		fields: func() []huh.Field {
			return []huh.Field{
				huh.NewText().Title("Public key").Value(&armored).Lines(6).CharLimit(model.MaxGPGKeyPaste).
					ExternalEditor(false).Placeholder("gpg --armor --export YOUR_EMAIL, pasted here"),
			}
		},
		submit: func() submission {
			armored := armored
			return submission{
				check: func(_ context.Context, svc *model.Service) (*review, error) {
					k, err := model.ParseGPGPublicKey(armored, svc.Now())
					if err != nil {
						return nil, err
					}
					return gpgReview(k, svc.Now()), nil
				},
				action: components.Action{
					Reason: "To add the GPG key, type your password.",
					Run: func(ctx context.Context, svc *model.Service, password string) (components.Result, error) {
						k, err := svc.AddGPGKey(ctx, armored, password)
						if err != nil {
							return components.Result{}, err
						}
						return components.Result{Value: "GPG key " + k.KeyID + " added (" + firstUserID(k) + ")."}, nil
					},
				},
			}
		},
		changesSignIn: "A GPG key was added to your user",
		refused: func(err error) {
			if errors.Is(err, model.ErrGPGKeyPrivate) {
				armored = "" // never keep or draw a private key
			}
		},
	})
}

// gpgReview is what a pasted key holds, shown before the password.
func gpgReview(k *model.GPGKey, now time.Time) *review {
	return &review{
		title: "the key you pasted",
		fields: func(width int) [][2]string {
			return [][2]string{
				{"Key ID", k.KeyID},
				{"Fingerprint", gpgFingerprint(k.Fingerprint, width-len("Fingerprint  "))},
				{"User IDs", strings.Join(k.UserIDs, "\n")},
				{"Algorithm", k.Algorithm},
				{"Created", k.KeyCreatedAt.UTC().Format(common.MinuteLayout) + " UTC"},
				{"Expires", gpgExpiry(k, now)},
			}
		},
		question: "Is it yours? Compare the fingerprint with gpg --fingerprint.",
		goes:     "add this key",
		reason:   "To add the GPG key " + k.KeyID + " (" + firstUserID(k) + "), type your password.",
	}
}
