package tui

import "acctl/model"

// The backend's methods for mobile numbers and SMS codes (R-2FA-9) and for
// the password reset (R-PWD-3). Like those of backend.go they pass every
// returned value through clean (SPEC §5).

func (b *backend) ListPhones() ([]*model.Phone, error) { return clean(b.svc.ListPhones(b.ctx)) }

func (b *backend) AddPhone(number string, backup bool) (*model.Phone, error) {
	return clean(b.svc.AddPhone(b.ctx, number, backup))
}

func (b *backend) SendPhoneCode(backup bool) (*model.Phone, error) {
	return clean(b.svc.SendPhoneCode(b.ctx, backup))
}

func (b *backend) VerifyPhone(backup bool, code string) (*model.Phone, error) {
	return clean(b.svc.VerifyPhone(b.ctx, backup, code))
}

func (b *backend) RemovePhone(backup bool, password string) error {
	return b.svc.RemovePhone(b.ctx, backup, password)
}

// SendSignInSMS sends a code for the code step of a sign-in; it needs no
// session.
func (b *backend) SendSignInSMS(token string, backup bool) (*model.SMSSent, error) {
	return clean(b.svc.SendSignInSMS(b.ctxOrBackground(), token, backup))
}

// RequestPasswordReset asks for a reset code; it needs no session.
func (b *backend) RequestPasswordReset(email string, origin model.Origin, client model.Client) error {
	return b.svc.RequestPasswordReset(b.ctxOrBackground(), email, origin, client)
}

// ResetPassword sets a new password with a reset code; it needs no session.
func (b *backend) ResetPassword(req model.ResetPasswordRequest) (*model.SignInResult, error) {
	return clean(b.svc.ResetPassword(b.ctxOrBackground(), req))
}
