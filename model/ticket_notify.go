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
	s.notifyTechnical(ctx, t.AccountID, a, []int64{t.RequesterID}, kind, subject, b.String())
}

// notifyTechnical queues an account notification of the technical
// category of R-SET-2 (ticket replies, staff actions on requests): to the
// users concerned (the requester) and to the account's Technical and
// Primary contacts, each address once, but the actor, who knows.
func (s *Service) notifyTechnical(ctx context.Context, accountID int64, actor *Actor, concerned []int64, kind, subject, body string) {
	s.notifyConcerned(ctx, accountID, actor, CategoryTechnical, concerned, kind, subject, body)
}

// notifyPrimary queues an account notification for the concerned users and
// the account's Primary contacts (R-KYC-1's verification decision), which
// R-SET-2's security category routes to them alone.
func (s *Service) notifyPrimary(ctx context.Context, accountID int64, actor *Actor, concerned []int64, kind, subject, body string) {
	s.notifyConcerned(ctx, accountID, actor, CategorySecurity, concerned, kind, subject, body)
}

// notifyConcerned routes a notification of category c of an account
// (R-SET-2) to the active users of ids and the contacts c reaches, except
// the actor's address. Like notifyEmail it never fails the caller's action.
func (s *Service) notifyConcerned(ctx context.Context, accountID int64, actor *Actor, c Category, ids []int64, kind, subject, body string) {
	var users []*User
	for _, id := range ids {
		u, err := s.store.FindUserByID(ctx, id)
		if err != nil {
			s.log.Error("notify", "kind", kind, "user", id, "err", err)
			continue
		}
		if u.Status == UserActive {
			users = append(users, u)
		}
	}
	except := ""
	if actor != nil {
		except = actor.User.Email
	}
	s.queueRouted(ctx, accountID, Message{Category: c, Kind: kind, Subject: subject, Body: body}, users, except)
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
