package model

// The rules of user management, each written once (R-ACC-6). The Service
// applies them, before asking for the password, to the rows it read; the
// store applies them again inside the transaction that commits the change,
// to the rows it reads there under the write lock, with the actor read by
// the Guard. Their arguments are rows, never IDs, so that both callers
// decide alike.

// Errors of user management (R-ACC-5, R-USR-3).
var (
	// ErrOtherOwner protects R-ACC-5: nobody changes another owner's role.
	ErrOtherOwner = &Error{Code: EFORBIDDEN, Message: "Another owner's role cannot be changed: only that owner can change it."}
	// ErrUserNotActive refuses what needs an active user, such as a reset
	// code issued by an owner (R-PWD-7), for one who is not (any more).
	ErrUserNotActive = &Error{Code: ECONFLICT, Message: "That user is not active any more. Refresh the list."}
)

// IsActiveOwner reports whether u counts towards R-ACC-1.
func IsActiveOwner(u *User) bool { return u.Role == RoleOwner && u.Status == UserActive }

// CheckKeepsAnOwner is R-ACC-1 for a change that turns before into after:
// an active owner who stops being one leaves another (otherOwners counts
// the active owners of the account besides them).
func CheckKeepsAnOwner(before, after *User, otherOwners int) error {
	if IsActiveOwner(before) && !IsActiveOwner(after) && otherOwners < 1 {
		return ErrLastOwner
	}
	return nil
}

// CheckRoleChange is the rule of actor giving target role (R-ACC-5,
// R-ACC-1): target is in actor's account (else ErrNotFound); nobody
// changes another owner's role (ErrOtherOwner); an owner who stops being
// one leaves another active owner (ErrLastOwner). otherOwners counts the
// active owners of the account besides target. The actor's own standing
// (active, an owner) is the Guard's.
func CheckRoleChange(actor, target *User, role Role, otherOwners int) error {
	if target.AccountID != actor.AccountID {
		return ErrNotFound
	}
	if err := validateRole(role); err != nil {
		return err
	}
	switch {
	case target.Role == role:
		return Errorf(EINVALID, "%s is already %s.", displayName(target), role.WithArticle())
	case target.Role == RoleOwner && target.ID != actor.ID:
		return ErrOtherOwner
	}
	after := *target
	after.Role = role
	return CheckKeepsAnOwner(target, &after, otherOwners)
}

// CheckDisableUser is the rule of actor disabling target (R-USR-3,
// R-ACC-1): target is an active user of actor's account, and not the last
// active owner. otherOwners counts the active owners besides target.
func CheckDisableUser(actor, target *User, otherOwners int) error {
	if target.AccountID != actor.AccountID {
		return ErrNotFound
	}
	switch target.Status {
	case UserDisabled:
		return Errorf(EINVALID, "%s is already disabled.", displayName(target))
	case UserInvited:
		return Errorf(EINVALID, "%s has not accepted the invitation yet: cancel the invitation instead.", displayName(target))
	}
	after := *target
	after.Status = UserDisabled
	return CheckKeepsAnOwner(target, &after, otherOwners)
}

// CheckEnableUser is the rule of actor enabling target (R-USR-3): a
// disabled user of actor's account.
func CheckEnableUser(actor, target *User) error {
	if target.AccountID != actor.AccountID {
		return ErrNotFound
	}
	if target.Status != UserDisabled {
		return Errorf(EINVALID, "%s is not disabled.", displayName(target))
	}
	return nil
}

// CheckSessionsOf is the rule of actor seeing or ending target's sessions
// (R-SES-6, R-SES-2): their own, or, for an owner, those of any user of
// their account. Another account's user is ErrNotFound.
func CheckSessionsOf(actor, target *User) error {
	if target.AccountID != actor.AccountID {
		return ErrNotFound
	}
	if target.ID != actor.ID {
		return authorize(actor.Role, ActionManageUsers)
	}
	return nil
}

// CanManageKeyOf reports whether actor may see and revoke an API key or
// delete an SSH key of owner in account (R-TOK-2, R-SSH-2, R-ACC-4): their
// own, or for an owner anyone's in their account.
func CanManageKeyOf(actor *User, account, owner int64) bool {
	return actor.AccountID == account && (owner == actor.ID || Can(actor.Role, ActionManageOthersKeys))
}

// CheckEnforcement is the rule of actor turning the account's 2FA
// requirement on or off (R-2FA-7): only an owner who has 2FA on may turn
// it on. The role is the Guard's.
func CheckEnforcement(actor *User, on bool) error {
	if on && !actor.TOTPEnabled {
		return ErrEnforceWithout2FA
	}
	return nil
}

// ErrOtherOwnerReset protects R-ACC-5's other owners from R-PWD-7: a reset
// code lets whoever holds it sign in as its user, so one owner holding
// another's would act in their name.
var ErrOtherOwnerReset = &Error{Code: EFORBIDDEN, Message: "Another owner's password cannot be reset by an owner: they use Forgot password on the sign-in screen, or ask support, who check the account's PIN first."}

// CheckIssueResetCode is the rule of actor issuing a reset code for target
// (R-PWD-7): another active user of actor's account who is not an owner
// (R-ACC-5). The actor's role is the Guard's.
func CheckIssueResetCode(actor, target *User) error {
	if target.AccountID != actor.AccountID {
		return ErrNotFound
	}
	switch {
	case target.ID == actor.ID:
		return Errorf(EINVALID, "To change your own password, use Change password in your profile.")
	case target.Role == RoleOwner:
		return ErrOtherOwnerReset
	case target.Status == UserInvited:
		return Errorf(EINVALID, "%s has not accepted the invitation yet: re-send the invitation instead.", displayName(target))
	case target.Status != UserActive:
		return Errorf(EINVALID, "%s is disabled: enable them first.", displayName(target))
	}
	return nil
}
