package tui

import (
	"context"
	"errors"
	"time"

	"acctl/model"
	"acctl/tui/common"
)

// backend is the TUI's only way to the model. Every value it returns has had
// its text cleaned (SPEC §5) by common.CleanValue, so no screen can draw a
// raw name, email or address: this is the choke point.
type backend struct {
	svc *model.Service
	ctx context.Context // carries the session once signed in
}

func clean[T any](v T, err error) (T, error) {
	if err == nil {
		common.CleanValue(v)
	}
	return v, err
}

func (b *backend) signedIn(sessionID string) *backend {
	return &backend{svc: b.svc, ctx: model.WithSession(b.ctxOrBackground(), sessionID)}
}

// Me is the signed-in caller, also while R-2FA-7/8 confine them to 2FA setup
// (Actor.MustEnable2FA), so that the header still shows who is signed in.
func (b *backend) Me() (*model.Actor, error) { return clean(b.svc.Caller(b.ctx)) }

func (b *backend) ListSessions() ([]*model.Session, error) { return clean(b.svc.ListSessions(b.ctx)) }

func (b *backend) SignInHistory(p model.EventPage) ([]*model.AuthEvent, error) {
	return clean(b.svc.SignInHistory(b.ctx, p))
}

func (b *backend) SecurityLog(p model.EventPage) ([]*model.AuditEvent, error) {
	return clean(b.svc.SecurityLog(b.ctx, p))
}

func (b *backend) ChangeName(name string) (*model.User, error) {
	return clean(b.svc.ChangeName(b.ctx, name))
}

func (b *backend) ChangeEmail(email, password string) (*model.User, error) {
	return clean(b.svc.ChangeEmail(b.ctx, email, password))
}

func (b *backend) SetSignInNotifications(on bool) (*model.User, error) {
	return clean(b.svc.SetSignInNotifications(b.ctx, on))
}

func (b *backend) CountSignInHistory() (int, error) { return b.svc.CountSignInHistory(b.ctx) }
func (b *backend) ChangePassword(cur, next string) error {
	return b.svc.ChangePassword(b.ctx, cur, next)
}
func (b *backend) ConfirmPassword(pw string) error { return b.svc.ConfirmPassword(b.ctx, pw) }
func (b *backend) CloseSession(id string) error    { return b.svc.CloseSession(b.ctx, id) }
func (b *backend) Unlock(pw, code string) error    { return b.svc.Unlock(b.ctx, pw, code) }
func (b *backend) SignOut() error                  { return b.svc.SignOut(b.ctx) }
func (b *backend) SessionOpen() (bool, error)      { return b.svc.SessionOpen(b.ctx) }

// Touch records activity on the session (the model writes at most once a minute).
func (b *backend) Touch(last time.Time) (time.Time, error) { return b.svc.Touch(b.ctx, last) }
func (b *backend) SessionID() string                       { return model.SessionIDFrom(b.ctx) }

// errText is an error as a screen draws it: the model's sentence, cleaned.
func errText(err error) string { return common.CleanLine(model.ErrorMessage(err)) }

func (b *backend) ctxOrBackground() context.Context {
	if b == nil || b.ctx == nil {
		return context.Background()
	}
	return b.ctx
}

func asModelError(err error, target **model.Error) bool { return errors.As(err, target) }
