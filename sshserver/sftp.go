package sshserver

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"sync"
	"time"

	"charm.land/ssh"
	"github.com/pkg/sftp"

	"acctl/model"
)

// sftpSink receives files by SFTP, which OpenSSH's scp speaks by default
// since 9.0 (`scp FILE HOST:kyc/` opens the "sftp" subsystem). It shows
// the client a folder kyc/ that can only be written to: each file opened
// for writing is gathered in memory, at most model.MaxKYCFileSize, and
// handed to the model when the client closes it. Nothing else is done:
// reading, folders, renames and removals are refused. OpenSSH's scp
// prints a fixed word for an SFTP error ("Permission denied"), never the
// server's text, so every refusal is also written to the session's
// standard error, which it shows.
type sftpSink struct {
	sess ssh.Session
}

func (s *sftpSink) refuse(sentence string) {
	_, _ = io.WriteString(s.sess.Stderr(), sentence+"\n")
}

// receive serves the SFTP session until the client ends it.
func (s *sftpSink) receive(u *uploader) bool {
	h := &kycFolder{u: u}
	srv := sftp.NewRequestServer(s.sess, sftp.Handlers{FileGet: h, FilePut: h, FileCmd: h, FileList: h})
	err := srv.Serve() // not Close: that would close the channel before the exit status
	h.mu.Lock()
	defer h.mu.Unlock()
	return (err == nil || errors.Is(err, io.EOF)) && !h.refused
}

// kycFolder is the SFTP view of kyc/: sftp.Handlers over the uploader.
type kycFolder struct {
	u       *uploader
	mu      sync.Mutex
	refused bool // a request was refused
}

// no refuses a request with a sentence on the client's terminal.
func (k *kycFolder) no(sentence string, err error) error {
	k.mu.Lock()
	k.refused = true
	k.mu.Unlock()
	k.u.tell(sentence)
	return err
}

// Fileread refuses every download.
func (k *kycFolder) Fileread(*sftp.Request) (io.ReaderAt, error) {
	return nil, k.no(sayNoDownload, os.ErrPermission)
}

// Filewrite opens a file of kyc/ for writing into memory.
func (k *kycFolder) Filewrite(r *sftp.Request) (io.WriterAt, error) {
	t, ok := kycPath(r.Filepath)
	switch {
	case !ok:
		return nil, k.no(sayOnlyKYC, os.ErrPermission)
	case t.name == "" && t.kind == "":
		return nil, k.no("kyc is a folder: "+sayOnlyKYC, os.ErrPermission)
	case t.name == "":
		t.name = string(t.kind) // kyc/document itself: the file is called so
	}
	return &memFile{k: k, t: t}, nil
}

// Filecmd takes a change of times or modes as done — there is no file on
// disk to change — and refuses the rest: folders, renames, removals, links.
func (k *kycFolder) Filecmd(r *sftp.Request) error {
	switch r.Method {
	case "Setstat":
		return nil
	case "Mkdir":
		return k.no(sayNoFolders, os.ErrPermission)
	}
	return k.no(sayOnlyKYC, os.ErrPermission)
}

// Filelist answers what scp asks before it writes: the root and kyc/ are
// folders, and every name in kyc/ is a file that can be written (so that
// `scp HOST:kyc/document .` reaches Fileread and its sentence). Listing a
// folder is refused as a download.
func (k *kycFolder) Filelist(r *sftp.Request) (sftp.ListerAt, error) {
	switch r.Method {
	case "List": // scp lists a folder only to download from it
		return nil, k.no(sayNoDownload, os.ErrPermission)
	case "Stat":
		info, ok := statOf(r.Filepath)
		if !ok {
			return nil, os.ErrNotExist
		}
		return listerAt{info}, nil
	}
	return nil, os.ErrNotExist // Readlink
}

// statOf is what a path of the SFTP view is.
func statOf(p string) (fs.FileInfo, bool) {
	p = path.Clean(p)
	switch p {
	case "/":
		return entry{name: "/", dir: true}, true
	case "/kyc":
		return entry{name: "kyc", dir: true}, true
	}
	if t, ok := kycPath(p); ok && (t.kind != "" || t.name != "") {
		return entry{name: path.Base(p)}, true
	}
	return nil, false
}

// memFile is a file being written into memory.
type memFile struct {
	k      *kycFolder
	t      kycTarget
	mu     sync.Mutex
	data   []byte
	err    error // the first refusal; nothing is handed on after one
	broken bool  // the transfer ended before the file was closed
}

// WriteAt puts p at off, refusing anything past model.MaxKYCFileSize
// before it is held. Writes may come out of order and at once.
func (f *memFile) WriteAt(p []byte, off int64) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return 0, f.err
	}
	end := off + int64(len(p))
	if off < 0 || end > model.MaxKYCFileSize {
		f.err = f.k.no(about(f.t.name, model.ErrFileTooLarge), os.ErrPermission)
		f.data = nil
		return 0, f.err
	}
	if end > int64(len(f.data)) {
		f.grow(int(end))
	}
	return copy(f.data[off:], p), nil
}

// grow lengthens the file to n bytes, doubling what it holds up to the
// largest file allowed.
func (f *memFile) grow(n int) {
	if n > cap(f.data) {
		c := min(max(2*cap(f.data), n, 64<<10), model.MaxKYCFileSize)
		grown := make([]byte, len(f.data), c)
		copy(grown, f.data)
		f.data = grown
	}
	f.data = f.data[:n]
}

// TransferError marks a file whose transfer broke off: it is not handed
// on.
func (f *memFile) TransferError(error) {
	f.mu.Lock()
	f.broken = true
	f.mu.Unlock()
}

// Close hands the whole file to the model.
func (f *memFile) Close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil || f.broken {
		return f.err
	}
	said, err := f.k.u.put(f.t, int64(len(f.data)), f.data)
	f.data = nil
	if err != nil {
		f.err = f.k.no(about(f.t.name, err), os.ErrPermission)
		return f.err
	}
	f.k.u.tell(said)
	return nil
}

// listerAt lists fixed entries.
type listerAt []fs.FileInfo

func (l listerAt) ListAt(out []fs.FileInfo, off int64) (int, error) {
	if off >= int64(len(l)) {
		return 0, io.EOF
	}
	n := copy(out, l[off:])
	if n < len(out) {
		return n, io.EOF
	}
	return n, nil
}

// entry is a file or folder of the SFTP view: folders can be entered,
// files written.
type entry struct {
	name string
	dir  bool
}

func (e entry) Name() string { return e.name }
func (e entry) Size() int64  { return 0 }
func (e entry) Mode() fs.FileMode {
	if e.dir {
		return fs.ModeDir | 0o300
	}
	return 0o200
}
func (e entry) ModTime() time.Time { return time.Time{} }
func (e entry) IsDir() bool        { return e.dir }
func (e entry) Sys() any           { return nil }
