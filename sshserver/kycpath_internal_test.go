package sshserver

import (
	"testing"

	"acctl/model"
)

// R-KYC-1: where a path of the kyc/ folder sends a file.
func TestKYCPath(t *testing.T) { // R-KYC-1, R-SRV-5
	cases := []struct {
		path string
		ok   bool
		kind model.KYCFileKind
		name string
	}{
		{"kyc", true, "", ""},
		{"kyc/", true, "", ""},
		{"/kyc/", true, "", ""},
		{"./kyc", true, "", ""},
		{"~/kyc/", true, "", ""},
		{"kyc/document", true, model.KYCDocument, ""},
		{"kyc/selfie/", true, model.KYCSelfie, ""},
		{"kyc/passport.jpg", true, "", "passport.jpg"},
		{"kyc/selfie/me.jpg", true, model.KYCSelfie, "me.jpg"},
		{"kyc/document/scan.pdf", true, model.KYCDocument, "scan.pdf"},
		{"kyc/other/scan.pdf", false, "", ""},
		{"kyc/document/a/b", false, "", ""},
		{"kyc/../etc/passwd", false, "", ""},
		{"/etc/kyc", false, "", ""},
		{"kycx/", false, "", ""},
		{"", false, "", ""},
		{".", false, "", ""},
		{"/", false, "", ""},
	}
	for _, c := range cases {
		got, ok := kycPath(c.path)
		if ok != c.ok || got.kind != c.kind || got.name != c.name {
			t.Errorf("kycPath(%q) = %+v, %v; want %q %q %v", c.path, got, ok, c.kind, c.name, c.ok)
		}
	}
}
