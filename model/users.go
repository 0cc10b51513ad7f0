package model

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// validateRole accepts the two roles of R-ACC-4.
func validateRole(r Role) error {
	if r != RoleOwner && r != RoleManager {
		return Errorf(EINVALID, "Choose a role: Owner or Manager.")
	}
	return nil
}

// userManager is the caller, allowed to manage users: owners only
// (R-ACC-4).
func (s *Service) userManager(ctx context.Context) (*Actor, error) {
	a, err := s.Me(ctx)
	if err != nil {
		return nil, err
	}
	if err := authorize(a.User.Role, ActionManageUsers); err != nil {
		return nil, err
	}
	return a, nil
}

// accountUser loads user id of a's account; ErrNotFound for a user of
// another account, as for one that does not exist.
func (s *Service) accountUser(ctx context.Context, a *Actor, id int64) (*User, error) {
	u, err := s.store.FindUserByID(ctx, id)
	if ErrorCode(err) == ENOTFOUND || (err == nil && u.AccountID != a.Account.ID) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, s.internal("load user", err)
	}
	return u, nil
}

// managedUser is the caller, allowed to manage users, and user userID of
// their account.
func (s *Service) managedUser(ctx context.Context, userID int64) (*Actor, *User, error) {
	a, err := s.userManager(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.accountUser(ctx, a, userID)
	if err != nil {
		return nil, nil, err
	}
	return a, u, nil
}

// confirmed takes the result of a check of a change by the caller and,
// when it passed, confirms the caller's password (R-PWD-4; failures count
// towards R-PWD-5): s.confirmed(ctx, password)(s.someCheck(…)).
func (s *Service) confirmed(ctx context.Context, password string) func(*Actor, *User, error) (*Actor, *User, error) {
	return func(a *Actor, u *User, err error) (*Actor, *User, error) {
		if err != nil {
			return nil, nil, err
		}
		if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
			return nil, nil, err
		}
		return a, u, nil
	}
}

// displayName is how messages name u: their name, or their email while
// they have none (an invited user).
func displayName(u *User) string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// UserSort is a column of the Users screen to sort by (R-USR-2).
type UserSort int

// Sort columns, in the order of the screen's columns.
const (
	SortByName UserSort = iota
	SortByEmail
	SortByLastLogin
	SortBy2FA
	SortByRole
	SortByStatus
)

// UserSorts lists every sort column, in the screen's order.
var UserSorts = []UserSort{SortByName, SortByEmail, SortByLastLogin, SortBy2FA, SortByRole, SortByStatus}

// Title is the column's heading.
func (s UserSort) Title() string {
	switch s {
	case SortByEmail:
		return "Email"
	case SortByLastLogin:
		return "Last login"
	case SortBy2FA:
		return "2FA"
	case SortByRole:
		return "Role"
	case SortByStatus:
		return "Status"
	}
	return "Name"
}

// UserCursor is a keyset position in the Users list: the rows after the
// user ID in the query's order, or with Backward the rows before it. A zero
// ID means an end of the list: the first rows, or with Backward the last.
type UserCursor struct {
	ID       int64
	Backward bool
}

// UserQuery asks for one window of the caller's account's users (R-USR-2).
type UserQuery struct {
	// Filter keeps the users whose name or email starts with it, compared
	// without case (for ASCII letters); "" keeps everyone.
	Filter string
	Sort   UserSort
	Desc   bool
	Cursor UserCursor
	Limit  int
}

// MaxUserFilter bounds a filter, in code points: nothing longer can match.
const MaxUserFilter = MaxEmailLen

// UserRow is one row of the Users screen: the R-USR-2 columns and what the
// side panel adds. It carries no password hash.
type UserRow struct {
	ID          int64
	Name        string // "" while invited
	Email       string
	LastLoginAt *time.Time
	TOTPEnabled bool
	Role        Role
	Status      UserStatus
	CreatedAt   time.Time
	// InvitationExpiresAt is when an invited user's invitation ends; nil
	// for other users.
	InvitationExpiresAt *time.Time
}

// ListUsers returns one window of the caller's account's users, filtered,
// sorted and paged by the store (R-USR-2): owners only, as the Users screen
// is (R-ACC-4). Rows come in the query's order whichever way the cursor
// reads. Its cost does not grow with the number of users that match.
func (s *Service) ListUsers(ctx context.Context, q UserQuery) ([]*UserRow, error) {
	a, err := s.userManager(ctx)
	if err != nil {
		return nil, err
	}
	q.Filter = strings.TrimLeft(q.Filter, " \t")
	if !utf8.ValidString(q.Filter) || utf8.RuneCountInString(q.Filter) > MaxUserFilter {
		return nil, Errorf(EINVALID, "The filter is not a name or an email address. Clear it (esc) and type again.")
	}
	if q.Sort < SortByName || q.Sort > SortByStatus {
		q.Sort = SortByName
	}
	q.Limit = max(1, min(q.Limit, MaxPage))
	list, err := s.store.QueryUsers(ctx, a.Account.ID, q)
	if ErrorCode(err) == ENOTFOUND { // the cursor's user was removed meanwhile
		q.Cursor = UserCursor{Backward: q.Cursor.Backward}
		list, err = s.store.QueryUsers(ctx, a.Account.ID, q)
	}
	return list, s.internal("list users", err)
}

// CheckChangeRole tells, without the password, whether ChangeRole would
// refuse, so that a front end can say why before asking for it.
func (s *Service) CheckChangeRole(ctx context.Context, userID int64, role Role) error {
	_, _, err := s.roleChange(ctx, userID, role)
	return err
}

// ChangeRole gives a user of the caller's account another role after the
// password (R-PWD-4): owners only (R-ACC-4); nobody changes another owner's
// role, and an owner may change their own only while another active owner
// exists (R-ACC-5, ErrOtherOwner, ErrLastOwner). The store applies
// CheckRoleChange again to the rows it reads inside its write transaction,
// with the actor's guard (R-ACC-1, R-ACC-6), so that concurrent changes
// cannot leave the account without an owner and a demoted owner cannot
// complete the change.
func (s *Service) ChangeRole(ctx context.Context, userID int64, role Role, password string) (*User, error) {
	a, u, err := s.confirmed(ctx, password)(s.roleChange(ctx, userID, role))
	if err != nil {
		return nil, err
	}
	audit := s.audit(a, "user.role_changed", userObject(u), "from "+u.Role.Title()+" to "+role.Title())
	changed, err := s.store.SetUserRole(ctx, a.Guard(ActionManageUsers), u.ID, role, audit)
	if err != nil {
		return nil, s.internal("change role", err)
	}
	if what := ownerChange(u.Role, role); what != "" {
		s.notifyAccount(ctx, a.Account.ID, s.ownersChangedMessage(a, changed, what)) // R-SET-2: emergency
	}
	return changed, nil
}

// roleChange checks a role change by the caller with CheckRoleChange and
// returns them with the user it concerns.
func (s *Service) roleChange(ctx context.Context, userID int64, role Role) (*Actor, *User, error) {
	a, u, err := s.managedUser(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	others, err := s.otherActiveOwners(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	if err := CheckRoleChange(a.User, u, role, others); err != nil {
		return nil, nil, err
	}
	return a, u, nil
}

// otherActiveOwners counts the active owners of u's account besides u.
// It is the early, friendly count; the store counts again under its write
// lock.
func (s *Service) otherActiveOwners(ctx context.Context, u *User) (int, error) {
	n, err := s.store.CountActiveOwners(ctx, u.AccountID)
	if err != nil {
		return 0, s.internal("count owners", err)
	}
	if IsActiveOwner(u) {
		n--
	}
	return n, nil
}

// WithArticle is the role with its indefinite article, as sentences use
// it: "an Owner", "a Manager".
func (r Role) WithArticle() string {
	if r == RoleOwner {
		return "an Owner"
	}
	return "a " + r.Title()
}

// DisableImpact is what disabling a user takes with them (R-USR-3), for the
// confirmation that comes before the password.
type DisableImpact struct {
	User     *User
	Sessions int      // open sessions, ended by disabling
	Tokens   []string // names of active API tokens, revoked by disabling
}

// Summary says it in a sentence's words, in the console's word for
// tokens (R-TOK-1: "API keys", as the portal says): "2 active sessions and
// the API keys ci, backup", "no active sessions and no API keys".
func (d *DisableImpact) Summary() string {
	sessions := "no active sessions"
	switch {
	case d.Sessions == 1:
		sessions = "1 active session"
	case d.Sessions > 1:
		sessions = fmt.Sprintf("%d active sessions", d.Sessions)
	}
	keys := "no API keys"
	switch len(d.Tokens) {
	case 0:
	case 1:
		keys = "the API key " + d.Tokens[0]
	default:
		keys = "the API keys " + strings.Join(d.Tokens, ", ")
	}
	return sessions + " and " + keys
}

// DisableImpact checks that the caller may disable user userID and says
// what goes with them: their open sessions and active API tokens
// (R-USR-3). It refuses as DisableUser would, without the password.
func (s *Service) DisableImpact(ctx context.Context, userID int64) (*DisableImpact, error) {
	_, u, err := s.disableCheck(ctx, userID)
	if err != nil {
		return nil, err
	}
	n, err := s.store.CountOpenSessions(ctx, u.ID)
	if err != nil {
		return nil, s.internal("count sessions", err)
	}
	tokens, err := s.store.ListActiveTokens(ctx, u.ID, s.now())
	if err != nil {
		return nil, s.internal("list tokens", err)
	}
	d := &DisableImpact{User: u, Sessions: n, Tokens: make([]string, 0, len(tokens))}
	for _, t := range tokens {
		d.Tokens = append(d.Tokens, t.Name)
	}
	return d, nil
}

// DisableUser disables an active user of the caller's account after the
// password (R-USR-3, R-PWD-4): owners only (R-ACC-4). In one transaction
// their sessions end (their consoles sign out within two seconds, R-SES-2)
// and their API tokens are revoked, each recorded in the audit log; from
// then on they cannot sign in. The store applies CheckDisableUser again
// inside that transaction with the actor's guard: the last active owner
// cannot be disabled (R-ACC-1), and an owner disabled meanwhile cannot
// complete it (R-ACC-6).
func (s *Service) DisableUser(ctx context.Context, userID int64, password string) (*User, error) {
	a, u, err := s.confirmed(ctx, password)(s.disableCheck(ctx, userID))
	if err != nil {
		return nil, err
	}
	disabled, err := s.store.DisableUser(ctx, a.Guard(ActionManageUsers), u.ID, s.audit(a, "user.disabled", userObject(u), ""))
	if err != nil {
		return nil, s.internal("disable user", err)
	}
	if disabled.Role == RoleOwner {
		s.notifyAccount(ctx, a.Account.ID, s.ownerDisabledMessage(a, disabled)) // R-SET-2: emergency
	}
	return disabled, nil
}

// disableCheck checks that the caller may disable user userID.
func (s *Service) disableCheck(ctx context.Context, userID int64) (*Actor, *User, error) {
	a, u, err := s.managedUser(ctx, userID)
	if err != nil {
		return nil, nil, err
	}
	others, err := s.otherActiveOwners(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	if err := CheckDisableUser(a.User, u, others); err != nil {
		return nil, nil, err
	}
	return a, u, nil
}

// EnableUser lets a disabled user of the caller's account sign in again
// after the password (R-USR-3, R-PWD-4): owners only (R-ACC-4), checked
// again at commit (R-ACC-6). Their revoked API tokens stay revoked.
func (s *Service) EnableUser(ctx context.Context, userID int64, password string) (*User, error) {
	a, u, err := s.managedUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	if err := CheckEnableUser(a.User, u); err != nil {
		return nil, err
	}
	if err := s.confirm(ctx, a, AuthConfirm, password); err != nil {
		return nil, err
	}
	enabled, err := s.store.EnableUser(ctx, a.Guard(ActionManageUsers), u.ID, s.audit(a, "user.enabled", userObject(u), ""))
	if err != nil {
		return nil, s.internal("enable user", err)
	}
	if enabled.Role == RoleOwner {
		s.notifyAccount(ctx, a.Account.ID, s.ownersChangedMessage(a, enabled, "was enabled again as an owner")) // R-SET-2: emergency
	}
	return enabled, nil
}
