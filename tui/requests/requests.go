// Package requests holds the Requests section of a customer's account:
// support requests with their threads (R-TKT-1, R-TKT-2) and verification
// of the account's owner by documents (R-KYC-1).
package requests

import (
	"acctl/tui/common"
	"acctl/tui/components"
)

// New opens Requests.
func New(env *common.Env) common.Screen { return &components.Placeholder{Env: env, Name: "Requests"} }

// NewVerification opens Verification.
func NewVerification(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "Verification"}
}
