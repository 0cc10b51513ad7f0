package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"acctl/model"
	"acctl/store"
)

// staffCommand is `acctl staff add EMAIL` (SPEC §10): it invites a staff
// member of the provider on this server's database and prints the
// invitation code once, here, so that it reaches them without a mail
// server (R-PWD-7). The code is not logged.
func staffCommand(args []string, dbPath string, stdout, stderr io.Writer) int {
	if len(args) != 2 || args[0] != "add" {
		fmt.Fprintln(stderr, "acctl: usage: acctl staff add EMAIL")
		return 2
	}
	inv, err := addStaff(dbPath, args[1])
	if err != nil {
		fmt.Fprintf(stderr, "acctl: %s\n", startErrorText(err))
		return 1
	}
	fmt.Fprintf(stdout, "Invited %s to the support staff.\n\n", inv.User.Email)
	if inv.Resent {
		fmt.Fprintf(stdout, "They were invited before: the earlier code no longer works.\n\n")
	}
	fmt.Fprintf(stdout, "Invitation code, shown only this once:\n\n    %s\n\n", inv.Code)
	fmt.Fprintf(stdout, "Hand it to them yourself. It works once, until %s. They open acctl\n", inv.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintln(stdout, "(here or over SSH), choose \"I have an invitation\", paste the code, choose")
	fmt.Fprintln(stdout, "a password and set up two-factor authentication, which staff must have.")
	return 0
}

// addStaff opens the database (the default one unless dbPath is set) and
// invites email.
func addStaff(dbPath, email string) (*model.StaffInvitation, error) {
	if dbPath == "" {
		dir, err := dataDir(false)
		if err != nil {
			return nil, err
		}
		dbPath = filepath.Join(dir, "acctl.db")
	}
	db, err := store.Open(dbPath)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return model.NewService(model.Config{Store: db}).AddStaff(context.Background(), email)
}
