package sshserver

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"charm.land/ssh"

	"acctl/model"
)

// scpSink is the receiving side of scp's own protocol (`scp -O`, or an
// OpenSSH before 9.0): the client runs `scp -t TARGET` here and sends
// each file as a line "C<mode> <size> <name>", the bytes and a zero byte,
// waiting for a zero byte (go on) or "\x01sentence\n" (this one failed,
// which scp prints) after the line and after the bytes. So a file over
// model.MaxKYCFileSize, or going outside kyc/, is refused from its line,
// before one of its bytes is sent. A folder ("D…") is refused, and so is
// `scp -f` (a download). wish's scp middleware was not used: it accepts
// every file's line before its handler sees the size, and prefixes its
// own words to the handler's sentences.
type scpSink struct {
	sess   ssh.Session
	r      *bufio.Reader
	to     bool   // -t: the client sends
	target string // the path after -t
	bad    string // why the command is refused, if it is
}

// newSCPSink reads an scp command: `scp [-v] [-r] [-p] [-d] -t [--] TARGET`
// as OpenSSH runs it.
func newSCPSink(sess ssh.Session, cmd []string) *scpSink {
	s := &scpSink{sess: sess, r: bufio.NewReaderSize(sess, 4096)}
	var paths []string
	flags := true
	for _, arg := range cmd[1:] {
		if !flags || !strings.HasPrefix(arg, "-") || arg == "-" {
			paths = append(paths, arg)
			continue
		}
		if arg == "--" {
			flags = false
			continue
		}
		for _, f := range arg[1:] {
			switch f {
			case 't':
				s.to = true
			case 'f':
				s.bad = sayNoDownload
			case 'r', 'p', 'd', 'v', 'q':
			default:
				s.bad = sayUnknownSCP
			}
		}
	}
	switch {
	case s.bad != "":
	case !s.to || len(paths) != 1:
		s.bad = sayUnknownSCP
	default:
		s.target = paths[0]
		if _, ok := kycPath(s.target); !ok {
			s.bad = sayOnlyKYC
		}
	}
	return s
}

// refuse ends the transfer with a sentence scp prints (a fatal error).
func (s *scpSink) refuse(sentence string) {
	_, _ = fmt.Fprintf(s.sess, "\x02%s\n", oneLine(sentence))
}

// fail refuses one file with a sentence scp prints; the transfer goes on.
func (s *scpSink) fail(sentence string) {
	_, _ = fmt.Fprintf(s.sess, "\x01%s\n", oneLine(sentence))
}

func (s *scpSink) ok() { _, _ = s.sess.Write([]byte{0}) }

// maxSCPLine bounds a protocol line: a file's line holds its name.
const maxSCPLine = 1024

// errSCPProtocol ends a transfer whose client does not speak scp.
var errSCPProtocol = errors.New("the scp protocol was not followed")

// receive runs the sink until the client has sent everything.
func (s *scpSink) receive(u *uploader) bool {
	if s.bad != "" {
		s.refuse(s.bad)
		return false
	}
	s.ok()
	all := true
	for {
		line, err := s.line()
		if errors.Is(err, io.EOF) {
			return all
		}
		if err != nil {
			s.refuse(sayUnknownSCP)
			return false
		}
		switch line[0] {
		case 'C':
			taken, err := s.file(u, line)
			if err != nil {
				s.refuse(sayUnknownSCP)
				return false
			}
			all = all && taken
		case 'D':
			s.fail(sayNoFolders)
			all = false
		case 'T', 'E':
			s.ok()
		case 1, 2: // the client's own error, which it printed
			all = false
			if line[0] == 2 {
				return false
			}
		default:
			s.refuse(sayUnknownSCP)
			return false
		}
	}
}

// line reads one protocol line, without its newline.
func (s *scpSink) line() (string, error) {
	var b strings.Builder
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) && b.Len() > 0 {
				return "", errSCPProtocol
			}
			return "", err
		}
		if c == '\n' {
			break
		}
		if b.Len() >= maxSCPLine {
			return "", errSCPProtocol
		}
		b.WriteByte(c)
	}
	if b.Len() == 0 {
		return "", errSCPProtocol
	}
	return b.String(), nil
}

// file receives one file after its line "C<mode> <size> <name>": refused
// from the line when it goes outside kyc/ or is too large, else read
// whole, and handed to the model only once the client has said it sent
// it all. It reports whether the file was taken; an error ends the
// transfer.
func (s *scpSink) file(u *uploader, line string) (bool, error) {
	size, name, err := parseFileLine(line)
	if err != nil {
		return false, err
	}
	t, _ := kycPath(s.target)
	if t.name == "" {
		t.name = name
	}
	if size > model.MaxKYCFileSize {
		s.fail(about(name, model.ErrFileTooLarge))
		return false, nil
	}
	s.ok()
	data := make([]byte, size)
	if _, err := io.ReadFull(s.r, data); err != nil {
		return false, err
	}
	end, err := s.r.ReadByte()
	if err != nil {
		return false, err
	}
	if end != 0 { // the client could not read its file: it says why
		if _, err := s.r.ReadString('\n'); err != nil {
			return false, err
		}
		return false, nil
	}
	said, err := u.put(t, size, data)
	if err != nil {
		s.fail(about(name, err))
		return false, nil
	}
	u.tell(said)
	s.ok()
	return true, nil
}

// parseFileLine reads "C<mode> <size> <name>".
func parseFileLine(line string) (int64, string, error) {
	fields := strings.SplitN(line[1:], " ", 3)
	if len(fields) != 3 || len(fields[0]) != 4 {
		return 0, "", errSCPProtocol
	}
	if _, err := strconv.ParseUint(fields[0], 8, 32); err != nil {
		return 0, "", errSCPProtocol
	}
	size, err := strconv.ParseInt(fields[1], 10, 64)
	name := fields[2]
	if err != nil || size < 0 || name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\") {
		return 0, "", errSCPProtocol
	}
	return size, name, nil
}

// oneLine is a sentence as one line of scp's protocol.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
