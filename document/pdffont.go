package document

import (
	"bytes"
	"compress/zlib"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// A PDF embeds its fonts in one of two ways.
//
// Most documents use fewer than 130 characters outside ASCII, so each face
// is embedded whole as a simple TrueType font with an encoding made for
// the document: ASCII keeps its codes and every other character the
// document uses gets one of the codes 127–255, named uniXXXX so that
// viewers find its glyph and text extraction its Unicode value. The face
// is parsed and compressed once per process, and a document only writes
// a 256-entry width table: fpdf's Unicode fonts parse, fingerprint (as
// JSON of 65,536 widths), subset and compress each face again for every
// document, which cost more than everything else in writing a PDF.
//
// A document with more characters than that takes fpdf's Unicode
// (Identity-H) fonts, which have no such limit.

// encodedCodes are the codes a document's own characters take: 127 to 255.
const firstEncodedCode, lastEncodedCode = 127, 255

// pdfFace is one of the Go fonts, read once per process.
type pdfFace struct {
	style string // fpdf's style letters: "", "B", "I", "BI"
	name  string // PostScript name
	ttf   []byte
	once  sync.Once
	err   error
	z     []byte      // the font file, zlib-compressed, as fpdf embeds it
	desc  faceMetrics // in thousandths of an em
	up    int         // underline position and thickness, the same
	ut    int
	adv   map[rune]int // advance widths, in thousandths of an em
	miss  int          // the advance of a character the face lacks
}

type faceMetrics struct {
	Ascent, Descent, CapHeight, Flags int
	FontBBox                          struct{ Xmin, Ymin, Xmax, Ymax int }
	ItalicAngle, StemV, MissingWidth  int
}

// pdfFaces are indexed like pdfWriter.added: regular, bold, italic, bold italic.
var pdfFaces = [4]*pdfFace{
	{style: "", name: "GoRegular", ttf: goregular.TTF},
	{style: "B", name: "GoBold", ttf: gobold.TTF},
	{style: "I", name: "GoItalic", ttf: goitalic.TTF},
	{style: "BI", name: "GoBoldItalic", ttf: gobolditalic.TTF},
}

// PrepareFonts reads the faces PDFs use ahead of the first one: a command
// with a core to spare calls it while it plans, so that no PDF waits for
// them. It may be called at any time, from any goroutine, more than once.
func PrepareFonts() {
	for _, f := range pdfFaces[:3] {
		f.load()
	}
}

// load parses the face's metrics and the widths of every character it
// maps, and compresses its file.
func (f *pdfFace) load() error {
	f.once.Do(func() { f.err = f.read() })
	return f.err
}

func (f *pdfFace) read() error {
	ft, err := sfnt.Parse(f.ttf)
	if err != nil {
		return fmt.Errorf("font %s: %w", f.name, err)
	}
	var buf sfnt.Buffer
	upem := fixed.I(int(ft.UnitsPerEm()))
	per1000 := func(v fixed.Int26_6) int {
		return int(math.Round(float64(v) * 1000 / float64(upem)))
	}
	m, err := ft.Metrics(&buf, upem, font.HintingNone)
	if err != nil {
		return fmt.Errorf("font %s: %w", f.name, err)
	}
	bounds, err := ft.Bounds(&buf, upem, font.HintingNone)
	if err != nil {
		return fmt.Errorf("font %s: %w", f.name, err)
	}
	post := ft.PostTable()
	f.desc.Ascent, f.desc.Descent, f.desc.CapHeight = per1000(m.Ascent), -per1000(m.Descent), per1000(m.CapHeight)
	// sfnt's y axis points down; PDF's points up.
	f.desc.FontBBox.Xmin, f.desc.FontBBox.Xmax = per1000(bounds.Min.X), per1000(bounds.Max.X)
	f.desc.FontBBox.Ymin, f.desc.FontBBox.Ymax = -per1000(bounds.Max.Y), -per1000(bounds.Min.Y)
	// Nonsymbolic (32): the encoding's glyph names lead to the glyphs.
	f.desc.Flags = 32
	f.desc.StemV = 70
	if strings.Contains(f.style, "B") {
		f.desc.StemV = 120
	}
	if post != nil {
		f.desc.ItalicAngle = int(math.Round(post.ItalicAngle))
		f.up = per1000(fixed.I(int(post.UnderlinePosition)))
		f.ut = per1000(fixed.I(int(post.UnderlineThickness)))
	}
	if f.desc.ItalicAngle != 0 {
		f.desc.Flags |= 64
	}
	advance := func(gi sfnt.GlyphIndex) (int, error) {
		a, err := ft.GlyphAdvance(&buf, gi, upem, font.HintingNone)
		return per1000(a), err
	}
	if f.miss, err = advance(0); err != nil {
		return fmt.Errorf("font %s: %w", f.name, err)
	}
	f.desc.MissingWidth = f.miss
	// The Go fonts cover Latin, Greek, Cyrillic and common symbols, all
	// below U+3000; above it they map nothing a document here would use.
	f.adv = map[rune]int{}
	for r := rune(32); r < 0x3000; r++ {
		gi, err := ft.GlyphIndex(&buf, r)
		if err != nil || gi == 0 {
			continue
		}
		if f.adv[r], err = advance(gi); err != nil {
			return fmt.Errorf("font %s: %w", f.name, err)
		}
	}
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zw.Write(f.ttf)
	if err := zw.Close(); err != nil {
		return fmt.Errorf("font %s: %w", f.name, err)
	}
	f.z = z.Bytes()
	return nil
}

// width is a character's advance in thousandths of an em.
func (f *pdfFace) width(r rune) int {
	if w, ok := f.adv[r]; ok {
		return w
	}
	return f.miss
}

// pdfEncoding is the codes a document's characters take.
type pdfEncoding struct {
	codes map[rune]byte // characters outside ASCII
	order []rune        // codes firstEncodedCode... in order
	diff  string        // the PDF /Differences for them
}

// newPDFEncoding gives each character outside ASCII a code of its own,
// in the order of the characters, or reports that there are too many.
func newPDFEncoding(chars map[rune]bool) (*pdfEncoding, bool) {
	e := &pdfEncoding{codes: map[rune]byte{}}
	for r := range chars {
		if r > 126 {
			e.order = append(e.order, r)
		}
	}
	if len(e.order) > lastEncodedCode-firstEncodedCode+1 {
		return nil, false
	}
	slices.Sort(e.order)
	var diff strings.Builder
	fmt.Fprintf(&diff, "%d", firstEncodedCode)
	for i, r := range e.order {
		e.codes[r] = byte(firstEncodedCode + i)
		if r > 0xFFFF {
			fmt.Fprintf(&diff, " /u%X", r)
		} else {
			fmt.Fprintf(&diff, " /uni%04X", r)
		}
	}
	e.diff = diff.String()
	if len(e.order) == 0 {
		e.diff = ""
	}
	return e, true
}

// encode writes s in the document's codes. A character without a code is
// recorded in missing and written as a question mark; the document is
// then laid out again with it (see PDF). Control characters print as
// spaces.
func (e *pdfEncoding) encode(s string, missing map[rune]bool) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 32 || s[i] > 126 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch code, ok := e.codes[r]; {
		case r < 32:
			out = append(out, ' ')
		case r <= 126:
			out = append(out, byte(r))
		case ok:
			out = append(out, code)
		default:
			missing[r] = true
			out = append(out, '?')
		}
	}
	return string(out)
}

// def is fpdf's font definition for the face in a document's encoding, as
// the JSON AddFontFromBytes reads.
func (f *pdfFace) def(e *pdfEncoding) ([]byte, error) {
	if err := f.load(); err != nil {
		return nil, err
	}
	cw := make([]int, 256)
	for c := 32; c <= 126; c++ {
		cw[c] = f.width(rune(c))
	}
	for i, r := range e.order {
		cw[firstEncodedCode+i] = f.width(r)
	}
	def := struct {
		Tp, Name     string
		Desc         faceMetrics
		Up, Ut       int
		Cw           []int
		Enc, Diff    string
		File         string
		OriginalSize int
	}{
		Tp: "TrueType", Name: f.name, Desc: f.desc, Up: f.up, Ut: f.ut, Cw: cw,
		Enc: "citypath", Diff: e.diff, File: f.name + ".z", OriginalSize: len(f.ttf),
	}
	return json.Marshal(def)
}

// documentChars is every character the document's text holds, with the
// few the layout itself adds (bullets, ellipses, the footer's dot).
func documentChars(doc *Document) map[rune]bool {
	chars := map[rune]bool{'•': true, '…': true, '·': true}
	add := func(s string) {
		for _, r := range s {
			if r > 126 {
				chars[r] = true
			}
		}
	}
	spans := func(ss []Span) {
		for _, s := range ss {
			add(s.Text)
		}
	}
	add(doc.Title)
	add(doc.Header[0])
	add(doc.Header[1])
	add(doc.Footer)
	for _, b := range doc.Blocks {
		spans(b.Text)
		for _, it := range b.Items {
			spans(it)
		}
		if t := b.Table; t != nil {
			spans(t.Caption)
			for _, c := range t.Header {
				spans(c)
			}
			for _, row := range t.Rows {
				for _, c := range row {
					spans(c)
				}
			}
		}
		if f := b.Figure; f != nil {
			for _, s := range f.Shapes {
				add(s.Text)
			}
		}
		if c := b.Cover; c != nil {
			add(c.Kicker + c.Title + c.Subtitle + c.Heading + c.Note)
			for _, kv := range c.Facts {
				add(kv[0] + kv[1])
			}
		}
	}
	return chars
}
