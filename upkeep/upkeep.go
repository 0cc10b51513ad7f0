// Package upkeep is the work that belongs to no request and runs once per
// process — a console, or the SSH server for all its sessions: the API-key
// expiry warnings, the end of support access that ran out, the emails of
// reset codes asked for, and the purge of what nobody needs any more.
package upkeep

import (
	"context"
	"log/slog"
	"time"

	"acctl/model"
)

// How often each job runs.
const (
	// ResetEmailEvery is how often reset codes asked for get their email:
	// apart from any request, so that asking for a code costs the same
	// for every address (R-PWD-3, R-PWD-5).
	ResetEmailEvery = 2 * time.Second
	// SupportAccessEvery is how often the end of support access that ran
	// out is recorded and notified (R-SET-4); reads treat it as ended at
	// once without waiting for it.
	SupportAccessEvery = time.Minute
	// HourlyEvery is how often the token expiry warnings (R-TOK-1) are
	// queued and throttles and old auth events purged (R-PWD-5, R-SES-3).
	HourlyEvery = time.Hour
)

// Run does every job at start and then on its ticker until ctx ends.
// Each is safe to run in several processes at once: every warning, end and
// email is recorded once.
func Run(ctx context.Context, svc *model.Service, logger *slog.Logger) {
	emails := time.NewTicker(ResetEmailEvery)
	defer emails.Stop()
	grants := time.NewTicker(SupportAccessEvery)
	defer grants.Stop()
	hourly := time.NewTicker(HourlyEvery)
	defer hourly.Stop()
	u := upkeep{svc: svc, log: logger}
	u.hourly(ctx)
	u.grants(ctx)
	for {
		u.emails(ctx)
		select {
		case <-ctx.Done():
			return
		case <-emails.C:
		case <-grants.C:
			u.grants(ctx)
		case <-hourly.C:
			u.hourly(ctx)
		}
	}
}

type upkeep struct {
	svc *model.Service
	log *slog.Logger
}

func (u upkeep) failed(ctx context.Context, what string, err error) bool {
	if err != nil && ctx.Err() == nil {
		u.log.Error(what, "err", err)
		return true
	}
	return err != nil
}

func (u upkeep) emails(ctx context.Context) {
	_, err := u.svc.QueueResetEmails(ctx)
	u.failed(ctx, "queue reset emails", err)
}

func (u upkeep) grants(ctx context.Context) {
	if n, err := u.svc.EndExpiredSupportAccess(ctx); !u.failed(ctx, "end expired support access", err) && n > 0 {
		u.log.Info("support access ended", "count", n)
	}
}

func (u upkeep) hourly(ctx context.Context) {
	if n, err := u.svc.NotifyExpiringTokens(ctx); !u.failed(ctx, "token expiry warnings", err) && n > 0 {
		u.log.Info("token expiry warnings queued", "count", n)
	}
	u.failed(ctx, "purge", u.svc.Purge(ctx))
}
