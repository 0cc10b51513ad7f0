package model

// InvitationStore persists invitations and the user management of the Users
// screen (R-USR-1..3, R-ACC-5).
type InvitationStore interface{}
