package document_test

import (
	"testing"
	"time"

	"github.com/citypath/citypath/document"
)

// FuzzWriters feeds arbitrary text, as a user template could produce, to
// the Markdown reader and both writers: none may panic.
func FuzzWriters(f *testing.F) {
	for _, seed := range []string{
		"# T\n\nText **b** *i* <br> \\*\n- a\n1. b\n",
		"Table: c\n| a | b |\n|---|--:|\n| 1 | 2 | 3 |\n|\n",
		"|x|\n|-|\n", "**unclosed", "### \n####### deep", "Table: \n| |\n|:-:|\n",
		"\x00\x01 ž \xff", "- \n  \n1.", "|a\\|b|c|\n|---|---|\n|\\",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		blocks, err := document.ParseMarkdown("fuzz.md", []byte(src))
		if err != nil {
			return // invalid UTF-8 is refused, not a crash
		}
		doc := &document.Document{Title: "fuzz", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Blocks: blocks}
		if _, err := document.DOCX(doc); err != nil {
			t.Fatal(err)
		}
		if _, err := document.PDF(doc); err != nil {
			t.Fatal(err)
		}
	})
}
