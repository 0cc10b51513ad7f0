package sshserver_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/pkg/sftp"
	gossh "golang.org/x/crypto/ssh"

	"acctl/model"
	"acctl/model/modeltest"
	"acctl/sshserver"
	"acctl/tui/tuitest"
)

// keyedDraft is newKeyed with a draft verification of the owner's.
func keyedDraft(t *testing.T) *keyed {
	t.Helper()
	k := newKeyed(t, sshserver.Limits{})
	if _, err := k.env.Svc.StartVerification(tuitest.Ctx(k.owner), model.DocPassport); err != nil {
		t.Fatal(err)
	}
	return k
}

// scpSession runs `scp -t target` on a new connection with the owner's key
// and speaks scp's protocol by hand.
type scpSession struct {
	t    *testing.T
	sess *gossh.Session
	in   io.WriteCloser
	out  *bufio.Reader
	err  *output // what the server told the client's terminal
}

func (k *keyed) scpTo(t *testing.T, target string) *scpSession {
	t.Helper()
	c, err := k.ts.dial(withKey(k.key))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	in, _ := sess.StdinPipe()
	out, _ := sess.StdoutPipe()
	said := &output{}
	sess.Stderr = said
	if err := sess.Start("scp -t " + target); err != nil {
		t.Fatal(err)
	}
	return &scpSession{t: t, sess: sess, in: in, out: bufio.NewReader(out), err: said}
}

// answer reads the sink's answer: "" for go on, else the sentence.
func (s *scpSession) answer() string {
	s.t.Helper()
	b, err := s.out.ReadByte()
	if err != nil {
		s.t.Fatalf("no answer: %v", err)
	}
	if b == 0 {
		return ""
	}
	line, err := s.out.ReadString('\n')
	if err != nil {
		s.t.Fatalf("answer %q…: %v", b, err)
	}
	return string(b) + line
}

func (s *scpSession) send(text string) {
	s.t.Helper()
	if _, err := io.WriteString(s.in, text); err != nil {
		s.t.Fatal(err)
	}
}

// R-KYC-1: scp's own protocol announces each file's size; a file over
// 10 MB is refused on its line, before one of its bytes is sent, and the
// transfer goes on with the next file.
func TestSCPRefusesLargeFileBeforeItsBytes(t *testing.T) { // R-KYC-1, R-SRV-5
	k := keyedDraft(t)
	s := k.scpTo(t, "kyc/")
	if a := s.answer(); a != "" {
		t.Fatalf("start: %q", a)
	}
	s.send(fmt.Sprintf("C0644 %d big.png\n", model.MaxKYCFileSize+1))
	if a := s.answer(); !strings.HasPrefix(a, "\x01big.png: That file is larger than 10 MB") {
		t.Fatalf("answer to an 11 MB file: %q", a)
	}
	doc := modeltest.PNG(t, 8, 8)
	s.send(fmt.Sprintf("C0644 %d passport.png\n", len(doc)))
	if a := s.answer(); a != "" {
		t.Fatalf("answer to the next file's line: %q", a)
	}
	s.send(string(doc) + "\x00")
	if a := s.answer(); a != "" {
		t.Fatalf("answer to its bytes: %q", a)
	}
	s.in.Close()
	var exit *gossh.ExitError
	if err := s.sess.Wait(); !errors.As(err, &exit) || exit.ExitStatus() != 1 {
		t.Fatalf("exit: %v; want 1, as a file was refused", err)
	}
	r, _ := k.env.Svc.Verification(tuitest.Ctx(k.owner))
	if f := r.File(model.KYCDocument); f == nil || f.Name != "passport.png" {
		t.Fatalf("draft: %+v", r.Files)
	}
}

// A client that does not speak scp is cut off with a sentence: a line
// without end, a line of another kind.
func TestSCPProtocolErrors(t *testing.T) { // R-SRV-3, R-SRV-5
	k := keyedDraft(t)
	for name, text := range map[string]string{
		"endless line": "C0644 10 " + strings.Repeat("x", 5000),
		"unknown line": "X what\n",
		"bad size":     "C0644 -5 a.png\n",
		"path in name": "C0644 5 ../a.png\n",
	} {
		t.Run(name, func(t *testing.T) {
			s := k.scpTo(t, "kyc/")
			s.answer()
			s.send(text)
			if a := s.answer(); !strings.HasPrefix(a, "\x02") {
				t.Fatalf("answer: %q", a)
			}
			if err := s.sess.Wait(); err == nil {
				t.Fatal("exit 0")
			}
		})
	}
}

// R-KYC-1: by SFTP no size is announced; a file is refused at the first
// write past 10 MB — the server holds no more — and never reaches the
// draft.
func TestSFTPRefusesLargeFileAtTheLimit(t *testing.T) { // R-KYC-1, R-SRV-5
	k := keyedDraft(t)
	c, err := k.ts.dial(withKey(k.key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	client, err := sftp.NewClient(c)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	f, err := client.Create("kyc/big.png")
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	copy(chunk, modeltest.PNG(t, 8, 8))
	var written int64
	for written <= model.MaxKYCFileSize {
		n, err := f.Write(chunk)
		written += int64(n)
		if err != nil {
			break
		}
	}
	if written > model.MaxKYCFileSize {
		t.Fatalf("%d bytes taken: the server held more than 10 MB", written)
	}
	if err := f.Close(); err == nil {
		t.Fatal("an 11 MB file closed without an error")
	}
	r, _ := k.env.Svc.Verification(tuitest.Ctx(k.owner))
	if len(r.Files) != 0 {
		t.Fatalf("draft: %+v", r.Files)
	}
	// The connection goes on: a file in time is taken.
	f, err = client.Create("kyc/selfie")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(f, bytes.NewReader(modeltest.PDF(1, 0))); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := client.Open("kyc/selfie"); err == nil {
		t.Fatal("a file was opened for reading")
	}
	r, _ = k.env.Svc.Verification(tuitest.Ctx(k.owner))
	if f := r.File(model.KYCSelfie); f == nil || f.Name != "selfie" {
		t.Fatalf("draft: %+v", r.Files)
	}
}

// A file the client could not read to the end (it says so instead of the
// closing zero byte) is not handed on.
func TestSCPClientErrorDropsTheFile(t *testing.T) { // R-KYC-1
	k := keyedDraft(t)
	s := k.scpTo(t, "kyc/")
	s.answer()
	doc := modeltest.PNG(t, 8, 8)
	s.send(fmt.Sprintf("C0644 %d passport.png\n", len(doc)))
	s.answer()
	s.send(string(doc) + "\x01scp: passport.png: Input/output error\n")
	s.in.Close()
	s.sess.Wait()
	r, _ := k.env.Svc.Verification(tuitest.Ctx(k.owner))
	if len(r.Files) != 0 {
		t.Fatalf("draft: %+v", r.Files)
	}
}

// A transfer cut off in the middle hands nothing on, though what arrived
// is a readable start of a PNG.
func TestSFTPBrokenTransferDropsTheFile(t *testing.T) { // R-KYC-1
	k := keyedDraft(t)
	c, err := k.ts.dial(withKey(k.key))
	if err != nil {
		t.Fatal(err)
	}
	client, err := sftp.NewClient(c)
	if err != nil {
		t.Fatal(err)
	}
	f, err := client.Create("kyc/document")
	if err != nil {
		t.Fatal(err)
	}
	doc := modeltest.PNG(t, 200, 200)
	if _, err := f.Write(doc[:len(doc)/2]); err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	client.Close() // the SFTP session ends, the connection stays: the file was never closed
	eventually(t, 5*time.Second, "the scp session ends", func() bool { return len(sessionsOf(t, k.env, k.owner)) == 1 })
	r, _ := k.env.Svc.Verification(tuitest.Ctx(k.owner))
	if len(r.Files) != 0 {
		t.Fatalf("draft: %+v", r.Files)
	}
}

// R-SRV-3, R-KYC-1: a transfer still running at the upload time limit is
// stopped with a sentence and its upload place given back; the file in
// flight is dropped, and the upload's session ends with the reason.
func TestSCPTooSlowIsStopped(t *testing.T) {
	limits := sshserver.DefaultLimits()
	limits.UploadTime = 300 * time.Millisecond
	k := newKeyed(t, limits)
	draft, err := k.env.Svc.StartVerification(tuitest.Ctx(k.owner), model.DocPassport)
	if err != nil {
		t.Fatal(err)
	}
	s := k.scpTo(t, "kyc/")
	if got := s.answer(); got != "" {
		t.Fatalf("the sink refused at once: %q", got)
	}
	data := modeltest.PNG(t, 40, 40)
	s.send(fmt.Sprintf("C0644 %d passport.png\n", len(data)))
	if got := s.answer(); got != "" {
		t.Fatalf("the file line was refused: %q", got)
	}
	s.send(string(data[:len(data)/2])) // and then nothing more
	done := make(chan error, 1)
	go func() { done <- s.sess.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a stopped transfer exited 0")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the stalled transfer was not stopped")
	}
	if said := s.err.text(); !strings.Contains(said, "The transfer took longer than 300ms and was stopped") {
		t.Errorf("the client was told %q", said)
	}
	if r, err := k.env.Svc.Verification(tuitest.Ctx(k.owner)); err != nil || r.ID != draft.ID || len(r.Files) != 0 {
		t.Fatalf("after a stopped transfer: %+v, %v; want the draft without files", r, err)
	}
	eventually(t, 5*time.Second, "the upload's session to end with the reason", func() bool {
		events, err := k.env.Svc.SignInHistory(tuitest.Ctx(k.owner), model.EventPage{Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			if ev.Kind == model.AuthSessionEnd && strings.HasSuffix(string(ev.Result), "took longer than 300ms") {
				return true
			}
		}
		return false
	})
}

// R-SRV-3: the same limit stops an SFTP transfer left open.
func TestSFTPTooSlowIsStopped(t *testing.T) {
	limits := sshserver.DefaultLimits()
	limits.UploadTime = 300 * time.Millisecond
	k := newKeyed(t, limits)
	if _, err := k.env.Svc.StartVerification(tuitest.Ctx(k.owner), model.DocPassport); err != nil {
		t.Fatal(err)
	}
	c, err := k.ts.dial(withKey(k.key))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	client, err := sftp.NewClient(c)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	f, err := client.Create("kyc/document")
	if err != nil {
		t.Fatal(err)
	}
	doc := modeltest.PNG(t, 200, 200)
	if _, err := f.Write(doc[:len(doc)/2]); err != nil {
		t.Fatal(err)
	}
	eventually(t, 5*time.Second, "the transfer to be stopped", func() bool { return len(sessionsOf(t, k.env, k.owner)) == 1 })
	_, err = f.Write(doc[len(doc)/2:])
	if err == nil {
		err = f.Close()
	}
	if err == nil {
		t.Fatal("the rest of the file was taken after the time limit")
	}
	if r, _ := k.env.Svc.Verification(tuitest.Ctx(k.owner)); len(r.Files) != 0 {
		t.Fatalf("draft: %+v", r.Files)
	}
}
