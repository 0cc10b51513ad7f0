package iam

import (
	"acctl/tui/common"
	"acctl/tui/components"
)

// NewTokens opens API keys.
func NewTokens(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "API keys"}
}

// NewSSHKeys opens SSH keys.
func NewSSHKeys(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "SSH keys"}
}
