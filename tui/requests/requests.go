// Package requests holds the Requests section of a customer's account:
// support requests with their threads (R-TKT-1, R-TKT-2) and verification
// of the account's owner by documents (R-KYC-1).
package requests

import (
	"acctl/tui/common"
)

// New opens Requests: the account's support requests, newest activity
// first, filtered by status (R-TKT-2), where n submits a new one
// (R-TKT-1) and enter opens a thread.
func New(env *common.Env) common.Screen { return newList(env) }

// NewVerification opens Verification (R-KYC-1): the state of the account's
// verification, the document type, its two files and sending it for
// review.
func NewVerification(env *common.Env) common.Screen { return newVerification(env) }
