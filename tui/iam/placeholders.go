package iam

import (
	"acctl/tui/common"
	"acctl/tui/components"
)

// NewSSHKeys opens SSH keys.
func NewSSHKeys(env *common.Env) common.Screen {
	return &components.Placeholder{Env: env, Name: "SSH keys"}
}
