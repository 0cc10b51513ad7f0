package model

import (
	"context"
	"fmt"
)

// expiringBatch is how many tokens NotifyExpiringTokens reads at a time.
const expiringBatch = 100

// NotifyExpiringTokens queues one email to the issuer of each token that
// expires within TokenExpiryNotice, once per token (R-TOK-1), and returns
// how many it queued. Tokens made to last a week or less are not warned
// about. It needs no session: main calls it periodically, and several
// processes may call it at once without sending a warning twice.
func (s *Service) NotifyExpiringTokens(ctx context.Context) (int, error) {
	sent := 0
	for {
		now := s.now()
		list, err := s.store.ExpiringTokens(ctx, now, TokenExpiryNotice, expiringBatch)
		if err != nil {
			return sent, s.internal("list expiring tokens", err)
		}
		for _, t := range list {
			issuer := &User{ID: t.UserID, AccountID: t.AccountID, Email: t.IssuerEmail}
			subject, body := tokenExpiringMessage(t)
			marked, err := s.store.MarkTokenExpiryNotified(ctx, t.ID, s.newNotification(issuer, ChannelEmail, t.IssuerEmail, NotifyTokenExpiring, subject, body))
			if err != nil {
				return sent, s.internal("queue token expiry notice", err)
			}
			if marked {
				sent++
			}
		}
		if len(list) < expiringBatch {
			return sent, nil
		}
	}
}

// tokenExpiringMessage is the warning email: the token's name, display
// prefix and expiry, never its secret.
func tokenExpiringMessage(t *APIToken) (subject, body string) {
	when := t.ExpiresAt.Format("Monday 2 January 2006 at 15:04 MST")
	subject = fmt.Sprintf("acctl: your API key %q expires on %s", t.Name, t.ExpiresAt.Format("2 January 2006"))
	body = fmt.Sprintf("Your acctl API key %q (%s…, %s) expires on %s.\n\n"+
		"Programs that use it will be refused from then on. To keep them working, open acctl, go to API keys, "+
		"create a new key or rotate this one, and give the programs the new key.\n", t.Name, t.Prefix, t.Access, when)
	return subject, body
}
