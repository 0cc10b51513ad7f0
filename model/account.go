package model

import (
	"strings"
	"time"
)

// AccountStatus is where an account is in its life.
type AccountStatus string

// Account statuses (SPEC §3).
const (
	AccountActive                AccountStatus = "active"
	AccountDeactivationRequested AccountStatus = "deactivation_requested"
	AccountDeactivated           AccountStatus = "deactivated"
)

// Address is a billing address (R-SET-1).
type Address struct {
	Street     string
	City       string
	PostalCode string
	Country    string
}

// Account is a legal entity: the company that users work for.
type Account struct {
	ID          int64
	CompanyName string
	Billing     Address
	Status      AccountStatus
	Enforce2FA  bool
	// Kind tells a customer's account from the provider's, whose users
	// are its support staff (SPEC §10).
	Kind      AccountKind
	CreatedAt time.Time
	// SupportAccessUntil is when the account's open support-access grant
	// runs out, read with the account; zero when none is open. The header
	// shows SupportAccessLeft (R-SET-4). The support PIN is not here: it is
	// sealed and read only by SupportPIN (R-SET-3).
	SupportAccessUntil time.Time
}

// MaxNameLen bounds names of people and companies, in code points.
const MaxNameLen = 100

// ValidateCompanyName trims the name and checks it.
func ValidateCompanyName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", Errorf(EINVALID, "Enter your company name.")
	}
	return name, checkText("The company name", name, MaxNameLen)
}
