package model

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"math/big"
	"strings"
)

// SupportPINDigits is the length of a support PIN (R-SET-3).
const SupportPINDigits = 6

// Errors of the support PIN (R-SET-3).
var (
	// ErrPINNoSealer is met when the Service was built without a sealing
	// key, which the PIN is kept under (SPEC §7).
	ErrPINNoSealer = &Error{Code: EINTERNAL, Message: "The sealing key is missing, so the support PIN cannot be kept or read. Start acctl with its data directory, where sealing.key is kept."}
	// ErrPINSealingKey is met when the sealing key cannot open the PIN:
	// the key file was lost or replaced. Regenerating makes a new PIN.
	ErrPINSealingKey = &Error{Code: EINTERNAL, Message: "The sealing key of this data directory cannot open the support PIN. Restore sealing.key from a backup, or regenerate the PIN."}
	// ErrPINFormat refuses a caller's PIN that is not six digits; it does
	// not count as a failed check.
	ErrPINFormat = &Error{Code: EINVALID, Message: "A support PIN is 6 digits. Ask the caller to read it again."}
)

// SupportPIN shows the caller's account's support PIN after the password
// (R-SET-3, R-PWD-4): owners and managers (R-ACC-4). An account without
// one yet gets one now. Each showing is audited; the PIN itself is never
// written anywhere but sealed in the database (SPEC §7).
func (s *Service) SupportPIN(ctx context.Context, password string) (string, error) {
	a, err := s.pinKeeper(ctx, password)
	if err != nil {
		return "", err
	}
	sealed, err := s.store.SupportPIN(ctx, a.Account.ID)
	if err != nil {
		return "", s.internal("read support pin", err)
	}
	if sealed == nil {
		return s.setSupportPIN(ctx, a, "support_pin.created")
	}
	pin, err := s.openPIN(a.Account.ID, sealed)
	if err != nil {
		return "", err
	}
	if err := s.store.AddAudit(ctx, s.audit(a, "support_pin.shown", "support PIN", "")); err != nil {
		return "", s.internal("audit support pin", err)
	}
	return pin, nil
}

// RegenerateSupportPIN replaces the caller's account's support PIN with a
// new one after the password and returns it to show (R-SET-3, R-PWD-4):
// owners and managers (R-ACC-4, R-ACC-6). The change is audited and
// notified to the user who made it and the Primary contacts (security,
// R-SET-2); the PIN is in neither.
func (s *Service) RegenerateSupportPIN(ctx context.Context, password string) (string, error) {
	a, err := s.pinKeeper(ctx, password)
	if err != nil {
		return "", err
	}
	pin, err := s.setSupportPIN(ctx, a, "support_pin.regenerated")
	if err != nil {
		return "", err
	}
	body := fmt.Sprintf("The support PIN of %s was regenerated in acctl: the old PIN no longer identifies you to support. The new PIN is not in this email; sign in to acctl to see it under Account settings.\n%s",
		plainText(a.Account.CompanyName), s.signature(a))
	s.notifyAccount(ctx, a.Account.ID, Message{Category: CategorySecurity, Kind: NotifySupportPIN,
		Subject: "acctl: the support PIN of " + oneLine(a.Account.CompanyName) + " was regenerated", Body: body}, a.User)
	return pin, nil
}

// pinKeeper is the caller, allowed to see the PIN, after the password.
func (s *Service) pinKeeper(ctx context.Context, password string) (*Actor, error) {
	a, err := s.allowedTo(ctx, ActionSupportPIN)
	if err != nil {
		return nil, err
	}
	if s.sealer == nil {
		return nil, ErrPINNoSealer
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, err
	}
	return a, nil
}

// setSupportPIN draws a new PIN, stores it sealed with the audit event of
// action, and returns it.
func (s *Service) setSupportPIN(ctx context.Context, a *Actor, action string) (string, error) {
	pin, err := newSupportPIN()
	if err != nil {
		return "", s.internal("draw support pin", err)
	}
	sealed, err := s.sealer.Seal([]byte(pin), pinLabel(a.Account.ID))
	if err != nil {
		return "", s.internal("seal support pin", err)
	}
	err = s.store.SetSupportPIN(ctx, a.Guard(ActionSupportPIN), sealed, s.audit(a, action, "support PIN", ""))
	if err != nil {
		return "", s.internal("save support pin", err)
	}
	return pin, nil
}

// newSupportPIN draws six uniform digits from crypto/rand.
func newSupportPIN() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// pinLabel binds a sealed PIN to its account, so that it cannot be moved
// to another one.
func pinLabel(accountID int64) string { return fmt.Sprintf("support-pin:account:%d", accountID) }

// openPIN opens an account's sealed PIN.
func (s *Service) openPIN(accountID int64, sealed []byte) (string, error) {
	if s.sealer == nil {
		return "", ErrPINNoSealer
	}
	pin, err := s.sealer.Open(sealed, pinLabel(accountID))
	if err != nil {
		s.log.Error("open support pin", "account", accountID, "err", err)
		return "", ErrPINSealingKey
	}
	return string(pin), nil
}

// pinThrottleKey is the R-PWD-5 key of caller checks of one account's PIN.
func pinThrottleKey(accountID int64) string { return fmt.Sprintf("support-pin:account:%d", accountID) }

// CheckCallerPIN tells whether pin is the support PIN of the account, for
// a check without a staff session (R-SET-3, R-STF-5): match or no match,
// never the PIN, throttled as checkPIN says. Every check is in the
// account's security log as "support.pin_checked" by "support: checker".
// The staff console calls CheckCaller, which names the staff member.
func (s *Service) CheckCallerPIN(ctx context.Context, accountID int64, checker, pin string) (bool, error) {
	if _, err := s.store.FindAccountByID(ctx, accountID); err != nil {
		return false, s.internal("find account", err)
	}
	match, err := s.checkPIN(ctx, accountID, pin)
	if err != nil {
		return false, err
	}
	result := "no match"
	if match {
		result = "match"
	}
	audit := &AuditEvent{AccountID: accountID, Actor: "support: " + checker, Action: "support.pin_checked", Object: "support PIN", Detail: result, Origin: LocalOrigin, At: s.now()}
	if err := s.store.AddAudit(ctx, audit); err != nil {
		return false, s.internal("audit pin check", err)
	}
	return match, nil
}

// checkPIN compares a caller's pin with the account's (R-SET-3, R-STF-5).
// Checks are throttled per account as R-PWD-5 throttles a user's
// password: after five consecutive failures the next waits 1 minute,
// doubling up to 1 hour (ELOCKED, saying until when); a match resets the
// count. A PIN that is not six digits is ErrPINFormat and does not count;
// an account without a PIN matches nothing.
func (s *Service) checkPIN(ctx context.Context, accountID int64, pin string) (bool, error) {
	pin = strings.Join(strings.Fields(pin), "")
	if len(pin) != SupportPINDigits || strings.Trim(pin, "0123456789") != "" {
		return false, ErrPINFormat
	}
	key := pinThrottleKey(accountID)
	if _, err := s.beginAttempt(ctx, key); err != nil {
		return false, err
	}
	match, err := s.pinMatches(ctx, accountID, pin)
	if err != nil || !match {
		return false, err
	}
	return true, s.resetAttempts(ctx, key)
}

// pinMatches compares pin with the account's in constant time.
func (s *Service) pinMatches(ctx context.Context, accountID int64, pin string) (bool, error) {
	sealed, err := s.store.SupportPIN(ctx, accountID)
	if err != nil {
		return false, s.internal("read support pin", err)
	}
	if sealed == nil {
		return false, nil
	}
	want, err := s.openPIN(accountID, sealed)
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare([]byte(pin), []byte(want)) == 1, nil
}
