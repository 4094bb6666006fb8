package document

import "time"

// Document is what the DOCX and PDF writers lay out: metadata and a flat
// list of blocks, read from Markdown by ParseMarkdown.
type Document struct {
	Title    string
	Subject  string
	Author   string
	Language string // BCP 47, e.g. cs or en
	Date     time.Time
	Blocks   []Block
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
)

// Block is one heading, paragraph, list or table.
type Block struct {
	Kind  BlockKind
	Level int    // headings: 1-3
	Text  []Span // headings and paragraphs
	Items [][]Span
	Table *Table
}

// Span is a run of text with one style. Break ends a line inside a block.
type Span struct {
	Text   string
	Bold   bool
	Italic bool
	Break  bool
}

// Table is a table with a header row, an optional caption (numbered by the
// writers) and relative column widths.
type Table struct {
	Caption []Span
	Header  [][]Span
	Rows    [][][]Span
	Align   []Align
	Widths  []float64 // fractions of the text width, summing to 1
}

// Align is a column's alignment.
type Align int

// Column alignments.
const (
	Left Align = iota
	Right
	Center
)

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
