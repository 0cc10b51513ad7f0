package requests_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/tui/tuitest"
)

// pngFile is a small PNG photo, 40×30 pixels.
func pngFile(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.RGBA{200, 80, 40, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pdfFile is a one-page PDF.
func pdfFile() []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
		"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
		"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n" +
		"trailer << /Root 1 0 R >>\n%%EOF\n")
}

// kycFolder makes a folder of files to give, and makes it the working
// directory, where the file picker opens: a photo, a scan, a photo one
// byte over 10 MB, text named as a photo, and notes. In the picker's
// order: big.png, doc.png, fake.jpg, notes.txt, selfie.pdf.
func kycFolder(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("doc.png", pngFile(t))
	write("selfie.pdf", pdfFile())
	write("fake.jpg", []byte("not a photo at all"))
	write("notes.txt", []byte("notes"))
	big, err := os.Create(filepath.Join(dir, "big.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := big.Write(pngFile(t)); err != nil {
		t.Fatal(err)
	}
	if err := big.Truncate(model.MaxKYCFileSize + 1); err != nil { // sparse
		t.Fatal(err)
	}
	big.Close()
	if err := os.Chmod(big.Name(), 0o600); err != nil { // as the others, whatever the umask
		t.Fatal(err)
	}
	t.Chdir(dir)
	return dir
}

// Verification locally (R-KYC-1): choose the document type, then give the
// document and the selfie with the file picker from a folder; a file one
// byte over 10 MB, text named .jpg and a .txt are each refused with a
// sentence, and the picker stays; both files given, s sends the
// verification, which is then pending.
func TestVerificationWithTheFilePicker(t *testing.T) { // R-KYC-1
	a := newAccount(t)
	dir := kycFolder(t)
	c := a.open(t, "Verification", 80, 24)
	c.WaitWords("Status Not started", "n start a verification")
	c.Keys("n")
	c.WaitFor("Document for the verification", "Passport", "Residence permit")
	c.Keys("down", "down", "enter")
	screen := c.WaitWords("ID card chosen.", "Not sent yet · ID card · started by Ada Lovelace",
		"Document not given yet", "Selfie with the document not given yet", "enter give file")
	fits(t, screen, 80, 24)

	c.Keys("enter")
	screen = c.WaitWords("Choose the id card", dir, "big.png", "doc.png", "selfie.pdf")
	fits(t, screen, 80, 24)
	c.Keys("enter") // big.png
	c.WaitWords("That file is larger than 10 MB")
	c.Keys("down", "down", "enter") // fake.jpg
	c.WaitWords("fake.jpg is not a JPEG, PNG or PDF file")
	c.Keys("down", "enter") // notes.txt
	c.WaitWords("notes.txt is not a .jpg, .jpeg, .png or .pdf file")
	c.Keys("up", "up", "enter") // doc.png
	c.WaitWords("Document given: doc.png · PNG image · ", "· 40×30", "Document doc.png · PNG image")
	if strings.Contains(c.Screen(), "s send for review") {
		t.Fatal("sending is offered with one file")
	}

	// Typed at once, before the picker has read the folder (SPEC §5:
	// type-ahead): the keys wait for its listing.
	c.Burst("down", "enter", "down", "down", "down", "down", "enter") // selfie.pdf
	c.WaitWords("Selfie with the document given: selfie.pdf · PDF document", "1 page", "s send for review")
	c.Keys("s")
	screen = c.WaitWords("Sent for review. You are told by email when staff decide.", "Status Pending · ID card · sent 2026-11-23 09:00 UTC")
	fits(t, screen, 80, 24)
	r, err := a.Svc.Verification(a.ctx())
	if err != nil || r.Status != model.KYCPending || len(r.Files) != 2 || r.DocumentType != model.DocIDCard {
		t.Fatalf("verification %+v, %v", r, err)
	}
}

// The scp commands name the port the client connected to: none for 22,
// -P for any other (R-KYC-1).
func TestVerificationSCPNamesThePort(t *testing.T) { // R-KYC-1
	for port, want := range map[int]string{22: "scp passport.jpg HOST:kyc/document", 2299: "scp -P 2299 passport.jpg HOST:kyc/document"} {
		a := newAccount(t)
		c := a.open(t, "Verification", 80, 24, tuitest.RemoteOnPort(port))
		c.WaitFor("n start a verification")
		c.Keys("n")
		c.WaitFor("Document for the verification")
		c.Keys("enter")
		c.WaitWords(want)
	}
}

// Over SSH (R-KYC-1, R-SRV-5) the console reads no files: no file picker,
// but how to send them with scp; files sent meanwhile (as the SSH server
// does, through the model) show up within a few seconds.
func TestVerificationOverSSH(t *testing.T) { // R-KYC-1, R-SRV-5
	a := newAccount(t)
	c := a.open(t, "Verification", 80, 24, tuitest.Remote())
	c.WaitFor("n start a verification")
	c.Keys("n")
	c.WaitFor("Document for the verification")
	c.Keys("enter")
	screen := c.WaitWords("Not sent yet · Passport", "scp -P 2222 passport.jpg HOST:kyc/document",
		"scp -P 2222 selfie.jpg HOST:kyc/selfie")
	fits(t, screen, 80, 24)
	if strings.Contains(screen, "give file") {
		t.Fatalf("a file picker is offered over SSH:\n%s", screen)
	}
	c.Keys("enter")
	if strings.Contains(c.Settled(), "Choose the") {
		t.Fatal("enter opened a file picker over SSH")
	}

	for _, f := range []struct {
		name string
		data []byte
	}{{"passport.png", pngFile(t)}, {"selfie.pdf", pdfFile()}} {
		if _, err := a.Svc.UploadVerificationFile(a.ctx(), "", f.name, int64(len(f.data)), bytes.NewReader(f.data)); err != nil {
			t.Fatal(err)
		}
	}
	tick(c, 3)
	c.WaitWords("Document passport.png · PNG image", "Selfie with the document selfie.pdf · PDF document", "s send for review")
	c.Keys("s")
	c.WaitWords("Status Pending · Passport")
}

// A draft started by another user (R-KYC-1): the owner sees whose it is,
// cannot give its files or send it, and can discard it after a question.
func TestVerificationDraftOfAnotherUser(t *testing.T) { // R-KYC-1
	a := newAccount(t)
	grace := a.member(t, "grace@northwind.example", "Grace Hopper")
	if _, err := a.Svc.StartVerification(tuitest.Ctx(grace), model.DocDriversLicense); err != nil {
		t.Fatal(err)
	}
	c := a.open(t, "Verification", 80, 24)
	screen := c.WaitWords("Not sent yet · Driver's license · started by Grace Hopper",
		"Grace Hopper started this verification with their own documents", "d discard draft")
	for _, k := range []string{"give file", "document type", "send for review"} {
		if strings.Contains(screen, k) {
			t.Fatalf("%q is offered on another user's draft:\n%s", k, screen)
		}
	}
	c.Keys("d")
	c.WaitWords("Discard this draft verification")
	c.Keys("y")
	c.WaitWords("The draft verification was discarded.", "Status Not started")
}

// member invites email as a manager and has them accept, past the
// newcomer's 2FA step.
func (a *account) member(t *testing.T, email, name string) *model.Session {
	t.Helper()
	if _, _, err := a.Svc.InviteUser(a.ctx(), email, model.RoleManager, tuitest.Password); err != nil {
		t.Fatal(err)
	}
	res, err := a.Svc.AcceptInvitation(context.Background(), model.AcceptInvitationRequest{
		Secret: modeltest.InvitationCode(t, a.DB, a.Sealer, email), Name: name, Password: tuitest.Password, Origin: model.LocalOrigin})
	if err != nil {
		t.Fatal(err)
	}
	a.Settle(t, res.Session.UserID)
	return res.Session
}

// A rejected verification shows the staff's reason, its line breaks kept
// and cleaned, and can be started again (R-KYC-1, SPEC §5).
func TestRejectedVerificationShowsTheReason(t *testing.T) { // R-KYC-1, R-STF-2, SPEC §5
	a := newAccount(t)
	photo := pngFile(t)
	for _, kind := range []model.KYCFileKind{model.KYCDocument, model.KYCSelfie} {
		if kind == model.KYCDocument {
			if _, err := a.Svc.StartVerification(a.ctx(), model.DocPassport); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.Svc.AttachVerificationFile(a.ctx(), kind, string(kind)+".png", bytes.NewReader(photo)); err != nil {
			t.Fatal(err)
		}
	}
	r, err := a.Svc.SubmitVerification(a.ctx())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Svc.RejectVerification(a.staff(t), r.ID, "The photo is blurred.\nSend a sharper one \u202eplease."); err != nil {
		t.Fatal(err)
	}
	c := a.open(t, "Verification", 80, 24)
	screen := c.WaitWords("Status Rejected 2026-11-23 09:00 UTC · Passport", "Reason The photo is blurred.",
		`Send a sharper one \u202eplease.`, "n start a verification")
	if _, i := lineWith(screen, "The photo is blurred."); !strings.Contains(lineAfter(screen, i), "Send a sharper one") {
		t.Fatalf("the reason's line break was not kept:\n%s", screen)
	}
	c.Keys("n")
	c.WaitFor("Document for the verification")
	c.Keys("enter")
	c.WaitWords("Not sent yet · Passport")
}
