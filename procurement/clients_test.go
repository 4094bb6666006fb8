package procurement_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/internal/clients"
)

// The "done when": for Kladno's energy monitoring pilot and its Local
// Digital Platform the DOCX and XLSX files convert cleanly with
// `soffice --headless --convert-to pdf`, and the compliance matrix's
// formulas compute in LibreOffice.

func TestPacksConvertInLibreOffice(t *testing.T) {
	ctx := example(t, "kladno")
	dir := t.TempDir()
	var files []string
	wantText := map[string][]string{}
	for _, id := range []string{"building-energy-management/energy-management-system", "central-data-platform/ldp-implementation"} {
		p, pack := pack(t, ctx, id)
		prefix := p.Contract.Object + "-"
		for name, want := range map[string][]string{
			"tender-specification.docx": {"Tender specification: " + p.Contract.Title, "Statutární město Kladno", "3. Technical specifications by MIM", "MIM1-01", "7. Timeline"},
			"mims-checklist.docx":       {"MIMs reference", "MIM1: Context Information Management", "MIM1-01"},
			"compliance-matrix.xlsx":    {"Compliance matrix", "GEN-01", "MUST requirements not met"},
			"evaluation-grid.xlsx":      {"Evaluation grid", "Total points", "Weights sum to 100 %"},
		} {
			path := filepath.Join(dir, prefix+name)
			if err := os.WriteFile(path, pack[name], 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
			wantText[strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))+".pdf"] = want
		}
	}
	for _, pdf := range clients.Convert(t, dir, "pdf", files...) {
		info := clients.Run(t, "pdfinfo", pdf)
		if !strings.Contains(info, "Pages:") {
			t.Errorf("%s: no pages:\n%s", pdf, info)
		}
		text := strings.Join(strings.Fields(clients.Run(t, "pdftotext", "-enc", "UTF-8", pdf, "-")), " ")
		for _, want := range wantText[filepath.Base(pdf)] {
			if !strings.Contains(text, want) {
				t.Errorf("%s lacks %q", filepath.Base(pdf), want)
			}
		}
	}
}

// csvOf converts the first sheet of a workbook to CSV with LibreOffice,
// which computes every formula on the way.
func csvOf(t *testing.T, paths ...string) map[string][][]string {
	t.Helper()
	out := map[string][][]string{}
	for _, f := range clients.Convert(t, filepath.Dir(paths[0]), "csv:Text - txt - csv (StarCalc):44,34,76", paths...) {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(bytes.NewReader(data))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[strings.TrimSuffix(filepath.Base(f), ".csv")] = rows
	}
	return out
}

func cellOf(rows [][]string, name string) string {
	c, r, err := excelize.CellNameToCoordinates(name)
	if err != nil || r > len(rows) || c > len(rows[r-1]) {
		return ""
	}
	return rows[r-1][c-1]
}

// TestComplianceFormulasInLibreOffice answers the matrix the way a bidder
// would and lets LibreOffice count the MUST failures.
func TestComplianceFormulasInLibreOffice(t *testing.T) {
	ctx := example(t, "kladno")
	p, files := pack(t, ctx, "central-data-platform/ldp-implementation")
	f, err := excelize.OpenReader(bytes.NewReader(files["compliance-matrix.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	const first = 13 // first requirement row
	musts, shoulds := 0, 0
	wantFailures, wantShould := 0, 0
	for i, r := range p.Requirements {
		cell := fmt.Sprintf("G%d", first+i)
		answer := ""
		switch {
		case r.Level == "MUST" && musts < 2:
			answer = "Not compliant"
			wantFailures++
		case r.Level == "MUST" && musts == 2:
			answer = "Partly compliant"
			wantFailures++
		case r.Level == "MUST":
			answer = "Compliant"
		case shoulds < 3:
			answer = "Compliant"
			wantShould++
		}
		if r.Level == "MUST" {
			musts++
		} else {
			shoulds++
		}
		if answer != "" {
			if err := f.SetCellStr("Compliance", cell, answer); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.SetCellStr("Compliance", "E6", "Example Bidder s.r.o.")
	path := filepath.Join(t.TempDir(), "answered.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	rows := csvOf(t, path)["answered"]
	for cell, want := range map[string]string{
		"E7": strconv.Itoa(wantFailures), "E8": "0", "E9": strconv.Itoa(wantShould), "E10": "No", "E6": "Example Bidder s.r.o.",
	} {
		if got := cellOf(rows, cell); got != want {
			t.Errorf("%s: LibreOffice computed %q, want %q", cell, got, want)
		}
	}
	if wantFailures != 3 {
		t.Fatalf("the test answered %d MUST requirements badly, want 3", wantFailures)
	}
}

// TestEvaluationGridFormulasInLibreOffice scores three tenders and checks
// LibreOffice's price points, totals and ranking against a hand computation.
func TestEvaluationGridFormulasInLibreOffice(t *testing.T) {
	ctx := example(t, "kladno")
	p, files := pack(t, ctx, "central-data-platform/ldp-implementation")
	f, err := excelize.OpenReader(bytes.NewReader(files["evaluation-grid.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	prices := []float64{500000, 400000, 640000}
	scores := [][]float64{{4, 3, 2, 4}, {2, 3, 2, 2}, {5, 5, 4, 4}} // per tenderer, per quality criterion, 0 to 5
	cols := []string{"D", "E", "F"}
	for j, c := range cols {
		f.SetCellStr("Evaluation", c+"5", fmt.Sprintf("Tenderer %c", 'A'+j))
		f.SetCellFloat("Evaluation", c+"6", prices[j], -1, 64)
		for q := range scores[j] {
			f.SetCellFloat("Evaluation", fmt.Sprintf("%s%d", c, 8+q), scores[j][q], -1, 64)
		}
	}
	path := filepath.Join(t.TempDir(), "scored.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	rows := csvOf(t, path)["scored"]
	totals := make([]float64, len(prices))
	for j := range prices {
		q := 0
		for _, cr := range p.Award.Criteria {
			if cr.Type == "quality" {
				totals[j] += scores[j][q] / 5 * cr.Weight
				q++
			} else {
				totals[j] += 400000 / prices[j] * cr.Weight
			}
		}
	}
	// Rows: 14 price, 15-18 quality points, 19 total, 20 rank, 22 weights.
	for j, c := range cols {
		got, err := strconv.ParseFloat(strings.ReplaceAll(cellOf(rows, fmt.Sprintf("%s19", c)), ",", ""), 64)
		if err != nil || math.Abs(got-totals[j]) > 0.006 {
			t.Errorf("total of %s: LibreOffice computed %q, want %.2f", c, cellOf(rows, c+"19"), totals[j])
		}
	}
	// F wins on quality although its price is highest; E has the lowest
	// price but the weakest offer.
	wantRank := map[string]string{"D": "2", "E": "3", "F": "1"}
	for c, want := range wantRank {
		if got := cellOf(rows, c+"20"); got != want {
			t.Errorf("rank of %s: got %q, want %s (totals %v)", c, got, want, totals)
		}
	}
	if got := cellOf(rows, "B22"); got != "Weights sum to 100 %" {
		t.Errorf("weight check: got %q", got)
	}
	if got := cellOf(rows, "G20"); got != "" {
		t.Errorf("a tenderer without a price is ranked: %q", got)
	}
}
