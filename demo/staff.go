package demo

import (
	"context"
	"fmt"
	"time"

	"acctl/model"
)

// StaffEmail is the demo's staff member of the provider (SPEC §10), who
// signs in from the demo panel to answer requests and verifications.
const StaffEmail = "sam@support.example"

// contoso is the demo's second customer: its requests and verification
// fill the staff queues beside Northwind's.
var contoso = struct {
	company, name, email string
}{"Contoso Cloud GmbH", "Olga Petrova", "olga@contoso.example"}

// seedStaff adds the provider account with its staff member, active with
// the demo password (2FA is turned on by EnableTwoFactor, as for the
// customers' demo users), and the second customer's account and owner.
func seedStaff(ctx context.Context, st model.Store, hash string, now time.Time) error {
	joined := now.Add(-200 * 24 * time.Hour)
	provider, err := st.EnsureProviderAccount(ctx, &model.Account{CompanyName: model.ProviderCompanyName, Status: model.AccountActive,
		Enforce2FA: true, Kind: model.AccountProvider, CreatedAt: joined})
	if err != nil {
		return fmt.Errorf("demo provider account: %w", err)
	}
	sam := &model.User{AccountID: provider.ID, Name: "Sam Rivera", Email: StaffEmail, Role: model.RoleStaff, Status: model.UserActive,
		PasswordHash: hash, CreatedAt: joined}
	audit := &model.AuditEvent{AccountID: provider.ID, Actor: "acctl staff add", Action: "staff.invited", Object: "user " + StaffEmail,
		Origin: model.LocalOrigin, At: joined}
	if err := st.CreateUser(ctx, sam, audit); err != nil {
		return fmt.Errorf("demo staff member: %w", err)
	}
	created := now.Add(-60 * 24 * time.Hour)
	acct := &model.Account{CompanyName: contoso.company, Status: model.AccountActive, CreatedAt: created,
		Billing: model.Address{Street: "Friedrichstraße 68", City: "Berlin", PostalCode: "10117", Country: "DE"}}
	olga := &model.User{Name: contoso.name, Email: contoso.email, Role: model.RoleOwner, Status: model.UserActive, PasswordHash: hash, CreatedAt: created}
	err = st.CreateAccount(ctx, acct, olga, &model.AuditEvent{Actor: contoso.email, Action: "account.created",
		Detail: "signed up as " + contoso.company, Origin: origins[2], At: created})
	if err != nil {
		return fmt.Errorf("demo second account: %w", err)
	}
	return nil
}
