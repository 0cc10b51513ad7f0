package model

import (
	"strings"
	"time"
)

// Role is what a user may do in their account (R-ACC-4).
type Role string

// Roles. Owners and managers are the people of a customer's account;
// staff are the provider's people, in the provider account (SPEC §10).
const (
	RoleOwner   Role = "owner"
	RoleManager Role = "manager"
	RoleStaff   Role = "staff"
)

// Title is the role as the portal writes it.
func (r Role) Title() string {
	switch r {
	case RoleOwner:
		return "Owner"
	case RoleManager:
		return "Manager"
	case RoleStaff:
		return "Staff"
	}
	return string(r)
}

// UserStatus is where a user is in their life.
type UserStatus string

// User statuses.
const (
	UserInvited  UserStatus = "invited"
	UserActive   UserStatus = "active"
	UserDisabled UserStatus = "disabled"
)

// Title is the status as the portal writes it.
func (s UserStatus) Title() string {
	switch s {
	case UserInvited:
		return "Invited"
	case UserActive:
		return "Active"
	case UserDisabled:
		return "Disabled"
	}
	return string(s)
}

// User is a person in exactly one account (R-ACC-2).
type User struct {
	ID           int64
	AccountID    int64
	Name         string
	Email        string // normalised: trimmed, lower case
	Role         Role
	Status       UserStatus
	PasswordHash string // argon2id PHC string; never drawn, never logged
	TOTPEnabled  bool
	// NotifySignIn opts in to a notification for every sign-in attempt (R-SES-4).
	NotifySignIn bool
	LastLoginAt  *time.Time
	CreatedAt    time.Time
}

// MaxEmailLen bounds email addresses (RFC 5321 path limit).
const MaxEmailLen = 254

// NormalizeEmail trims an address and lower-cases it, so that comparisons are
// case-insensitive (R-ACC-2).
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// ValidatePersonName trims a person's name and checks it.
func ValidatePersonName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", Errorf(EINVALID, "Enter your name.")
	}
	return name, checkText("The name", name, MaxNameLen)
}
