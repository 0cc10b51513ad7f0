package iam_test

import (
	"crypto/sha256"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/packet"

	"acctl/tui/tuitest"
)

// gpgKey is a test OpenPGP key made at test time with go-crypto: Ed25519,
// created made, lasting lifetime (0: for ever), with a user ID for each of
// uids ("Name <email>" pairs). Its randomness is seeded by seed, so the
// same seed gives the same key, key ID and fingerprint on every run (the
// goldens draw them).
func gpgKey(t testing.TB, seed string, made time.Time, lifetime time.Duration, uids ...[2]string) *openpgp.Entity {
	t.Helper()
	s := sha256.Sum256([]byte(seed))
	cfg := &packet.Config{Algorithm: packet.PubKeyAlgoEdDSA, Curve: packet.Curve25519, Rand: rand.NewChaCha8(s),
		Time: func() time.Time { return made }, KeyLifetimeSecs: uint32(lifetime / time.Second)}
	e, err := openpgp.NewEntity(uids[0][0], "", uids[0][1], cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, uid := range uids[1:] {
		if err := e.AddUserId(uid[0], "", uid[1], cfg); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// gpgAt is when the test keys are made: a month before the test clock.
var gpgAt = tuitest.Start.AddDate(0, -1, 0)
