// Package pdfpages counts the pages of a PDF without a PDF library, for
// the staff's verification queue, which lists a PDF by its page count and
// size (R-STF-2). It reads the file's objects with a small tokenizer and
// counts the distinct page objects, those whose dictionary has /Type
// /Page, including the objects packed into compressed object streams
// (PDF 1.5). A later definition of an object (an incremental update)
// replaces an earlier one. Work is linear in the input, and inflating is
// bounded, so a hostile file costs at most a few times its size.
package pdfpages

import (
	"bytes"
	"compress/zlib"
	"io"
	"slices"
)

// Bounds of the work on object streams: how much one may inflate to, and
// all of them together.
const (
	maxStreamInflated = 16 << 20
	maxTotalInflated  = 64 << 20
)

// Count returns the number of page objects in data, a PDF: 0 when it has
// none that can be read (an encrypted or damaged file).
func Count(data []byte) int {
	c := &counter{pages: map[int64]bool{}, budget: maxTotalInflated}
	c.file(data)
	n := 0
	for _, page := range c.pages {
		if page {
			n++
		}
	}
	return n
}

// counter gathers, for each object number, whether its latest definition
// is a page.
type counter struct {
	pages  map[int64]bool
	budget int // bytes that object streams may still inflate to
}

// file walks the top-level objects of a PDF, "N G obj … endobj", and
// what stands between them (cross-reference tables, trailers), which it
// ignores. An object cut short by the next "N G obj" ends there.
func (c *counter) file(data []byte) {
	lx := &lexer{data: data}
	var cur *objParser
	var num int64
	var prev [2]token // the two tokens before t
	for t := lx.next(); t.kind != tEOF; t = lx.next() {
		if n, ok := objHeader(prev, t); ok {
			c.finish(cur, num)
			cur, num = newObjParser(), n
			prev = [2]token{}
			continue
		}
		prev[1], prev[0] = prev[0], t
		if cur == nil {
			continue
		}
		if cur.depth == 0 && t.isKeyword("endobj") {
			c.finish(cur, num)
			cur = nil
			continue
		}
		if cur.depth == 0 && t.isKeyword("stream") {
			cur.o.stream = lx.stream(cur.o.length)
			continue
		}
		cur.feed(t)
	}
	c.finish(cur, num)
}

// objHeader reports whether t is the "obj" of "N G obj", and N.
func objHeader(prev [2]token, t token) (int64, bool) {
	if !t.isKeyword("obj") {
		return 0, false
	}
	if _, ok := prev[0].int(); !ok {
		return 0, false
	}
	return prev[1].int()
}

// finish records object num as read by p, and the objects of its stream
// when it is an object stream.
func (c *counter) finish(p *objParser, num int64) {
	if p == nil {
		return
	}
	c.pages[num] = p.o.isPage()
	if p.o.isObjectStream() {
		c.objectStream(p.o)
	}
}

// object is what is read of one object: the keys of its outermost
// dictionary that matter here, and its stream's bytes, if any.
type object struct {
	typ, filter      string
	length, n, first int64 // /Length, /N and /First; -1 when absent or indirect
	stream           []byte
}

func (o *object) isPage() bool { return o.typ == "Page" }

func (o *object) isObjectStream() bool {
	return o.typ == "ObjStm" && o.stream != nil && (o.filter == "" || o.filter == "FlateDecode")
}

// setNumber sets the number of key; false for a key that has none here.
func (o *object) setNumber(key string, v int64) bool {
	switch key {
	case "Length":
		o.length = v
	case "N":
		o.n = v
	case "First":
		o.first = v
	default:
		return false
	}
	return true
}

// objParser reads one object's value token by token, noting the keys of
// its outermost dictionary.
type objParser struct {
	o        *object
	depth    int    // dictionary nesting
	arrays   int    // array nesting inside the outermost dictionary
	key      string // a key of the outermost dictionary waiting for its value
	arrayKey string // the key whose value is the array being read
	numKey   string // the key whose value was the last number: "12 0 R" undoes it
	started  bool   // a token was fed
	done     bool   // the value is complete (one value, in an object stream)
}

func newObjParser() *objParser {
	return &objParser{o: &object{length: -1, n: -1, first: -1}}
}

// feed reads the next token of the object.
func (p *objParser) feed(t token) {
	first := !p.started
	p.started = true
	switch t.kind {
	case tDictOpen:
		p.depth++
		p.key = ""
		return
	case tDictClose:
		if p.depth > 0 {
			p.depth--
		}
		p.key = ""
		p.done = p.depth == 0
		return
	}
	if first {
		p.done = true // not a dictionary: nothing here is a page
		return
	}
	if p.depth != 1 {
		return
	}
	switch {
	case t.kind == tArrayOpen:
		if p.arrays == 0 {
			p.arrayKey, p.key = p.key, ""
		}
		p.arrays++
	case t.kind == tArrayClose:
		if p.arrays > 0 {
			p.arrays--
		}
	case p.arrays > 0:
		if p.arrayKey == "Filter" && t.kind == tName && p.o.filter == "" { // [/FlateDecode …]: the first decodes first
			p.o.filter = string(t.text)
		}
	case t.isKeyword("R") && p.numKey != "":
		p.o.setNumber(p.numKey, -1) // the number was an object's
		p.numKey = ""
	case p.key == "":
		if t.kind == tName {
			p.key = string(t.text)
		}
	default:
		p.value(t)
		p.key = ""
	}
}

// value stores the value t of the waiting key, when it is one that
// matters.
func (p *objParser) value(t token) {
	p.numKey = ""
	switch t.kind {
	case tName:
		switch p.key {
		case "Type":
			p.o.typ = string(t.text)
		case "Filter":
			p.o.filter = string(t.text)
		}
	case tNumber:
		if v, ok := t.int(); ok && v >= 0 && p.o.setNumber(p.key, v) {
			p.numKey = p.key
		}
	}
}

// objectStream reads the objects packed in a compressed object stream:
// /N pairs of "number offset" before /First, each object at /First plus
// its offset, up to the next object's. Object streams hold no streams.
// Each distinct offset is read once, so the work stays linear whatever
// the pairs say.
func (c *counter) objectStream(o *object) {
	data := o.stream
	if o.filter == "FlateDecode" {
		data = c.inflate(o.stream)
	}
	if data == nil || o.n <= 0 || o.first < 0 || o.first > int64(len(data)) {
		return
	}
	body := data[o.first:]
	byOffset := map[int64][]int64{} // offset → object numbers
	head := &lexer{data: data[:o.first]}
	for i := int64(0); i < o.n; i++ {
		n, ok1 := head.next().int()
		at, ok2 := head.next().int()
		if !ok1 || !ok2 {
			break
		}
		if at >= 0 && at < int64(len(body)) {
			byOffset[at] = append(byOffset[at], n)
		}
	}
	offsets := make([]int64, 0, len(byOffset))
	for at := range byOffset {
		offsets = append(offsets, at)
	}
	slices.Sort(offsets)
	for i, at := range offsets {
		end := int64(len(body))
		if i+1 < len(offsets) {
			end = offsets[i+1]
		}
		page := parseValue(body[at:end]).isPage()
		for _, n := range byOffset[at] {
			c.pages[n] = page
		}
	}
}

// parseValue reads the one object at the start of b, a piece of an object
// stream.
func parseValue(b []byte) *object {
	p := newObjParser()
	lx := &lexer{data: b}
	for t := lx.next(); t.kind != tEOF && !p.done; t = lx.next() {
		p.feed(t)
	}
	return p.o
}

// inflate decompresses a FlateDecode stream within the budgets; nil when
// it cannot.
func (c *counter) inflate(b []byte) []byte {
	if c.budget <= 0 {
		return nil
	}
	r, err := zlib.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, int64(min(c.budget, maxStreamInflated))))
	c.budget -= len(out)
	if err != nil && len(out) == 0 {
		return nil
	}
	return out
}
