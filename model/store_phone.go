package model

// PhoneStore persists mobile numbers, SMS codes (R-2FA-9) and password-reset
// codes (R-PWD-3).
type PhoneStore interface{}
