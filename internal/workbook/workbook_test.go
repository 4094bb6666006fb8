package workbook_test

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/internal/workbook"
	"github.com/citypath/citypath/internal/zipx"
)

func build(t *testing.T) []byte {
	t.Helper()
	b := workbook.New(workbook.Props{Title: "t", Date: time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)},
		map[string]*excelize.Style{"wrap": {Alignment: &excelize.Alignment{WrapText: true}}, "money": {NumFmt: 3}})
	b.Sheets("One", "Two")
	for i, s := range []string{"=SUM(A1:A9)", "+cmd|' /C calc'!A0", "@SUM(1)", "-1+2", "plain"} {
		b.Text("One", 1, i+1, s, "")
	}
	b.Widths("One", 10, 20)
	b.Text("One", 2, 1, "a long text that wraps over several lines in a narrow column of twenty", "wrap")
	b.Number("Two", 1, 1, 2, "money")
	b.Number("Two", 1, 2, 3, "money")
	b.FormulaCached("Two", 1, 3, "A1+A2", 5.0, "money")
	b.FormulaCached("Two", 2, 3, `IF(A3>4,"big","small")`, "big", "")
	b.PrintSetup("Two", workbook.Print{Landscape: true, TitleRow: 1, Header: [2]string{"A & B", "Two"}, PageNumbers: true})
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestBook: user text stays text whatever it starts with, wrapped rows
// get a height, formulas carry their results, and two builds give the
// same bytes.
func TestBook(t *testing.T) {
	data := build(t)
	if !bytes.Equal(data, build(t)) {
		t.Error("two builds differ")
	}
	f := open(t, data)
	for row := 1; row <= 5; row++ {
		cell := workbook.Cell(1, row)
		if formula, _ := f.GetCellFormula("One", cell); formula != "" {
			t.Errorf("One!%s: text became the formula %q", cell, formula)
		}
	}
	if h, _ := f.GetRowHeight("One", 1); h <= 15 {
		t.Errorf("the wrapped row keeps the default height %g", h)
	}
	for cell, want := range map[string]string{"A3": "5", "B3": "big"} {
		got, err := f.GetCellValue("Two", cell, excelize.Options{RawCellValue: true})
		if err != nil || got != want {
			t.Errorf("Two!%s: cached %q (%v), want %q", cell, got, err, want)
		}
		if formula, _ := f.GetCellFormula("Two", cell); formula == "" {
			t.Errorf("Two!%s lost its formula", cell)
		}
	}
	files, err := zipx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(files["xl/worksheets/sheet2.xml"], []byte(`<c r="A3" s="`)) || bytes.Contains(files["xl/worksheets/sheet2.xml"], []byte(`r="A3" s="2" t="str"`)) {
		t.Errorf("Two!A3 is not a number with its formula:\n%s", files["xl/worksheets/sheet2.xml"])
	}
}

// TestCells: what excelize reads back from the cells the Book writes
// itself: values of each kind, styles set before and after the value,
// ranges of styles, merges, row heights, and the text Value reports.
func TestCells(t *testing.T) {
	b := workbook.New(workbook.Props{Date: time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)},
		map[string]*excelize.Style{"bold": {Font: &excelize.Font{Bold: true}}, "pct": {NumFmt: 10}})
	b.Sheets("S")
	b.Text("S", 1, 1, " two\nlines & <tags> _x0041_ ", "")
	b.Styled("S", 1, 1, "bold")
	b.StyleRange("S", 2, 2, 4, 3, "pct")
	b.Number("S", 3, 2, 0.25, "")
	b.Number("S", 4, 2, math.NaN(), "")
	b.Text("S", 1, 5, "anchor", "")
	b.Text("S", 2, 5, "hidden by the merge", "bold")
	b.Merge("S", "A5", "C5")
	b.Height("S", 3, 30)
	b.Formula("S", 1, 6, "C2*2", "")
	if got := b.Value("S", 1, 1); got != " two\nlines & <tags> _x0041_ " {
		t.Errorf("Value(A1) = %q", got)
	}
	if got := b.Value("S", 2, 5); got != "" {
		t.Errorf("the merge kept B5's value %q", got)
	}
	if got := b.Value("S", 3, 2); got != "0.25" {
		t.Errorf("Value(C2) = %q", got)
	}
	f := open(t, written(t, b))
	bold, pct := b.StyleID("bold"), b.StyleID("pct")
	for _, tt := range []struct {
		cell, value string
		style       int
	}{
		{"A1", " two\nlines & <tags> _x0041_ ", bold}, {"B2", "", pct}, {"C2", "0.25", pct}, {"D2", "NaN", pct},
		{"D3", "", pct}, {"A5", "anchor", 0}, {"A6", "", 0},
		// excelize reports a merged cell's value as its anchor's.
		{"B5", "anchor", bold},
	} {
		v, _ := f.GetCellValue("S", tt.cell, excelize.Options{RawCellValue: true})
		s, _ := f.GetCellStyle("S", tt.cell)
		if v != tt.value || s != tt.style {
			t.Errorf("%s: %q in style %d, want %q in style %d", tt.cell, v, s, tt.value, tt.style)
		}
	}
	if formula, _ := f.GetCellFormula("S", "A6"); formula != "C2*2" {
		t.Errorf("A6: formula %q", formula)
	}
	if merged, _ := f.GetMergeCells("S"); len(merged) != 1 || merged[0].GetStartAxis() != "A5" || merged[0].GetEndAxis() != "C5" {
		t.Errorf("merges %v", merged)
	}
	if h, _ := f.GetRowHeight("S", 3); h != 30 {
		t.Errorf("row 3 is %g high, want 30", h)
	}
	for name, build := range map[string]func(*workbook.Book){
		"unknown sheet": func(b *workbook.Book) { b.Text("T", 1, 1, "x", "") },
		"unknown style": func(b *workbook.Book) { b.StyleRange("S", 1, 1, 2, 2, "none") },
		"no row 0":      func(b *workbook.Book) { b.Number("S", 1, 0, 1, "") },
		"too high":      func(b *workbook.Book) { b.Height("S", 1, 410) },
		"too tall text": func(b *workbook.Book) { b.Width("S", 1, 1); b.Text("S", 1, 1, strings.Repeat("x", 500), "bold") },
	} {
		b := workbook.New(workbook.Props{}, map[string]*excelize.Style{"bold": {Alignment: &excelize.Alignment{WrapText: true}}})
		b.Sheets("S")
		build(b)
		if _, err := b.Bytes(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// written is the workbook's bytes.
func written(t *testing.T, b *workbook.Book) []byte {
	t.Helper()
	data, err := b.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// open reads a written workbook back with excelize, closed when the test ends.
func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
