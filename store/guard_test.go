package store_test

import (
	"testing"

	"acctl/model"
	"acctl/store"
)

// R-ACC-6: every store change that a permission depends on reads its actor
// and their session again inside its transaction: an owner who was
// disabled, demoted or signed out after the Service let them through
// changes nothing.
func TestGuardedChangesCheckTheActorAtCommit(t *testing.T) {
	changes := map[string]func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error{
		"change role": func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error {
			_, err := db.SetUserRole(ctx, g, victim.ID, model.RoleOwner, audit("user.role_changed"))
			return err
		},
		"disable user": func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error {
			_, err := db.DisableUser(ctx, g, victim.ID, audit("user.disabled"))
			return err
		},
		"invite": func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error {
			u := &model.User{AccountID: a.ID, Email: uniqueEmail("new"), Role: model.RoleManager, Status: model.UserInvited, CreatedAt: t0}
			inv := &model.Invitation{SecretHash: codeHash(u.Email), CreatedAt: t0, ExpiresAt: t0.Add(model.InvitationTTL)}
			return db.CreateInvitation(ctx, g, u, inv, audit("user.invited by the guarded owner"))
		},
		"re-send invitation": func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error {
			u, inv := invite(t, db, a.ID, uniqueEmail("inv"), "old secret")
			inv.SecretHash = codeHash(u.Email)
			return db.RenewInvitation(ctx, g, inv, audit("user.invitation_resent"))
		},
		"cancel invitation": func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error {
			u, _ := invite(t, db, a.ID, uniqueEmail("inv"), uniqueEmail("secret"))
			return db.CancelInvitation(ctx, g, u.ID, audit("user.invitation_cancelled"))
		},
		"enforce 2FA": func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error {
			_, err := db.SetEnforceTwoFactor(ctx, g, a.ID, false, audit("account.2fa_not_enforced"))
			return err
		},
		"revoke another's token": func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error {
			tok := addToken(t, db, newToken(victim, "ci", uniqueEmail("token"), nil))
			return db.RevokeToken(ctx, g, tok.ID, audit("token.revoked"))
		},
		"end another's sessions": func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error {
			theirs := guardOf(t, db, victim, "").SessionID
			n, err := db.EndSessions(ctx, g, victim.ID, nil, t0, audit("session.closed"))
			if open, _ := isOpen(ctx, db, theirs); err == nil && (n != 1 || open) {
				t.Fatalf("ended %d sessions, theirs still open: %v", n, open)
			}
			return err
		},
		"issue a reset code": func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error {
			rc := &model.ResetCode{Email: victim.Email, UserID: victim.ID, Hash: codeHash("handed over"), CreatedAt: t0, ExpiresAt: t0.Add(model.ResetCodeTTL)}
			n := &model.Notification{AccountID: a.ID, UserID: victim.ID, Channel: model.ChannelEmail, To: victim.Email, Kind: model.NotifyResetCodeIssued, Body: "b"}
			err := db.IssueResetCode(ctx, g, rc, n, audit("user.reset_code_issued"))
			if _, found := db.FindResetCode(ctx, victim.Email); (found == nil) != (err == nil) {
				t.Fatalf("issue: %v, but the code is stored: %v", err, found == nil)
			}
			return err
		},
		"delete another's SSH key": func(db *store.DB, g *model.Guard, a *model.Account, owner, victim *model.User) error {
			k := &model.SSHKey{AccountID: a.ID, UserID: victim.ID, Name: "laptop", Type: "ED25519", Fingerprint: "SHA256:" + uniqueEmail("fp"), PublicKey: "ssh-ed25519 AAAA", CreatedAt: t0}
			if err := db.AddSSHKey(ctx, k, audit("ssh_key.added")); err != nil {
				t.Fatal(err)
			}
			return db.DeleteSSHKey(ctx, g, k.ID, audit("ssh_key.deleted"))
		},
	}
	actorChanges := map[string]func(db *store.DB, g *model.Guard, owner *model.User){
		"disabled": func(db *store.DB, g *model.Guard, owner *model.User) {
			disabled := model.UserDisabled
			if _, err := db.UpdateUser(ctx, owner.ID, model.UserUpdate{Status: &disabled}, nil); err != nil {
				t.Fatal(err)
			}
		},
		"demoted": func(db *store.DB, g *model.Guard, owner *model.User) {
			manager := model.RoleManager
			if _, err := db.UpdateUser(ctx, owner.ID, model.UserUpdate{Role: &manager}, nil); err != nil {
				t.Fatal(err)
			}
		},
		"signed out": func(db *store.DB, g *model.Guard, owner *model.User) {
			if err := db.CloseSession(ctx, owner.ID, g.SessionID, t0, nil); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, change := range changes {
		for how, changeActor := range actorChanges {
			t.Run(name+", actor "+how, func(t *testing.T) {
				db, _ := newDB(t)
				a, owner := newAccount(t, db, uniqueEmail("owner"))
				newUser(t, db, a.ID, uniqueEmail("second"), model.RoleOwner, model.UserActive) // R-ACC-1 holds throughout
				victim := newUser(t, db, a.ID, uniqueEmail("victim"), model.RoleManager, model.UserActive)
				action := model.ActionManageUsers
				if name == "enforce 2FA" {
					action = model.ActionEnforce2FA
				}
				g := guardOf(t, db, owner, action)
				if name == "revoke another's token" || name == "delete another's SSH key" {
					g.Action = "" // the key's owner decides what is needed
				}
				changeActor(db, g, owner)
				err := change(db, g, a, owner, victim)
				if code := model.ErrorCode(err); code != model.EFORBIDDEN && code != model.EUNAUTHORIZED && code != model.ENOTFOUND {
					t.Fatalf("error %v, want the change refused", err)
				}
				log, _ := db.ListAudit(ctx, a.ID, model.EventPage{Limit: 100})
				for _, e := range log {
					if e.Action != "user.invited" && e.Action != "token.created" && e.Action != "ssh_key.added" && e.Action != "account.created" {
						t.Fatalf("the refused change was audited: %+v", e)
					}
				}
				if v, _ := db.FindUserByID(ctx, victim.ID); v.Role != model.RoleManager || v.Status != model.UserActive {
					t.Fatalf("the refused change changed %+v", v)
				}
			})
		}
		t.Run(name+", actor unchanged", func(t *testing.T) {
			db, _ := newDB(t)
			a, owner := newAccount(t, db, uniqueEmail("owner"))
			victim := newUser(t, db, a.ID, uniqueEmail("victim"), model.RoleManager, model.UserActive)
			action := model.ActionManageUsers
			if name == "enforce 2FA" {
				action = model.ActionEnforce2FA
			}
			if err := change(db, guardOf(t, db, owner, action), a, owner, victim); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// R-PWD-7, R-ACC-5: a user promoted to owner after the Service let a reset
// code for them through gets none: the rule is read again, on the fresh
// row, inside the transaction.
func TestResetCodeForAnOwnerIsRefusedAtCommit(t *testing.T) {
	db, _ := newDB(t)
	a, owner := newAccount(t, db, uniqueEmail("owner"))
	victim := newUser(t, db, a.ID, uniqueEmail("victim"), model.RoleManager, model.UserActive)
	g := guardOf(t, db, owner, model.ActionManageUsers)
	promoted := model.RoleOwner
	if _, err := db.UpdateUser(ctx, victim.ID, model.UserUpdate{Role: &promoted}, nil); err != nil {
		t.Fatal(err)
	}
	rc := &model.ResetCode{Email: victim.Email, UserID: victim.ID, Hash: codeHash("handed over"), CreatedAt: t0, ExpiresAt: t0.Add(model.ResetCodeTTL)}
	n := &model.Notification{AccountID: a.ID, UserID: victim.ID, Channel: model.ChannelEmail, To: victim.Email, Kind: model.NotifyResetCodeIssued, Body: "b"}
	if err := db.IssueResetCode(ctx, g, rc, n, audit("user.reset_code_issued")); err != model.ErrOtherOwnerReset {
		t.Fatalf("issue for an owner: %v", err)
	}
	if found, _ := db.FindResetCode(ctx, victim.Email); found != nil {
		t.Fatal("the code was stored")
	}
}
