package tui

import "acctl/model"

// Two-factor authentication through the backend (R-2FA-*). The setup's
// secret and URI are drawn on purpose (R-2FA-2); they are generated, so
// cleaning leaves them intact.

func (b *backend) BeginTwoFactorSetup() (*model.TwoFactorSetup, error) {
	return clean(b.svc.BeginTwoFactorSetup(b.ctx))
}

func (b *backend) EnableTwoFactor(password, code string) ([]string, error) {
	return b.svc.EnableTwoFactor(b.ctx, password, code)
}

func (b *backend) DisableTwoFactor(password, code string) error {
	return b.svc.DisableTwoFactor(b.ctx, password, code)
}

func (b *backend) NewRecoveryCodes(password string) ([]string, error) {
	return b.svc.NewRecoveryCodes(b.ctx, password)
}

func (b *backend) RecoveryCodesLeft() (int, error) { return b.svc.RecoveryCodesLeft(b.ctx) }

func (b *backend) SetTwoFactorEnforcement(on bool, password string) error {
	return b.svc.SetTwoFactorEnforcement(b.ctx, on, password)
}

func (b *backend) CompleteSignIn(token, code string) (*model.Session, error) {
	return clean(b.svc.CompleteSignIn(b.ctxOrBackground(), token, code))
}

func (b *backend) Outbox(p model.EventPage) ([]*model.Notification, error) {
	return clean(b.svc.Outbox(b.ctx, p))
}

func (b *backend) Notification(id int64) (*model.Notification, error) {
	return clean(b.svc.Notification(b.ctx, id))
}
