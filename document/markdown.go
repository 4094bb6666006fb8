package document

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown is built once: goldmark's parser is safe for concurrent use.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table))

// ParseMarkdown reads CommonMark with GitHub pipe tables into blocks:
// headings (levels below 3 become 3), paragraphs, bullet and numbered lists
// (nested items join their list), tables (a paragraph "Table: caption" just
// above one becomes its caption; the delimiter row's dashes set relative
// column widths, ":" the alignment), **bold**, *italic*, <br> line breaks
// and escapes. Anything else, raw HTML included, is kept as plain text, so
// nothing written is lost and nothing becomes markup. name is used in
// errors.
func ParseMarkdown(name string, src []byte) ([]Block, error) {
	if !utf8.Valid(src) {
		return nil, fmt.Errorf("%s: not valid UTF-8", name)
	}
	root := markdown.Parser().Parse(text.NewReader(src))
	r := &mdReader{src: src}
	r.blocks(root)
	return r.out, nil
}

type mdReader struct {
	src []byte
	out []Block
}

func (r *mdReader) blocks(parent ast.Node) {
	var next ast.Node
	for node := parent.FirstChild(); node != nil; node = next {
		next = node.NextSibling()
		switch n := node.(type) {
		case *ast.Heading:
			r.out = append(r.out, Block{Kind: Heading, Level: min(max(n.Level, 1), 3), Text: r.inline(n)})
		case *ast.Paragraph, *ast.TextBlock:
			spans := r.inline(n)
			if t, ok := n.NextSibling().(*extast.Table); ok && strings.HasPrefix(Plain(spans), "Table: ") {
				r.table(t, trimPrefix(spans, "Table: "))
				next = t.NextSibling()
				continue
			}
			if len(spans) > 0 {
				r.out = append(r.out, Block{Kind: Paragraph, Text: spans})
			}
		case *extast.Table:
			r.table(n, nil)
		case *ast.List:
			kind := Bullets
			if n.IsOrdered() {
				kind = Numbered
			}
			b := Block{Kind: kind}
			r.items(n, &b)
			r.out = append(r.out, b)
		case *ast.FencedCodeBlock, *ast.CodeBlock, *ast.HTMLBlock:
			// Kept as text, line by line.
			var spans []Span
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				line := strings.TrimRight(string(seg.Value(r.src)), "\n")
				if i > 0 {
					spans = append(spans, Span{Break: true})
				}
				spans = append(spans, Span{Text: line})
			}
			if hb, ok := n.(*ast.HTMLBlock); ok && hb.HasClosure() {
				spans = append(spans, Span{Break: true}, Span{Text: strings.TrimRight(string(hb.ClosureLine.Value(r.src)), "\n")})
			}
			if len(spans) > 0 {
				r.out = append(r.out, Block{Kind: Paragraph, Text: spans})
			}
		default:
			// Block quotes and anything else: their content.
			r.blocks(n)
		}
	}
}

// items adds a list's items to b; a nested list's items follow their parent.
func (r *mdReader) items(list *ast.List, b *Block) {
	for it := list.FirstChild(); it != nil; it = it.NextSibling() {
		var text []Span
		var nested []*ast.List
		for c := it.FirstChild(); c != nil; c = c.NextSibling() {
			if l, ok := c.(*ast.List); ok {
				nested = append(nested, l)
				continue
			}
			if len(text) > 0 {
				text = append(text, Span{Break: true})
			}
			text = append(text, r.inline(c)...)
		}
		b.Items = append(b.Items, text)
		for _, l := range nested {
			r.items(l, b)
		}
	}
}

func (r *mdReader) table(t *extast.Table, caption []Span) {
	tb := &Table{Caption: caption}
	n := len(t.Alignments)
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells [][]Span
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, r.inline(c))
		}
		for len(cells) < n {
			cells = append(cells, nil)
		}
		cells = cells[:n]
		if _, ok := row.(*extast.TableHeader); ok {
			tb.Header = cells
			tb.Widths = r.widths(row, n)
			continue
		}
		tb.Rows = append(tb.Rows, cells)
	}
	for _, a := range t.Alignments {
		switch a {
		case extast.AlignRight:
			tb.Align = append(tb.Align, Right)
		case extast.AlignCenter:
			tb.Align = append(tb.Align, Center)
		default:
			tb.Align = append(tb.Align, Left)
		}
	}
	r.out = append(r.out, Block{Kind: TableBlock, Table: tb})
}

// widths reads relative column widths from the delimiter row, the line
// after the header row: goldmark keeps the alignments but not the dashes.
func (r *mdReader) widths(header ast.Node, n int) []float64 {
	widths := make([]float64, n)
	for i := range widths {
		widths[i] = 1
	}
	start := headerPos(header)
	if start >= 0 {
		if nl := bytes.IndexByte(r.src[start:], '\n'); nl >= 0 {
			line := r.src[start+nl+1:]
			if end := bytes.IndexByte(line, '\n'); end >= 0 {
				line = line[:end]
			}
			parts := splitRow(strings.TrimSpace(string(line)))
			for i := 0; i < n && i < len(parts); i++ {
				widths[i] = float64(max(strings.Count(parts[i], "-"), 1))
			}
		}
	}
	total := 0.0
	for _, w := range widths {
		total += w
	}
	for i := range widths {
		widths[i] /= total
	}
	return widths
}

// headerPos is the offset of the header row's line in the source, or -1.
func headerPos(header ast.Node) int {
	if c := header.FirstChild(); c != nil {
		if tc, ok := c.(*extast.TableCell); ok {
			return tc.Pos()
		}
	}
	return header.Pos()
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

// inline reads a block's inline content into spans.
func (r *mdReader) inline(n ast.Node) []Span {
	var spans []Span
	add := func(s string, bold, italic bool) {
		if s == "" {
			return
		}
		if k := len(spans) - 1; k >= 0 && !spans[k].Break && spans[k].Bold == bold && spans[k].Italic == italic {
			spans[k].Text += s
			return
		}
		spans = append(spans, Span{Text: s, Bold: bold, Italic: italic})
	}
	var walk func(n ast.Node, bold, italic bool)
	walk = func(n ast.Node, bold, italic bool) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				add(unescape(c.Segment.Value(r.src)), bold, italic)
				switch {
				case c.HardLineBreak():
					spans = append(spans, Span{Break: true})
				case c.SoftLineBreak():
					add(" ", bold, italic)
				}
			case *ast.String:
				add(string(c.Value), bold, italic)
			case *ast.CodeSpan:
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if tx, ok := t.(*ast.Text); ok {
						add(string(tx.Segment.Value(r.src)), bold, italic)
					}
				}
			case *ast.Emphasis:
				walk(c, bold || c.Level >= 2, italic || c.Level == 1)
			case *ast.RawHTML:
				var raw strings.Builder
				for i := range c.Segments.Len() {
					seg := c.Segments.At(i)
					raw.Write(seg.Value(r.src))
				}
				switch strings.ToLower(strings.ReplaceAll(raw.String(), " ", "")) {
				case "<br>", "<br/>":
					spans = append(spans, Span{Break: true})
				default:
					add(raw.String(), bold, italic)
				}
			case *ast.AutoLink:
				add(string(c.Label(r.src)), bold, italic)
			case *ast.Link:
				walk(c, bold, italic)
				if dest := string(c.Destination); dest != "" {
					add(" ("+dest+")", bold, italic)
				}
			default:
				walk(c, bold, italic)
			}
		}
	}
	walk(n, false, false)
	// A block's text does not end in a soft break's space.
	if k := len(spans) - 1; k >= 0 && !spans[k].Break {
		spans[k].Text = strings.TrimRight(spans[k].Text, " ")
		if spans[k].Text == "" {
			spans = spans[:k]
		}
	}
	return spans
}

// unescape resolves backslash escapes and entity references in one pass,
// so that an escaped "\&amp;" stays "&amp;".
func unescape(b []byte) string {
	if bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var out strings.Builder
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\\' && i+1 < len(b) && util.IsPunct(b[i+1]):
			out.WriteByte(b[i+1])
			i++
		case b[i] == '&':
			end := bytes.IndexByte(b[i:min(len(b), i+40)], ';')
			if end > 0 {
				ref := b[i : i+end+1]
				res := util.ResolveEntityNames(util.ResolveNumericReferences(ref))
				if !bytes.Equal(res, ref) {
					out.Write(res)
					i += end
					continue
				}
			}
			out.WriteByte('&')
		default:
			out.WriteByte(b[i])
		}
	}
	return out.String()
}

// trimPrefix drops prefix from the start of spans' text.
func trimPrefix(spans []Span, prefix string) []Span {
	out := append([]Span(nil), spans...)
	for len(out) > 0 && prefix != "" {
		s := out[0].Text
		n := min(len(s), len(prefix))
		out[0].Text, prefix = s[n:], prefix[n:]
		if out[0].Text == "" {
			out = out[1:]
		}
	}
	return out
}
