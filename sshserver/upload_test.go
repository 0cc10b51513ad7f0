package sshserver_test

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/sshserver"
	"acctl/tui/tuitest"
)

// kycServer is an account whose owner has a draft verification and a
// registered key pair on disk, served over SSH, for the real scp client.
type kycServer struct {
	env    *tuitest.Env
	owner  *model.Session
	dir    string       // the client's files: keys, and what it sends
	key    string       // the owner's private key file
	signer gossh.Signer // the same key
	ts     *testServer
}

func newKYCServer(t *testing.T) *kycServer {
	t.Helper()
	if _, err := exec.LookPath("scp"); err != nil {
		t.Skip("needs the OpenSSH client")
	}
	env := tuitest.NewEnv(t)
	owner := env.SignUp(t, "Acme", "Wile E. Coyote", "wile@acme.example")
	dir := t.TempDir()
	signer := writeKeyPair(t, dir, "id_owner")
	register(t, env, owner, signer)
	if _, err := env.Svc.StartVerification(tuitest.Ctx(owner), model.DocPassport); err != nil {
		t.Fatal(err)
	}
	return &kycServer{env: env, owner: owner, dir: dir, key: filepath.Join(dir, "id_owner"), signer: signer, ts: start(t, env, sshserver.Limits{})}
}

// file writes data into the client's folder as name and returns its path.
func (k *kycServer) file(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(k.dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// scp runs the real scp client with key ("" for none: it then signs in
// as a password client would, by keyboard-interactive) and args, where
// "HOST:" stands for the server. legacy is scp's own protocol (-O);
// otherwise OpenSSH speaks SFTP. It returns what scp printed.
func (k *kycServer) scp(t *testing.T, legacy bool, key string, args ...string) (string, error) {
	t.Helper()
	host, port, _ := strings.Cut(k.ts.addr, ":")
	base := []string{"-F", "/dev/null", "-P", port, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "LogLevel=ERROR", "-o", "ConnectTimeout=10"}
	if key != "" {
		base = append(base, "-o", "IdentitiesOnly=yes", "-i", key, "-o", "PreferredAuthentications=publickey")
	} else {
		base = append(base, "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=keyboard-interactive")
	}
	if legacy {
		base = append(base, "-O")
	}
	for _, a := range args {
		base = append(base, strings.Replace(a, "HOST:", host+":", 1))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "scp", base...)
	cmd.Dir = k.dir
	cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK=")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// draft is the owner's verification as the model has it.
func (k *kycServer) draft(t *testing.T) *model.KYCRequest {
	t.Helper()
	r, err := k.env.Svc.Verification(tuitest.Ctx(k.owner))
	if err != nil || r == nil {
		t.Fatalf("verification: %+v, %v", r, err)
	}
	return r
}

// staff invites a staff member and returns their session, 2FA on.
func staff(t *testing.T, env *tuitest.Env) context.Context {
	t.Helper()
	inv, err := env.Svc.AddStaff(context.Background(), "sam@provider.example")
	if err != nil {
		t.Fatal(err)
	}
	res, err := env.Svc.AcceptInvitation(context.Background(), model.AcceptInvitationRequest{
		Secret: inv.Code, Name: "Sam Staff", Password: tuitest.Password, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := model.SeedTwoFactor(context.Background(), env.DB, env.Sealer, inv.User, env.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	return tuitest.Ctx(res.Session)
}

// files lists every file under dirs with its size and time, to tell
// whether anything was written there.
func files(t *testing.T, dirs ...string) []string {
	t.Helper()
	var list []string
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			list = append(list, p)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	sort.Strings(list)
	return list
}

// R-KYC-1, R-SRV-5: the real scp sends a PNG as the document and a PDF as
// the selfie, by SFTP (OpenSSH's default) and by scp's own protocol; they
// land in the owner's draft through the model, sealed in the database,
// and staff open exactly those bytes once it is sent. Nothing is written
// to the server's working directory or data directory.
func TestSCPUpload(t *testing.T) { // R-KYC-1, R-SRV-5, R-SRV-2, R-STF-2
	for _, legacy := range []bool{false, true} {
		name := map[bool]string{false: "sftp", true: "scp -O"}[legacy]
		t.Run(name, func(t *testing.T) {
			k := newKYCServer(t)
			document, selfie := modeltest.PNG(t, 1000, 800), modeltest.PDF(1, 30000) // 3 MB: far past the budget before a console
			docPath, selfiePath := k.file(t, "passport.png", document), k.file(t, "me.pdf", selfie)
			cwd, _ := os.Getwd()
			dataDir := filepath.Dir(k.env.Path)
			before := files(t, cwd, dataDir)

			if out, err := k.scp(t, legacy, k.key, docPath, "HOST:kyc/document"); err != nil {
				t.Fatalf("scp document: %v\n%s", err, out)
			}
			out, err := k.scp(t, legacy, k.key, selfiePath, "HOST:kyc/selfie")
			if err != nil {
				t.Fatalf("scp selfie: %v\n%s", err, out)
			}
			if !strings.Contains(out, "Selfie with the document: ") || !strings.Contains(out, "is in your verification") {
				t.Errorf("scp printed %q; want what became of the file", out)
			}

			r := k.draft(t)
			doc, self := r.File(model.KYCDocument), r.File(model.KYCSelfie)
			if doc == nil || self == nil || doc.Type != model.FilePNG || self.Type != model.FilePDF || doc.Width != 1000 {
				t.Fatalf("draft files: %+v %+v", doc, self)
			}
			if legacy && (doc.Name != "passport.png" || self.Name != "me.pdf") {
				t.Errorf("names %q, %q: scp's own protocol keeps the file's name", doc.Name, self.Name)
			}
			// Each scp is a sign-in of its own, ended when it is done (R-SES-3).
			events, err := k.env.Svc.SignInHistory(tuitest.Ctx(k.owner), model.EventPage{Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			var uploads, ended int
			for _, ev := range events {
				switch {
				case ev.Kind == model.AuthKeyUpload && ev.Result == model.AuthSucceeded && ev.Client.Term == model.UploadTerm:
					uploads++
				case ev.Kind == model.AuthSessionEnd && strings.HasSuffix(string(ev.Result), "scp finished"):
					ended++
				}
			}
			if uploads != 2 || ended != 2 {
				t.Fatalf("history: %d scp sign-ins and %d ends, want 2 and 2", uploads, ended)
			}
			if _, err := k.env.Svc.SubmitVerification(tuitest.Ctx(k.owner)); err != nil {
				t.Fatal(err)
			}
			sam := staff(t, k.env)
			for kind, want := range map[model.KYCFileKind][]byte{model.KYCDocument: document, model.KYCSelfie: selfie} {
				got, err := k.env.Svc.VerificationFile(sam, r.ID, kind)
				if err != nil || !bytes.Equal(got.Data, want) {
					t.Fatalf("%s opened by staff: %d bytes, %v; want the %d sent", kind, len(got.Data), err, len(want))
				}
			}
			if after := files(t, cwd, dataDir); strings.Join(after, "\n") != strings.Join(before, "\n") {
				t.Fatalf("files on the server's disk changed:\nbefore %q\nafter  %q", before, after)
			}
			for _, p := range files(t, dataDir) {
				b, _ := os.ReadFile(p)
				if bytes.Contains(b, document[len(document)/2:len(document)/2+64]) {
					t.Fatalf("%s holds the document's bytes in the clear (SPEC §7)", filepath.Base(p))
				}
			}
			if s := sessionsOf(t, k.env, k.owner); len(s) != 1 {
				t.Fatalf("%d sessions open after the scp, want the owner's own", len(s))
			}
		})
	}
}

// R-KYC-1: into kyc/ the file keeps its name, and the name says its slot.
func TestSCPUploadByName(t *testing.T) { // R-KYC-1
	for _, legacy := range []bool{false, true} {
		t.Run(map[bool]string{false: "sftp", true: "scp -O"}[legacy], func(t *testing.T) {
			k := newKYCServer(t)
			doc, selfie := k.file(t, "id-card.png", modeltest.PNG(t, 8, 8)), k.file(t, "My Selfie.pdf", modeltest.PDF(1, 0))
			if out, err := k.scp(t, legacy, k.key, doc, selfie, "HOST:kyc/"); err != nil {
				t.Fatalf("scp: %v\n%s", err, out)
			}
			r := k.draft(t)
			if d, s := r.File(model.KYCDocument), r.File(model.KYCSelfie); d == nil || d.Name != "id-card.png" || s == nil || s.Name != "My Selfie.pdf" {
				t.Fatalf("draft files: %+v %+v", d, s)
			}
		})
	}
}

// R-KYC-1: a verification takes two files; one scp sends at most four.
func TestSCPTooManyFiles(t *testing.T) { // R-KYC-1
	k := newKYCServer(t)
	var args []string
	for _, n := range []string{"a.png", "b.png", "c.png", "d.png", "e.png"} {
		args = append(args, k.file(t, n, modeltest.PNG(t, 4, 4)))
	}
	for _, legacy := range []bool{false, true} {
		out, err := k.scp(t, legacy, k.key, append(args, "HOST:kyc/")...)
		if err == nil || strings.Count(out, "is in your verification") != 4 || !strings.Contains(out, "at most 4 in one scp") {
			t.Fatalf("legacy %v: %v, %q", legacy, err, out)
		}
	}
}

// R-KYC-1, R-SRV-5: downloads, folders, paths outside kyc/, files over
// 10 MB and files of another type are refused, each with a sentence scp
// prints; nothing reaches the draft.
func TestSCPRefusals(t *testing.T) { // R-KYC-1, R-SRV-5
	k := newKYCServer(t)
	big := k.file(t, "big.png", append(modeltest.PNG(t, 8, 8), make([]byte, 11<<20)...))
	small := k.file(t, "passport.png", modeltest.PNG(t, 8, 8))
	text := k.file(t, "notes.png", []byte("not a picture at all"))
	folder := filepath.Join(k.dir, "scans")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	k.file(t, "scans/a.png", modeltest.PNG(t, 4, 4))
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"download", []string{"HOST:kyc/document", filepath.Join(k.dir, "got")}, "never sent back"},
		{"outside kyc/", []string{small, "HOST:etc/passport.png"}, "Files go into kyc/ only"},
		{"home folder", []string{small, "HOST:"}, "Files go into kyc/ only"},
		{"over 10 MB", []string{big, "HOST:kyc/"}, "larger than 10 MB"},
		{"not a picture", []string{text, "HOST:kyc/"}, "is not a JPEG, PNG or PDF file"},
		{"a folder", []string{"-r", folder, "HOST:kyc/"}, "not folders"},
	}
	for _, legacy := range []bool{false, true} {
		for _, c := range cases {
			t.Run(map[bool]string{false: "sftp ", true: "scp -O "}[legacy]+c.name, func(t *testing.T) {
				start := time.Now()
				out, err := k.scp(t, legacy, k.key, c.args...)
				if err == nil || !strings.Contains(out, c.want) {
					t.Fatalf("scp = %v, printed %q; want a failure saying %q", err, out, c.want)
				}
				t.Logf("%q", out)
				if time.Since(start) > 20*time.Second {
					t.Errorf("the refusal took %s", time.Since(start))
				}
			})
		}
	}
	if r := k.draft(t); len(r.Files) != 0 {
		t.Fatalf("refused files reached the draft: %+v", r.Files)
	}
	if _, err := os.Stat(filepath.Join(k.dir, "got")); err == nil {
		t.Fatal("a download wrote a file")
	}
}

// R-SRV-2: only a registered key of an active user sends files: a client
// without one (a password client) and a disabled user's key are refused
// with a sentence, and so is a user with 2FA on who has no console open
// with that key; with one open, the same scp goes through.
func TestSCPWhoMaySend(t *testing.T) { // R-SRV-2, R-USR-3, R-2FA-5, R-KYC-1
	k := newKYCServer(t)
	small := k.file(t, "passport.png", modeltest.PNG(t, 8, 8))
	for _, legacy := range []bool{false, true} {
		out, err := k.scp(t, legacy, "", small, "HOST:kyc/")
		if err == nil || !strings.Contains(out, "scp needs your SSH key") {
			t.Fatalf("legacy %v, no key: %v, %q", legacy, err, out)
		}
	}

	mgr := addManager(t, k.env, k.owner, "rr@acme.example")
	register(t, k.env, mgr, writeKeyPair(t, k.dir, "id_mgr"))
	if _, err := k.env.Svc.StartVerification(tuitest.Ctx(mgr), model.DocIDCard); err == nil {
		t.Fatal("a second draft in one account") // the owner's draft is the account's
	}
	me, _ := k.env.Svc.Caller(tuitest.Ctx(mgr))
	if _, err := k.env.DB.UpdateUser(context.Background(), me.User.ID, model.UserUpdate{Status: ptr(model.UserDisabled)}, nil); err != nil {
		t.Fatal(err)
	}
	for _, legacy := range []bool{false, true} {
		out, err := k.scp(t, legacy, filepath.Join(k.dir, "id_mgr"), small, "HOST:kyc/")
		if err == nil || !strings.Contains(out, "This user has been disabled") {
			t.Fatalf("legacy %v, disabled: %v, %q", legacy, err, out)
		}
	}

	secret := enable2FA(t, k.env, k.owner)
	for _, legacy := range []bool{false, true} {
		out, err := k.scp(t, legacy, k.key, small, "HOST:kyc/")
		if err == nil || !strings.Contains(out, "scp cannot ask for your code") {
			t.Fatalf("legacy %v, 2FA without a console: %v, %q", legacy, err, out)
		}
	}
	if r := k.draft(t); len(r.Files) != 0 {
		t.Fatalf("refused files reached the draft: %+v", r.Files)
	}

	tm := k.ts.connect(t, withKey(k.signer))
	tm.waitFor("Code")
	code, err := model.TOTPCode(secret, model.TOTPStep(k.env.Clock.Now()), model.TOTPDigits)
	if err != nil {
		t.Fatal(err)
	}
	tm.typeText(code + "\r")
	tm.waitFor("1 Profile")
	for _, legacy := range []bool{false, true} {
		if out, err := k.scp(t, legacy, k.key, small, "HOST:kyc/"); err != nil {
			t.Fatalf("legacy %v, with the console open: %v\n%s", legacy, err, out)
		}
	}
	if r := k.draft(t); r.File(model.KYCDocument) == nil {
		t.Fatal("the document did not arrive")
	}
}
