package intake

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/internal/clients"
	"github.com/citypath/citypath/internal/zipx"
)

// TestLibreOffice: LibreOffice opens the blank and the filled workbook
// (it converts both to PDF and CSV), and a workbook saved again by
// LibreOffice, as a city that fills it there returns it, keeps its
// drop-down lists, checks, hidden lists sheet and protection, and still
// reads into the same roadmap.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	dir := t.TempDir()
	blankFile, filledFile := filepath.Join(dir, "blank.xlsx"), filepath.Join(dir, "filled.xlsx")
	blankData := blank(t)
	filled := fill(t, blankData, readExample(t, "kladno"))
	for name, data := range map[string][]byte{blankFile: blankData, filledFile: filled} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	clients.Convert(t, filepath.Join(dir, "pdf"), "pdf", blankFile, filledFile)
	csvs := clients.Convert(t, filepath.Join(dir, "csv"), "csv", blankFile, filledFile)
	for _, c := range csvs {
		text, err := os.ReadFile(c)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(text), "Intake format version,"+strconv.Itoa(FormatVersion)) {
			t.Errorf("%s: the instructions sheet lost its version cell:\n%s", filepath.Base(c), text)
		}
	}
	saved := clients.Convert(t, filepath.Join(dir, "xlsx"), "xlsx:Calc MS Excel 2007 XML", blankFile, filledFile)
	for _, name := range saved {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		checkForm(t, filepath.Base(name), data)
	}
	data, err := os.ReadFile(saved[1])
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read("filled.xlsx", data, "city.yaml", testCatalog(t))
	if err != nil {
		t.Fatalf("read the workbook LibreOffice saved: %v", err)
	}
	if d := cmp.Diff(generate(t, readExample(t, "kladno")), generate(t, got)); d != "" {
		t.Errorf("roadmap differs after LibreOffice (-example +read):\n%s", d)
	}
}

// checkForm checks that a workbook is still a working form: list checks
// that name lists which hold their values, number and date checks, the
// lists sheet hidden, every sheet protected.
func checkForm(t *testing.T, name string, data []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, _ := LoadLang("en")
	kinds := map[string]int{}
	lists := map[string]bool{}
	for _, sec := range sections {
		dvs, err := f.GetDataValidations(l.Sheets[sec])
		if err != nil {
			t.Fatal(err)
		}
		for _, dv := range dvs {
			kinds[dv.Type]++
			if dv.Type == "list" {
				lists[dv.Formula1] = true
			}
		}
	}
	for _, kind := range []string{"list", "whole", "decimal", "date", "textLength"} {
		if kinds[kind] == 0 {
			t.Errorf("%s: no %s checks left; got %v", name, kind, kinds)
		}
	}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Name] = dn.RefersTo
	}
	for _, want := range []string{"list_countries", "list_initiatives", "list_focus_areas", "list_statuses", "list_currencies", "list_yes_no"} {
		if !lists[want] {
			t.Errorf("%s: no drop-down draws on %s; lists used: %v", name, want, lists)
		}
		sheet, cells := splitRef(names[want])
		from, to, _ := strings.Cut(cells, ":")
		c1, r1, _ := excelize.CellNameToCoordinates(from)
		_, r2, _ := excelize.CellNameToCoordinates(to)
		var values []string
		for r := r1; r <= r2; r++ {
			v, _ := f.GetCellValue(sheet, mustCell(c1, r))
			values = append(values, v)
		}
		sample := map[string]string{"list_countries": "CZ", "list_initiatives": "smart-city-team", "list_focus_areas": "mobility",
			"list_statuses": "partial", "list_currencies": "EUR", "list_yes_no": "yes"}[want]
		if !slices.Contains(values, sample) {
			t.Errorf("%s: %s (%s) lacks %q", name, want, names[want], sample)
		}
	}
	if visible, _ := f.GetSheetVisible(l.Sheets["lists"]); visible {
		t.Errorf("%s: the lists sheet is visible", name)
	}
	files, err := zipx.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	for part, content := range files {
		if strings.HasPrefix(part, "xl/worksheets/sheet") && !bytes.Contains(content, []byte("<sheetProtection")) {
			t.Errorf("%s: %s is not protected", name, part)
		}
	}
}

func mustCell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}
