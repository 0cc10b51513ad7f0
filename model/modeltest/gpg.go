package modeltest

import (
	"bytes"
	"testing"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
)

// ArmoredGPGKey writes e's public key, or with private its private key
// too, in ASCII armour, as gpg --armor --export (--export-secret-keys)
// would (R-SSH-4).
func ArmoredGPGKey(t testing.TB, e *openpgp.Entity, private bool) string {
	t.Helper()
	var b bytes.Buffer
	kind := openpgp.PublicKeyType
	if private {
		kind = openpgp.PrivateKeyType
	}
	w, err := armor.Encode(&b, kind, nil)
	if err != nil {
		t.Fatal(err)
	}
	if private {
		err = e.SerializePrivate(w, nil)
	} else {
		err = e.Serialize(w)
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
