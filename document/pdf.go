package document

import (
	"bytes"
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/goregular"
)

// PDF layout in millimetres and points.
const (
	pdfMargin    = 20.0
	pdfBody      = 10.0 // body font size
	pdfLine      = 5.0  // body line height
	pdfTableFont = 8.0
	pdfTableLine = 3.8
	pdfCellPad   = 1.2
)

var headingSizes = map[int]float64{1: 16, 2: 13, 3: 11}

// PDF lays the document out on A4. The Go fonts are embedded (only the
// glyphs used), so text in any Latin script, Czech included, prints as
// written; core PDF fonts would turn it into cp1252 garbage. The creation
// date is the document's date and the catalog is sorted, so the bytes are
// the same on every run.
func PDF(doc *Document) ([]byte, error) {
	p := fpdf.New("P", "mm", "A4", "")
	// Page streams stay uncompressed: fpdf allocates a new compressor for
	// every page, which costs more time than the bytes it saves are worth
	// when a tender run writes dozens of PDFs. Fonts are still compressed.
	p.SetCompression(false)
	p.SetCatalogSort(true)
	p.SetCreationDate(doc.Date)
	p.SetModificationDate(doc.Date)
	p.SetTitle(doc.Title, true)
	p.SetSubject(doc.Subject, true)
	p.SetAuthor(doc.Author, true)
	p.SetCreator("citypath", true)
	p.SetProducer("citypath", true)
	if doc.Language != "" {
		p.SetLang(doc.Language)
	}
	p.AddUTF8FontFromBytes("go", "", goregular.TTF)
	p.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	p.SetAutoPageBreak(true, pdfMargin)
	p.AliasNbPages("{nb}")
	title := doc.Title
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont("go", "", 7.5)
		p.SetTextColor(90, 90, 90)
		p.CellFormat(0, 4, fmt.Sprintf("%s · page %d of {nb}", title, p.PageNo()), "", 0, "C", false, 0, "")
		p.SetTextColor(0, 0, 0)
	})
	p.AddPage()
	w := &pdfWriter{p: p}
	for _, b := range doc.Blocks {
		w.block(b)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("write PDF: %w", err)
	}
	return buf.Bytes(), nil
}

type pdfWriter struct {
	p      *fpdf.Fpdf
	tables int
	rgb    [3]int // text colour
	// The font last set, so that setting it again costs nothing.
	set  bool
	bold bool
	size float64
}

func (w *pdfWriter) bottom() float64 {
	_, h := w.p.GetPageSize()
	return h - pdfMargin
}

// needs starts a new page unless h millimetres fit on this one.
func (w *pdfWriter) needs(h float64) {
	if w.p.GetY()+h > w.bottom() {
		w.p.AddPage()
	}
}

func (w *pdfWriter) block(b Block) {
	p := w.p
	switch b.Kind {
	case Heading:
		size := headingSizes[b.Level]
		// Keep a heading with the first lines after it.
		w.needs(size*0.6 + 18)
		p.Ln(size * 0.25)
		text := Plain(b.Text)
		p.Bookmark(text, b.Level-1, -1)
		w.color(31, 56, 100)
		w.font(true, size)
		p.MultiCell(0, size*0.5, text, "", "L", false)
		w.color(0, 0, 0)
		w.font(false, pdfBody)
		p.Ln(1.5)
	case Paragraph:
		w.spans(b.Text, pdfBody, pdfLine)
		p.Ln(pdfLine + 1.5)
	case Bullets, Numbered:
		left, _, _, _ := p.GetMargins()
		for i, it := range b.Items {
			w.needs(pdfLine)
			mark := "•"
			if b.Kind == Numbered {
				mark = fmt.Sprintf("%d.", i+1)
			}
			w.font(false, pdfBody)
			p.SetX(left + 2)
			p.CellFormat(6, pdfLine, mark, "", 0, "L", false, 0, "")
			p.SetLeftMargin(left + 8)
			w.spans(it, pdfBody, pdfLine)
			p.SetLeftMargin(left)
			p.Ln(pdfLine + 0.8)
		}
		p.Ln(1)
	case TableBlock:
		w.table(b.Table)
	}
}

// word is a piece of flowing text in one style, with the space before it.
type word struct {
	text  string
	bold  bool
	space bool // a space separates it from the previous word
	brk   bool // a line break before it
}

// spans lays out flowing text itself: fpdf's Write converts its text to runes
// once per character, which is quadratic in the length of a paragraph.
// Italic is set in the regular face: the PDF embeds two faces, not three,
// because each embedded face costs as much as the rest of the document.
func (w *pdfWriter) spans(spans []Span, size, line float64) {
	p := w.p
	var words []word
	brk, space := false, false
	for _, s := range spans {
		if s.Break {
			brk = true
			continue
		}
		start := 0
		for i := 0; i <= len(s.Text); i++ {
			if i < len(s.Text) && s.Text[i] != ' ' {
				continue
			}
			if i > start {
				words = append(words, word{text: s.Text[start:i], bold: s.Bold, space: space, brk: brk})
				brk, space = false, false
			}
			if i < len(s.Text) {
				space = true
			}
			start = i + 1
		}
	}
	left, _, right, _ := p.GetMargins()
	pw, _ := p.GetPageSize()
	x := p.GetX()
	var run strings.Builder
	runBold, runX := false, x
	flush := func() {
		if run.Len() == 0 {
			return
		}
		w.font(runBold, size)
		p.SetXY(runX, p.GetY())
		p.CellFormat(p.GetStringWidth(run.String()), line, run.String(), "", 0, "L", false, 0, "")
		run.Reset()
	}
	newLine := func() {
		flush()
		p.Ln(line)
		w.needs(line)
		x = left
		runX = x
	}
	margin := p.GetCellMargin()
	p.SetCellMargin(0)
	defer p.SetCellMargin(margin)
	for _, wd := range words {
		if wd.brk {
			newLine()
		}
		w.font(wd.bold, size)
		gap := 0.0
		if wd.space && x > left {
			gap = p.GetStringWidth(" ")
		}
		width := p.GetStringWidth(wd.text)
		if x+gap+width > pw-right && x > left {
			newLine()
			gap = 0
		}
		if wd.bold != runBold && run.Len() > 0 {
			flush()
			runX = x
		}
		if run.Len() == 0 {
			// A run starts after the space; inside a run the space is text.
			runX = x + gap
		} else if gap > 0 {
			run.WriteByte(' ')
		}
		runBold = wd.bold
		run.WriteString(wd.text)
		x += gap + width
	}
	flush()
}

// font sets the size and weight. Bold is drawn by stroking the outline of
// the regular face (text rendering mode 2) rather than by embedding the bold
// face: each embedded face costs as much time as the rest of the document.
func (w *pdfWriter) font(bold bool, size float64) {
	if w.set && w.bold == bold && w.size == size {
		return
	}
	w.set, w.bold, w.size = true, bold, size
	w.p.SetFont("go", "", size)
	if bold {
		w.p.SetTextRenderingMode(2)
		w.p.SetLineWidth(size * 0.012)
		w.p.SetDrawColor(w.rgb[0], w.rgb[1], w.rgb[2])
	} else {
		w.p.SetTextRenderingMode(0)
	}
}

// color sets the text colour, which bold text also strokes with.
func (w *pdfWriter) color(r, g, b int) {
	w.rgb = [3]int{r, g, b}
	w.set = false
	w.p.SetTextColor(r, g, b)
}

func (w *pdfWriter) table(t *Table) {
	p := w.p
	left, _, right, _ := p.GetMargins()
	pw, _ := p.GetPageSize()
	width := pw - left - right
	widths := make([]float64, len(t.Widths))
	for i, f := range t.Widths {
		widths[i] = f * width
	}
	if len(t.Caption) > 0 {
		w.tables++
		w.needs(20)
		w.color(31, 56, 100)
		w.font(true, 9)
		p.MultiCell(0, 4.5, fmt.Sprintf("Table %d: %s", w.tables, Plain(t.Caption)), "", "L", false)
		w.color(0, 0, 0)
		w.font(false, pdfBody)
		p.Ln(0.5)
	}
	measure := func(cells [][]Span, bold bool) ([][]string, float64) {
		w.font(bold, pdfTableFont)
		lines := make([][]string, len(cells))
		n := 1
		for i, c := range cells {
			lines[i] = p.SplitText(Plain(c), widths[i])
			n = max(n, len(lines[i]))
		}
		return lines, float64(n)*pdfTableLine + 2*pdfCellPad
	}
	var draw func(cells [][]Span, header bool)
	draw = func(cells [][]Span, header bool) {
		lines, h := measure(cells, header)
		if p.GetY()+h > w.bottom() {
			p.AddPage()
			if !header {
				draw(t.Header, true)
				lines, h = measure(cells, false)
			}
		}
		y := p.GetY()
		x := left
		for i := range cells {
			style := "D"
			if header {
				p.SetFillColor(220, 227, 238)
				style = "FD"
			}
			p.SetDrawColor(140, 140, 140)
			p.SetLineWidth(0.2)
			p.Rect(x, y, widths[i], h, style)
			w.set = false // the rectangle changed the stroke
			w.font(header, pdfTableFont)
			align := "L"
			switch t.Align[i] {
			case Right:
				align = "R"
			case Center:
				align = "C"
			}
			for j, l := range lines[i] {
				p.SetXY(x, y+pdfCellPad+float64(j)*pdfTableLine)
				p.CellFormat(widths[i], pdfTableLine, strings.TrimRight(l, " "), "", 0, align, false, 0, "")
			}
			x += widths[i]
		}
		p.SetXY(left, y+h)
	}
	draw(t.Header, true)
	for _, r := range t.Rows {
		draw(r, false)
	}
	p.Ln(3)
}
