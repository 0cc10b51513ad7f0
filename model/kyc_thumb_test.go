package model_test

import (
	"bytes"
	"database/sql"
	"testing"

	"acctl/model"
)

// Staff preview an image from its thumbnail, made and sealed when the file
// was given, so that looking at a 10 MB photo costs no decoding (R-STF-2);
// a PDF, and a file given before thumbnails were kept, come whole.
func TestVerificationPreview(t *testing.T) { // R-STF-2, R-KYC-1, SPEC §7
	e := newEnv(t)
	owner := e.signUp(t, "Acme", "Wile Coyote", "wile@acme.example")
	staff := e.staff(t, "sam@provider.example")
	r, err := e.svc.StartVerification(owner, model.DocPassport)
	if err != nil {
		t.Fatal(err)
	}
	document := pngFile(t, 960, 240) // shrunk to ThumbSide wide
	e.attach(t, owner, model.KYCDocument, "passport.png", document)
	e.attach(t, owner, model.KYCSelfie, "selfie.pdf", pdfFile(2, 4000))

	if _, _, err := e.svc.VerificationPreview(owner, r.ID, model.KYCDocument); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Errorf("a customer previews as staff: %v", err)
	}
	if _, _, err := e.svc.VerificationPreview(staff, r.ID, model.KYCDocument); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("staff preview a draft: %v", err)
	}
	if _, err := e.svc.SubmitVerification(owner); err != nil {
		t.Fatal(err)
	}

	c, thumb, err := e.svc.VerificationPreview(staff, r.ID, model.KYCDocument)
	if err != nil || thumb == nil || c.Data != nil {
		t.Fatalf("preview = %v, %v, %v; want the thumbnail alone", c, thumb, err)
	}
	want, err := model.MakeThumb(document)
	if err != nil {
		t.Fatal(err)
	}
	if thumb.W != model.ThumbSide || thumb.H != 120 || !bytes.Equal(thumb.Pix, want.Pix) {
		t.Errorf("thumbnail %d×%d differs from the image's (%d×%d)", thumb.W, thumb.H, want.W, want.H)
	}
	if c.Name != "passport.png" || c.Type != model.FilePNG || c.Width != 960 {
		t.Errorf("preview describes %+v", c.KYCFile)
	}
	if a := findAudit(e.auditOf(t, r.AccountID), model.SupportAction("kyc.file_opened")); a == nil || a.Actor != "sam@provider.example" {
		t.Errorf("a preview is not in the customer's log: %+v", a)
	}
	enc, err := model.EncodeThumb(thumb)
	if err != nil {
		t.Fatal(err)
	}
	if files := e.filesHolding(t, enc[len(enc)/2:len(enc)/2+64]); files != "" {
		t.Errorf("the thumbnail's bytes are in %s", files)
	}

	pdf, thumb, err := e.svc.VerificationPreview(staff, r.ID, model.KYCSelfie)
	if err != nil || thumb != nil || pdf.Type != model.FilePDF || len(pdf.Data) == 0 {
		t.Errorf("PDF preview = %v, %v; want the file", thumb, err)
	}

	raw, err := sql.Open("sqlite", "file:"+e.path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.Exec(`UPDATE kyc_files SET thumb_sealed = NULL`); err != nil { // given before migration 012
		t.Fatal(err)
	}
	old, thumb, err := e.svc.VerificationPreview(staff, r.ID, model.KYCDocument)
	if err != nil || thumb != nil || !bytes.Equal(old.Data, document) {
		t.Errorf("a file without a thumbnail: %v, %v; want the file to shrink", thumb, err)
	}
}
