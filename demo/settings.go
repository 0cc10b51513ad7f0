package demo

import (
	"context"
	"fmt"
	"time"

	"acctl/model"
	"acctl/seal"
)

// demoContact is a contact of the demo account (R-SET-2).
type demoContact struct {
	name, email string
}

// demoContacts hold the 31 combinations of the five roles, in order of
// their bit sets (ContactRoles 1 to 31): Primary alone, Technical alone,
// Primary and Technical, and so on. Ada, an owner, is a Primary contact
// too, so the Outbox shows "the user and Primary contact".
var demoContacts = []demoContact{
	{"Ada Lovelace", "ada@northwind.example"},
	{"Operations on call", "oncall@northwind.example"},
	{"Charles Babbage (personal)", "charles.babbage@fastmail.example"},
	{"Accounts payable", "ap@northwind.example"},
	{"Finance director", "finance.director@northwind.example"},
	{"Platform team", "platform@northwind.example"},
	{"Managing director", "md@northwind.example"},
	{"Abuse desk", "abuse@northwind.example"},
	{"Legal", "legal@northwind.example"},
	{"Network operations", "noc@northwind.example"},
	{"CTO office", "cto@northwind.example"},
	{"Harbour Accountants LLP", "northwind@harbour-accountants.example"},
	{"Compliance", "compliance@northwind.example"},
	{"Security team", "security@northwind.example"},
	{"Board secretary", "secretary@northwind.example"},
	{"Crisis line", "crisis@northwind.example"},
	{"Company owner (mobile)", "owner.mobile@northwind.example"},
	{"Site reliability", "sre@northwind.example"},
	{"Ops manager", "ops.manager@northwind.example"},
	{"Billing alerts", "billing-alerts@northwind.example"},
	{"Finance duty phone", "finance.duty@northwind.example"},
	{"Grace Hopper", "grace@northwind.example"},
	{"Head of infrastructure", "infra.head@northwind.example"},
	{"Trust and safety", "trust@northwind.example"},
	{"Chief operating officer", "coo@northwind.example"},
	{"Incident response", "incident@northwind.example"},
	{"Emergency contact (MSP)", "emergency@keel-msp.example"},
	{"Fraud and billing", "fraud@northwind.example"},
	{"Executive assistant", "ea@northwind.example"},
	{"Security operations centre", "soc@keel-msp.example"},
	{"Everything desk", "helpdesk@northwind.example"},
}

// detailChange is one change of the account details in the demo's history
// (R-SET-1).
type detailChange struct {
	by      string
	age     time.Duration
	details model.AccountDetails
}

// demoDetailHistory renames the company that Seed made and moves it from
// its first office to its current one.
var demoDetailHistory = []detailChange{
	{"charles@northwind.example", 40 * day, model.AccountDetails{CompanyName: "Northwind Hosting Ltd", Billing: model.Address{Street: "4 Wapping Wharf", City: "Bristol", PostalCode: "BS1 6WP", Country: "GB"}}},
	{"grace@northwind.example", 12 * day, model.AccountDetails{CompanyName: "Northwind Hosting Ltd", Billing: model.Address{Street: "12 Harbour Lane", City: "Bristol", PostalCode: "BS1 4RN", Country: "GB"}}},
}

// SeedSettings fills the demo account's Account settings (R-SET-1..4) and
// GPG keys (R-SSH-4): contacts in every role combination, the history of
// the account details, a support PIN sealed by sealer, support access
// allowed three hours before now, notifications routed by role in the
// Outbox, and a GPG key. Call it after Seed.
func SeedSettings(ctx context.Context, st model.Store, sealer *seal.Sealer, now time.Time) error {
	ada, err := st.FindUserByEmail(ctx, Logins[0].Email)
	if err != nil {
		return fmt.Errorf("demo settings: %w", err)
	}
	steps := []func() error{
		func() error { return seedContacts(ctx, st, ada, now) },
		func() error { return seedDetailHistory(ctx, st, now) },
		func() error { _, err := model.SeedSupportPIN(ctx, st, sealer, ada, now.Add(-20*day)); return err },
		func() error { return seedSupportGrant(ctx, st, now) },
		func() error { return seedGPGKey(ctx, st, ada, now) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("demo settings: %w", err)
		}
	}
	return nil
}

// seedDetailHistory records each change of demoDetailHistory at its time.
func seedDetailHistory(ctx context.Context, st model.Store, now time.Time) error {
	for _, c := range demoDetailHistory {
		u, err := st.FindUserByEmail(ctx, c.by)
		if err != nil {
			return err
		}
		audit := &model.AuditEvent{AccountID: u.AccountID, ActorID: u.ID, Actor: u.Email, Action: model.ActionDetailsChanged,
			Object: "account", Origin: origins[1], At: now.Add(-c.age)}
		if _, err := st.UpdateAccountDetails(ctx, nil, c.details, audit); err != nil { // seeding: no actor to check
			return err
		}
		if audit.Detail == "" {
			continue
		}
		m := model.Message{Category: model.CategoryBilling, Kind: model.NotifyDetailsChanged,
			Subject: "acctl: the account details of " + c.details.CompanyName + " changed",
			Body:    "The account details changed:\n\n  " + audit.Detail + "\n\nBy: " + u.Email + "\n"}
		if err := model.SeedNotice(ctx, st, u.AccountID, m, audit.At); err != nil {
			return err
		}
	}
	return nil
}

// seedContacts adds demoContacts, a day apart.
func seedContacts(ctx context.Context, st model.Store, by *model.User, now time.Time) error {
	for i, d := range demoContacts {
		at := now.Add(-time.Duration(80-i) * day)
		c := &model.Contact{AccountID: by.AccountID, Email: d.email, Name: d.name, Roles: model.ContactRoles(i + 1), CreatedAt: at, UpdatedAt: at}
		audit := &model.AuditEvent{AccountID: by.AccountID, ActorID: by.ID, Actor: by.Email, Action: "contact.created",
			Object: model.ContactObject(c), Detail: c.Roles.Title(), Origin: origins[1], At: at}
		if err := st.CreateContact(ctx, nil, c, audit); err != nil {
			return fmt.Errorf("contact %s: %w", d.email, err)
		}
	}
	return nil
}

// seedSupportGrant has Grace, a manager, allow support access three hours
// before now, so the header counts down from 21 hours.
func seedSupportGrant(ctx context.Context, st model.Store, now time.Time) error {
	grace, err := st.FindUserByEmail(ctx, "grace@northwind.example")
	if err != nil {
		return err
	}
	at := now.Add(-3 * time.Hour)
	g := &model.SupportGrant{AccountID: grace.AccountID, GrantedBy: grace.ID, GrantedAt: at, ExpiresAt: at.Add(model.SupportAccessTTL)}
	audit := &model.AuditEvent{AccountID: grace.AccountID, ActorID: grace.ID, Actor: grace.Email, Action: "support_access.allowed",
		Object: "support access", Detail: "until " + g.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC"), Origin: origins[2], At: at}
	if err := st.StartSupportGrant(ctx, nil, g, audit); err != nil { // seeding: no actor to check
		return err
	}
	m := model.Message{Category: model.CategoryTechnical, Kind: model.NotifySupportAccessGiven,
		Subject: "acctl: support access to Northwind Hosting Ltd until " + g.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC"),
		Body:    "Grace Hopper allowed the provider's support staff into Northwind Hosting Ltd for 24 hours.\n"}
	return model.SeedNotice(ctx, st, grace.AccountID, m, at)
}

// seedGPGKey gives Ada an Ed25519 GPG key made 60 days before now, valid
// two years, added 50 days before now.
func seedGPGKey(ctx context.Context, st model.Store, ada *model.User, now time.Time) error {
	_, err := model.SeedGPGKey(ctx, st, ada, now.Add(-60*day), now.Add(-50*day), 2*365*day)
	return err
}
