package tui

import "acctl/model"

// The API-key and SSH-key calls of the backend (R-TOK-*, R-SSH-*). As in
// backend.go, every returned value is cleaned (SPEC §5). A new secret (a
// token, a private key) is generated text that cleaning leaves intact; it
// goes to the secret-reveal panel and nowhere else.

func (b *backend) ListTokens() ([]*model.APIToken, error) { return clean(b.svc.ListTokens(b.ctx)) }

func (b *backend) CreateToken(name string, access model.TokenAccess, expiry model.TokenExpiry, password string) (string, *model.APIToken, error) {
	secret, t, err := b.svc.CreateToken(b.ctx, name, access, expiry, password)
	t, err = clean(t, err)
	return secret, t, err
}

func (b *backend) RevokeToken(id int64, password string) error {
	return b.svc.RevokeToken(b.ctx, id, password)
}

func (b *backend) RotateToken(id int64, password string) (string, *model.APIToken, error) {
	secret, t, err := b.svc.RotateToken(b.ctx, id, password)
	t, err = clean(t, err)
	return secret, t, err
}

func (b *backend) ListSSHKeys() ([]*model.SSHKey, error) { return clean(b.svc.ListSSHKeys(b.ctx)) }

func (b *backend) AddSSHKey(name, line string) (*model.SSHKey, error) {
	return clean(b.svc.AddSSHKey(b.ctx, name, line))
}

func (b *backend) GenerateSSHKey(name string) (string, *model.SSHKey, error) {
	private, k, err := b.svc.GenerateSSHKey(b.ctx, name)
	k, err = clean(k, err)
	return private, k, err
}

func (b *backend) DeleteSSHKey(id int64) error { return b.svc.DeleteSSHKey(b.ctx, id) }
