package templates_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/citypath/citypath/templates"
)

func TestParseMarkdown(t *testing.T) {
	b := func(s string) templates.Span { return templates.Span{Text: s, Bold: true} }
	p := func(s string) templates.Span { return templates.Span{Text: s} }
	i := func(s string) templates.Span { return templates.Span{Text: s, Italic: true} }
	tests := []struct {
		name string
		src  string
		want []templates.Block
	}{
		{"heading and paragraph", "# Title\n\nSome **bold** text\ncontinued.\n", []templates.Block{
			{Kind: templates.Heading, Level: 1, Text: []templates.Span{p("Title")}},
			{Kind: templates.Paragraph, Text: []templates.Span{p("Some "), b("bold"), p(" text continued.")}},
		}},
		{"escapes stay text", `a \*b\* \<i\> \| snake_case *it*`, []templates.Block{
			{Kind: templates.Paragraph, Text: []templates.Span{p("a *b* <i> | snake_case "), i("it")}},
		}},
		{"lists", "- one\n  more\n- two\n\n1. first\n2. second\n", []templates.Block{
			{Kind: templates.Bullets, Items: [][]templates.Span{{p("one more")}, {p("two")}}},
			{Kind: templates.Numbered, Items: [][]templates.Span{{p("first")}, {p("second")}}},
		}},
		{"captioned table", "Table: Prices\n| A | B |\n|---|---:|\n| x \\| y | 1<br>2 |\n", []templates.Block{
			{Kind: templates.TableBlock, Table: &templates.Table{
				Caption: []templates.Span{p("Prices")},
				Header:  [][]templates.Span{{p("A")}, {p("B")}},
				Rows:    [][][]templates.Span{{{p("x | y")}, {p("1"), {Break: true}, p("2")}}},
				Align:   []templates.Align{templates.Left, templates.Right},
				Widths:  []float64{0.5, 0.5},
			}},
		}},
		{"caption without table is text", "Table: lonely\nnext line\n", []templates.Block{
			{Kind: templates.Paragraph, Text: []templates.Span{p("Table: lonely next line")}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := templates.ParseMarkdown("test.md", []byte(tt.src))
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
		blocks, err := templates.ParseMarkdown("t", []byte(templates.Escape(s)))
		if err != nil {
			t.Fatal(err)
		}
		if len(blocks) != 1 || blocks[0].Kind != templates.Paragraph || templates.Plain(blocks[0].Text) != s {
			t.Errorf("%q came back as %+v", s, blocks)
		}
	}
}
