// Package staff holds the screens of the provider's support staff (SPEC
// §10): the requests queue (R-STF-1), the verification queue (R-STF-2),
// deactivation reviews (R-STF-3), customer accounts opened under a support
// grant (R-STF-4) and the caller check (R-STF-5).
package staff

import (
	"acctl/tui/common"
	"acctl/tui/components"
)

// NewQueue opens the requests queue.
func NewQueue(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "Requests queue"}
}

// NewVerifications opens the verification queue.
func NewVerifications(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "Verification queue"}
}

// NewDeactivations opens the deactivation reviews.
func NewDeactivations(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "Deactivation reviews"}
}

// NewAccounts opens the customer accounts under a support grant.
func NewAccounts(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "Accounts"}
}

// NewCallerCheck opens the caller check.
func NewCallerCheck(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "Caller check"}
}
