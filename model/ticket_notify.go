package model

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of the notifications of requests and verification.
const (
	NotifyTicketSubmitted     = "request submitted"              // R-TKT-1
	NotifyTicketReply         = "request reply"                  // R-TKT-2
	NotifyTicketStatus        = "request status"                 // R-TKT-2, R-STF-1
	NotifyTicketPasswordSeen  = "request server password viewed" // R-TKT-1, R-STF-1
	NotifyVerificationDecided = "verification decided"           // R-KYC-1
)

// notifyTicket queues the notification of a's action on request t
// (R-TKT-2): sentence says what happened, body (a message, or "") is
// quoted. It never holds the server password. Category: technical.
func (s *Service) notifyTicket(ctx context.Context, a *Actor, t *Ticket, kind, sentence, body string) {
	subject := fmt.Sprintf("acctl: request #%d: %s", t.ID, clip(plainText(t.Subject), 60))
	var b strings.Builder
	b.WriteString(sentence + "\n\n")
	fmt.Fprintf(&b, "Request #%d: %s\n", t.ID, plainText(t.Subject))
	fmt.Fprintf(&b, "Status:   %s\n", t.Status.Title())
	if body != "" {
		b.WriteString("\n" + plainLines(body) + "\n")
	}
	b.WriteString("\nOpen acctl, Requests, to read the whole thread and reply.\n")
	s.notifyTechnical(ctx, a, []int64{t.RequesterID}, kind, subject, b.String())
}

// notifyTechnical queues an account notification of the technical
// category of R-SET-2 (ticket replies, staff actions on requests): the one
// place they are queued. Today's outbox has no categories or contacts, so
// it goes to the concerned users (the requester) who are active, except
// the actor, who knows. With contact routing it becomes notifyAccount
// with Category technical, the concerned users and the actor's address
// as the exception, so that Technical and Primary contacts get it too.
func (s *Service) notifyTechnical(ctx context.Context, actor *Actor, concerned []int64, kind, subject, body string) {
	s.notifyConcerned(ctx, actor, concerned, kind, subject, body)
}

// notifyPrimary queues an account notification meant for the account's
// Primary contacts (R-KYC-1's verification decision): like
// notifyTechnical, today it goes to the concerned users (the person who
// sent the documents); with contact routing it goes to the Primary
// contacts as well.
func (s *Service) notifyPrimary(ctx context.Context, actor *Actor, concerned []int64, kind, subject, body string) {
	s.notifyConcerned(ctx, actor, concerned, kind, subject, body)
}

// notifyConcerned queues an email to each active user of ids, once each,
// except actor. Like notifyEmail it never fails the caller's action.
func (s *Service) notifyConcerned(ctx context.Context, actor *Actor, ids []int64, kind, subject, body string) {
	seen := map[int64]bool{}
	for _, id := range ids {
		if seen[id] || (actor != nil && id == actor.User.ID) {
			continue
		}
		seen[id] = true
		u, err := s.store.FindUserByID(ctx, id)
		if err != nil {
			s.log.Error("notify", "kind", kind, "user", id, "err", err)
			continue
		}
		if u.Status == UserActive {
			s.queueNotification(ctx, s.newNotification(u, ChannelEmail, u.Email, kind, subject, body))
		}
	}
}

// plainLines is plainText that keeps line breaks and tabs, for quoting a
// message in an email.
func plainLines(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, s)
}

// clip shortens s to at most n code points, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
