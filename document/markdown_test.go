package document_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/citypath/citypath/document"
)

func TestParseMarkdown(t *testing.T) {
	b := func(s string) document.Span { return document.Span{Text: s, Bold: true} }
	p := func(s string) document.Span { return document.Span{Text: s} }
	i := func(s string) document.Span { return document.Span{Text: s, Italic: true} }
	tests := []struct {
		name string
		src  string
		want []document.Block
	}{
		{"heading and paragraph", "# Title\n\nSome **bold** text\ncontinued.\n", []document.Block{
			{Kind: document.Heading, Level: 1, Text: []document.Span{p("Title")}},
			{Kind: document.Paragraph, Text: []document.Span{p("Some "), b("bold"), p(" text continued.")}},
		}},
		{"escapes stay text", `a \*b\* \<i\> \| snake_case *it*`, []document.Block{
			{Kind: document.Paragraph, Text: []document.Span{p("a *b* <i> | snake_case "), i("it")}},
		}},
		{"lists", "- one\n  more\n- two\n\n1. first\n2. second\n", []document.Block{
			{Kind: document.Bullets, Items: [][]document.Span{{p("one more")}, {p("two")}}},
			{Kind: document.Numbered, Items: [][]document.Span{{p("first")}, {p("second")}}},
		}},
		{"captioned table", "Table: Prices\n| A | B |\n|---|---:|\n| x \\| y | 1<br>2 |\n", []document.Block{
			{Kind: document.TableBlock, Table: &document.Table{
				Caption: []document.Span{p("Prices")},
				Header:  [][]document.Span{{p("A")}, {p("B")}},
				Rows:    [][][]document.Span{{{p("x | y")}, {p("1"), {Break: true}, p("2")}}},
				Align:   []document.Align{document.Left, document.Right},
				Widths:  []float64{0.5, 0.5},
			}},
		}},
		{"caption without table is text", "Table: lonely\nnext line\n", []document.Block{
			{Kind: document.Paragraph, Text: []document.Span{p("Table: lonely next line")}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := document.ParseMarkdown("test.md", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("blocks differ (-want +got):\n%s", d)
			}
		})
	}
}

// TestEscapeRoundTrip: whatever text goes through md comes back unchanged
// from the Markdown reader, so DOCX and PDF show what the city wrote.
func TestEscapeRoundTrip(t *testing.T) {
	for _, s := range []string{
		"Statutární město Kladno", "=HYPERLINK(\"x\")", "# not a heading", "- not a list", "1. not a list",
		"a *b* _c_ <script>alert(1)</script> & | [x](y) `code` \\ back", "+420 312 604 716", "-10%", "@SUM(1)",
	} {
		blocks, err := document.ParseMarkdown("t", []byte(document.Escape(s)))
		if err != nil {
			t.Fatal(err)
		}
		if len(blocks) != 1 || blocks[0].Kind != document.Paragraph || document.Plain(blocks[0].Text) != s {
			t.Errorf("%q came back as %+v", s, blocks)
		}
	}
}

// TestMarkdownRoundTrip: what the Markdown writer writes, the reader reads
// back as the same blocks, with text that looks like markup kept as text.
func TestMarkdownRoundTrip(t *testing.T) {
	p := func(s string) document.Span { return document.Span{Text: s} }
	b := func(s string) document.Span { return document.Span{Text: s, Bold: true} }
	i := func(s string) document.Span { return document.Span{Text: s, Italic: true} }
	tests := []struct {
		name   string
		blocks []document.Block
	}{
		{"heading and emphasis", []document.Block{
			{Kind: document.Heading, Level: 2, Text: []document.Span{p("Costs # and *stars*")}},
			{Kind: document.Paragraph, Text: []document.Span{p("Total "), b("2 400 000"), p(" EUR, "), i("about"), p(" <b>that</b> | much.")}},
		}},
		{"lists", []document.Block{
			{Kind: document.Bullets, Items: [][]document.Span{{b("Team"), p(": 1. set up")}, {p("- not a sub-list")}}},
			{Kind: document.Paragraph, Text: []document.Span{p("between")}},
			{Kind: document.Numbered, Items: [][]document.Span{{p("first")}, {p("second")}}},
		}},
		{"table", []document.Block{
			{Kind: document.TableBlock, Table: &document.Table{
				Caption: []document.Span{p("Budget")},
				Header:  [][]document.Span{{p("Year")}, {p("Total")}},
				Rows:    [][][]document.Span{{{p("2027")}, {p("1 000")}}, {{b("Title")}, {p("a"), {Break: true}, p("b | c")}}},
				Align:   []document.Align{document.Left, document.Right},
				Widths:  []float64{0.5, 0.5},
			}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := document.Markdown(&document.Document{Blocks: tt.blocks})
			got, err := document.ParseMarkdown("round.md", md)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.blocks, got); d != "" {
				t.Errorf("round trip differs (-wrote +read):\n%s\n%s", d, md)
			}
		})
	}
}
