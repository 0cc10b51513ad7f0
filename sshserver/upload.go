package sshserver

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"strings"
	"sync/atomic"
	"time"

	"charm.land/ssh"

	"acctl/model"
)

// Verification files arrive over SSH by scp (R-KYC-1, R-SRV-5): either by
// scp's own protocol (`scp -O`, the server runs `scp -t TARGET`: scp.go)
// or, as OpenSSH's scp does by default since 9.0, by SFTP (sftp.go). Both
// read each file into memory, at most model.MaxKYCFileSize, and hand it to
// the model, which seals it into the database: nothing is written to the
// server's disk. Where a file goes is kycPath's.

// Sentences the server writes to an scp client.
const (
	sayOnlyKYC      = "Files go into kyc/ only: scp FILE HOST:kyc/ (the name decides: \"selfie\" in it for the selfie, else the document), or HOST:kyc/document and HOST:kyc/selfie."
	sayNoDownload   = "Files are only received here, never sent back: verification files are read by our staff alone. Send yours with scp FILE HOST:kyc/."
	sayNoFolders    = "Send files one by one, not folders: scp FILE HOST:kyc/."
	sayTooManyFiles = "A verification takes two files, the document and the selfie: send at most 4 in one scp."
	sayBusy         = "The server is receiving too many files right now. Try again in a minute."
	sayUnknownSCP   = "acctl receives files with scp only: scp FILE HOST:kyc/."
	sayTooSlow      = "The transfer took longer than %s and was stopped; files received before it are kept. Send the rest again, from a faster connection if you can."
)

// maxUploads bounds the scp transfers open at once on the server: each
// holds up to model.MaxKYCFileSize in memory.
const maxUploads = 8

// maxUploadFiles bounds the files one scp may send.
const maxUploadFiles = 4

// kycTarget is where a file sent over scp goes: a slot of the draft
// verification, or "" for the slot its name says (model.KYCFileKindForName),
// and the name it is kept under, or "" when the path named a folder and
// the file keeps its own name.
type kycTarget struct {
	kind model.KYCFileKind
	name string
}

// kycPath reads a path of the kyc/ folder (R-KYC-1): kyc/, kyc/document
// and kyc/selfie are folders (the file keeps its own name; the last two
// choose the slot), kyc/NAME is a file named NAME whose slot its name
// says, and kyc/document/NAME, kyc/selfie/NAME name both. A leading "/",
// "./" or "~/" is allowed. Anything else is outside kyc/.
func kycPath(p string) (kycTarget, bool) {
	p = strings.TrimPrefix(p, "~/")
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	parts := strings.Split(p, "/")
	if parts[0] != "kyc" || len(parts) > 3 {
		return kycTarget{}, false
	}
	var t kycTarget
	if len(parts) > 1 {
		switch model.KYCFileKind(parts[1]) {
		case model.KYCDocument, model.KYCSelfie:
			t.kind = model.KYCFileKind(parts[1])
		default:
			if len(parts) > 2 {
				return kycTarget{}, false
			}
			t.name = parts[1]
		}
	}
	if len(parts) > 2 {
		t.name = parts[2]
	}
	return t, true
}

// uploader is one scp session's way into the model: the session
// SignInForUpload opened for the key that authenticated.
type uploader struct {
	svc   *model.Service
	ctx   context.Context // carries the upload session
	sess  ssh.Session
	files atomic.Int32
}

// put adds one file to the draft verification and says what became of
// it, for the client's terminal.
func (u *uploader) put(t kycTarget, size int64, data []byte) (string, error) {
	if u.files.Add(1) > maxUploadFiles {
		return "", model.Errorf(model.EINVALID, "%s", sayTooManyFiles)
	}
	f, err := u.svc.UploadVerificationFile(u.ctx, t.kind, t.name, size, bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s: %s (%s, %s) is in your verification. Send it from the console (Requests, Verification) once both files are there.",
		f.Kind.Title(), f.Name, f.Type.Title(), model.HumanSize(f.Size)), nil
}

// about is a refusal of the file called name: the sentence, led by the
// name unless it says it already.
func about(name string, err error) string {
	msg := model.ErrorMessage(err)
	if strings.Contains(msg, name) {
		return msg
	}
	return name + ": " + msg
}

// tell writes a sentence to the client's terminal by the session's
// standard error, which scp passes on.
func (u *uploader) tell(sentence string) {
	_, _ = fmt.Fprintln(u.sess.Stderr(), sentence)
}

// transfer is one of scp's two protocols, as the receiving side.
type transfer interface {
	// refuse tells the client, before anything is sent, why it may not
	// send files.
	refuse(sentence string)
	// receive takes the files the client sends; it reports whether every
	// one was taken.
	receive(u *uploader) bool
}

// transferOf is the protocol of an scp session, if it is one. (The SFTP
// subsystem has a handler of its own: see Server.limits.)
func transferOf(sess ssh.Session) (transfer, bool) {
	if cmd := sess.Command(); len(cmd) > 0 && cmd[0] == "scp" {
		return newSCPSink(sess, cmd), true
	}
	return nil, false
}

// upload runs one scp session (R-KYC-1, R-SRV-5): signed in by the key that
// authenticated, never by one merely offered and never by a password
// (R-SRV-2), in a session of its own that ends with it.
func (s *Server) upload(sess ssh.Session, t transfer) {
	if !s.trackUpload() {
		t.refuse(sayStopping)
		_ = sess.Exit(1)
		return
	}
	defer s.untrackUpload()
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	default:
		t.refuse(sayBusy)
		_ = sess.Exit(1)
		return
	}
	ctx := sess.Context()
	origin := model.Origin{Remote: sess.RemoteAddr().String()}
	client := model.Client{SSHVersion: ctx.ClientVersion()} // R-SRV-6
	ms, err := s.cfg.Service.SignInForUpload(ctx, sess.PublicKey(), origin, client)
	if err != nil {
		s.log.Info("scp refused", "remote", origin.Remote, "err", err)
		t.refuse(model.ErrorMessage(err))
		_ = sess.Exit(1)
		return
	}
	if c := connOf(ctx); c != nil {
		c.consoleStarted() // signed in: the files lift the pre-console budget
	}
	u := &uploader{svc: s.cfg.Service, ctx: model.WithSession(ctx, ms.Token), sess: sess}
	var late atomic.Bool
	if d := s.cfg.Limits.UploadTime; d > 0 {
		stop := time.AfterFunc(d, func() {
			late.Store(true)
			u.tell(fmt.Sprintf(sayTooSlow, d))
			_ = sess.Exit(1)
			_ = sess.Close() // the transfer's next read fails: the file in flight is dropped
		})
		defer stop.Stop()
	}
	ok := t.receive(u)
	if late.Load() {
		s.endUploadWith(ms.Token, "the scp took longer than "+s.cfg.Limits.UploadTime.String())
		s.log.Info("scp stopped: too slow", "remote", origin.Remote, "files", u.files.Load())
		return
	}
	s.endUpload(ms.Token, sess.Context().Err() != nil)
	s.log.Info("scp ended", "remote", origin.Remote, "files", u.files.Load(), "ok", ok)
	if !ok {
		_ = sess.Exit(1)
		return
	}
	_ = sess.Exit(0)
}

// endUpload ends the session of an scp with why (R-SES-5).
func (s *Server) endUpload(token string, lost bool) {
	reason := "scp finished"
	if lost {
		reason = "the SSH connection was lost"
	}
	s.endUploadWith(token, reason)
}

// endUploadWith ends the session of an scp with reason (R-SES-5).
func (s *Server) endUploadWith(token, reason string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.cfg.Service.EndSession(model.WithSession(ctx, token), reason); err != nil {
		s.log.Error("end scp session", "err", err)
	}
}

// trackUpload counts an scp for Shutdown, unless the server is stopping
// (R-SRV-7): a transfer under way gets stopGrace to finish.
func (s *Server) trackUpload() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping.Load() {
		return false
	}
	s.running.Add(1)
	return true
}

func (s *Server) untrackUpload() { s.running.Done() }
