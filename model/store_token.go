package model

// TokenStore persists API tokens (R-TOK-1..3).
type TokenStore interface{}

// SSHKeyStore persists SSH public keys (R-SSH-1..2).
type SSHKeyStore interface{}
