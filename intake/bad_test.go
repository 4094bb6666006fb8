package intake

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// edit is a change a city makes to a filled workbook.
type edit struct {
	sheet, cell string
	value       any // a string, a number, or formula{...}
}

type formula struct{ text string }

func apply(t testing.TB, data []byte, edits []edit) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edits {
		switch v := e.value.(type) {
		case string:
			err = f.SetCellStr(e.sheet, e.cell, v)
		case formula:
			// Clear the cell first: excelize would keep a text cell's
			// shared-string index as the formula's cached value.
			if err = f.SetCellValue(e.sheet, e.cell, nil); err == nil {
				err = f.SetCellFormula(e.sheet, e.cell, v.text)
			}
		default:
			err = f.SetCellValue(e.sheet, e.cell, v)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// badEdits spoil a filled Kladno workbook in the ways cities do; the
// reader's checks and the city loader's both have to find theirs.
var badEdits = []edit{
	{"City", "C7", "many"},                           // population: not a number
	{"City", "C6", "XX"},                             // country: not in the list
	{"City", "C23", formula{"CONCAT(\"a\",\"@b\")"}}, // a formula with no value
	{"Assessment", "C11", 130.0},                     // score outside the scale
	{"Assessment", "D10", 2.5},                       // target: not a whole number
	{"Strategy", "C11", "maybe"},                     // political sponsor: not yes or no
	{"Strategy", "B18", "energy_efficiency"},         // focus area listed twice (the loader)
	{"Strategy", "C5", 12.0},                         // horizon over 10 years (the schema)
	{"State of play", "D8", "2030-01"},               // since after the assessment (the loader)
	{"Assets", "C5", -5.0},                           // a negative quantity (the schema)
}

// TestBadValues: every problem is reported at once, at its sheet and
// cell, and nothing comes back to write.
func TestBadValues(t *testing.T) {
	filled := fill(t, blank(t), readExample(t, "kladno"))
	bad := apply(t, filled, badEdits)
	out, err := Read("bad.xlsx", bad, "city.yaml", testCatalog(t))
	if out != nil {
		t.Errorf("a workbook with problems gave a city file:\n%s", out)
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("got %v, want Problems", err)
	}
	want := []string{
		`City!C6: Country: "XX" is not in the list`,
		`City!C7: Population: "many" is not a number`,
		`City!C23: the cell holds a formula with no value; type the value itself`,
		`Assessment!D10: Governance target: 2.5 is not a whole number`,
		`Assessment!C11: Digital and smart city strategy: score 130 is outside 0–100, the assessment's scale`,
		`Strategy!C5: strategy.horizon_years`,
		`Strategy!C11: Political sponsor: "maybe" is not yes or no`,
		`Strategy!B18: strategy.focus_areas[1].id: focus area "energy_efficiency" is listed twice`,
		`'State of play'!D8: in_place[0].since: 2030-01 is after the assessment date 2026-09-15`,
		`Assets!C5: assets.`,
	}
	got := ps.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	if len(ps) != len(want) {
		t.Errorf("got %d problems, want %d:\n%s", len(ps), len(want), got)
	}
}

// TestNotAnIntakeWorkbook: files that are not intake workbooks say so.
func TestNotAnIntakeWorkbook(t *testing.T) {
	plain := excelize.NewFile()
	buf, err := plain.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	newer := apply(t, blank(t), []edit{{"Instructions", "B3", 99.0}})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"text", []byte("city:\n  name: x\n"), "not an XLSX workbook"},
		{"other workbook", buf.Bytes(), "not a citypath intake workbook"},
		{"newer version", newer, "intake format 99, newer than this citypath reads (up to 2)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read("x.xlsx", tt.data, "city.yaml", testCatalog(t))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}
