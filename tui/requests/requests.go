// Package requests holds the Requests section of a customer's account:
// support requests with their threads (R-TKT-1, R-TKT-2) and verification
// of the account's owner by documents (R-KYC-1).
package requests

import (
	"acctl/tui/common"
	"acctl/tui/components"
)

// New opens Requests on its two tabs (→ and ← switch): the account's
// support requests, newest activity first, filtered by status (R-TKT-2),
// where n submits a new one (R-TKT-1) and enter opens a thread; and
// Verification (R-KYC-1): the state of the account's verification, the
// document type, its two files and sending it for review.
func New(env *common.Env) common.Screen {
	return components.NewTabs(env, "Requests",
		components.Tab{Name: "Requests", Screen: newList(env)},
		components.Tab{Name: "Verification", Screen: newVerification(env)})
}
