package model

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DocumentType is the identity document a verification shows (R-KYC-1).
type DocumentType string

// Document types, as the seed lists them.
const (
	DocPassport        DocumentType = "passport"
	DocDriversLicense  DocumentType = "drivers_license"
	DocIDCard          DocumentType = "id_card"
	DocResidencePermit DocumentType = "residence_permit"
)

// DocumentTypes lists the document types, in the form's order.
var DocumentTypes = []DocumentType{DocPassport, DocDriversLicense, DocIDCard, DocResidencePermit}

// Title is the document type as the screens write it.
func (d DocumentType) Title() string {
	switch d {
	case DocPassport:
		return "Passport"
	case DocDriversLicense:
		return "Driver's license"
	case DocIDCard:
		return "ID card"
	case DocResidencePermit:
		return "Residence permit"
	}
	return string(d)
}

func (d DocumentType) valid() bool {
	for _, v := range DocumentTypes {
		if d == v {
			return true
		}
	}
	return false
}

// KYCFileKind is which of a verification's two files one is (R-KYC-1).
type KYCFileKind string

// The two files: the document, and a selfie with the document.
const (
	KYCDocument KYCFileKind = "document"
	KYCSelfie   KYCFileKind = "selfie"
)

// KYCFileKinds lists the two files in the order they are asked for.
var KYCFileKinds = []KYCFileKind{KYCDocument, KYCSelfie}

// Title is the file's kind as the screens write it.
func (k KYCFileKind) Title() string {
	if k == KYCSelfie {
		return "Selfie with the document"
	}
	return "Document"
}

// KYCFileKindForName is the slot a file sent by name goes to (R-KYC-1,
// scp into kyc/): the selfie when its name says "selfie" in any case,
// otherwise the document.
func KYCFileKindForName(name string) KYCFileKind {
	if strings.Contains(strings.ToLower(filepath.Base(name)), "selfie") {
		return KYCSelfie
	}
	return KYCDocument
}

// KYCStatus is where a verification request stands (R-KYC-1).
type KYCStatus string

// Statuses: a draft gathers its files until it is sent; then it is
// pending until staff approve or reject it (R-STF-2).
const (
	KYCDraft    KYCStatus = "draft"
	KYCPending  KYCStatus = "pending"
	KYCApproved KYCStatus = "approved"
	KYCRejected KYCStatus = "rejected"
)

// Title is the status as the screens write it.
func (st KYCStatus) Title() string {
	switch st {
	case KYCDraft:
		return "Not sent yet"
	case KYCPending:
		return "Pending"
	case KYCApproved:
		return "Approved"
	case KYCRejected:
		return "Rejected"
	}
	return string(st)
}

// KYCRequest is a verification request of an account (R-KYC-1): started
// by one of its users, who gives its two files, and decided by staff.
type KYCRequest struct {
	ID           int64
	AccountID    int64
	RequestedBy  int64
	DocumentType DocumentType
	Status       KYCStatus
	Reason       string // a rejection's reason
	DecidedBy    int64  // the staff member who decided; 0 before
	CreatedAt    time.Time
	SubmittedAt  *time.Time
	DecidedAt    *time.Time
	// Files are the files given so far, in KYCFileKinds order: what they
	// are, never their content.
	Files []*KYCFile

	// Read with the request, for display: the account's company name and
	// the requester's name.
	Company   string
	Requester string
}

// File returns the request's file of kind, or nil.
func (r *KYCRequest) File(kind KYCFileKind) *KYCFile {
	for _, f := range r.Files {
		if f.Kind == kind {
			return f
		}
	}
	return nil
}

// KYCFile describes a verification file (R-KYC-1): its content is kept
// sealed and read only by staff (VerificationFile).
type KYCFile struct {
	RequestID int64
	Kind      KYCFileKind
	Name      string
	Type      FileType
	Size      int64
	Pages     int // a PDF's page count
	Width     int // an image's size in pixels
	Height    int
	AddedAt   time.Time
}

// KYCFileContent is a verification file opened for staff (R-STF-2).
type KYCFileContent struct {
	KYCFile
	Data []byte
}

// KYCChange is what a change to an account's verification writes,
// decided by the rules below on the request as the store reads it inside
// the committing transaction (R-ACC-6). The store inserts Request when
// its ID is 0, else writes its state (document type, status, reason,
// decision, times); puts File with its Sealed content into its slot when
// set; and records Audit, where an event without an Object gets the
// request's, VerificationObject(ID), once the ID is known. Discard deletes
// the request, a draft, with its files instead.
type KYCChange struct {
	Request *KYCRequest
	File    *KYCFile
	Sealed  []byte
	// Thumb is the sealed thumbnail of an image File (R-STF-2); nil for a
	// PDF.
	Thumb   []byte
	Discard bool
	Audit   []*AuditEvent
}

// Errors of verification.
var (
	ErrVerificationPending = &Error{Code: ECONFLICT, Message: "Your verification is with our staff already. Wait for their decision: it is notified by email."}
	ErrVerified            = &Error{Code: ECONFLICT, Message: "Your account is verified already: there is nothing more to send."}
	ErrNoVerificationDraft = &Error{Code: ECONFLICT, Message: "Start a verification first: choose the document type in the console (Requests, Verification), then give the two files."}
	ErrVerificationChanged = &Error{Code: ECONFLICT, Message: "The verification changed in another console while the file was on its way. Look at it again and send the file again."}
	ErrKYCNotFound         = &Error{Code: ENOTFOUND, Message: "There is no such verification request. Refresh the queue and try again."}
	ErrKYCNotPending       = &Error{Code: ECONFLICT, Message: "This verification is not pending any more: another staff member decided it, or it was not sent yet. Refresh the queue."}
	ErrLocalFileOverSSH    = &Error{Code: EFORBIDDEN, Message: "Over SSH, files are not read from the server's disk. Send them with scp instead: scp -P 2222 passport.jpg HOST:kyc/"}
)

// errOtherRequester refuses to let anyone but the person who started a
// verification change it: the documents are theirs.
func errOtherRequester(r *KYCRequest) error {
	return Errorf(EFORBIDDEN, "%s started this verification with their own documents; only they can change or send it.", r.Requester)
}

// VerificationObject names a verification request in the audit log.
func VerificationObject(id int64) string { return fmt.Sprintf("verification #%d", id) }

// kycFileLabel binds a sealed verification file to its request and slot
// (SPEC §7).
func kycFileLabel(requestID int64, kind KYCFileKind) string {
	return fmt.Sprintf("kyc:%d:%s", requestID, kind)
}

// Verification returns the caller's account's latest verification
// request with what its files are (never their content), or nil when it
// has none (R-KYC-1).
func (s *Service) Verification(ctx context.Context) (*KYCRequest, error) {
	a, err := s.customer(ctx, ActionVerify)
	if err != nil {
		return nil, err
	}
	r, err := s.store.LatestVerification(ctx, a.Account.ID)
	if ErrorCode(err) == ENOTFOUND {
		return nil, nil
	}
	return r, s.internal("read verification", err)
}

// StartVerification starts the caller's account's verification with the
// document type it will show (R-KYC-1), or changes the type of the draft
// they started. A pending or approved verification cannot be started
// again; a rejected one can.
func (s *Service) StartVerification(ctx context.Context, doc DocumentType) (*KYCRequest, error) {
	a, err := s.customer(ctx, ActionVerify)
	if err != nil {
		return nil, err
	}
	if !doc.valid() {
		return nil, Errorf(EINVALID, "Choose the document: passport, driver's license, ID card or residence permit.")
	}
	return s.changeVerification(ctx, a, func(latest *KYCRequest, now time.Time) (*KYCChange, error) {
		return s.startChange(a, latest, doc, now)
	})
}

// startChange is StartVerification's rule on the account's latest
// request.
func (s *Service) startChange(a *Actor, latest *KYCRequest, doc DocumentType, now time.Time) (*KYCChange, error) {
	switch {
	case latest == nil || latest.Status == KYCRejected:
		r := &KYCRequest{AccountID: a.Account.ID, RequestedBy: a.User.ID, DocumentType: doc, Status: KYCDraft, CreatedAt: now, Requester: a.User.Name}
		return &KYCChange{Request: r, Audit: []*AuditEvent{s.audit(a, "kyc.started", "", doc.Title())}}, nil
	case latest.Status == KYCPending:
		return nil, ErrVerificationPending
	case latest.Status == KYCApproved:
		return nil, ErrVerified
	case latest.RequestedBy != a.User.ID:
		return nil, errOtherRequester(latest)
	case latest.DocumentType == doc:
		return nil, nil
	}
	r := *latest
	r.DocumentType = doc
	return &KYCChange{Request: &r, Audit: []*AuditEvent{s.audit(a, "kyc.document_changed", VerificationObject(r.ID), "from "+latest.DocumentType.Title()+" to "+doc.Title())}}, nil
}

// AttachVerificationFile puts a file into the kind slot of the caller's
// draft verification (R-KYC-1), replacing what was there: read from r, at
// most MaxKYCFileSize, a JPEG, PNG or PDF by its content, sealed before
// it is stored. name is what the file was called; only its last element
// is kept. Only the user who started the draft may give its files.
func (s *Service) AttachVerificationFile(ctx context.Context, kind KYCFileKind, name string, r io.Reader) (*KYCFile, error) {
	a, err := s.customer(ctx, ActionVerify)
	if err != nil {
		return nil, err
	}
	if kind != KYCDocument && kind != KYCSelfie {
		return nil, Errorf(EINVALID, "Choose which file this is: the document, or the selfie with the document.")
	}
	data, err := readKYCFile(r)
	if err != nil {
		return nil, err
	}
	f, err := inspectKYCFile(name, data)
	if err != nil {
		return nil, err
	}
	draft, err := s.draftOf(ctx, a)
	if err != nil {
		return nil, err
	}
	if s.sealer == nil {
		return nil, ErrNoSealerSecrets
	}
	sealed, err := s.sealer.Seal(data, kycFileLabel(draft.ID, kind))
	if err != nil {
		return nil, s.internal("seal verification file", err)
	}
	thumb, err := s.sealedThumb(f, data, draft.ID, kind)
	if err != nil {
		return nil, err
	}
	f.RequestID, f.Kind, f.AddedAt = draft.ID, kind, s.now()
	detail := fmt.Sprintf("%s: %s, %s, %s", kind.Title(), f.Name, f.Type.Title(), HumanSize(f.Size))
	_, err = s.changeVerification(ctx, a, func(latest *KYCRequest, now time.Time) (*KYCChange, error) {
		if err := checkDraft(a, latest); err != nil {
			return nil, err
		}
		if latest.ID != draft.ID {
			return nil, ErrVerificationChanged
		}
		return &KYCChange{Request: latest, File: f, Sealed: sealed, Thumb: thumb, Audit: []*AuditEvent{s.audit(a, "kyc.file_added", VerificationObject(latest.ID), detail)}}, nil
	})
	if err != nil {
		return nil, err
	}
	return f, nil
}

// UploadVerificationFile is AttachVerificationFile for a file sent over
// SSH (`scp passport.jpg HOST:kyc/`, R-SRV-5) into the kind slot, or,
// when kind is "", into the slot its name says (KYCFileKindForName). A
// size announced over MaxKYCFileSize is refused before anything is read.
// Nothing touches the server's disk.
func (s *Service) UploadVerificationFile(ctx context.Context, kind KYCFileKind, name string, size int64, r io.Reader) (*KYCFile, error) {
	if size > MaxKYCFileSize {
		return nil, ErrFileTooLarge
	}
	if kind == "" {
		kind = KYCFileKindForName(name)
	}
	return s.AttachVerificationFile(ctx, kind, name, r)
}

// AttachVerificationFileAt is AttachVerificationFile for the local
// console's file picker: the file at path on this machine. It is refused
// to a session over SSH, whose user must not read the server's disk
// (R-SRV-5), and a file over MaxKYCFileSize is refused before it is read.
func (s *Service) AttachVerificationFileAt(ctx context.Context, kind KYCFileKind, path string) (*KYCFile, error) {
	a, err := s.customer(ctx, ActionVerify)
	if err != nil {
		return nil, err
	}
	if !a.Session.Origin.Local {
		return nil, ErrLocalFileOverSSH
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, localFileError(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	switch {
	case err != nil:
		return nil, localFileError(path, err)
	case fi.IsDir():
		return nil, Errorf(EINVALID, "%s is a folder. Choose the file itself.", plainText(path))
	case !fi.Mode().IsRegular():
		return nil, Errorf(EINVALID, "%s is not a regular file. Choose a JPEG, PNG or PDF file.", plainText(path))
	case fi.Size() > MaxKYCFileSize:
		return nil, ErrFileTooLarge
	}
	return s.AttachVerificationFile(ctx, kind, fi.Name(), f)
}

// localFileError says why a local file cannot be read.
func localFileError(path string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Errorf(EINVALID, "There is no file at %s. Check the path and try again.", plainText(path))
	case errors.Is(err, fs.ErrPermission):
		return Errorf(EINVALID, "You may not read %s. Choose a file you can read.", plainText(path))
	}
	return Errorf(EINVALID, "%s cannot be read. Choose another file.", plainText(path))
}

// SubmitVerification sends the caller's draft verification, with both
// its files, to staff: it is pending until they decide (R-KYC-1, R-STF-2).
func (s *Service) SubmitVerification(ctx context.Context) (*KYCRequest, error) {
	a, err := s.customer(ctx, ActionVerify)
	if err != nil {
		return nil, err
	}
	return s.changeVerification(ctx, a, func(latest *KYCRequest, now time.Time) (*KYCChange, error) {
		if err := checkDraft(a, latest); err != nil {
			return nil, err
		}
		for _, kind := range KYCFileKinds {
			if latest.File(kind) == nil {
				return nil, Errorf(EINVALID, "Add the %s first: a verification needs the document and a selfie with it.", strings.ToLower(kind.Title()))
			}
		}
		r := *latest
		r.Status, r.SubmittedAt = KYCPending, &now
		return &KYCChange{Request: &r, Audit: []*AuditEvent{s.audit(a, "kyc.submitted", VerificationObject(r.ID), r.DocumentType.Title()+" and selfie")}}, nil
	})
}

// DiscardVerification deletes the caller's account's draft verification
// with its files (R-KYC-1): the user who started it may, and so may an
// owner, so that a draft left by someone who is gone does not block the
// account's verification. A sent request cannot be discarded.
func (s *Service) DiscardVerification(ctx context.Context) error {
	a, err := s.customer(ctx, ActionVerify)
	if err != nil {
		return err
	}
	_, err = s.changeVerification(ctx, a, func(latest *KYCRequest, now time.Time) (*KYCChange, error) {
		err := checkDraft(a, latest)
		if err != nil && !(ErrorCode(err) == EFORBIDDEN && a.Can(ActionManageUsers)) {
			return nil, err
		}
		detail := fmt.Sprintf("%s draft of %s, %d of 2 files", latest.DocumentType.Title(), latest.Requester, len(latest.Files))
		return &KYCChange{Request: latest, Discard: true, Audit: []*AuditEvent{s.audit(a, "kyc.discarded", VerificationObject(latest.ID), detail)}}, nil
	})
	return err
}

// draftOf returns a's account's draft verification, which a started.
func (s *Service) draftOf(ctx context.Context, a *Actor) (*KYCRequest, error) {
	r, err := s.store.LatestVerification(ctx, a.Account.ID)
	if err != nil && ErrorCode(err) != ENOTFOUND {
		return nil, s.internal("read verification", err)
	}
	if err := checkDraft(a, r); err != nil {
		return nil, err
	}
	return r, nil
}

// checkDraft is the rule of a change to a draft: there is one, and a
// started it.
func checkDraft(a *Actor, r *KYCRequest) error {
	switch {
	case r == nil || r.Status == KYCRejected:
		return ErrNoVerificationDraft
	case r.Status == KYCPending:
		return ErrVerificationPending
	case r.Status == KYCApproved:
		return ErrVerified
	case r.RequestedBy != a.User.ID:
		return errOtherRequester(r)
	}
	return nil
}

// changeVerification applies decide to a's account's latest verification
// as the store reads it inside the committing transaction, after a's
// guard (R-ACC-6). decide may return no change.
func (s *Service) changeVerification(ctx context.Context, a *Actor, decide func(latest *KYCRequest, now time.Time) (*KYCChange, error)) (*KYCRequest, error) {
	now := s.now()
	r, err := s.store.ChangeAccountVerification(ctx, a.Guard(ActionVerify), a.Account.ID, func(latest *KYCRequest) (*KYCChange, error) {
		return decide(latest, now)
	})
	return r, s.internal("change verification", err)
}
