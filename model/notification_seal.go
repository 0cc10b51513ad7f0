package model

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"acctl/seal"
)

// One-time codes in the outbox (SPEC §7): a message that carries a code
// (a reset code, an invitation's secret, an SMS code) is queued with
// CodeMarker where the code goes in its body, and the code itself sealed
// in SealedCode under the data directory's key, bound to the message's
// user, channel, kind and recipient. It is opened only to deliver the
// message (package notify, DeliveryBody) and for the offline demo's inbox
// (package demo, OpenCode); once delivered or given up, the store erases
// it and checkpoints its write-ahead log.

// CodeMarker stands in a code message's body for its one-time code, which
// is sealed until delivery. The outbox shows it as it is.
const CodeMarker = "[one-time code, sealed until delivery]"

// ErrCodeNotSealed is met when a message that should carry a sealed code
// has none, or it does not open: it cannot be delivered.
var ErrCodeNotSealed = errors.New("the one-time code of this message is not sealed with this data directory's key")

// codeLabel binds a sealed code to its message, so that it cannot be moved
// to another user's or another recipient's message.
func codeLabel(n *Notification) string {
	return fmt.Sprintf("outbox code:user:%d:%s:%s:%s", n.UserID, n.Channel, n.Kind, n.To)
}

// sealCode seals code into n, whose body holds CodeMarker in its place.
func sealCode(sealer *seal.Sealer, n *Notification, code string) error {
	if sealer == nil {
		return ErrNoSealer
	}
	if !strings.Contains(n.Body, CodeMarker) {
		return fmt.Errorf("seal code: the %s message has no place for its code", n.Kind)
	}
	sealed, err := sealer.Seal([]byte(code), codeLabel(n))
	if err != nil {
		return fmt.Errorf("seal code: %w", err)
	}
	n.SealedCode = sealed
	return nil
}

// OpenCode returns the one-time code sealed in n. Only the deliverer
// (through DeliveryBody) and the offline demo's inbox call it.
func OpenCode(sealer *seal.Sealer, n *Notification) (string, error) {
	if sealer == nil || len(n.SealedCode) == 0 {
		return "", ErrCodeNotSealed
	}
	code, err := sealer.Open(n.SealedCode, codeLabel(n))
	if err != nil {
		return "", ErrCodeNotSealed
	}
	return string(code), nil
}

// DeliveryBody is n's body as it is sent: for a code message, with its
// sealed code in place of CodeMarker; for any other, the body itself.
func DeliveryBody(sealer *seal.Sealer, n *Notification) (string, error) {
	if !n.CarriesCode || !strings.Contains(n.Body, CodeMarker) {
		return n.Body, nil
	}
	code, err := OpenCode(sealer, n)
	if err != nil {
		return "", err
	}
	return strings.Replace(n.Body, CodeMarker, code, 1), nil
}

// codeNotification builds a code message to u: body holds CodeMarker
// where code goes, and code is sealed into it. Without a sealer it fails
// closed (ErrNoSealer): no code is ever queued in plain text.
func (s *Service) codeNotification(u *User, ch Channel, to, kind, subject, body, code string) (*Notification, error) {
	n := s.newNotification(u, ch, to, kind, subject, body)
	if err := sealCode(s.sealer, n, code); err != nil {
		if errors.Is(err, ErrNoSealer) {
			s.log.Error("seal one-time code: no sealing key configured", "kind", kind)
			return nil, ErrNoSealer
		}
		return nil, s.internal("seal one-time code", err)
	}
	return n, nil
}

// notifyCode queues a code message as codeNotification builds it. Like
// every notification it never fails the caller's action; a failure is
// logged, without the code.
func (s *Service) notifyCode(ctx context.Context, u *User, ch Channel, to, kind, subject, body, code string) {
	n, err := s.codeNotification(u, ch, to, kind, subject, body, code)
	if err != nil {
		s.log.Error("queue code message", "kind", kind, "user", u.ID, "err", err)
		return
	}
	s.queueNotification(ctx, n)
}

// needSealer fails closed, before anything is stored, when no code could
// be sealed for its message (SPEC §7).
func (s *Service) needSealer() error {
	if s.sealer == nil {
		s.log.Error("one-time code: no sealing key configured")
		return ErrNoSealer
	}
	return nil
}
