package requests_test

import "testing"

// Keys typed in the same burst as the key that opens a form land in the
// form (SPEC §5): n then the subject, from the list; r then the reply, in
// a thread; enter then the description, across the two fields.
func TestTypeAheadReachesTheForm(t *testing.T) { // SPEC §5, R-TKT-1
	a := newAccount(t)
	c := a.open(t, "Requests", 80, 24)
	c.WaitFor("No requests yet")
	c.Burst("n", "D", "i", "s", "k", "enter", "F", "u", "l", "l", "enter", "ctrl+s")
	c.WaitWords("Request #1 · Disk", "Full")
	c.Burst("r", "O", "k", "enter")
	c.WaitWords("Reply sent.", "Ok")
}
