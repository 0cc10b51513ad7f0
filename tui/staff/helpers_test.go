package staff_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"

	"acctl/model"
	"acctl/tui/tuitest"
)

// staffMember invites email as a staff member, has them accept and turns
// 2FA on for them (mandatory, SPEC §10), and returns their session.
func staffMember(t testing.TB, env *tuitest.Env, email string) *model.Session {
	t.Helper()
	ctx := context.Background()
	inv, err := env.Svc.AddStaff(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	res, err := env.Svc.AcceptInvitation(ctx, model.AcceptInvitationRequest{Secret: inv.Code, Name: "Sam Rivera",
		Password: tuitest.Password, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	a, err := env.Svc.Caller(tuitest.Ctx(res.Session))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.SeedTwoFactor(ctx, env.DB, env.Sealer, a.User, env.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	return res.Session
}

// staffConsole runs a console signed in as a new staff member, opened at
// section.
func staffConsole(t *testing.T, env *tuitest.Env, w, h int, section string) (*tuitest.Console, *model.Session) {
	t.Helper()
	sess := staffMember(t, env, "sam@support.example")
	c := tuitest.Run(t, env, w, h, tuitest.SignedIn(sess))
	c.OpenSection(section)
	c.Keys("tab") // from the menu to the section's screen
	c.WaitFor("esc menu")
	return c, sess
}

// pngOf draws a w×h PNG: a gradient with a dark square, as a document
// photo would have shapes.
func pngOf(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), 160, 255}
			if x > w/4 && x < w/2 && y > h/4 && y < 3*h/4 {
				c = color.RGBA{20, 20, 40, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// verify has the customer of ctx send a verification with two PNGs.
func verify(t testing.TB, env *tuitest.Env, ctx context.Context) {
	t.Helper()
	if _, err := env.Svc.StartVerification(ctx, model.DocPassport); err != nil {
		t.Fatal(err)
	}
	for _, kind := range model.KYCFileKinds {
		if _, err := env.Svc.AttachVerificationFile(ctx, kind, string(kind)+".png", bytes.NewReader(pngOf(t, 160, 100))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := env.Svc.SubmitVerification(ctx); err != nil {
		t.Fatal(err)
	}
}
