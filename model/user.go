package model

import (
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

// ValidateEmail normalises an address and checks that it is a plain
// user@domain address.
func ValidateEmail(email string) (string, error) {
	email = NormalizeEmail(email)
	if email == "" {
		return "", Errorf(EINVALID, "Enter an email address.")
	}
	if utf8.RuneCountInString(email) > MaxEmailLen {
		return "", Errorf(EINVALID, "That email address is too long: use at most %d characters.", MaxEmailLen)
	}
	if err := checkText("The email address", email, MaxEmailLen); err != nil {
		return "", err
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" {
		return "", Errorf(EINVALID, "That is not an email address. Write it as name@example.com.")
	}
	at := strings.LastIndexByte(email, '@')
	if at < 1 || !strings.Contains(email[at+1:], ".") || strings.ContainsAny(email, " \t") {
		return "", Errorf(EINVALID, "That is not an email address. Write it as name@example.com.")
	}
	return email, nil
}

// ValidatePersonName trims a person's name and checks it.
func ValidatePersonName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", Errorf(EINVALID, "Enter your name.")
	}
	return name, checkText("The name", name, MaxNameLen)
}

// checkText refuses invalid UTF-8, control and bidi-override characters, and
// text longer than max code points.
func checkText(what, s string, max int) error {
	if !utf8.ValidString(s) {
		return Errorf(EINVALID, "%s has characters that are not valid text. Type it again.", what)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return Errorf(EINVALID, "%s is too long (%d characters): use at most %d.", what, n, max)
	}
	for _, r := range s {
		if unicode.IsControl(r) || isBidiControl(r) {
			return Errorf(EINVALID, "%s cannot contain control characters. Type it again without them.", what)
		}
	}
	return nil
}

// isBidiControl reports the invisible characters that reorder text.
func isBidiControl(r rune) bool {
	switch {
	case r == 0x061C, r == 0x200E, r == 0x200F:
		return true
	case r >= 0x202A && r <= 0x202E:
		return true
	case r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
