package model

import (
	"context"
	"strings"
)

// MaxChecklistNote bounds a checklist item's note, in code points.
const MaxChecklistNote = 200

// ErrChecklistOpen refuses to approve a deactivation while a point of the
// billing review is not cleared (R-SET-5, R-STF-3).
var ErrChecklistOpen = &Error{Code: EINVALID, Message: "Approve only when debts, active services and the balance are all cleared. Tick each one once it is settled, or reject the request with the reason."}

// Items returns the checklist's three points with their names, in the
// order billing review reads them (R-STF-3).
func (c *DeactivationChecklist) Items() []NamedChecklistItem {
	return []NamedChecklistItem{{"Debts", &c.Debts}, {"Active services", &c.ActiveServices}, {"Balance", &c.Balance}}
}

// NamedChecklistItem is a point of the checklist with its name.
type NamedChecklistItem struct {
	Name string
	Item *ChecklistItem
}

// CheckChecklist is the rule of billing review's checklist (R-SET-5,
// R-STF-3): each note is one line of at most MaxChecklistNote characters;
// an approval needs every point cleared. A rejection records the points
// as they are.
func CheckChecklist(c DeactivationChecklist, approve bool) error {
	for _, it := range c.Items() {
		if err := checkText("The note on "+strings.ToLower(it.Name), strings.TrimSpace(it.Item.Note), MaxChecklistNote); err != nil {
			return err
		}
	}
	if approve && !(c.Debts.Cleared && c.ActiveServices.Cleared && c.Balance.Cleared) {
		return ErrChecklistOpen
	}
	return nil
}

// DeactivationQueue returns one window of every account's pending
// deactivation requests for staff, oldest first (R-STF-3): a row's
// RequestedAt is its place in the queue and the cursor's At.
func (s *Service) DeactivationQueue(ctx context.Context, p QueuePage) ([]*DeactivationRequest, error) {
	if _, err := s.staff(ctx, ActionReviewDeactivation); err != nil {
		return nil, err
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.DeactivationQueue(ctx, p)
	return list, s.internal("deactivation queue", err)
}

// DeactivationReview returns one deactivation request of any account,
// pending or decided, for staff (R-STF-3).
func (s *Service) DeactivationReview(ctx context.Context, id int64) (*DeactivationRequest, error) {
	if _, err := s.staff(ctx, ActionReviewDeactivation); err != nil {
		return nil, err
	}
	r, err := s.store.FindDeactivation(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return nil, ErrNoDeactivation
	}
	return r, s.internal("find deactivation request", err)
}

// ApproveDeactivationReview is ApproveDeactivation by the calling staff
// member (R-STF-3, R-SET-5): they are the reviewer, their role and session
// are checked again when it commits (R-ACC-6), and it is in the
// customer's log as "support: account.deactivated" by them. Every point
// of the checklist must be cleared (CheckChecklist). Every session of the
// account ends; sign-in says why.
func (s *Service) ApproveDeactivationReview(ctx context.Context, id int64, checklist DeactivationChecklist) (*DeactivationRequest, error) {
	a, err := s.staff(ctx, ActionReviewDeactivation)
	if err != nil {
		return nil, err
	}
	return s.decideDeactivation(ctx, a, id, DeactivationDecision{Approve: true, Checklist: checklist})
}

// RejectDeactivationReview is RejectDeactivation by the calling staff
// member (R-STF-3, R-SET-5): the reason is required, shown on the
// account's Account settings and notified; the checklist is kept as it
// is. Audited as "support: account.deactivation_rejected" by them.
func (s *Service) RejectDeactivationReview(ctx context.Context, id int64, reason string, checklist DeactivationChecklist) (*DeactivationRequest, error) {
	a, err := s.staff(ctx, ActionReviewDeactivation)
	if err != nil {
		return nil, err
	}
	reason, err = ValidateRejectionReason(reason)
	if err != nil {
		return nil, err
	}
	return s.decideDeactivation(ctx, a, id, DeactivationDecision{Checklist: checklist, Reason: reason})
}
