package pdfpages

import (
	"bytes"
	"strconv"
)

// tokenKind is what a token is, as far as counting pages needs: strings,
// braces and stray delimiters are all tOther.
type tokenKind int

const (
	tEOF tokenKind = iota
	tName
	tNumber
	tKeyword
	tDictOpen
	tDictClose
	tArrayOpen
	tArrayClose
	tOther
)

// token is one token; text is a name without its slash (its #xx escapes
// decoded), a number or a keyword.
type token struct {
	kind tokenKind
	text []byte
}

// isKeyword reports whether t is the keyword k.
func (t token) isKeyword(k string) bool { return t.kind == tKeyword && string(t.text) == k }

// int is t's value when t is an integer.
func (t token) int() (int64, bool) {
	if t.kind != tNumber {
		return 0, false
	}
	v, err := strconv.ParseInt(string(t.text), 10, 64)
	return v, err == nil
}

// lexer reads PDF tokens (ISO 32000-1, 7.2) from data.
type lexer struct {
	data []byte
	pos  int
}

func isSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isDelimiter(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isRegular(c byte) bool { return !isSpace(c) && !isDelimiter(c) }

// next returns the next token, skipping white space and comments.
func (lx *lexer) next() token {
	lx.skipSpace()
	if lx.pos >= len(lx.data) {
		return token{kind: tEOF}
	}
	c := lx.data[lx.pos]
	switch c {
	case '/':
		lx.pos++
		return token{kind: tName, text: lx.name()}
	case '(':
		lx.skipLiteralString()
		return token{kind: tOther}
	case '<':
		if lx.peek(1) == '<' {
			lx.pos += 2
			return token{kind: tDictOpen}
		}
		lx.skipHexString()
		return token{kind: tOther}
	case '>':
		if lx.peek(1) == '>' {
			lx.pos += 2
			return token{kind: tDictClose}
		}
	case '[':
		lx.pos++
		return token{kind: tArrayOpen}
	case ']':
		lx.pos++
		return token{kind: tArrayClose}
	}
	if isDelimiter(c) { // ) { } > on their own
		lx.pos++
		return token{kind: tOther}
	}
	start := lx.pos
	for lx.pos < len(lx.data) && isRegular(lx.data[lx.pos]) {
		lx.pos++
	}
	text := lx.data[start:lx.pos]
	if isNumber(text) {
		return token{kind: tNumber, text: text}
	}
	return token{kind: tKeyword, text: text}
}

func (lx *lexer) peek(ahead int) byte {
	if lx.pos+ahead < len(lx.data) {
		return lx.data[lx.pos+ahead]
	}
	return 0
}

// skipSpace skips white space and comments.
func (lx *lexer) skipSpace() {
	for lx.pos < len(lx.data) {
		c := lx.data[lx.pos]
		switch {
		case isSpace(c):
			lx.pos++
		case c == '%':
			for lx.pos < len(lx.data) && lx.data[lx.pos] != '\n' && lx.data[lx.pos] != '\r' {
				lx.pos++
			}
		default:
			return
		}
	}
}

// name reads a name's characters after its slash, decoding #xx escapes.
func (lx *lexer) name() []byte {
	start := lx.pos
	for lx.pos < len(lx.data) && isRegular(lx.data[lx.pos]) {
		lx.pos++
	}
	raw := lx.data[start:lx.pos]
	if bytes.IndexByte(raw, '#') < 0 {
		return raw
	}
	out := make([]byte, 0, len(raw))
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			if v, err := strconv.ParseUint(string(raw[i+1:i+3]), 16, 8); err == nil {
				out = append(out, byte(v))
				i += 2
				continue
			}
		}
		out = append(out, raw[i])
	}
	return out
}

// skipLiteralString skips a (string), whose balanced parentheses nest and
// whose backslash escapes the next character.
func (lx *lexer) skipLiteralString() {
	depth := 0
	for lx.pos < len(lx.data) {
		switch lx.data[lx.pos] {
		case '\\':
			lx.pos++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				lx.pos++
				return
			}
		}
		lx.pos++
	}
}

// skipHexString skips a <hex string>.
func (lx *lexer) skipHexString() {
	end := bytes.IndexByte(lx.data[lx.pos:], '>')
	if end < 0 {
		lx.pos = len(lx.data)
		return
	}
	lx.pos += end + 1
}

// isNumber reports whether b is a PDF number: an optional sign, digits
// and at most one point.
func isNumber(b []byte) bool {
	if len(b) > 0 && (b[0] == '+' || b[0] == '-') {
		b = b[1:]
	}
	digits, points := 0, 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

var endstream = []byte("endstream")

// stream returns the data of the stream whose "stream" keyword was just
// read, and moves past its "endstream": length bytes after the line end
// when length is known and "endstream" follows them, else everything up
// to the next "endstream".
func (lx *lexer) stream(length int64) []byte {
	if lx.peek(0) == '\r' {
		lx.pos++
	}
	if lx.peek(0) == '\n' {
		lx.pos++
	}
	start := min(lx.pos, len(lx.data))
	if length >= 0 && length <= int64(len(lx.data)-start) {
		end := start + int(length)
		after := end
		for after < len(lx.data) && isSpace(lx.data[after]) {
			after++
		}
		if bytes.HasPrefix(lx.data[after:], endstream) {
			lx.pos = after + len(endstream)
			return lx.data[start:end]
		}
	}
	i := bytes.Index(lx.data[start:], endstream)
	if i < 0 {
		lx.pos = len(lx.data)
		return lx.data[start:]
	}
	lx.pos = start + i + len(endstream)
	data := bytes.TrimSuffix(lx.data[start:start+i], []byte("\n"))
	return bytes.TrimSuffix(data, []byte("\r"))
}
