package intake

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/internal/workbook"
)

// TestBlank: the blank workbook is the same bytes on every run, a working
// form (checks, lists, protection), with its input cells open, labels
// locked, text inputs formatted as text, and each indicator's level
// descriptors beside its score.
func TestBlank(t *testing.T) {
	data := blank(t)
	if !bytes.Equal(data, blank(t)) {
		t.Error("two blank workbooks differ")
	}
	checkForm(t, "blank.xlsx", data)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cat := testCatalog(t)
	fl := newFiller(t, data)
	locked := func(sheet string, col, row int) (bool, int) {
		id, err := f.GetCellStyle(sheet, workbook.Cell(col, row))
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st.Protection == nil || st.Protection.Locked, st.NumFmt
	}
	tests := []struct {
		key      string
		col      int
		wantOpen bool
		textFmt  bool
	}{
		{"city.name", colValue, true, true},
		{"city.name", colLabel, false, false},
		{"city.population", colValue, true, false},
		{"assessment.dimensions.governance", colScore, true, false},
		{"assessment.dimensions.governance.indicators.digital_strategy", colTarget, false, false},
		{"strategy.focus_areas", colTable, true, true},
		{"in_place", colTable + 2, true, true},
		{"assets.municipal_buildings", colValue, true, false},
	}
	for _, tt := range tests {
		at := fl.rows[tt.key][0]
		isLocked, numFmt := locked(at.sheet, tt.col, at.row)
		if isLocked == tt.wantOpen {
			t.Errorf("%s column %d: locked %v, want open %v", tt.key, tt.col, isLocked, tt.wantOpen)
		}
		if tt.textFmt && numFmt != 49 {
			t.Errorf("%s column %d: number format %d, want text (49)", tt.key, tt.col, numFmt)
		}
	}
	for _, d := range cat.Dimensions {
		for _, ind := range d.Indicators {
			at := fl.rows["assessment.dimensions."+d.ID+".indicators."+ind.ID][0]
			for i, want := range ind.Levels {
				got, _ := f.GetCellValue(at.sheet, workbook.Cell(colLevel1+i, at.row))
				if got != want {
					t.Errorf("%s.%s level %d: %q beside the score, want %q", d.ID, ind.ID, i+1, got, want)
				}
			}
		}
	}
	if n := len(fl.rows["in_place"]); n != len(cat.Initiatives) {
		t.Errorf("state of play has %d rows, want one per initiative (%d)", n, len(cat.Initiatives))
	}
	if v, _ := f.GetCellValue("Instructions", "B3"); v != strconv.Itoa(FormatVersion) {
		t.Errorf("version cell holds %q, want %d", v, FormatVersion)
	}
}

// TestLanguages: every language labels every field, table, sheet and
// column the layouts have, so that a new language file is complete.
func TestLanguages(t *testing.T) {
	for _, tag := range Languages() {
		l, err := LoadLang(tag)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range append([]string{"instructions", "lists"}, sections...) {
			if l.Sheets[s] == "" {
				t.Errorf("%s: no sheet name for %s", tag, s)
			}
		}
		for _, layout := range layouts {
			for _, sl := range layout {
				if l.Titles[sl.section] == "" {
					t.Errorf("%s: no title for %s", tag, sl.section)
				}
				for _, f := range sl.form {
					if l.Fields[f.key].Label == "" {
						t.Errorf("%s: no label for %s", tag, f.key)
					}
				}
				for _, tb := range sl.tables {
					lt, ok := l.Tables[tb.key]
					if !ok || lt.Title == "" {
						t.Errorf("%s: no title for table %s", tag, tb.key)
					}
					for _, c := range tb.cols {
						if lt.Columns[c.key] == "" {
							t.Errorf("%s: no heading for column %q of %s", tag, c.key, tb.key)
						}
					}
				}
			}
		}
		if l.Yes == "" || l.No == "" || len(l.Instructions) == 0 {
			t.Errorf("%s: yes, no or the instructions are missing", tag)
		}
	}
	if _, err := LoadLang("xx"); err == nil {
		t.Error("an unknown language loaded")
	}
}
