package model

import "context"

// VerificationStore persists verification requests and their sealed
// files (R-KYC-1) and serves the staff's verification queue (R-STF-2).
// Requests are read with what their files are; a file's sealed content
// leaves the store only through OpenVerificationFile.
type VerificationStore interface {
	// LatestVerification returns an account's newest request; ENOTFOUND
	// if it has none.
	LatestVerification(ctx context.Context, accountID int64) (*KYCRequest, error)
	// FindVerification returns one request; ENOTFOUND if there is none.
	FindVerification(ctx context.Context, id int64) (*KYCRequest, error)
	// VerificationQueue reads one window of the pending requests of every
	// account, oldest sent first (R-STF-2): p's cursor is a row's
	// (SubmittedAt, ID). Rows carry no Files. It reads at most p.Limit
	// rows, one index range.
	VerificationQueue(ctx context.Context, p QueuePage) ([]*KYCRequest, error)
	// ChangeAccountVerification reads an account's newest request (nil
	// when it has none) inside one write transaction after checking g
	// (R-ACC-6) and applies what decide returns (see KYCChange; nil
	// changes nothing); decide's error rolls back and is returned. It
	// returns the request as changed, nil when there is none.
	ChangeAccountVerification(ctx context.Context, g *Guard, accountID int64, decide func(latest *KYCRequest) (*KYCChange, error)) (*KYCRequest, error)
	// ChangeVerification is ChangeAccountVerification for request id;
	// ENOTFOUND if there is no such request.
	ChangeVerification(ctx context.Context, g *Guard, id int64, decide func(r *KYCRequest) (*KYCChange, error)) (*KYCRequest, error)
	// OpenVerificationFile reads request id and its file of kind inside
	// one write transaction after checking g, asks decide for the audit
	// event of the reading, records it and returns the sealed content;
	// decide's error rolls back and is returned. ENOTFOUND if there is no
	// such request or file.
	// part says what is read: the sealed content, or the sealed thumbnail
	// when there is one (thumb reports which came).
	OpenVerificationFile(ctx context.Context, g *Guard, id int64, kind KYCFileKind, part KYCPart, decide func(r *KYCRequest, f *KYCFile) (*AuditEvent, error)) (sealed []byte, thumb bool, err error)
}

// KYCPart is what OpenVerificationFile reads of a file.
type KYCPart int

// Parts of a verification file.
const (
	// KYCContent is the file as it was given.
	KYCContent KYCPart = iota
	// KYCThumbOrContent is its thumbnail, or the file when it has none.
	KYCThumbOrContent
)
