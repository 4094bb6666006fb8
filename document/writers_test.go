package document_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/internal/clients"
	"github.com/citypath/citypath/internal/zipx"
)

// pangram holds every Czech letter with a diacritic.
const pangram = "Příliš žluťoučký kůň úpěl ďábelské ódy; Statutární město Kladno, náměstí Starosty Pavla"

func sample(t testing.TB) *document.Document {
	t.Helper()
	src := "# Specifikace: " + pangram + "\n\nA paragraph with **bold** and *emphasis*.\n\n## 1. Needs\n\n- first point\n- second point\n\n" +
		"### 1.1 Details\n\n1. step one\n2. step two\n\nTable: Requirements\n| No. | ID | Requirement |\n|---|-----|--------------------|\n" +
		"| 1 | GEN-01 | " + strings.Repeat("A long requirement that wraps over several lines in a narrow cell. ", 4) + " |\n" +
		"| 2 | GEN-02 | Čeština v tabulce: ěščřžýáíé ůú ťď ň |\n"
	blocks, err := document.ParseMarkdown("sample.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return &document.Document{Title: "Sample " + pangram, Subject: "test", Author: "Statutární město Kladno", Language: "cs",
		Date: time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC), Blocks: blocks}
}

// TestDOCXPackage checks what makes the DOCX a real Word document: the
// parts, well-formed XML, built-in heading styles with outline levels (the
// navigation pane), numbered captions, repeating header rows, and a zip
// that is the same byte for byte on every run.
func TestDOCXPackage(t *testing.T) {
	doc := sample(t)
	a, err := document.DOCX(doc)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := document.DOCX(doc)
	if !bytes.Equal(a, b) {
		t.Error("two runs give different DOCX bytes")
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string]string{}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !f.Modified.Equal(zipx.Epoch) {
			t.Errorf("%s: timestamp %v, want the fixed epoch", f.Name, f.Modified)
		}
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(data)
		dec := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := dec.Token(); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("%s is not well-formed XML: %v", f.Name, err)
				}
				break
			}
		}
	}
	if !sort.StringsAreSorted(names) || names[0] != "[Content_Types].xml" {
		t.Errorf("entries not sorted with [Content_Types].xml first: %v", names)
	}
	for _, want := range []string{"word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footer1.xml", "docProps/core.xml", "_rels/.rels"} {
		if _, ok := parts[want]; !ok {
			t.Errorf("missing part %s", want)
		}
	}
	for _, want := range []string{`<w:name w:val="heading 1"/>`, `<w:outlineLvl w:val="0"/>`, `<w:name w:val="heading 2"/>`, `<w:outlineLvl w:val="1"/>`, `<w:name w:val="caption"/>`} {
		if !strings.Contains(parts["word/styles.xml"], want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}
	body := parts["word/document.xml"]
	for _, want := range []string{`<w:pStyle w:val="Heading1"/>`, `<w:pStyle w:val="Heading3"/>`, `SEQ Table`, `<w:tblHeader/>`, `<w:numId w:val="2"/>`, "ďábelské", "<w:b/>", "<w:i/>"} {
		if !strings.Contains(body, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	if !strings.Contains(parts["docProps/core.xml"], "2026-09-15T00:00:00Z") {
		t.Error("core.xml does not carry the document date")
	}
}

// TestPDFWithClients: the PDF passes qpdf --check, keeps Czech diacritics
// through pdftotext, embeds its font, and is reproducible.
func TestPDFWithClients(t *testing.T) {
	doc := sample(t)
	data, err := document.PDF(doc)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := document.PDF(doc)
	if !bytes.Equal(data, again) {
		t.Error("two runs give different PDF bytes")
	}
	path := filepath.Join(t.TempDir(), "sample.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	clients.Run(t, "qpdf", "--check", path)
	text := clients.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	for _, want := range []string{"Příliš žluťoučký kůň úpěl ďábelské ódy", "Čeština v tabulce: ěščřžýáíé ůú ťď ň", "Table 1: Requirements", "1. Needs",
		"A paragraph with bold and emphasis."} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("pdftotext lost %q:\n%s", want, text)
		}
	}
	// Bold and italic are real faces, each embedded as TrueType in the
	// document's own encoding.
	fonts := strings.Split(strings.TrimSpace(clients.Run(t, "pdffonts", path)), "\n")
	if len(fonts) != 5 {
		t.Errorf("want the regular, bold and italic faces:\n%s", strings.Join(fonts, "\n"))
	}
	for _, f := range fonts[2:] {
		if !strings.Contains(f, " TrueType ") || !strings.Contains(f, "Custom") || !strings.Contains(f, " yes ") {
			t.Errorf("a font is not embedded as TrueType in the document's encoding: %s", f)
		}
	}
}

// TestPDFManyScripts: a document with more characters outside ASCII than
// one encoding holds is written with Unicode fonts, and its text in
// Latin, Greek and Cyrillic comes back through pdftotext.
func TestPDFManyScripts(t *testing.T) {
	var greek, cyrillic, latin []rune
	for r := 'α'; r <= 'ω'; r++ {
		greek = append(greek, r)
	}
	for r := 'а'; r <= 'я'; r++ {
		cyrillic = append(cyrillic, r)
	}
	for r := 'Ā'; r <= 'ž'; r++ {
		latin = append(latin, r)
		if len(latin)%16 == 15 {
			latin = append(latin, ' ')
		}
	}
	lines := []string{string(greek), string(cyrillic), string(latin)}
	doc := &document.Document{Title: "Scripts", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, l := range lines {
		doc.Blocks = append(doc.Blocks, document.Block{Kind: document.Paragraph, Text: document.Text(l)})
	}
	data, err := document.PDF(doc)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "scripts.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(clients.Run(t, "pdftotext", "-enc", "UTF-8", path, "-")), "")
	for _, l := range lines {
		if l = strings.ReplaceAll(l, " ", ""); !strings.Contains(text, l) {
			t.Errorf("pdftotext lost %q:\n%s", l, text)
		}
	}
	if fonts := clients.Run(t, "pdffonts", path); !strings.Contains(fonts, "Identity-H") {
		t.Errorf("%d characters outside ASCII, yet not Unicode fonts:\n%s", len(greek)+len(cyrillic)+len(latin), fonts)
	}
}

// TestDOCXOpensInLibreOffice converts the DOCX to PDF with LibreOffice,
// as a user opening it would, and reads the text back.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	data, err := document.DOCX(sample(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sample.docx")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := clients.Convert(t, dir, "pdf", path)
	text := strings.Join(strings.Fields(clients.Run(t, "pdftotext", "-enc", "UTF-8", out[0], "-")), " ")
	for _, want := range []string{"Příliš žluťoučký kůň úpěl ďábelské ódy", "Table 1: Requirements", "GEN-02", "step two"} {
		if !strings.Contains(text, want) {
			t.Errorf("LibreOffice's PDF lacks %q:\n%s", want, text)
		}
	}
	// LibreOffice turns real headings (not big bold text) into the PDF's
	// outline: the same structure Word's navigation pane shows.
	var outline struct {
		Outlines []struct {
			Title string
			Kids  []struct{ Title string }
		}
	}
	if err := json.Unmarshal([]byte(clients.Run(t, "qpdf", "--json", "--json-key=outlines", out[0])), &outline); err != nil {
		t.Fatal(err)
	}
	if len(outline.Outlines) != 1 || !strings.HasPrefix(outline.Outlines[0].Title, "Specifikace") ||
		len(outline.Outlines[0].Kids) != 1 || outline.Outlines[0].Kids[0].Title != "1. Needs" {
		t.Errorf("the headings did not become an outline: %+v", outline)
	}
}
