package document

import (
	"fmt"
	"strings"
)

// Markdown writes the document as CommonMark with GitHub pipe tables, the
// dialect ParseMarkdown reads: ATX headings, "- " and "1. " lists, tables
// with a delimiter row for alignment and a "Table: " caption line above,
// **bold**, *italic* and <br> for line breaks. All text is escaped, so
// nothing from the inputs becomes markup. A contents list becomes a list
// of the chapters; figures are written as their description, and a cover
// as the title and facts.
func Markdown(doc *Document) []byte {
	var b strings.Builder
	for i, bl := range doc.Blocks {
		switch bl.Kind {
		case Heading:
			fmt.Fprintf(&b, "%s %s\n\n", strings.Repeat("#", min(max(bl.Level, 1), 6)), mdSpans(bl.Text))
		case Paragraph:
			if t := mdSpans(bl.Text); t != "" {
				b.WriteString(t + "\n\n")
			}
		case Bullets, Numbered:
			for k, it := range bl.Items {
				mark := "-"
				if bl.Kind == Numbered {
					mark = fmt.Sprintf("%d.", k+1)
				}
				fmt.Fprintf(&b, "%s %s\n", mark, mdSpans(it))
			}
			b.WriteString("\n")
		case TableBlock:
			mdTable(&b, bl.Table)
		case FigureBlock:
			fmt.Fprintf(&b, "*%s*\n\n", mdText(bl.Figure.Alt))
		case Contents:
			for j := i + 1; j < len(doc.Blocks); j++ {
				if h := doc.Blocks[j]; h.Kind == Heading && h.Level == 1 {
					fmt.Fprintf(&b, "- %s\n", mdSpans(h.Text))
				}
			}
			b.WriteString("\n")
		case CoverBlock:
			c := bl.Cover
			fmt.Fprintf(&b, "# %s: %s\n\n", mdText(c.Kicker), mdText(c.Title))
			for _, kv := range c.Facts {
				fmt.Fprintf(&b, "- **%s**: %s\n", mdText(kv[0]), mdText(kv[1]))
			}
			b.WriteString("\n")
		case PageBreak:
		}
	}
	return []byte(b.String())
}

func mdTable(b *strings.Builder, t *Table) {
	if len(t.Caption) > 0 {
		fmt.Fprintf(b, "Table: %s\n", mdSpans(t.Caption))
	}
	row := func(cells [][]Span) {
		b.WriteString("|")
		for _, c := range cells {
			b.WriteString(" " + mdSpans(c) + " |")
		}
		b.WriteString("\n")
	}
	row(t.Header)
	b.WriteString("|")
	for i := range t.Header {
		switch {
		case i < len(t.Align) && t.Align[i] == Right:
			b.WriteString("---:|")
		case i < len(t.Align) && t.Align[i] == Center:
			b.WriteString(":---:|")
		default:
			b.WriteString("---|")
		}
	}
	b.WriteString("\n")
	for i, r := range t.Rows {
		cells := r
		if st := t.Style(i); st.Bold || st.Band != nil {
			cells = make([][]Span, len(r))
			for j, c := range r {
				cells[j] = emphasise(c)
			}
		}
		row(cells)
	}
	b.WriteString("\n")
}

// emphasised wraps text in a span's italic and bold marks, bold outside.
func emphasised(t string, s Span, bold, italic [2]string) string {
	if s.Italic {
		t = italic[0] + t + italic[1]
	}
	if s.Bold {
		t = bold[0] + t + bold[1]
	}
	return t
}

// emphasise sets spans in bold.
func emphasise(spans []Span) []Span {
	out := make([]Span, len(spans))
	for i, s := range spans {
		s.Bold = true
		out[i] = s
	}
	return out
}

// mdSpans writes spans with their emphasis, text escaped.
func mdSpans(spans []Span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Break {
			b.WriteString("<br>")
			continue
		}
		// Emphasis markers must touch the text, so the spaces around a
		// span stay outside them.
		core := strings.TrimSpace(s.Text)
		if core == "" {
			b.WriteString(s.Text)
			continue
		}
		lead, trail := "", ""
		if strings.HasPrefix(s.Text, " ") {
			lead = " "
		}
		if strings.HasSuffix(s.Text, " ") {
			trail = " "
		}
		b.WriteString(lead + emphasised(mdText(core), s, [2]string{"**", "**"}, [2]string{"*", "*"}) + trail)
	}
	return b.String()
}

// mdText escapes text inside a block: Markdown and HTML characters and the
// table's pipe. The line-start escapes of Escape are harmless here.
func mdText(s string) string { return Escape(s) }
