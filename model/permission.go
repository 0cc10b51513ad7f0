package model

// Action is something a user asks the Service to do that a role may or may
// not allow.
type Action string

// Actions restricted by role (R-ACC-4). Every action not listed here is open
// to both roles of a customer's account, owners and managers, and to no
// staff member.
const (
	ActionManageUsers       Action = "manage users"          // invite, change role, disable/enable
	ActionEnforce2FA        Action = "enforce 2FA"           // R-2FA-7
	ActionDeactivateAccount Action = "deactivate account"    // R-SET-5
	ActionReadSecurityLog   Action = "read the security log" // R-AUD-1
	// ActionManageOthersKeys: see and revoke other users' API tokens and
	// SSH keys (R-TOK-2, R-SSH-2). Managers manage only their own, as they
	// do not manage users (R-ACC-4).
	ActionManageOthersKeys Action = "manage other users' API and SSH keys"
	// Account settings (R-SET-1..4): open to managers too, whose access is
	// full but for user management, 2FA enforcement and deactivation.
	ActionEditAccountDetails Action = "edit the account details"            // R-SET-1
	ActionManageContacts     Action = "manage contacts"                     // R-SET-2
	ActionSupportPIN         Action = "see or regenerate the support PIN"   // R-SET-3
	ActionSupportAccess      Action = "allow, extend or end support access" // R-SET-4

	// The Requests section of a customer's account: submit, read, reply
	// to, close and reopen its support requests (R-TKT-1, R-TKT-2), and
	// send its verification documents (R-KYC-1). Customers' actions on
	// their own account, which staff never have.
	ActionUseRequests Action = "use the account's support requests"
	ActionVerify      Action = "send verification documents"

	// Staff actions (SPEC §10), which no customer has. The last three are
	// for the deactivation reviews, the accounts opened under a support
	// grant and the caller check, which build on Account settings.
	ActionWorkRequests       Action = "work the requests queue"            // R-STF-1
	ActionReviewVerification Action = "review verification requests"       // R-STF-2
	ActionReviewDeactivation Action = "review deactivation requests"       // R-STF-3
	ActionOpenAccounts       Action = "open accounts under support access" // R-STF-4
	ActionCheckCallers       Action = "check a caller's support PIN"       // R-STF-5
)

// permissions is the table of R-ACC-4 as data: which roles may do each
// restricted action.
var permissions = map[Action][]Role{
	ActionManageUsers:        {RoleOwner},
	ActionEnforce2FA:         {RoleOwner},
	ActionDeactivateAccount:  {RoleOwner},
	ActionReadSecurityLog:    {RoleOwner},
	ActionManageOthersKeys:   {RoleOwner},
	ActionEditAccountDetails: {RoleOwner, RoleManager},
	ActionManageContacts:     {RoleOwner, RoleManager},
	ActionSupportPIN:         {RoleOwner, RoleManager},
	ActionSupportAccess:      {RoleOwner, RoleManager},

	ActionUseRequests: {RoleOwner, RoleManager},
	ActionVerify:      {RoleOwner, RoleManager},

	ActionWorkRequests:       {RoleStaff},
	ActionReviewVerification: {RoleStaff},
	ActionReviewDeactivation: {RoleStaff},
	ActionOpenAccounts:       {RoleStaff},
	ActionCheckCallers:       {RoleStaff},
}

// StaffActions lists the actions of the provider's staff (SPEC §10).
var StaffActions = []Action{ActionWorkRequests, ActionReviewVerification, ActionReviewDeactivation, ActionOpenAccounts, ActionCheckCallers}

// Can reports whether role may perform action.
func Can(role Role, action Action) bool {
	allowed, restricted := permissions[action]
	if !restricted {
		return role == RoleOwner || role == RoleManager
	}
	for _, r := range allowed {
		if r == role {
			return true
		}
	}
	return false
}

// authorize returns a forbidden error when role may not perform action.
func authorize(role Role, action Action) error {
	if Can(role, action) {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only an owner can %s. Ask an owner of your account.", action)
}
