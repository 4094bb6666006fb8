package workbook_test

import (
	"bytes"
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
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
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
