package model

import (
	"context"
	"fmt"
	"strings"
)

// IssueResetCode gives an owner, after their password (R-PWD-4, whose
// failures count towards R-PWD-5), a single-use reset code for another
// active user of their account, to hand over when no email can reach them
// (R-PWD-7). The code is returned once, to be shown in the secret panel;
// it works for ResetCodeTTL on the sign-in screen's "Forgot password", as
// an emailed one does, and replaces the user's earlier code. It is
// audited, and the user gets a notice (without the code). The store checks
// the owner and the user again at commit (R-ACC-6).
func (s *Service) IssueResetCode(ctx context.Context, userID int64, password string) (string, error) {
	a, u, err := s.managedUser(ctx, userID)
	if err != nil {
		return "", err
	}
	if err := CheckIssueResetCode(a.User, u); err != nil {
		return "", err
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return "", err
	}
	code, hash, err := newResetCode()
	if err != nil {
		return "", s.internal("reset code", err)
	}
	now := s.now()
	rc := &ResetCode{Email: u.Email, UserID: u.ID, Hash: hash, Origin: a.Session.Origin, Client: a.Session.Client,
		CreatedAt: now, ExpiresAt: now.Add(ResetCodeTTL)}
	audit := s.audit(a, "user.reset_code_issued", userObject(u), "a reset code handed over by an owner, valid 30 minutes")
	err = s.store.IssueResetCode(ctx, a.Guard(ActionManageUsers), rc, s.resetIssuedNotice(a, u, rc), audit)
	if err != nil {
		return "", s.internal("issue reset code", err)
	}
	return code, nil
}

// resetIssuedNotice tells u that an owner issued a reset code for them
// (R-PWD-7, R-PWD-6): who, when and until when, never the code.
func (s *Service) resetIssuedNotice(a *Actor, u *User, rc *ResetCode) *Notification {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s), an owner of your account, issued a password reset code for your acctl user %s, to hand over to you.\n\n", plainText(a.User.Name), a.User.Email, u.Email)
	fmt.Fprintf(&b, "It works once, until %s. Using it sets a new password and ends every session of your user.\n\n", rc.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintf(&b, "Time: %s\n", s.now().UTC().Format("2006-01-02 15:04:05 UTC"))
	fmt.Fprintf(&b, "From: %s\n", plainText(a.Session.Origin.String()))
	b.WriteString("\nIf you did not ask for it, tell that owner at once: anyone who has the code can set your password.\n")
	return s.newNotification(u, ChannelEmail, u.Email, NotifyResetCodeIssued, "acctl: an owner issued a reset code for you", b.String())
}

// NotifyResetCodeIssued is the kind of the notice that an owner issued a
// reset code for the user (R-PWD-7).
const NotifyResetCodeIssued = "reset code issued"
