package document

import "time"

// Document is what the writers lay out: metadata and a flat list of
// blocks, read from Markdown by ParseMarkdown or built by a report.
type Document struct {
	Title    string
	Subject  string
	Author   string
	Language string // BCP 47, e.g. cs or en
	Date     time.Time
	// Header is the running head of every page but a cover, left and right;
	// empty for none.
	Header [2]string
	// Footer starts every page's footer, before "page N of M"; the title
	// when empty.
	Footer string
	Blocks []Block
}

// BlockKind says what a block is.
type BlockKind int

// The kinds of block.
const (
	Heading BlockKind = iota
	Paragraph
	Bullets
	Numbered
	TableBlock
	FigureBlock
	// Contents lists the level-1 headings that follow, with page numbers
	// where the format has pages.
	Contents
	PageBreak
	CoverBlock
)

// Block is one heading, paragraph, list, table, figure, contents list,
// page break or cover.
type Block struct {
	Kind  BlockKind
	Level int    // headings: 1-3
	Text  []Span // headings and paragraphs
	Items [][]Span
	Table *Table
	// Figure is a vector drawing; Text is its caption.
	Figure *Figure
	Cover  *Cover
	// Note sets a paragraph or list in small, muted type.
	Note bool
	// NewPage starts a heading on a new page.
	NewPage bool
	// ID is a heading's anchor, unique in the document.
	ID string
}

// Span is a run of text with one style. Break ends a line inside a block.
type Span struct {
	Text   string
	Bold   bool
	Italic bool
	Break  bool
}

// Table is a table with a header row, an optional caption (numbered by the
// writers) and relative column widths. It breaks across pages between
// rows, with the header repeated.
type Table struct {
	Caption []Span
	Header  [][]Span
	Rows    [][][]Span
	Align   []Align
	Widths  []float64 // fractions of the text width, summing to 1
	// Styles, when set, has one entry per row.
	Styles []RowStyle
}

// Column is a column of a table of plain text: its heading, its width
// relative to the other columns and its alignment.
type Column struct {
	Title  string
	Weight float64
	Align  Align
}

// TextTable builds a table of plain-text cells, its column widths the
// columns' weights as fractions of their sum. A row shorter than the
// columns is padded with empty cells.
func TextTable(caption string, cols []Column, rows [][]string) *Table {
	t := &Table{Caption: Text(caption)}
	total := 0.0
	for _, c := range cols {
		total += c.Weight
	}
	for _, c := range cols {
		t.Header = append(t.Header, Text(c.Title))
		t.Widths = append(t.Widths, c.Weight/total)
		t.Align = append(t.Align, c.Align)
	}
	for _, r := range rows {
		cells := make([][]Span, len(cols))
		for i := range cols {
			if i < len(r) {
				cells[i] = Text(r[i])
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// Style is row i's style.
func (t *Table) Style(i int) RowStyle {
	if i < len(t.Styles) {
		return t.Styles[i]
	}
	return RowStyle{}
}

// RowStyle sets a row in bold (a total) or as a band: its first cell
// across the table, white on the band's colour (a group heading).
type RowStyle struct {
	Bold bool
	Band *RGB
}

// Align is a column's alignment.
type Align int

// Column alignments.
const (
	Left Align = iota
	Right
	Center
)

// Cover is a title page: a coloured band with a kicker, the title and a
// subtitle, then labelled facts, and a note at the foot of the page.
type Cover struct {
	Kicker, Title, Subtitle string
	Colour                  RGB
	Heading                 string
	Facts                   [][2]string
	Note                    string
}

// Plain joins spans into text, line breaks as newlines.
func Plain(spans []Span) string {
	var out []byte
	for _, s := range spans {
		if s.Break {
			out = append(out, '\n')
			continue
		}
		out = append(out, s.Text...)
	}
	return string(out)
}

// Text is a span list of one plain span, or none for empty text.
func Text(s string) []Span {
	if s == "" {
		return nil
	}
	return []Span{{Text: s}}
}
