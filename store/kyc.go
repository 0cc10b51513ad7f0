package store

import (
	"context"
	"database/sql"
	"errors"

	"acctl/model"
)

var _ model.VerificationStore = (*DB)(nil)

// kycColumns read a verification request with the names the screens
// show.
const kycColumns = `k.id, k.account_id, k.requested_by, k.document_type, k.status, k.reason, COALESCE(k.decided_by, 0),
	k.created_at, k.submitted_at, k.decided_at, a.company_name, u.name`

const kycFrom = ` FROM kyc_requests k JOIN accounts a ON a.id = k.account_id JOIN users u ON u.id = k.requested_by`

// kycFileColumns describe a file; its sealed content is read only by
// OpenVerificationFile.
const kycFileColumns = `request_id, kind, name, type, size, pages, width, height, added_at`

// verificationQueue is the staff's queue of pending requests, oldest sent
// first (R-STF-2): one range of kyc_requests_pending.
var verificationQueue = newQueueQueries(`SELECT `+kycColumns+kycFrom+` WHERE k.status = 'pending'`, "k.submitted_at", "k.id")

// LatestVerification returns an account's newest request with what its
// files are; model.ErrNotFound if it has none.
func (db *DB) LatestVerification(ctx context.Context, accountID int64) (*model.KYCRequest, error) {
	r, err := latestVerification(ctx, db.sql, accountID)
	return r, notFound("read verification", err)
}

// FindVerification returns one request with what its files are;
// model.ErrNotFound if there is none.
func (db *DB) FindVerification(ctx context.Context, id int64) (*model.KYCRequest, error) {
	r, err := findVerification(ctx, db.sql, id)
	return r, notFound("find verification", err)
}

// VerificationQueue reads one window of the pending requests, oldest sent
// first, without their files.
func (db *DB) VerificationQueue(ctx context.Context, p model.QueuePage) ([]*model.KYCRequest, error) {
	list, err := readQueue(ctx, db.sql, verificationQueue, nil, p, scanKYCRequest)
	return list, mapError("verification queue", err)
}

// ChangeAccountVerification applies decide to an account's newest request
// (nil for none) in one write transaction after checking g.
func (db *DB) ChangeAccountVerification(ctx context.Context, g *model.Guard, accountID int64, decide func(*model.KYCRequest) (*model.KYCChange, error)) (*model.KYCRequest, error) {
	return db.changeVerification(ctx, g, func(tx *sql.Tx) (*model.KYCRequest, error) {
		r, err := latestVerification(ctx, tx, accountID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return r, err
	}, decide)
}

// ChangeVerification applies decide to request id in one write
// transaction after checking g; model.ErrNotFound if there is none.
func (db *DB) ChangeVerification(ctx context.Context, g *model.Guard, id int64, decide func(*model.KYCRequest) (*model.KYCChange, error)) (*model.KYCRequest, error) {
	return db.changeVerification(ctx, g, func(tx *sql.Tx) (*model.KYCRequest, error) {
		return findVerification(ctx, tx, id)
	}, decide)
}

// changeVerification reads a request with read and writes what decide
// returns for it (model.KYCChange), in one write transaction after
// checking g.
func (db *DB) changeVerification(ctx context.Context, g *model.Guard, read func(*sql.Tx) (*model.KYCRequest, error), decide func(*model.KYCRequest) (*model.KYCChange, error)) (*model.KYCRequest, error) {
	var out *model.KYCRequest
	err := db.guardedVerification(ctx, "change verification", g, read, func(tx *sql.Tx, r *model.KYCRequest) error {
		c, err := decide(r)
		if err != nil || c == nil {
			out = r
			return err
		}
		if err := applyKYCChange(ctx, tx, c); err != nil || c.Discard {
			return err
		}
		out, err = findVerification(ctx, tx, c.Request.ID)
		return err
	})
	if err != nil {
		return nil, notFound("change verification", err)
	}
	return out, nil
}

// guardedVerification runs fn on the request that read reads, in one
// write transaction after checking g (R-ACC-6).
func (db *DB) guardedVerification(ctx context.Context, what string, g *model.Guard, read func(*sql.Tx) (*model.KYCRequest, error), fn func(*sql.Tx, *model.KYCRequest) error) error {
	return db.withTx(ctx, what, func(tx *sql.Tx) error {
		if _, err := checkGuard(ctx, tx, g); err != nil {
			return err
		}
		r, err := read(tx)
		if err != nil {
			return err
		}
		return fn(tx, r)
	})
}

// applyKYCChange writes c in tx: the request (inserted when new, deleted
// with its files when discarded), the file into its slot, the audit
// events.
func applyKYCChange(ctx context.Context, tx *sql.Tx, c *model.KYCChange) error {
	if err := writeKYCRequest(ctx, tx, c); err != nil {
		return err
	}
	if c.File != nil {
		if err := putKYCFile(ctx, tx, c.Request.ID, c.File, c.Sealed, c.Thumb); err != nil {
			return err
		}
	}
	for _, e := range c.Audit {
		if e.Object == "" {
			e.Object = model.VerificationObject(c.Request.ID)
		}
		if err := insertAudit(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

// writeKYCRequest inserts, updates or deletes the request of c.
func writeKYCRequest(ctx context.Context, tx *sql.Tx, c *model.KYCChange) error {
	r := c.Request
	switch {
	case c.Discard:
		for _, stmt := range []string{`DELETE FROM kyc_files WHERE request_id = ?`, `DELETE FROM kyc_requests WHERE id = ?`} {
			if _, err := tx.ExecContext(ctx, stmt, r.ID); err != nil {
				return err
			}
		}
		return nil
	case r.ID == 0:
		res, err := tx.ExecContext(ctx, `INSERT INTO kyc_requests (account_id, requested_by, document_type, status, reason, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, r.AccountID, r.RequestedBy, r.DocumentType, r.Status, r.Reason, nanos(orNow(r.CreatedAt)))
		if err != nil {
			return err
		}
		r.ID, err = res.LastInsertId()
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE kyc_requests SET document_type = ?, status = ?, reason = ?, decided_by = ?,
		submitted_at = ?, decided_at = ? WHERE id = ?`,
		r.DocumentType, r.Status, r.Reason, nullID(r.DecidedBy), nullNanos(r.SubmittedAt), nullNanos(r.DecidedAt), r.ID)
	return err
}

// putKYCFile stores f with its sealed content in its slot of request id,
// replacing what was there.
func putKYCFile(ctx context.Context, tx *sql.Tx, id int64, f *model.KYCFile, sealed, thumb []byte) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO kyc_files (request_id, kind, name, type, size, pages, width, height, sealed, thumb_sealed, added_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (request_id, kind) DO UPDATE SET name = excluded.name, type = excluded.type, size = excluded.size,
			pages = excluded.pages, width = excluded.width, height = excluded.height, sealed = excluded.sealed,
			thumb_sealed = excluded.thumb_sealed, added_at = excluded.added_at`,
		id, f.Kind, f.Name, f.Type, f.Size, f.Pages, f.Width, f.Height, sealed, thumb, nanos(orNow(f.AddedAt)))
	return err
}

// OpenVerificationFile records the audit event that decide returns for
// request id and its file of kind, and returns the file's sealed content,
// in one write transaction after checking g (R-STF-2).
func (db *DB) OpenVerificationFile(ctx context.Context, g *model.Guard, id int64, kind model.KYCFileKind, part model.KYCPart,
	decide func(*model.KYCRequest, *model.KYCFile) (*model.AuditEvent, error)) ([]byte, bool, error) {
	var sealed, thumb []byte
	read := func(tx *sql.Tx) (*model.KYCRequest, error) { return findVerification(ctx, tx, id) }
	err := db.guardedVerification(ctx, "open verification file", g, read, func(tx *sql.Tx, r *model.KYCRequest) error {
		f := r.File(kind)
		if f == nil {
			return model.ErrNotFound
		}
		audit, err := decide(r, f)
		if err != nil {
			return err
		}
		if part == model.KYCThumbOrContent {
			err := tx.QueryRowContext(ctx, `SELECT thumb_sealed FROM kyc_files WHERE request_id = ? AND kind = ?`, id, kind).Scan(&thumb)
			if err != nil {
				return err
			}
		}
		if thumb == nil {
			err := tx.QueryRowContext(ctx, `SELECT sealed FROM kyc_files WHERE request_id = ? AND kind = ?`, id, kind).Scan(&sealed)
			if err != nil {
				return err
			}
		}
		return insertAudit(ctx, tx, audit)
	})
	if err != nil {
		return nil, false, notFound("open verification file", err)
	}
	if thumb != nil {
		return thumb, true, nil
	}
	return sealed, false, nil
}

func latestVerification(ctx context.Context, q querier, accountID int64) (*model.KYCRequest, error) {
	r, err := scanKYCRequest(q.QueryRowContext(ctx, `SELECT `+kycColumns+kycFrom+
		` WHERE k.account_id = ? ORDER BY k.created_at DESC, k.id DESC LIMIT 1`, accountID))
	if err != nil {
		return nil, err
	}
	return r, readKYCFiles(ctx, q, r)
}

func findVerification(ctx context.Context, q querier, id int64) (*model.KYCRequest, error) {
	r, err := scanKYCRequest(q.QueryRowContext(ctx, `SELECT `+kycColumns+kycFrom+` WHERE k.id = ?`, id))
	if err != nil {
		return nil, err
	}
	return r, readKYCFiles(ctx, q, r)
}

// readKYCFiles sets r.Files, document first.
func readKYCFiles(ctx context.Context, q querier, r *model.KYCRequest) error {
	list, err := queryRows(ctx, q, `SELECT `+kycFileColumns+` FROM kyc_files WHERE request_id = ? ORDER BY kind`, 2, []any{r.ID}, scanKYCFile)
	r.Files = list
	return err
}

func scanKYCRequest(s scanner) (*model.KYCRequest, error) {
	var r model.KYCRequest
	var created int64
	var submitted, decided sql.NullInt64
	err := s.Scan(&r.ID, &r.AccountID, &r.RequestedBy, &r.DocumentType, &r.Status, &r.Reason, &r.DecidedBy,
		&created, &submitted, &decided, &r.Company, &r.Requester)
	if err != nil {
		return nil, err
	}
	r.CreatedAt, r.SubmittedAt, r.DecidedAt = fromNanos(created), fromNullNanos(submitted), fromNullNanos(decided)
	return &r, nil
}

func scanKYCFile(s scanner) (*model.KYCFile, error) {
	var f model.KYCFile
	var added int64
	if err := s.Scan(&f.RequestID, &f.Kind, &f.Name, &f.Type, &f.Size, &f.Pages, &f.Width, &f.Height, &added); err != nil {
		return nil, err
	}
	f.AddedAt = fromNanos(added)
	return &f, nil
}
