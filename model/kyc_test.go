package model_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"acctl/model"
	"acctl/model/modeltest"
)

// pngFile is a w×h PNG of noise (modeltest.PNG).
func pngFile(t testing.TB, w, h int) []byte { t.Helper(); return modeltest.PNG(t, w, h) }

func jpegFile(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.RGBA{200, 80, 40, 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pdfFile is a PDF of pages pages padded to size bytes (modeltest.PDF).
func pdfFile(pages, size int) []byte { return modeltest.PDF(pages, size) }

// unreadable fails the test if anything reads it.
type unreadable struct{ t *testing.T }

func (u unreadable) Read([]byte) (int, error) {
	u.t.Error("the file was read although its announced size is too large")
	return 0, errors.New("read")
}

func (e *env) attach(t *testing.T, ctx context.Context, kind model.KYCFileKind, name string, data []byte) *model.KYCFile {
	t.Helper()
	f, err := e.svc.AttachVerificationFile(ctx, kind, name, bytes.NewReader(data))
	if err != nil {
		t.Fatalf("attach %s: %v", name, err)
	}
	return f
}

func TestVerification(t *testing.T) { // R-KYC-1, R-STF-2, R-STF-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	staff := e.staff(t, "sam@provider.example")
	if r, err := e.svc.Verification(owner); r != nil || err != nil {
		t.Fatalf("Verification before any = %+v, %v", r, err)
	}
	_, err := e.svc.AttachVerificationFile(owner, model.KYCDocument, "passport.png", bytes.NewReader(pngFile(t, 8, 8)))
	wantCode(t, err, model.ECONFLICT) // nothing started
	r, err := e.svc.StartVerification(owner, model.DocPassport)
	if err != nil || r.Status != model.KYCDraft || r.DocumentType != model.DocPassport || r.Requester != "Wile Coyote" {
		t.Fatalf("StartVerification = %+v, %v", r, err)
	}
	if _, err := e.svc.StartVerification(owner, "visa"); model.ErrorCode(err) != model.EINVALID {
		t.Errorf("StartVerification(visa) = %v", err)
	}
	if again, err := e.svc.StartVerification(owner, model.DocIDCard); err != nil || again.ID != r.ID || again.DocumentType != model.DocIDCard {
		t.Fatalf("changing the type: %+v, %v", again, err)
	}
	document := pngFile(t, 64, 48)
	f := e.attach(t, owner, model.KYCDocument, "/home/wile/Scans/id card.dat", document) // the content decides, not the name
	if f.Type != model.FilePNG || f.Width != 64 || f.Height != 48 || f.Size != int64(len(document)) || f.Name != "id card.dat" {
		t.Fatalf("document = %+v", f)
	}
	_, err = e.svc.SubmitVerification(owner)
	wantCode(t, err, model.EINVALID) // no selfie yet
	selfie := jpegFile(t)
	sf, err := e.svc.UploadVerificationFile(owner, "", "Selfie.JPG", int64(len(selfie)), bytes.NewReader(selfie))
	if err != nil || sf.Kind != model.KYCSelfie || sf.Type != model.FileJPEG {
		t.Fatalf("scp upload = %+v, %v; want the selfie slot", sf, err)
	}
	if _, err := e.svc.VerificationRequest(staff, r.ID); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("staff see a draft: %v", err)
	}
	sent, err := e.svc.SubmitVerification(owner)
	if err != nil || sent.Status != model.KYCPending || sent.SubmittedAt == nil || len(sent.Files) != 2 {
		t.Fatalf("SubmitVerification = %+v, %v", sent, err)
	}
	_, err = e.svc.StartVerification(owner, model.DocPassport)
	wantCode(t, err, model.ECONFLICT) // pending
	_, err = e.svc.AttachVerificationFile(owner, model.KYCDocument, "x.png", bytes.NewReader(document))
	wantCode(t, err, model.ECONFLICT)

	queue, err := e.svc.VerificationQueue(staff, model.QueuePage{Limit: 10})
	if err != nil || len(queue) != 1 || queue[0].ID != r.ID || queue[0].Company != "Acme" {
		t.Fatalf("queue = %+v, %v", queue, err)
	}
	got, err := e.svc.VerificationFile(staff, r.ID, model.KYCDocument)
	if err != nil || !bytes.Equal(got.Data, document) || got.Type != model.FilePNG || got.Size != int64(len(document)) {
		t.Fatalf("VerificationFile = %+v, %v", got.KYCFile, err)
	}
	if a := findAudit(e.auditOf(t, r.AccountID), model.SupportAction("kyc.file_opened")); a == nil || a.Actor != "sam@provider.example" {
		t.Fatalf("file audit = %+v", a)
	}
	approved, err := e.svc.ApproveVerification(staff, r.ID)
	if err != nil || approved.Status != model.KYCApproved || approved.DecidedAt == nil {
		t.Fatalf("approve = %+v, %v", approved, err)
	}
	_, err = e.svc.RejectVerification(staff, r.ID, "too late")
	wantCode(t, err, model.ECONFLICT)
	if a := findAudit(e.auditOf(t, r.AccountID), model.SupportAction("kyc.approved")); a == nil {
		t.Error("no support: kyc.approved in the customer's log")
	}
	if n := e.notificationsTo(t, "wile@acme.example"); len(n) == 0 || n[0].Kind != model.NotifyVerificationDecided || !strings.Contains(n[0].Subject, "verified") {
		t.Errorf("decision notification = %v", kindsOf(n))
	}
	_, err = e.svc.StartVerification(owner, model.DocPassport)
	wantCode(t, err, model.ECONFLICT) // verified
	if list, _ := e.svc.VerificationQueue(staff, model.QueuePage{Limit: 10}); len(list) != 0 {
		t.Errorf("the queue still holds %d requests", len(list))
	}
}

func TestVerificationRejected(t *testing.T) { // R-KYC-1, R-STF-2
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	staff := e.staff(t, "sam@provider.example")
	r, err := e.svc.StartVerification(owner, model.DocResidencePermit)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("only the one who started it gives its files", func(t *testing.T) {
		_, err := e.svc.AttachVerificationFile(manager, model.KYCDocument, "permit.pdf", bytes.NewReader(pdfFile(2, 0)))
		wantCode(t, err, model.EFORBIDDEN)
		_, err = e.svc.StartVerification(manager, model.DocPassport)
		wantCode(t, err, model.EFORBIDDEN)
	})
	f := e.attach(t, owner, model.KYCDocument, "permit.pdf", pdfFile(2, 0))
	if f.Type != model.FilePDF || f.Pages != 2 {
		t.Fatalf("PDF = %+v", f)
	}
	e.attach(t, owner, model.KYCSelfie, "me.png", pngFile(t, 10, 10))
	if _, err := e.svc.SubmitVerification(owner); err != nil {
		t.Fatal(err)
	}
	pdf, err := e.svc.VerificationFile(staff, r.ID, model.KYCDocument)
	if err != nil || pdf.Pages != 2 || pdf.Type != model.FilePDF {
		t.Fatalf("the staff's PDF = %+v, %v", pdf.KYCFile, err)
	}
	_, err = e.svc.RejectVerification(staff, r.ID, "  ")
	wantCode(t, err, model.EINVALID)
	rejected, err := e.svc.RejectVerification(staff, r.ID, "The photo of the permit is blurred.\nPlease send a sharper scan.")
	if err != nil || rejected.Status != model.KYCRejected || !strings.Contains(rejected.Reason, "blurred") {
		t.Fatalf("reject = %+v, %v", rejected, err)
	}
	if n := e.notificationsTo(t, "wile@acme.example"); len(n) == 0 || !strings.Contains(n[0].Body, "Please send a sharper scan.") {
		t.Errorf("the rejection's notification does not give the reason: %+v", n)
	}
	shown, err := e.svc.Verification(manager)
	if err != nil || shown.Status != model.KYCRejected || shown.Reason != rejected.Reason {
		t.Fatalf("the account's verification = %+v, %v", shown, err)
	}
	next, err := e.svc.StartVerification(manager, model.DocPassport)
	if err != nil || next.ID == r.ID || next.Status != model.KYCDraft {
		t.Fatalf("a new verification after a rejection: %+v, %v", next, err)
	}
}

// A verification file is refused with a sentence unless it is a JPEG, PNG
// or PDF by its content, of at most 10 MB (R-KYC-1).
func TestVerificationFileChecks(t *testing.T) { // R-KYC-1
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := e.svc.StartVerification(owner, model.DocPassport); err != nil {
		t.Fatal(err)
	}
	const tenMB = 10 << 20 // the spec's limit, written out so the test fails if the constant drifts
	tooBig := append(pngFile(t, 4, 4), make([]byte, tenMB)...)
	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"a PDF of exactly 10 MB", pdfFile(1, tenMB), ""},
		{"one byte over 10 MB", pdfFile(1, tenMB+1), model.EINVALID},
		{"a PNG followed by 10 MB", tooBig, model.EINVALID},
		{"empty", nil, model.EINVALID},
		{"text", []byte("this is my passport number: 123"), model.EINVALID},
		{"a GIF", []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;"), model.EINVALID},
		{"a ZIP named .pdf", []byte("PK\x03\x04\x14\x00\x00\x00"), model.EINVALID},
		{"a PNG signature over garbage", append([]byte("\x89PNG\r\n\x1a\n"), "garbage"...), model.EINVALID},
		{"a JPEG signature over garbage", []byte("\xff\xd8\xff\xe0garbage"), model.EINVALID},
		{"a PDF without pages", []byte("%PDF-1.7\n%%EOF\n"), model.EINVALID},
		{"a PNG of a billion pixels", hugePNGHeader(t), model.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.svc.AttachVerificationFile(owner, model.KYCDocument, "passport.pdf", bytes.NewReader(tc.data))
			wantCode(t, err, tc.code)
			if err != nil && (model.ErrorMessage(err) == "" || strings.HasPrefix(model.ErrorMessage(err), "Internal")) {
				t.Errorf("no sentence: %q", model.ErrorMessage(err))
			}
		})
	}
	t.Run("an announced size over 10 MB is refused unread", func(t *testing.T) {
		_, err := e.svc.UploadVerificationFile(owner, "", "passport.jpg", tenMB+1, unreadable{t})
		wantCode(t, err, model.EINVALID)
	})
	t.Run("more than announced is refused", func(t *testing.T) {
		_, err := e.svc.UploadVerificationFile(owner, "", "passport.pdf", 100, bytes.NewReader(tooBig))
		wantCode(t, err, model.EINVALID)
	})
	t.Run("a control character in the name", func(t *testing.T) {
		_, err := e.svc.AttachVerificationFile(owner, model.KYCDocument, "a\x1b[2J.png", bytes.NewReader(pngFile(t, 4, 4)))
		wantCode(t, err, model.EINVALID)
	})
}

// hugePNGHeader is a small PNG whose header claims 40000×40000 pixels.
func hugePNGHeader(t *testing.T) []byte {
	t.Helper()
	b := pngFile(t, 1, 1)
	// IHDR's width and height follow the signature (8), the chunk length
	// (4) and type (4); its CRC covers the type and the 13 data bytes.
	copy(b[16:24], []byte{0, 0, 0x9c, 0x40, 0, 0, 0x9c, 0x40})
	binary.BigEndian.PutUint32(b[29:33], crc32.ChecksumIEEE(b[12:29]))
	return b
}

func TestDetectFileType(t *testing.T) { // R-KYC-1
	for _, tc := range []struct {
		name string
		data []byte
		want model.FileType
	}{
		{"JPEG", []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), model.FileJPEG},
		{"PNG", []byte("\x89PNG\r\n\x1a\n\x00"), model.FilePNG},
		{"PDF", []byte("%PDF-1.7\n"), model.FilePDF},
		{"PDF after junk", []byte(" %PDF-1.7\n"), ""},
		{"PNG without its line ends", []byte("\x89PNG\n\x1a"), ""},
		{"two bytes of JPEG", []byte("\xff\xd8"), ""},
		{"GIF", []byte("GIF89a"), ""},
		{"empty", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := model.DetectFileType(tc.data)
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("DetectFileType = %q, %v; want %q", got, ok, tc.want)
			}
		})
	}
}

// The local console reads a file by its path; over SSH that would read the
// server's disk, so it is refused there (R-SRV-5).
func TestVerificationFileAt(t *testing.T) { // R-KYC-1, R-SRV-5
	e := newEnv(t)
	local := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := e.svc.StartVerification(local, model.DocDriversLicense); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "license.png")
	if err := os.WriteFile(path, pngFile(t, 20, 12), 0o600); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.pdf")
	if err := os.WriteFile(big, []byte("%PDF-1.4\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, model.MaxKYCFileSize+1); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, path string
		code       string
	}{
		{"a file", path, ""},
		{"no such file", filepath.Join(dir, "nope.png"), model.EINVALID},
		{"a folder", dir, model.EINVALID},
		{"over 10 MB", big, model.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := e.svc.AttachVerificationFileAt(local, model.KYCDocument, tc.path)
			wantCode(t, err, tc.code)
			if err == nil && (f.Name != "license.png" || f.Width != 20) {
				t.Errorf("file = %+v", f)
			}
		})
	}
	t.Run("over SSH", func(t *testing.T) {
		remote := mustSignIn(t, e, "wile@acme.example", strongPassword)
		_, err := e.svc.AttachVerificationFileAt(remote, model.KYCDocument, path)
		wantCode(t, err, model.EFORBIDDEN)
	})
}

// Verification files are sealed at rest: no file of the database holds
// their bytes (SPEC §7).
func TestVerificationFilesSealed(t *testing.T) { // R-KYC-1, SPEC §7
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	if _, err := e.svc.StartVerification(owner, model.DocPassport); err != nil {
		t.Fatal(err)
	}
	document := pngFile(t, 200, 200)
	e.attach(t, owner, model.KYCDocument, "passport.png", document)
	middle := document[len(document)/2 : len(document)/2+64]
	if files := e.filesHolding(t, middle); files != "" {
		t.Fatalf("the document's bytes are in %s", files)
	}
}

// A draft can be discarded by whoever started it, or by an owner, so that
// one left by someone who is gone does not block the account (R-KYC-1).
func TestDiscardVerification(t *testing.T) { // R-KYC-1, R-ACC-4
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	manager := e.member(t, owner, "road@acme.example", model.RoleManager)
	staff := e.staff(t, "sam@provider.example")
	err := e.svc.DiscardVerification(owner)
	wantCode(t, err, model.ECONFLICT) // nothing to discard
	if _, err := e.svc.StartVerification(owner, model.DocPassport); err != nil {
		t.Fatal(err)
	}
	e.attach(t, owner, model.KYCDocument, "passport.png", pngFile(t, 8, 8))
	wantCode(t, e.svc.DiscardVerification(manager), model.EFORBIDDEN)
	if err := e.svc.DiscardVerification(owner); err != nil {
		t.Fatalf("the requester discards their draft: %v", err)
	}
	if r, err := e.svc.Verification(owner); r != nil || err != nil {
		t.Fatalf("after discarding: %+v, %v", r, err)
	}
	if _, err := e.svc.StartVerification(manager, model.DocIDCard); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DiscardVerification(owner); err != nil {
		t.Fatalf("an owner discards a manager's draft: %v", err)
	}
	if a := findAudit(e.auditOf(t, e.accountOf(t, owner).ID), "kyc.discarded"); a == nil || !strings.Contains(a.Detail, "Member road@acme.example") {
		t.Errorf("discard audit = %+v", a)
	}
	if _, err := e.svc.StartVerification(owner, model.DocPassport); err != nil {
		t.Fatal(err)
	}
	e.attach(t, owner, model.KYCDocument, "passport.png", pngFile(t, 8, 8))
	e.attach(t, owner, model.KYCSelfie, "selfie.png", pngFile(t, 8, 8))
	if _, err := e.svc.SubmitVerification(owner); err != nil {
		t.Fatal(err)
	}
	wantCode(t, e.svc.DiscardVerification(owner), model.ECONFLICT) // sent
	wantCode(t, e.svc.DiscardVerification(staff), model.EFORBIDDEN)
}
