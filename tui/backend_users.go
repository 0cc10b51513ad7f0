package tui

import "acctl/model"

// The Users screen's and the invitation flow's calls of the backend
// (R-USR-1..3, R-ACC-5). As in backend.go, every returned value is cleaned
// (SPEC §5): names and emails come from people.

func (b *backend) ListUsers(q model.UserQuery) ([]*model.UserRow, error) {
	return clean(b.svc.ListUsers(b.ctx, q))
}

func (b *backend) InviteUser(email string, role model.Role, password string) (*model.User, error) {
	return clean(b.svc.InviteUser(b.ctx, email, role, password))
}

func (b *backend) ResendInvitation(userID int64, password string) (*model.User, error) {
	return clean(b.svc.ResendInvitation(b.ctx, userID, password))
}

func (b *backend) CancelInvitation(userID int64, password string) error {
	return b.svc.CancelInvitation(b.ctx, userID, password)
}

func (b *backend) CheckChangeRole(userID int64, role model.Role) error {
	return b.svc.CheckChangeRole(b.ctx, userID, role)
}

func (b *backend) ChangeRole(userID int64, role model.Role, password string) (*model.User, error) {
	return clean(b.svc.ChangeRole(b.ctx, userID, role, password))
}

func (b *backend) DisableImpact(userID int64) (*model.DisableImpact, error) {
	return clean(b.svc.DisableImpact(b.ctx, userID))
}

func (b *backend) DisableUser(userID int64, password string) (*model.User, error) {
	return clean(b.svc.DisableUser(b.ctx, userID, password))
}

func (b *backend) EnableUser(userID int64, password string) (*model.User, error) {
	return clean(b.svc.EnableUser(b.ctx, userID, password))
}

// AcceptInvitation runs before sign-in, on the anonymous backend; the
// session it opens is the console's.
func (b *backend) AcceptInvitation(req model.AcceptInvitationRequest) (*model.Session, error) {
	res, err := b.svc.AcceptInvitation(b.ctxOrBackground(), req)
	if err != nil {
		return nil, err
	}
	return res.Session, nil
}
