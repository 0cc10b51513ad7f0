package model_test

import (
	"context"
	"path/filepath"
	"testing"

	"acctl/model"
	"acctl/store"
)

// VerifyToken is on every API call: a well-formed token costs one indexed
// read (and at most one write a minute); a mistyped one no database read.
func BenchmarkVerifyToken(b *testing.B) {
	ctx := context.Background()
	db, err := store.Open(filepath.Join(b.TempDir(), "acctl.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	svc := model.NewService(model.Config{Store: db, Hasher: model.NewHasher(testArgon2)})
	sess, err := svc.SignUp(ctx, model.SignUpRequest{CompanyName: "Acme", Name: "Wile Coyote", Email: "wile@acme.example", Password: strongPassword, Origin: model.LocalOrigin})
	if err != nil {
		b.Fatal(err)
	}
	if err := db.SetMustEnableTwoFactor(ctx, sess.UserID, false); err != nil {
		b.Fatal(err)
	}
	secret, _, err := svc.CreateToken(model.WithSession(ctx, sess.Token), "bench", model.TokenReadOnly, model.TokenExpiry{}, strongPassword)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("valid", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.VerifyToken(ctx, secret); err != nil {
				b.Fatal(err)
			}
		}
	})
	broken := secret[:20] + "0" + secret[21:]
	if broken == secret {
		broken = secret[:20] + "1" + secret[21:]
	}
	b.Run("bad checksum", func(b *testing.B) {
		for b.Loop() {
			if _, err := svc.VerifyToken(ctx, broken); err == nil {
				b.Fatal("accepted")
			}
		}
	})
}
