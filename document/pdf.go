package document

import (
	"bytes"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"unicode/utf16"

	"codeberg.org/go-pdf/fpdf"
)

// PDF layout in millimetres and points.
const (
	pdfMargin    = 20.0
	pdfTop       = 22.0
	pdfBody      = 10.0 // body font size
	pdfLine      = 5.0  // body line height
	pdfNote      = 8.0
	pdfNoteLine  = 3.8
	pdfTableFont = 8.0
	pdfTableLine = 3.8
	pdfCellPad   = 1.2
)

var headingSizes = map[int]float64{1: 16, 2: 12.5, 3: 10.5}

// Colours of the layout.
var (
	pdfInk     = RGB{33, 37, 41}
	pdfMuted   = RGB{85, 92, 99}
	pdfAccent  = RGB{31, 56, 100}
	pdfRule    = RGB{140, 140, 140}
	pdfHeadRow = RGB{220, 227, 238}
)

// PDF lays the document out on A4. The Go fonts are embedded in the faces
// the document uses (regular, bold, italic), in an encoding made for its
// characters (see pdffont.go), so text in Latin, Greek or Cyrillic script,
// Czech included, prints as written and emphasis is real.
// Figures are drawn as vectors. The creation date is the document's date
// and the catalog is sorted, so the bytes are the same on every run.
func PDF(doc *Document) ([]byte, error) {
	// The characters are gathered from the document's text first; one the
	// layout adds that the gathering missed costs a second layout.
	chars := documentChars(doc)
	for range 2 {
		enc, ok := newPDFEncoding(chars)
		if !ok {
			break
		}
		out, missing, err := renderPDF(doc, enc)
		if err != nil || len(missing) == 0 {
			return out, err
		}
		maps.Copy(chars, missing)
	}
	out, _, err := renderPDF(doc, nil)
	return out, err
}

// renderPDF lays the document out with its fonts in enc, or as Unicode
// fonts when enc is nil, and reports the characters enc lacked.
func renderPDF(doc *Document, enc *pdfEncoding) ([]byte, map[rune]bool, error) {
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
	top := pdfMargin
	if doc.Header != [2]string{} {
		top = pdfTop
	}
	p.SetMargins(pdfMargin, top, pdfMargin)
	p.SetAutoPageBreak(true, pdfMargin)
	w := &pdfWriter{p: p, doc: doc, enc: enc, missing: map[rune]bool{}, links: map[string]int{}, pages: map[string]int{}}
	w.font(false, false, pdfBody)
	cover := len(doc.Blocks) > 0 && doc.Blocks[0].Kind == CoverBlock
	footer := doc.Footer
	if footer == "" {
		footer = doc.Title
	}
	p.SetHeaderFuncMode(func() {
		if doc.Header == [2]string{} || cover && p.PageNo() == 1 {
			return
		}
		w.font(false, false, 7.5)
		w.color(pdfMuted)
		pw, _ := p.GetPageSize()
		p.SetXY(pdfMargin, 10)
		// Running headers are cut to one line, so a long name costs the
		// same on every page whatever its length.
		half := (pw - 2*pdfMargin) / 2
		p.CellFormat(half, 4, w.fit(doc.Header[0], half), "", 0, "L", false, 0, "")
		p.CellFormat(half, 4, w.fit(doc.Header[1], half), "", 0, "R", false, 0, "")
		w.stroke(RGB{200, 205, 210}, 0.2)
		p.Line(pdfMargin, 15, pw-pdfMargin, 15)
		p.SetXY(pdfMargin, top)
		w.color(pdfInk)
		// fpdf sets the font, pen and fill back to what they were before
		// the header, so what the writer remembers of them no longer holds.
		w.set, w.penSet, w.brushSet = false, false, false
	}, false)
	for i, b := range doc.Blocks {
		if b.Kind == Heading && b.Level == 1 {
			w.links[headingKey(i, b)] = p.AddLink()
		}
	}
	p.AddPage()
	for i, b := range doc.Blocks {
		w.block(i, b)
	}
	w.numberPages(cover, footer)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, nil, fmt.Errorf("write PDF: %w", err)
	}
	return buf.Bytes(), w.missing, nil
}

func headingKey(i int, b Block) string {
	if b.ID != "" {
		return b.ID
	}
	return fmt.Sprintf("h%d", i)
}

// numberPages returns to every page once the document is laid out, when
// the number of pages and the page of every chapter are known, and draws
// the footer and the contents' page numbers. fpdf's page-number aliases
// would do the same by searching every page's text for every alias, which
// took longer than laying the pages out.
func (w *pdfWriter) numberPages(cover bool, footer string) {
	p := w.p
	last := p.PageNo()
	_, ph := p.GetPageSize()
	p.SetAutoPageBreak(false, 0)
	for n := 1; n <= last; n++ {
		p.SetPage(n)
		// The page's text ends in whatever font and colour it last used:
		// set both again rather than assume them.
		w.set, w.penSet, w.brushSet = false, false, false
		p.SetFontSize(w.size + 1)
		w.fill(RGB{255, 255, 255})
		for _, e := range w.toc {
			if e.page != n {
				continue
			}
			w.font(false, false, 10.5)
			w.color(pdfInk)
			p.SetXY(e.x, e.y)
			p.CellFormat(e.w, e.h, fmt.Sprint(w.pages[e.key]), "", 0, "R", false, e.link, "")
		}
		if cover && n == 1 {
			continue
		}
		w.font(false, false, 7.5)
		w.color(pdfMuted)
		p.SetXY(pdfMargin, ph-12)
		p.CellFormat(0, 4, w.str(fmt.Sprintf("%s · page %d of %d", footer, n, last)), "", 0, "C", false, 0, "")
	}
	p.SetPage(last)
	w.color(pdfInk)
}

// tocEntry is where a contents line's page number goes, drawn by
// numberPages once the chapter's page is known.
type tocEntry struct {
	key        string
	page, link int
	x, y, w, h float64
}

type pdfWriter struct {
	p   *fpdf.Fpdf
	doc *Document
	// enc is the document's encoding, nil for Unicode fonts; missing are
	// the characters it lacked.
	enc     *pdfEncoding
	missing map[rune]bool
	tables  int
	figs    int
	links   map[string]int // level-1 heading → link
	pages   map[string]int // level-1 heading → page
	toc     []tocEntry     // page numbers of the contents, drawn last
	// The font last set, so that setting it again costs nothing, and the
	// faces added so far: each is parsed and embedded only when used.
	set          bool
	bold, italic bool
	size         float64
	added        [4]bool
	// ops is the buffer text operators are written in.
	ops []byte
	// The fill colour and pen last set.
	brushSet, penSet bool
	brush, pen       RGB
	penWidth         float64
}

func (w *pdfWriter) bottom() float64 {
	_, h := w.p.GetPageSize()
	return h - pdfMargin
}

func (w *pdfWriter) width() float64 {
	pw, _ := w.p.GetPageSize()
	left, _, right, _ := w.p.GetMargins()
	return pw - left - right
}

// needs starts a new page unless h millimetres fit on this one.
func (w *pdfWriter) needs(h float64) {
	if w.p.GetY()+h > w.bottom() {
		w.p.AddPage()
	}
}

// atTop tells whether nothing has been laid out on this page yet.
func (w *pdfWriter) atTop() bool {
	_, top, _, _ := w.p.GetMargins()
	return w.p.GetY() <= top+0.01
}

func (w *pdfWriter) block(i int, b Block) {
	p := w.p
	switch b.Kind {
	case Heading:
		size := headingSizes[b.Level]
		if b.NewPage && !w.atTop() {
			p.AddPage()
		}
		// Keep a heading with the first lines after it.
		w.needs(size*0.6 + 24)
		if !w.atTop() {
			p.Ln(size * 0.3)
		}
		text := Plain(b.Text)
		w.bookmark(text, b.Level-1)
		if b.Level == 1 {
			key := headingKey(i, b)
			w.pages[key] = p.PageNo()
			p.SetLink(w.links[key], p.GetY(), p.PageNo())
		}
		w.color(pdfAccent)
		w.lines(b.Text, size, size*0.5, true, false)
		w.color(pdfInk)
		p.Ln(size*0.5 + 1.5)
	case Paragraph:
		size, line := pdfBody, pdfLine
		if b.Note {
			size, line = pdfNote, pdfNoteLine
			w.color(pdfMuted)
		}
		w.needs(line)
		w.lines(b.Text, size, line, false, false)
		w.color(pdfInk)
		p.Ln(line + 1.5)
	case Bullets, Numbered:
		size, line := pdfBody, pdfLine
		if b.Note {
			size, line = pdfNote, pdfNoteLine
			w.color(pdfMuted)
		}
		left, _, _, _ := p.GetMargins()
		for i, it := range b.Items {
			w.needs(line * 2)
			mark := "•"
			if b.Kind == Numbered {
				mark = fmt.Sprintf("%d.", i+1)
			}
			w.font(false, false, size)
			p.SetX(left + 2)
			p.CellFormat(6, line, w.str(mark), "", 0, "L", false, 0, "")
			p.SetLeftMargin(left + 8)
			p.SetX(left + 8)
			w.lines(it, size, line, false, false)
			p.SetLeftMargin(left)
			p.Ln(line + 0.8)
		}
		w.color(pdfInk)
		p.Ln(1)
	case TableBlock:
		w.table(b.Table)
	case FigureBlock:
		w.figure(b.Figure, b.Text)
	case Contents:
		w.contents(i)
	case PageBreak:
		if !w.atTop() {
			p.AddPage()
		}
	case CoverBlock:
		w.cover(b.Cover)
	}
}

// run is a piece of a laid-out line in one style.
type run struct {
	text         string
	bold, italic bool
	x            float64 // from the line's start
}

// layout breaks spans into lines of runs no wider than width. Lines break
// at spaces, never inside a number's digit groups ("2 400 000").
func (w *pdfWriter) layout(spans []Span, size, width float64, forceBold bool) [][]run {
	type word struct {
		text         string
		bold, italic bool
		space, brk   bool
	}
	var ws []word
	brk, space := false, false
	for _, s := range spans {
		if s.Break {
			brk = true
			continue
		}
		t := s.Text
		if strings.HasPrefix(t, " ") {
			space = true
		}
		parts := words(t)
		for k, part := range parts {
			ws = append(ws, word{part, s.Bold || forceBold, s.Italic, space || k > 0, brk})
			brk, space = false, false
		}
		if strings.HasSuffix(t, " ") {
			space = true
		}
	}
	var lines [][]run
	var cur []run
	x := 0.0
	for _, wd := range ws {
		w.font(wd.bold, wd.italic, size)
		gap := 0.0
		if wd.space && len(cur) > 0 {
			gap = w.p.GetStringWidth(" ")
		}
		wdt := w.strWidth(wd.text)
		if wd.brk || len(cur) > 0 && x+gap+wdt > width {
			lines = append(lines, cur)
			cur, x, gap = nil, 0, 0
		}
		if k := len(cur) - 1; k >= 0 && cur[k].bold == wd.bold && cur[k].italic == wd.italic {
			if gap > 0 {
				cur[k].text += " "
			}
			cur[k].text += wd.text
		} else {
			cur = append(cur, run{text: wd.text, bold: wd.bold, italic: wd.italic, x: x + gap})
		}
		x += gap + wdt
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// lines lays out flowing text from the current position, starting a new
// page when a line does not fit. fpdf's Write converts its text to runes
// once per character, which is quadratic in the length of a paragraph.
func (w *pdfWriter) lines(spans []Span, size, line float64, bold, _ bool) {
	p := w.p
	left := p.GetX()
	pw, _ := p.GetPageSize()
	_, _, right, _ := p.GetMargins()
	ls := w.layout(spans, size, pw-right-left, bold)
	margin := p.GetCellMargin()
	p.SetCellMargin(0)
	defer p.SetCellMargin(margin)
	for k, l := range ls {
		if k > 0 {
			p.Ln(line)
			w.needs(line)
		}
		y := p.GetY()
		w.drawRuns(l, left, y, size, line, "L", 0)
	}
}

// drawRuns draws one line's runs at (x, y) in a cell of height line; align
// R or C places the line in a box of width box.
func (w *pdfWriter) drawRuns(l []run, x, y, size, line float64, align string, box float64) {
	if len(l) == 0 {
		return
	}
	shift := 0.0
	if align != "L" {
		last := l[len(l)-1]
		w.font(last.bold, last.italic, size)
		used := last.x + w.strWidth(last.text)
		shift = box - used
		if align == "C" {
			shift /= 2
		}
	}
	// Text places a run's baseline itself, where CellFormat would put it
	// in a cell of height line; it does far less work per run.
	margin := w.p.GetCellMargin()
	for _, r := range l {
		w.font(r.bold, r.italic, size)
		_, em := w.p.GetFontSize()
		w.text(x+shift+r.x+margin, y+0.5*line+0.3*em, w.str(r.text))
	}
}

// font sets the face and size, adding the face on first use.
func (w *pdfWriter) font(bold, italic bool, size float64) {
	if w.set && w.bold == bold && w.italic == italic && w.size == size {
		return
	}
	w.set, w.bold, w.italic, w.size = true, bold, italic, size
	k := 0
	if bold {
		k++
	}
	if italic {
		k += 2
	}
	face := pdfFaces[k]
	if !w.added[k] {
		w.added[k] = true
		if w.enc == nil {
			w.p.AddUTF8FontFromBytes("go", face.style, face.ttf)
		} else {
			def, err := face.def(w.enc)
			if err != nil {
				w.p.SetError(err)
				return
			}
			w.p.AddFontFromBytes("go", face.style, def, face.z)
		}
	}
	w.p.SetFont("go", face.style, size)
}

func (w *pdfWriter) color(c RGB) { w.p.SetTextColor(int(c.R), int(c.G), int(c.B)) }

// fill and stroke set the fill colour and the pen, writing only what
// changed: a table sets them for every cell. fpdf sets the current ones
// again at the top of each new page, so what is remembered stays true
// across pages (numberPages, which returns to earlier pages, forgets it).
func (w *pdfWriter) fill(c RGB) {
	if w.brushSet && w.brush == c {
		return
	}
	w.brushSet, w.brush = true, c
	w.p.SetFillColor(int(c.R), int(c.G), int(c.B))
}

func (w *pdfWriter) stroke(c RGB, width float64) {
	if !w.penSet || w.pen != c {
		w.p.SetDrawColor(int(c.R), int(c.G), int(c.B))
	}
	if !w.penSet || w.penWidth != width {
		w.p.SetLineWidth(width)
	}
	w.penSet, w.pen, w.penWidth = true, c, width
}

func (w *pdfWriter) caption(kind string, n int, caption []Span) {
	w.color(pdfAccent)
	spans := append([]Span{{Text: fmt.Sprintf("%s %d: ", kind, n), Bold: true}}, caption...)
	w.lines(spans, 9, 4.5, true, false)
	w.color(pdfInk)
	w.p.Ln(5)
}

func (w *pdfWriter) table(t *Table) {
	p := w.p
	left, _, _, _ := p.GetMargins()
	width := w.width()
	widths := make([]float64, len(t.Widths))
	for i, f := range t.Widths {
		widths[i] = f * width
	}
	if len(t.Caption) > 0 {
		w.tables++
		w.needs(24)
		w.caption("Table", w.tables, t.Caption)
	}
	measure := func(cells [][]Span, bold bool, band bool) ([][][]run, float64) {
		lines := make([][][]run, len(cells))
		n := 1
		for i, c := range cells {
			cw := widths[min(i, len(widths)-1)]
			if band {
				cw = width
			}
			lines[i] = w.layout(c, pdfTableFont, cw-2*pdfCellPad, bold)
			n = max(n, len(lines[i]))
			if band {
				break
			}
		}
		return lines, float64(n)*pdfTableLine + 2*pdfCellPad
	}
	var draw func(cells [][]Span, header bool, st RowStyle)
	draw = func(cells [][]Span, header bool, st RowStyle) {
		band := st.Band != nil && len(cells) > 0
		lines, h := measure(cells, header || st.Bold || band, band)
		if p.GetY()+h > w.bottom() {
			p.AddPage()
			if !header {
				draw(t.Header, true, RowStyle{})
			}
		}
		y := p.GetY()
		if band {
			w.fill(*st.Band)
			p.Rect(left, y, width, h, "F")
			w.p.SetTextColor(255, 255, 255)
			for j, l := range lines[0] {
				w.drawRuns(l, left+pdfCellPad, y+pdfCellPad+float64(j)*pdfTableLine, pdfTableFont, pdfTableLine, "L", 0)
			}
			w.color(pdfInk)
			p.SetXY(left, y+h)
			return
		}
		x := left
		for i := range cells {
			style := "D"
			if header {
				w.fill(pdfHeadRow)
				style = "FD"
			}
			w.stroke(pdfRule, 0.2)
			p.Rect(x, y, widths[i], h, style)
			align := "L"
			if i < len(t.Align) {
				switch t.Align[i] {
				case Right:
					align = "R"
				case Center:
					align = "C"
				}
			}
			for j, l := range lines[i] {
				w.drawRuns(l, x+pdfCellPad, y+pdfCellPad+float64(j)*pdfTableLine, pdfTableFont, pdfTableLine, align, widths[i]-2*pdfCellPad)
			}
			x += widths[i]
		}
		p.SetXY(left, y+h)
	}
	// A header with the first row, never alone at a page's foot.
	_, hh := measure(t.Header, true, false)
	need := hh
	if len(t.Rows) > 0 {
		_, rh := measure(t.Rows[0], false, false)
		need += rh
	}
	w.needs(need)
	draw(t.Header, true, RowStyle{})
	for i, r := range t.Rows {
		draw(r, false, t.Style(i))
	}
	p.Ln(3)
}

// figure draws a figure's shapes, scaled down to the text width if wider,
// with a numbered caption under it.
func (w *pdfWriter) figure(f *Figure, caption []Span) {
	p := w.p
	scale := 1.0
	if f.Width > w.width() {
		scale = w.width() / f.Width
	}
	h := f.Height * scale
	w.needs(h + 8)
	left, _, _, _ := p.GetMargins()
	ox := left + (w.width()-f.Width*scale)/2
	oy := p.GetY()
	at := func(x, y float64) (float64, float64) { return ox + x*scale, oy + y*scale }
	for _, s := range f.Shapes {
		style := ""
		if s.Fill != nil {
			w.fill(*s.Fill)
			style += "F"
		}
		if s.Stroke != nil {
			w.stroke(*s.Stroke, max(s.LineWidth, 0.1)*scale)
			style += "D"
		}
		if len(s.Dash) > 0 {
			dash := make([]float64, len(s.Dash))
			for i, d := range s.Dash {
				dash[i] = d * scale
			}
			p.SetDashPattern(dash, 0)
		}
		if s.Opacity > 0 && s.Opacity < 1 {
			p.SetAlpha(s.Opacity, "Normal")
		}
		switch s.Kind {
		case RectShape:
			if style != "" {
				x, y := at(s.X, s.Y)
				p.Rect(x, y, s.W*scale, s.H*scale, style)
			}
		case LineShape:
			if len(s.Points) == 2 && s.Stroke != nil {
				x1, y1 := at(s.Points[0].X, s.Points[0].Y)
				x2, y2 := at(s.Points[1].X, s.Points[1].Y)
				p.Line(x1, y1, x2, y2)
			}
		case PolygonShape:
			if style != "" && len(s.Points) > 2 {
				pts := make([]fpdf.PointType, len(s.Points))
				for i, pt := range s.Points {
					pts[i].X, pts[i].Y = at(pt.X, pt.Y)
				}
				p.Polygon(pts, style)
			}
		case TextShape:
			colour := pdfInk
			if s.Fill != nil {
				colour = *s.Fill
			}
			w.color(colour)
			w.font(s.Bold, false, s.Size*scale)
			x, y := at(s.X, s.Y)
			switch s.Anchor {
			case AnchorMiddle:
				x -= w.strWidth(s.Text) / 2
			case AnchorEnd:
				x -= w.strWidth(s.Text)
			}
			w.text(x, y, w.str(s.Text))
			w.color(pdfInk)
		}
		if len(s.Dash) > 0 {
			p.SetDashPattern(nil, 0)
		}
		if s.Opacity > 0 && s.Opacity < 1 {
			p.SetAlpha(1, "Normal")
		}
	}
	p.SetXY(left, oy+h+2)
	w.figs++
	if len(caption) > 0 {
		w.caption("Figure", w.figs, caption)
	}
	p.Ln(2)
}

// contents lists the level-1 headings after block i with their pages,
// which are filled in once the document is laid out.
func (w *pdfWriter) contents(i int) {
	p := w.p
	left, _, _, _ := p.GetMargins()
	width := w.width()
	for j := i + 1; j < len(w.doc.Blocks); j++ {
		b := w.doc.Blocks[j]
		if b.Kind != Heading || b.Level != 1 {
			continue
		}
		key := headingKey(j, b)
		link := w.links[key]
		w.needs(7)
		y := p.GetY()
		w.font(false, false, 10.5)
		p.SetX(left)
		p.CellFormat(width-20, 7, w.str(Plain(b.Text)), "", 0, "L", false, link, "")
		w.toc = append(w.toc, tocEntry{key: key, page: p.PageNo(), link: link, x: p.GetX(), y: y, w: 20, h: 7})
		p.Ln(7)
		w.stroke(RGB{200, 205, 210}, 0.1)
		p.Line(left, y+7, left+width, y+7)
	}
	p.Ln(4)
}

// cover draws a title page: a band in the cover's colour, then the facts.
func (w *pdfWriter) cover(c *Cover) {
	p := w.p
	pw, ph := p.GetPageSize()
	width := w.width()
	w.fill(c.Colour)
	p.Rect(0, 0, pw, 92, "F")
	p.SetTextColor(255, 255, 255)
	w.font(false, false, 12)
	p.SetXY(pdfMargin, 30)
	p.CellFormat(width, 7, w.str(c.Kicker), "", 1, "L", false, 0, "")
	w.font(true, false, 30)
	p.SetX(pdfMargin)
	p.MultiCell(width, 13, w.str(c.Title), "", "L", false)
	w.font(false, false, 11)
	p.SetX(pdfMargin)
	p.CellFormat(width, 7, w.str(c.Subtitle), "", 1, "L", false, 0, "")
	w.color(pdfInk)
	p.SetXY(pdfMargin, 108)
	if c.Heading != "" {
		w.font(true, false, 11)
		p.CellFormat(width, 7, w.str(c.Heading), "", 1, "L", false, 0, "")
	}
	for _, kv := range c.Facts {
		y := p.GetY()
		w.font(false, false, 10)
		w.color(pdfMuted)
		p.SetXY(pdfMargin, y+1)
		p.CellFormat(32, 6, w.str(kv[0]), "", 0, "L", false, 0, "")
		w.color(pdfInk)
		p.SetLeftMargin(pdfMargin + 32)
		p.SetXY(pdfMargin+32, y+1)
		w.lines(Text(kv[1]), 10, 6, false, false)
		p.SetLeftMargin(pdfMargin)
		p.Ln(6)
	}
	if c.Note != "" {
		p.SetXY(pdfMargin, ph-40)
		w.color(pdfMuted)
		w.lines(Text(c.Note), pdfNote, pdfNoteLine, false, false)
		w.color(pdfInk)
	}
	p.AddPage()
}

// text draws s, already in the document's encoding, with its baseline at
// (x, y), as fpdf's Text does; with the document's own encoding it writes
// the operators itself, since formatting them with fmt, as fpdf does, was
// the largest cost of drawing a table. The text colour is set inside q/Q
// every time rather than left to the fill colour.
func (w *pdfWriter) text(x, y float64, s string) {
	p := w.p
	if w.enc == nil {
		p.Text(x, y, s)
		return
	}
	k := p.GetConversionRatio()
	_, h := p.GetPageSize()
	r, g, b := p.GetTextColor()
	op := append(w.ops[:0], "q "...)
	for _, c := range [3]int{r, g, b} {
		op = strconv.AppendFloat(op, float64(c)/255, 'f', 3, 64)
		op = append(op, ' ')
	}
	op = append(op, "rg BT "...)
	op = strconv.AppendFloat(op, x*k, 'f', 2, 64)
	op = append(op, ' ')
	op = strconv.AppendFloat(op, (h-y)*k, 'f', 2, 64)
	op = append(op, " Td ("...)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '(', ')':
			op = append(op, '\\', c)
		case '\r':
			op = append(op, '\\', 'r')
		default:
			op = append(op, c)
		}
	}
	op = append(op, ") Tj ET Q"...)
	w.ops = op
	p.RawWriteStr(string(op))
}

// fit shortens text with an ellipsis until it fits width at the current
// font, and gives it in the document's encoding; it measures at most a
// bounded prefix of a long text.
func (w *pdfWriter) fit(text string, width float64) string {
	const most = 200
	r := []rune(text)
	if len(r) > most {
		r = append(r[:most], '…')
	}
	if s := w.str(string(r)); w.p.GetStringWidth(s) <= width {
		return s
	}
	for len(r) > 1 {
		r = r[:len(r)-1]
		if s := w.str(string(r) + "…"); w.p.GetStringWidth(s) <= width {
			return s
		}
	}
	return ""
}

// str is text in the document's encoding, as fpdf draws and measures it.
func (w *pdfWriter) str(s string) string {
	if w.enc == nil {
		return s
	}
	return w.enc.encode(s, w.missing)
}

// strWidth is the width of text at the current font.
func (w *pdfWriter) strWidth(s string) float64 { return w.p.GetStringWidth(w.str(s)) }

// bookmark adds an outline entry. With the document's own encoding fpdf
// writes the title's bytes as they are, so it is given as UTF-16 with a
// byte order mark, which every reader takes for Unicode.
func (w *pdfWriter) bookmark(text string, level int) {
	if w.enc != nil {
		u := utf16.Encode([]rune(text))
		b := make([]byte, 2, 2+2*len(u))
		b[0], b[1] = 0xFE, 0xFF
		for _, c := range u {
			b = append(b, byte(c>>8), byte(c))
		}
		text = string(b)
	}
	w.p.Bookmark(text, level, -1)
}
