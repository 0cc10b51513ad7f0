package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"

	"acctl/model"
	"acctl/store"
	"acctl/tui/common"
)

// staffUsage is the staff command's synopsis.
const staffUsage = `usage: acctl staff add EMAIL | list | disable EMAIL | enable EMAIL`

// staffCommand is `acctl staff …` (SPEC §10), run on the server: add
// invites a staff member of the provider and prints the invitation code
// once, here, so that it reaches them without a mail server (R-PWD-7; the
// code is not logged); list shows the staff; disable ends a staff
// member's access at once (their consoles sign out), enable gives it back.
func staffCommand(args []string, dbPath string, stdout, stderr io.Writer) int {
	verb := ""
	if len(args) > 0 {
		verb = args[0]
	}
	want := map[string]int{"add": 2, "list": 1, "disable": 2, "enable": 2}
	if n, ok := want[verb]; !ok || len(args) != n {
		fmt.Fprintln(stderr, "acctl: "+staffUsage)
		return 2
	}
	svc, closeDB, err := staffService(dbPath)
	if err == nil {
		defer closeDB()
		switch verb {
		case "add":
			err = staffAdd(svc, args[1], stdout)
		case "list":
			err = staffList(svc, stdout)
		case "disable":
			err = staffDisable(svc, args[1], stdout)
		case "enable":
			err = staffEnable(svc, args[1], stdout)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "acctl: %s\n", startErrorText(err))
		return 1
	}
	return 0
}

func staffAdd(svc *model.Service, email string, stdout io.Writer) error {
	inv, err := svc.AddStaff(context.Background(), email)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Invited %s to the support staff.\n\n", inv.User.Email)
	if inv.Resent {
		fmt.Fprintf(stdout, "They were invited before: the earlier code no longer works.\n\n")
	}
	fmt.Fprintf(stdout, "Invitation code, shown only this once:\n\n    %s\n\n", inv.Code)
	fmt.Fprintf(stdout, "Hand it to them yourself. It works once, until %s. They open acctl\n", inv.ExpiresAt.UTC().Format("2006-01-02 15:04 UTC"))
	fmt.Fprintln(stdout, "(here or over SSH), choose \"I have an invitation\", paste the code, choose")
	fmt.Fprintln(stdout, "a password and set up two-factor authentication, which staff must have.")
	return nil
}

// staffList prints the staff, one a line: email, status, name (cleaned:
// a name is user-supplied text, SPEC §5).
func staffList(svc *model.Service, stdout io.Writer) error {
	staff, err := svc.Staff(context.Background())
	if err != nil {
		return err
	}
	if len(staff) == 0 {
		fmt.Fprintln(stdout, "No staff members yet: acctl staff add EMAIL invites one.")
		return nil
	}
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "EMAIL\tSTATUS\tNAME")
	for _, u := range staff {
		fmt.Fprintf(w, "%s\t%s\t%s\n", common.CleanLine(u.Email), u.Status, common.CleanLine(u.Name))
	}
	return w.Flush()
}

func staffDisable(svc *model.Service, email string, stdout io.Writer) error {
	u, cancelled, err := svc.DisableStaff(context.Background(), email)
	if err != nil {
		return err
	}
	if cancelled {
		fmt.Fprintf(stdout, "%s had not accepted the invitation: it is cancelled, and its code no longer works.\n", u.Email)
		return nil
	}
	fmt.Fprintf(stdout, "%s is disabled: their sessions have ended (open consoles sign out within two seconds),\n", u.Email)
	fmt.Fprintln(stdout, "and they cannot sign in until acctl staff enable.")
	return nil
}

func staffEnable(svc *model.Service, email string, stdout io.Writer) error {
	u, err := svc.EnableStaff(context.Background(), email)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s can sign in again. API keys revoked by the disable stay revoked.\n", u.Email)
	return nil
}

// staffService opens the database (the default one unless dbPath is set)
// and the data directory's sealing key, as the console does, so that the
// invitation email is queued with its code sealed (SPEC §7); closeDB
// closes it.
func staffService(dbPath string) (svc *model.Service, closeDB func(), err error) {
	dir, err := dataDir(false)
	if err != nil {
		return nil, nil, err
	}
	if dbPath == "" {
		dbPath = filepath.Join(dir, "acctl.db")
	}
	db, err := store.Open(dbPath)
	if err != nil {
		return nil, nil, err
	}
	sealer, err := openSealer(context.Background(), db, dir, dbPath)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return model.NewService(model.Config{Store: db, Sealer: sealer}), func() { db.Close() }, nil
}
