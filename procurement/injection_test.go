package procurement_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestCityTextIsNeverAFormula: text from the city file that starts with
// = + - or @ is written to the XLSX as text, not as a formula (issue 4).
// The workbooks are read back with excelize and opened in LibreOffice,
// which would evaluate a formula on the way to CSV.
func TestCityTextIsNeverAFormula(t *testing.T) {
	hostile := []string{
		`=HYPERLINK("http://example.invalid/x","click")`,
		`+1+1`,
		`-1+1`,
		`@SUM(1,1)`,
		`=cmd|' /C calc'!A0`,
	}
	dir := t.TempDir()
	var paths []string
	want := map[string]string{}
	for i, name := range hostile {
		ctx := exampleWith(t, "kladno", func(b []byte) []byte {
			return bytes.Replace(b, []byte("legal_name: Statutární město Kladno"), []byte("legal_name: "+strconv.Quote(name)), 1)
		})
		p, files := pack(t, ctx, "building-energy-management/energy-management-system")
		if p.Buyer.LegalName != name {
			t.Fatalf("the buyer is %q, want %q", p.Buyer.LegalName, name)
		}
		for _, wb := range []struct{ file, sheet, cell string }{
			{"compliance-matrix.xlsx", "Compliance", "E4"},
			{"evaluation-grid.xlsx", "Evaluation", "B3"},
			{"price-schedule.xlsx", "Prices", "C3"},
		} {
			f, err := excelize.OpenReader(bytes.NewReader(files[wb.file]))
			if err != nil {
				t.Fatal(err)
			}
			formula, _ := f.GetCellFormula(wb.sheet, wb.cell)
			value, _ := f.GetCellValue(wb.sheet, wb.cell)
			typ, _ := f.GetCellType(wb.sheet, wb.cell)
			if text := typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString; formula != "" || value != name || !text {
				t.Errorf("%s %s: formula %q, value %q, type %v; want the text %q", wb.file, wb.cell, formula, value, typ, name)
			}
			f.Close()
			path := filepath.Join(dir, fmt.Sprintf("%d-%s", i, wb.file))
			if err := os.WriteFile(path, files[wb.file], 0o644); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, path)
			want[strings.TrimSuffix(filepath.Base(path), ".xlsx")+"|"+wb.cell] = name
		}
	}
	sheets := csvOf(t, paths...)
	for key, name := range want {
		base, cell, _ := strings.Cut(key, "|")
		if got := cellOf(sheets[base], cell); got != name {
			t.Errorf("%s %s: LibreOffice shows %q, want the text %q", base, cell, got, name)
		}
	}
}
