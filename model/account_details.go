package model

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a billing address, in code points (R-SET-1).
const (
	MaxStreetLen     = 200
	MaxCityLen       = 100
	MaxPostalCodeLen = 16
)

// AccountDetails is what the Account settings screen edits (R-SET-1): the
// company name and the billing address.
type AccountDetails struct {
	CompanyName string
	Billing     Address
}

// Details returns the account's details as the edit form starts from.
func (a *Account) Details() AccountDetails {
	return AccountDetails{CompanyName: a.CompanyName, Billing: a.Billing}
}

// ValidateAccountDetails trims every field and checks it, saying what to fix
// in a sentence (R-SET-1): the company name, street and city are required;
// no field may hold control, format (Unicode Cf) or line-separator
// characters (R-ACC-7); the postal code is letters, digits, spaces and
// hyphens, and may be empty where a country has none; the country is an
// ISO 3166-1 alpha-2 code of the list, stored in upper case.
func ValidateAccountDetails(d AccountDetails) (AccountDetails, error) {
	var err error
	if d.CompanyName, err = ValidateCompanyName(d.CompanyName); err != nil {
		return d, err
	}
	if err := checkVisible("The company name", d.CompanyName); err != nil {
		return d, err
	}
	if d.Billing, err = ValidateAddress(d.Billing); err != nil {
		return d, err
	}
	return d, nil
}

// ValidateAddress trims a billing address and checks it (R-SET-1); see
// ValidateAccountDetails.
func ValidateAddress(a Address) (Address, error) {
	a.Street = strings.TrimSpace(a.Street)
	a.City = strings.TrimSpace(a.City)
	a.PostalCode = strings.Join(strings.FieldsFunc(strings.TrimSpace(a.PostalCode), func(r rune) bool { return r == ' ' }), " ")
	if a.Street == "" {
		return a, Errorf(EINVALID, "Enter the street and house number of the billing address.")
	}
	if err := checkAddressLine("The street", a.Street, MaxStreetLen); err != nil {
		return a, err
	}
	if a.City == "" {
		return a, Errorf(EINVALID, "Enter the city of the billing address.")
	}
	if err := checkAddressLine("The city", a.City, MaxCityLen); err != nil {
		return a, err
	}
	if err := checkPostalCode(a.PostalCode); err != nil {
		return a, err
	}
	var err error
	a.Country, err = ValidateCountry(a.Country)
	return a, err
}

// checkAddressLine is checkText and checkVisible on one line of an address.
func checkAddressLine(what, s string, max int) error {
	if err := checkText(what, s, max); err != nil {
		return err
	}
	return checkVisible(what, s)
}

// checkPostalCode accepts what postal codes are made of worldwide: letters,
// digits, spaces and hyphens, or nothing.
func checkPostalCode(code string) error {
	if err := checkAddressLine("The postal code", code, MaxPostalCodeLen); err != nil {
		return err
	}
	for _, r := range code {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && r != '-' {
			return Errorf(EINVALID, "The postal code can hold only letters, digits, spaces and hyphens. Type it as it is written on letters to you, or leave it empty if your country has none.")
		}
	}
	return nil
}

// checkVisible refuses the characters that R-ACC-7 keeps out of names and
// addresses, so that no two look alike: format characters (Unicode Cf,
// such as U+200B, U+200D, U+FEFF, U+00AD) and line or paragraph
// separators. checkText already refuses controls and bidi overrides.
func checkVisible(what, s string) error {
	for _, r := range s {
		if unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
			return Errorf(EINVALID, "%s contains an invisible character (U+%04X). Type it again without it.", what, r)
		}
	}
	return nil
}

// DescribeDetailsChange says what changed from old to next, field by
// field, for the audit log and the notification (R-SET-1, R-AUD-1):
// `Street: "12 Harbour Lane" → "3 Quay Street"; Country: GB → IE`. It is
// "" when nothing changed. The store calls it inside the transaction that
// commits the change, so that the record says what the change really
// replaced.
func DescribeDetailsChange(old, next AccountDetails) string {
	var parts []string
	add := func(field, from, to string) {
		if from != to {
			parts = append(parts, fmt.Sprintf("%s: %s → %s", field, quoteField(from), quoteField(to)))
		}
	}
	add("Company name", old.CompanyName, next.CompanyName)
	add("Street", old.Billing.Street, next.Billing.Street)
	add("City", old.Billing.City, next.Billing.City)
	add("Postal code", old.Billing.PostalCode, next.Billing.PostalCode)
	if old.Billing.Country != next.Billing.Country {
		parts = append(parts, fmt.Sprintf("Country: %s → %s", countryField(old.Billing.Country), countryField(next.Billing.Country)))
	}
	return strings.Join(parts, "; ")
}

func quoteField(s string) string {
	if s == "" {
		return "(empty)"
	}
	return "“" + s + "”"
}

func countryField(code string) string {
	if code == "" {
		return "(empty)"
	}
	return CountryName(code) + " (" + code + ")"
}

// UpdateAccountDetails saves the company name and billing address of the
// caller's account (R-SET-1): owners and managers (R-ACC-4), checked again
// when it commits (R-ACC-6). The change is audited with what it replaced
// (that record is the details' history, AccountDetailsHistory) and notified
// to the account's Billing and Primary contacts (category billing, R-SET-2).
// Saving what is already there changes nothing and notifies nobody.
func (s *Service) UpdateAccountDetails(ctx context.Context, d AccountDetails) (*Account, error) {
	a, err := s.allowedTo(ctx, ActionEditAccountDetails)
	if err != nil {
		return nil, err
	}
	if d, err = ValidateAccountDetails(d); err != nil {
		return nil, err
	}
	audit := s.audit(a, ActionDetailsChanged, "account", "")
	acct, err := s.store.UpdateAccountDetails(ctx, a.Guard(ActionEditAccountDetails), d, audit)
	if err != nil {
		return nil, s.internal("update account details", err)
	}
	if audit.Detail != "" {
		s.notifyAccount(ctx, a.Account.ID, detailsChangedMessage(a, acct, audit.Detail))
	}
	return acct, nil
}

// ActionDetailsChanged is the audit action of a change of account details;
// its records are the details' history (R-SET-1).
const ActionDetailsChanged = "account.details_changed"

// detailsChangedMessage is the billing notice of a change of details.
func detailsChangedMessage(a *Actor, acct *Account, change string) Message {
	var b strings.Builder
	fmt.Fprintf(&b, "%s changed the account details of %s in acctl.\n\n", displayName(a.User), acct.CompanyName)
	for _, part := range strings.Split(change, "; ") {
		fmt.Fprintf(&b, "  %s\n", part)
	}
	fmt.Fprintf(&b, "\nThe billing address is now:\n  %s\n  %s %s\n  %s\n", acct.Billing.Street, acct.Billing.PostalCode, acct.Billing.City, CountryName(acct.Billing.Country))
	b.WriteString("\nInvoices from now on carry these details. If this change was not expected, sign in to acctl and check Account settings.\n")
	return Message{Category: CategoryBilling, Kind: NotifyDetailsChanged, Subject: "acctl: the account details of " + oneLine(acct.CompanyName) + " changed", Body: b.String()}
}

// oneLine keeps s fit for a subject line.
func oneLine(s string) string {
	s = plainText(s)
	if utf8.RuneCountInString(s) > 60 {
		s = string([]rune(s)[:59]) + "…"
	}
	return s
}

// AccountDetailsHistory returns one window of the changes of the caller's
// account details, newest first, each with who made it, when, from where
// and, in Detail, what it replaced (DescribeDetailsChange): the audit
// records of ActionDetailsChanged (R-SET-1, R-AUD-1). Owners and managers,
// who edit the details, read it; the rest of the security log stays the
// owners' (R-ACC-4).
func (s *Service) AccountDetailsHistory(ctx context.Context, p EventPage) ([]*AuditEvent, error) {
	a, err := s.allowedTo(ctx, ActionEditAccountDetails)
	if err != nil {
		return nil, err
	}
	p.Limit = max(1, min(p.Limit, MaxPage))
	list, err := s.store.ListAccountDetailsHistory(ctx, a.Account.ID, p)
	return list, s.internal("account details history", err)
}
