package templates

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ParseMarkdown reads the Markdown subset citypath's templates write:
// ATX headings (#, ##, ###), paragraphs, "- " and "1. " lists, pipe tables
// with a delimiter row (its dashes set relative column widths, ":" the
// alignment) and an optional "Table: caption" line just above, plus
// **bold**, *italic* or _italic_, <br> line breaks and backslash escapes
// inline. Anything else is kept as paragraph text, so nothing written is
// lost. name is used in errors.
func ParseMarkdown(name string, src []byte) ([]Block, error) {
	if !utf8.Valid(src) {
		return nil, fmt.Errorf("%s: not valid UTF-8", name)
	}
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	var blocks []Block
	var para []string
	var caption []Span
	flush := func() {
		if len(para) > 0 {
			blocks = append(blocks, Block{Kind: Paragraph, Text: Inline(strings.Join(para, " "))})
			para = nil
		}
	}
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t")
		trimmed := strings.TrimLeft(line, " ")
		switch {
		case trimmed == "":
			flush()
		case headingLevel(trimmed) > 0:
			flush()
			lv := headingLevel(trimmed)
			blocks = append(blocks, Block{Kind: Heading, Level: lv, Text: Inline(strings.TrimSpace(trimmed[lv:]))})
		case strings.HasPrefix(trimmed, "Table: "):
			flush()
			caption = Inline(strings.TrimPrefix(trimmed, "Table: "))
		case strings.HasPrefix(trimmed, "|") && i+1 < len(lines) && isDelimiterRow(lines[i+1]):
			flush()
			t := &Table{Caption: caption}
			caption = nil
			t.Header = cells(trimmed)
			t.Align, t.Widths = delimiter(lines[i+1], len(t.Header))
			i += 2
			for ; i < len(lines) && strings.HasPrefix(strings.TrimSpace(lines[i]), "|"); i++ {
				row := cells(strings.TrimSpace(lines[i]))
				for len(row) < len(t.Header) {
					row = append(row, nil)
				}
				t.Rows = append(t.Rows, row[:len(t.Header)])
			}
			i--
			blocks = append(blocks, Block{Kind: TableBlock, Table: t})
		case listItem(trimmed) != "":
			flush()
			kind := Bullets
			if trimmed[0] >= '0' && trimmed[0] <= '9' {
				kind = Numbered
			}
			var items [][]Span
			for i < len(lines) {
				t := strings.TrimLeft(lines[i], " ")
				text := listItem(t)
				if text == "" || (kind == Numbered) != (t[0] >= '0' && t[0] <= '9') {
					break
				}
				// Indented lines that follow continue the item.
				for i+1 < len(lines) && strings.HasPrefix(lines[i+1], "  ") && listItem(strings.TrimLeft(lines[i+1], " ")) == "" && strings.TrimSpace(lines[i+1]) != "" {
					i++
					text += " " + strings.TrimSpace(lines[i])
				}
				items = append(items, Inline(text))
				i++
			}
			i--
			blocks = append(blocks, Block{Kind: kind, Items: items})
		default:
			if caption != nil {
				// A caption not followed by a table is ordinary text.
				para = append(para, "Table: "+Plain(caption))
				caption = nil
			}
			para = append(para, trimmed)
		}
	}
	flush()
	return blocks, nil
}

func headingLevel(s string) int {
	n := 0
	for n < len(s) && n < 4 && s[n] == '#' {
		n++
	}
	if n == 0 || n > 3 || n >= len(s) || s[n] != ' ' {
		return 0
	}
	return n
}

// listItem returns the text of a "- item" or "1. item" line, or "".
func listItem(s string) string {
	if strings.HasPrefix(s, "- ") || strings.HasPrefix(s, "* ") {
		return strings.TrimSpace(s[2:])
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i+1 < len(s) && s[i] == '.' && s[i+1] == ' ' {
		return strings.TrimSpace(s[i+2:])
	}
	return ""
}

func isDelimiterRow(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "|") || !strings.Contains(s, "-") {
		return false
	}
	return strings.Trim(s, "|-: ") == ""
}

// delimiter reads alignments and relative widths from a delimiter row.
func delimiter(s string, n int) ([]Align, []float64) {
	parts := splitRow(strings.TrimSpace(s))
	align := make([]Align, n)
	widths := make([]float64, n)
	total := 0.0
	for i := 0; i < n; i++ {
		p := "---"
		if i < len(parts) {
			p = strings.TrimSpace(parts[i])
		}
		switch {
		case strings.HasPrefix(p, ":") && strings.HasSuffix(p, ":"):
			align[i] = Center
		case strings.HasSuffix(p, ":"):
			align[i] = Right
		}
		widths[i] = float64(max(strings.Count(p, "-"), 1))
		total += widths[i]
	}
	for i := range widths {
		widths[i] /= total
	}
	return align, widths
}

func cells(row string) [][]Span {
	var out [][]Span
	for _, c := range splitRow(row) {
		out = append(out, Inline(strings.TrimSpace(c)))
	}
	return out
}

// splitRow splits a table row at unescaped pipes, dropping the outer ones.
func splitRow(row string) []string {
	row = strings.TrimPrefix(row, "|")
	if strings.HasSuffix(row, "|") && !strings.HasSuffix(row, `\|`) {
		row = row[:len(row)-1]
	}
	var out []string
	var cur strings.Builder
	for i := 0; i < len(row); i++ {
		switch {
		case row[i] == '\\' && i+1 < len(row):
			cur.WriteByte(row[i])
			cur.WriteByte(row[i+1])
			i++
		case row[i] == '|':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(row[i])
		}
	}
	return append(out, cur.String())
}

// Inline reads emphasis, line breaks and escapes of one block's text.
func Inline(s string) []Span {
	var spans []Span
	var cur strings.Builder
	bold, italic := false, false
	emit := func() {
		if cur.Len() > 0 {
			spans = append(spans, Span{Text: cur.String(), Bold: bold, Italic: italic})
			cur.Reset()
		}
	}
	for i := 0; i < len(s); {
		switch {
		case s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			cur.WriteByte(s[i+1])
			i += 2
		case strings.HasPrefix(s[i:], "**"):
			emit()
			bold = !bold
			i += 2
		case s[i] == '*' || s[i] == '_' && emphasisDelimiter(s, i):
			emit()
			italic = !italic
			i++
		case strings.HasPrefix(s[i:], "<br>"):
			emit()
			spans = append(spans, Span{Break: true})
			i += 4
		default:
			cur.WriteByte(s[i])
			i++
		}
	}
	emit()
	return spans
}

// emphasisDelimiter tells an _ that opens or closes emphasis from one
// inside a word, so that snake_case stays as written. A * always delimits:
// text from inputs has its asterisks escaped.
func emphasisDelimiter(s string, i int) bool {
	inside := i > 0 && isWordByte(s[i-1]) && i+1 < len(s) && isWordByte(s[i+1])
	return !inside
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

func isASCIIPunct(b byte) bool {
	return b >= '!' && b <= '/' || b >= ':' && b <= '@' || b >= '[' && b <= '`' || b >= '{' && b <= '~'
}
