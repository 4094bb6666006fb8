package document

import (
	"fmt"
	"html"
	"strconv"
	"strings"
)

// htmlStyle is the page's only stylesheet. Colours keep a contrast of at
// least 4.5:1 on white; print rules make the page print like the PDF: A4,
// chapters on new pages where the PDF starts them, table headers repeated
// and rows and figures never split.
const htmlStyle = `:root { --ink: #212529; --muted: #555c63; --rule: #c8cdd2; --shade: #f1f3f5; --accent: #1f3864; --head: #dce3ee; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; color: var(--ink); line-height: 1.5; background: #fff; }
main { max-width: 1040px; margin: 0 auto; padding: 0 24px 48px; }
header.cover .band { color: #fff; padding: 48px 24px 32px; }
header.cover .inner { max-width: 1040px; margin: 0 auto; }
header.cover h1 { font-size: 2.6rem; margin: .2rem 0; color: #fff; }
header.cover .band p { margin: .2rem 0; }
header.cover .facts-block { max-width: 1040px; margin: 0 auto; padding: 0 24px; }
dl.facts { display: grid; grid-template-columns: 10rem 1fr; gap: .3rem 1rem; margin: 1.5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
nav.toc ul { columns: 2; list-style: none; padding-left: 0; }
nav.toc a { color: var(--accent); }
h1, h2 { color: var(--accent); }
h2 { border-bottom: 2px solid var(--rule); padding-bottom: .2rem; margin-top: 2.5rem; }
h3, h4 { margin-bottom: .3rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: .8rem 0 1.2rem; font-size: .9rem; overflow-wrap: break-word; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; color: var(--accent); }
th, td { padding: .35rem .5rem; vertical-align: top; text-align: left; border: 1px solid var(--rule); }
thead th { background: var(--head); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; }
tr.band th { color: #fff; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; max-width: 100%; }
figcaption { font-weight: 600; color: var(--accent); font-size: .9rem; }
.note { color: var(--muted); font-size: .85rem; }
.nowrap { white-space: nowrap; }
@media print {
  @page { size: A4; margin: 20mm; }
  body { font-size: 9.5pt; line-height: 1.4; }
  main { max-width: none; padding: 0; }
  header.cover { break-after: page; }
  header.cover .band { padding: 24px; }
  header.cover .facts-block { padding: 0; }
  table { font-size: 7.5pt; margin: .4rem 0 .8rem; }
  th, td { padding: .1rem .25rem; }
  h2 { margin-top: 0; font-size: 15pt; }
  h3 { font-size: 11pt; margin: .8rem 0 .2rem; }
  p, ul, ol { margin: .3rem 0 .5rem; }
  .new-page { break-before: page; }
  .page-break { break-after: page; }
  tr, figure, li { break-inside: avoid; }
  thead { display: table-header-group; }
  caption, thead, h2, h3, h4 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  nav.toc ul { columns: 1; }
}
`

// HTML writes the document as one self-contained page: inline CSS, figures
// as inline SVG with a title for screen readers, no scripts and nothing
// from the network. Every text is escaped, so nothing from the inputs
// becomes markup. With a cover, its title is the page's h1 and level-1
// headings are h2, each opening a section.
func HTML(doc *Document) ([]byte, error) {
	w := &htmlWriter{doc: doc, shift: 0}
	if len(doc.Blocks) > 0 && doc.Blocks[0].Kind == CoverBlock {
		w.shift = 1
	}
	b := &w.b
	lang := doc.Language
	if lang == "" {
		lang = "en"
	}
	fmt.Fprintf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"+
		"<meta name=\"generator\" content=\"citypath\">\n<meta name=\"date\" content=\"%s\">\n<title>%s</title>\n<style>\n%s</style>\n</head>\n<body>\n",
		esc(lang), doc.Date.Format("2006-01-02"), esc(doc.Title), htmlStyle)
	start := 0
	if w.shift == 1 {
		w.cover(doc.Blocks[0].Cover)
		start = 1
	} else {
		b.WriteString("<main>\n")
	}
	for i := start; i < len(doc.Blocks); i++ {
		w.block(i, doc.Blocks[i])
	}
	w.closeSection()
	b.WriteString("</main>\n</body>\n</html>\n")
	return []byte(b.String()), nil
}

type htmlWriter struct {
	doc     *Document
	b       strings.Builder
	shift   int // heading level offset: 1 under a cover's h1
	section bool
	tables  int
	figs    int
}

func esc(s string) string { return html.EscapeString(s) }

func (w *htmlWriter) closeSection() {
	if w.section {
		w.b.WriteString("</section>\n")
		w.section = false
	}
}

// anchor is a level-1 heading's id.
func anchor(i int, b Block) string { return headingKey(i, b) }

func (w *htmlWriter) block(i int, bl Block) {
	b := &w.b
	switch bl.Kind {
	case Heading:
		level := min(bl.Level+w.shift, 6)
		if bl.Level == 1 {
			w.closeSection()
			id := anchor(i, bl)
			class := ""
			if bl.NewPage {
				class = ` class="new-page"`
			}
			fmt.Fprintf(b, "<section id=\"%s\"%s aria-labelledby=\"%s-h\">\n<h%d id=\"%s-h\">%s</h%d>\n", esc(id), class, esc(id), level, esc(id), spansHTML(bl.Text), level)
			w.section = true
			return
		}
		fmt.Fprintf(b, "<h%d>%s</h%d>\n", level, spansHTML(bl.Text), level)
	case Paragraph:
		if bl.Note {
			fmt.Fprintf(b, "<p class=\"note\">%s</p>\n", spansHTML(bl.Text))
			return
		}
		fmt.Fprintf(b, "<p>%s</p>\n", spansHTML(bl.Text))
	case Bullets, Numbered:
		tag := "ul"
		if bl.Kind == Numbered {
			tag = "ol"
		}
		class := ""
		if bl.Note {
			class = ` class="note"`
		}
		fmt.Fprintf(b, "<%s%s>\n", tag, class)
		for _, it := range bl.Items {
			fmt.Fprintf(b, "<li>%s</li>\n", spansHTML(it))
		}
		fmt.Fprintf(b, "</%s>\n", tag)
	case TableBlock:
		w.table(bl.Table)
	case FigureBlock:
		w.figure(bl.Figure, bl.Text)
	case Contents:
		// The headings carry their numbers, so the list does not.
		b.WriteString("<nav class=\"toc\" aria-label=\"Contents\">\n<ul>\n")
		for j := i + 1; j < len(w.doc.Blocks); j++ {
			if h := w.doc.Blocks[j]; h.Kind == Heading && h.Level == 1 {
				fmt.Fprintf(b, "<li><a href=\"#%s\">%s</a></li>\n", esc(anchor(j, h)), spansHTML(h.Text))
			}
		}
		b.WriteString("</ul>\n</nav>\n")
	case PageBreak:
		b.WriteString("<div class=\"page-break\"></div>\n")
	case CoverBlock:
		// Only a first block is a cover; elsewhere it is not drawn.
	}
}

func (w *htmlWriter) cover(c *Cover) {
	b := &w.b
	fmt.Fprintf(b, "<header class=\"cover\">\n<div class=\"band\" style=\"background:%s\">\n<div class=\"inner\">\n<p>%s</p>\n<h1>%s</h1>\n<p>%s</p>\n</div>\n</div>\n<div class=\"facts-block\">\n",
		c.Colour.Hex(), esc(c.Kicker), esc(c.Title), esc(c.Subtitle))
	if c.Heading != "" {
		fmt.Fprintf(b, "<p><strong>%s</strong></p>\n", esc(c.Heading))
	}
	if len(c.Facts) > 0 {
		b.WriteString("<dl class=\"facts\">\n")
		for _, kv := range c.Facts {
			fmt.Fprintf(b, "<dt>%s</dt><dd>%s</dd>\n", esc(kv[0]), keepNumbers(esc(kv[1])))
		}
		b.WriteString("</dl>\n")
	}
	if c.Note != "" {
		fmt.Fprintf(b, "<p class=\"note\">%s</p>\n", esc(c.Note))
	}
	b.WriteString("</div>\n</header>\n<main>\n")
}

// spansHTML writes spans as escaped text with <strong>, <em> and <br>.
func spansHTML(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Break {
			b.WriteString("<br>")
			continue
		}
		b.WriteString(emphasised(keepNumbers(esc(s.Text)), s, [2]string{"<strong>", "</strong>"}, [2]string{"<em>", "</em>"}))
	}
	return b.String()
}

// keepNumbers joins a number's digit groups with no-break spaces, so
// that "2 400 000" never breaks across lines.
func keepNumbers(s string) string { return strings.ReplaceAll(joinDigits(s), "\u00a0", "&nbsp;") }

func (w *htmlWriter) table(t *Table) {
	b := &w.b
	b.WriteString("<table>\n")
	if len(t.Caption) > 0 {
		w.tables++
		fmt.Fprintf(b, "<caption>Table %d: %s</caption>\n", w.tables, spansHTML(t.Caption))
	}
	class := func(i int) string {
		if i < len(t.Align) && t.Align[i] == Right {
			return ` class="num"`
		}
		return ""
	}
	b.WriteString("<colgroup>")
	for _, wd := range t.Widths {
		fmt.Fprintf(b, "<col style=\"width:%s%%\">", num(round3f(wd*100)))
	}
	b.WriteString("</colgroup>\n<thead><tr>")
	for i, c := range t.Header {
		fmt.Fprintf(b, "<th scope=\"col\"%s>%s</th>", class(i), spansHTML(c))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for i, r := range t.Rows {
		st := t.Style(i)
		if st.Band != nil && len(r) > 0 {
			fmt.Fprintf(b, "<tr class=\"band\"><th scope=\"colgroup\" colspan=\"%d\" style=\"background:%s\">%s</th></tr>\n", len(t.Header), st.Band.Hex(), spansHTML(r[0]))
			continue
		}
		if st.Bold {
			b.WriteString("<tr class=\"total\">")
		} else {
			b.WriteString("<tr>")
		}
		for j, c := range r {
			fmt.Fprintf(b, "<td%s>%s</td>", class(j), spansHTML(c))
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
}

// num writes a coordinate in millimetres, short and stable.
func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func round3f(v float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', 3, 64), 64)
	return r
}

// figure writes a figure as inline SVG in millimetre units. Text is set to
// the width the layout measured (textLength), so that a browser's fallback
// font can neither cut a label nor run it into a bar.
func (w *htmlWriter) figure(f *Figure, caption []Span) {
	b := &w.b
	w.figs++
	id := fmt.Sprintf("figure-%d", w.figs)
	fmt.Fprintf(b, "<figure>\n<svg viewBox=\"0 0 %s %s\" role=\"img\" aria-labelledby=\"%s-t\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Go, 'DejaVu Sans', sans-serif\">\n<title id=\"%s-t\">%s</title>\n",
		num(f.Width), num(round3f(f.Height)), id, id, esc(f.Alt))
	paint := func(s Shape) string {
		var a strings.Builder
		if s.Fill != nil {
			fmt.Fprintf(&a, ` fill="%s"`, s.Fill.Hex())
			if s.Opacity > 0 && s.Opacity < 1 {
				fmt.Fprintf(&a, ` fill-opacity="%s"`, num(s.Opacity))
			}
		} else {
			a.WriteString(` fill="none"`)
		}
		if s.Stroke != nil {
			fmt.Fprintf(&a, ` stroke="%s" stroke-width="%s"`, s.Stroke.Hex(), num(round3f(max(s.LineWidth, 0.1))))
			if len(s.Dash) > 0 {
				var d []string
				for _, x := range s.Dash {
					d = append(d, num(x))
				}
				fmt.Fprintf(&a, ` stroke-dasharray="%s"`, strings.Join(d, " "))
			}
		}
		return a.String()
	}
	for _, s := range f.Shapes {
		switch s.Kind {
		case RectShape:
			fmt.Fprintf(b, "<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\"%s/>\n", num(round3f(s.X)), num(round3f(s.Y)), num(round3f(s.W)), num(round3f(s.H)), paint(s))
		case LineShape:
			if len(s.Points) == 2 {
				fmt.Fprintf(b, "<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\"%s/>\n", num(round3f(s.Points[0].X)), num(round3f(s.Points[0].Y)), num(round3f(s.Points[1].X)), num(round3f(s.Points[1].Y)), paint(s))
			}
		case PolygonShape:
			var pts []string
			for _, p := range s.Points {
				pts = append(pts, num(round3f(p.X))+","+num(round3f(p.Y)))
			}
			fmt.Fprintf(b, "<polygon points=\"%s\"%s/>\n", strings.Join(pts, " "), paint(s))
		case TextShape:
			anchorAttr := ""
			switch s.Anchor {
			case AnchorMiddle:
				anchorAttr = ` text-anchor="middle"`
			case AnchorEnd:
				anchorAttr = ` text-anchor="end"`
			}
			weight := ""
			if s.Bold {
				weight = ` font-weight="700"`
			}
			colour := pdfInk
			if s.Fill != nil {
				colour = *s.Fill
			}
			fmt.Fprintf(b, "<text x=\"%s\" y=\"%s\" font-size=\"%s\"%s%s fill=\"%s\" textLength=\"%s\" lengthAdjust=\"spacingAndGlyphs\">%s</text>\n",
				num(round3f(s.X)), num(round3f(s.Y)), num(round3f(s.Size*25.4/72)), weight, anchorAttr, colour.Hex(),
				num(round3f(TextWidth(s.Text, s.Size, s.Bold))), esc(s.Text))
		}
	}
	b.WriteString("</svg>\n")
	if len(caption) > 0 {
		fmt.Fprintf(b, "<figcaption>Figure %d: %s</figcaption>\n", w.figs, spansHTML(caption))
	}
	b.WriteString("</figure>\n")
}
