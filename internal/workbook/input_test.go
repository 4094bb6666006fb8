package workbook_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/internal/workbook"
	"github.com/citypath/citypath/internal/zipx"
)

// TestForm: input checks of every kind, defined names, a hidden sheet and
// column, and protection that leaves the open cells editable.
func TestForm(t *testing.T) {
	b := workbook.New(workbook.Props{Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		map[string]*excelize.Style{"open": {Protection: &excelize.Protection{Locked: false}}})
	b.Sheets("Form", "Lists")
	b.Text("Lists", 1, 1, "yes", "")
	b.Text("Lists", 1, 2, "no", "")
	b.Name("list_yes_no", "Lists!$A$1:$A$2")
	b.Text("Form", 1, 1, "key", "")
	b.Styled("Form", 2, 1, "open")
	checks := []workbook.Validation{
		{Kind: workbook.CheckList, List: "list_yes_no", Title: "Sponsor", Message: "yes or no"},
		{Kind: workbook.CheckWhole, Min: 1, Max: 10, Message: "1-10", Prompt: "years"},
		{Kind: workbook.CheckDecimal, Min: `IF($B$1="1-5",1,0)`, Max: `IF($B$1="1-5",5,100)`, Warn: true, Message: "scale"},
		{Kind: workbook.CheckDate, Min: 1.0, Max: 401768.0},
		{Kind: workbook.CheckLength, Max: 200},
	}
	for i, v := range checks {
		b.Validate("Form", workbook.Cell(2, i+2), v)
	}
	b.HideCols("Form", "A", "A")
	b.Hide("Lists")
	b.Protect("Form")
	b.LockStructure()
	data := written(t, b)
	f := open(t, data)
	dvs, err := f.GetDataValidations("Form")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ kind, formula1 string }{{"list", "list_yes_no"}, {"whole", "1"}, {"decimal", `IF($B$1="1-5",1,0)`}, {"date", "1"}, {"textLength", "0"}}
	if len(dvs) != len(want) {
		t.Fatalf("got %d checks, want %d", len(dvs), len(want))
	}
	for i, w := range want {
		if dvs[i].Type != w.kind || dvs[i].Formula1 != w.formula1 {
			t.Errorf("check %d: got %s %q, want %s %q", i, dvs[i].Type, dvs[i].Formula1, w.kind, w.formula1)
		}
	}
	if dvs[2].ErrorStyle == nil || *dvs[2].ErrorStyle != "warning" {
		t.Error("a Warn check does not warn")
	}
	if visible, _ := f.GetSheetVisible("Lists"); visible {
		t.Error("Lists is visible")
	}
	if visible, _ := f.GetColVisible("Form", "A"); visible {
		t.Error("column A is visible")
	}
	if v := b.Err(); v != nil {
		t.Error(v)
	}
	files, err := zipx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(files["xl/worksheets/sheet1.xml"], []byte("<sheetProtection")) || !bytes.Contains(files["xl/workbook.xml"], []byte(`lockStructure="true"`)) {
		t.Error("the sheet or the workbook structure is not protected")
	}
	b2 := workbook.New(workbook.Props{}, nil)
	b2.Sheets("S")
	b2.Validate("S", "A1", workbook.Validation{Kind: "regex"})
	if b2.Err() == nil {
		t.Error("an unknown check kind was accepted")
	}
}
