// Package iam holds the Identity and Access section: Users (owners only),
// API keys and SSH keys.
package iam

import (
	"acctl/tui/common"
	"acctl/tui/components"
)

// NewUsers opens Users.
func NewUsers(env *common.Env) common.Screen { return &components.Placeholder{Env: env, Name: "Users"} }

// NewTokens opens API keys.
func NewTokens(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "API keys"}
}

// NewSSHKeys opens SSH keys.
func NewSSHKeys(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "SSH & GPG keys"}
}
