package model

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// MaxRejectionReason bounds the reason of a rejected verification, in
// code points.
const MaxRejectionReason = 1000

// VerificationQueue returns one window of every account's pending
// verification requests for staff, oldest sent first (R-STF-2); a row's
// SubmittedAt is its place in the queue and the cursor's At.
func (s *Service) VerificationQueue(ctx context.Context, p QueuePage) ([]*KYCRequest, error) {
	if _, err := s.staff(ctx, ActionReviewVerification); err != nil {
		return nil, err
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.VerificationQueue(ctx, p)
	return list, s.internal("verification queue", err)
}

// VerificationRequest returns a sent verification request of any account
// with what its files are, for staff (R-STF-2). A draft is the customer's
// own until they send it, and answers as not found.
func (s *Service) VerificationRequest(ctx context.Context, id int64) (*KYCRequest, error) {
	if _, err := s.staff(ctx, ActionReviewVerification); err != nil {
		return nil, err
	}
	r, err := s.store.FindVerification(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && r.Status == KYCDraft) {
		return nil, ErrKYCNotFound
	}
	return r, s.internal("find verification", err)
}

// VerificationFile opens a file of a sent verification request for staff
// to view (R-STF-2): its bytes, type, size and, for a PDF, page count. The
// reading is recorded in the customer's security log as "support: …"
// (R-STF-4) before the content leaves the store; it is not notified, as
// the decision that follows is. The bytes are an identity document: a
// console draws them and keeps no copy, and exports them to a file only
// on the server's own console (R-SRV-5).
func (s *Service) VerificationFile(ctx context.Context, id int64, kind KYCFileKind) (*KYCFileContent, error) {
	c, _, err := s.openVerification(ctx, id, kind, false)
	return c, err
}

// openVerification records a staff member's opening of a file and reads
// it: its sealed thumbnail when thumb is asked and there is one, else its
// content, opened.
func (s *Service) openVerification(ctx context.Context, id int64, kind KYCFileKind, thumb bool) (*KYCFileContent, []byte, error) {
	a, err := s.staff(ctx, ActionReviewVerification)
	if err != nil {
		return nil, nil, err
	}
	if s.sealer == nil {
		return nil, nil, ErrNoSealerSecrets
	}
	var file KYCFile
	part := KYCContent
	if thumb {
		part = KYCThumbOrContent
	}
	sealed, isThumb, err := s.store.OpenVerificationFile(ctx, a.Guard(ActionReviewVerification), id, kind, part, func(r *KYCRequest, f *KYCFile) (*AuditEvent, error) {
		if r.Status == KYCDraft {
			return nil, ErrKYCNotFound
		}
		file = *f
		return s.supportAudit(a, r.AccountID, "kyc.file_opened", VerificationObject(r.ID),
			fmt.Sprintf("%s: %s, %s, %s", kind.Title(), f.Name, f.Type.Title(), HumanSize(f.Size))), nil
	})
	if errors.Is(err, ErrNotFound) {
		return nil, nil, ErrKYCNotFound
	}
	if err != nil {
		return nil, nil, s.internal("open verification file", err)
	}
	if isThumb {
		return &KYCFileContent{KYCFile: file}, sealed, nil
	}
	data, err := s.sealer.Open(sealed, kycFileLabel(id, kind))
	if err != nil {
		return nil, nil, s.internal("open verification file", fmt.Errorf("verification %d %s: %w", id, kind, err))
	}
	return &KYCFileContent{KYCFile: file, Data: data}, nil, nil
}

// ApproveVerification approves a pending verification (R-KYC-1, R-STF-2):
// audited in the customer's log as "support: …" and notified (primary).
func (s *Service) ApproveVerification(ctx context.Context, id int64) (*KYCRequest, error) {
	return s.decideVerification(ctx, id, KYCApproved, "")
}

// RejectVerification rejects a pending verification with the reason the
// customer is shown and sent (R-KYC-1, R-STF-2); they may start another.
func (s *Service) RejectVerification(ctx context.Context, id int64, reason string) (*KYCRequest, error) {
	reason, err := validateMultiline("The reason", reason, MaxRejectionReason)
	if err != nil {
		return nil, err
	}
	return s.decideVerification(ctx, id, KYCRejected, reason)
}

// decideVerification is staff's decision on pending request id, decided on
// the request as read inside the committing transaction, so that two
// staff members cannot both decide it.
func (s *Service) decideVerification(ctx context.Context, id int64, to KYCStatus, reason string) (*KYCRequest, error) {
	a, err := s.staff(ctx, ActionReviewVerification)
	if err != nil {
		return nil, err
	}
	now := s.now()
	r, err := s.store.ChangeVerification(ctx, a.Guard(ActionReviewVerification), id, func(r *KYCRequest) (*KYCChange, error) {
		return s.decisionChange(a, r, to, reason, now)
	})
	if errors.Is(err, ErrNotFound) {
		return nil, ErrKYCNotFound
	}
	if err != nil {
		return nil, s.internal("decide verification", err)
	}
	s.notifyDecision(ctx, a, r)
	return r, nil
}

// decisionChange is the rule of a decision: only a pending request.
func (s *Service) decisionChange(a *Actor, r *KYCRequest, to KYCStatus, reason string, now time.Time) (*KYCChange, error) {
	if r.Status != KYCPending {
		return nil, ErrKYCNotPending
	}
	n := *r
	n.Status, n.Reason, n.DecidedBy, n.DecidedAt = to, reason, a.User.ID, &now
	action, detail := "kyc.approved", r.DocumentType.Title()
	if to == KYCRejected {
		action, detail = "kyc.rejected", clip(plainText(reason), 200)
	}
	return &KYCChange{Request: &n, Audit: []*AuditEvent{s.supportAudit(a, r.AccountID, action, VerificationObject(r.ID), detail)}}, nil
}

// notifyDecision queues the decision's notification (R-KYC-1, primary).
func (s *Service) notifyDecision(ctx context.Context, a *Actor, r *KYCRequest) {
	subject, body := "acctl: your account is verified",
		fmt.Sprintf("Our staff approved the verification of %s with the %s you sent.\n", plainText(r.Company), r.DocumentType.Title())
	if r.Status == KYCRejected {
		subject = "acctl: your verification was not approved"
		body = fmt.Sprintf("Our staff could not approve the verification of %s with the %s you sent. The reason:\n\n%s\n\n"+
			"You can start a new verification in acctl (Requests, Verification) with other files.\n",
			plainText(r.Company), r.DocumentType.Title(), plainLines(r.Reason))
	}
	s.notifyPrimary(ctx, r.AccountID, a, []int64{r.RequestedBy}, NotifyVerificationDecided, subject, body)
}
