package batch_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/batch"
	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/internal/yamlx"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/roadmap"
)

func env(t *testing.T) batch.Env {
	t.Helper()
	name := filepath.Join("testdata", "city-defaults.yaml")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return batch.Env{ReadFile: os.ReadFile, Defaults: &batch.Defaults{Name: name, Data: data}}
}

// planRows plans every row of a table and returns, per folder, "ok" or
// the problems at their table positions.
func planRows(t *testing.T, input string) map[string][]string {
	t.Helper()
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	entries, err := batch.List(env(t), batch.DefaultReaders(), input)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, e := range entries {
		c, err := e.Open()
		if err == nil {
			_, err = pipeline.Generate(roadmap.Request{CityName: c.Name, CityData: c.Data, Catalog: cat})
		}
		if err == nil {
			got[e.Folder] = []string{"ok"}
			continue
		}
		ps, ok := yamlx.AsProblems(err)
		if !ok {
			t.Fatalf("%s: %v", e.Folder, err)
		}
		if c.Locate != nil {
			ps = c.Locate(ps)
		}
		for _, p := range ps {
			got[e.Folder] = append(got[e.Folder], p.Error())
		}
	}
	return got
}

// TestTable reads a CSV table with a defaults file: rows become cities,
// and each problem is at the row and column of its cell.
func TestTable(t *testing.T) {
	csvName := filepath.Join("testdata", "results.csv")
	got := planRows(t, csvName)
	want := map[string][]string{
		"melnik": {"ok"},
		"Slaný": {
			csvName + ":3:3: city.population: expected a whole number, got \"many\"",
		},
		"beroun": {
			csvName + ":4:4: assessment.dimensions.governance.score: 140 is outside the 0-100 scale",
			csvName + ":4:11: strategy.focus_areas[0].id: unknown focus area \"space_tourism\"; known: mobility, traffic_flows, energy_efficiency, waste_management, water_management, education, public_services, safety_security, living_health, environment",
		},
		"kolin": {
			csvName + ":6:12: assets.municipal_buildings must be a quantity of zero or more, not -3",
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

// TestWorkbookTable reads the same table from the first sheet of a
// workbook: problems name the cell too.
func TestWorkbookTable(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	for r, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		for c, v := range splitCSV(line) {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			f.SetCellStr("Sheet1", ref, v)
		}
	}
	name := filepath.Join(t.TempDir(), "results.xlsx")
	if err := f.SaveAs(name); err != nil {
		t.Fatal(err)
	}
	got := planRows(t, name)
	if len(got) != 4 || got["melnik"][0] != "ok" {
		t.Errorf("rows: %v", got)
	}
	if want := name + ":4:4: Sheet1!D4: assessment.dimensions.governance.score: 140 is outside the 0-100 scale"; len(got["beroun"]) == 0 || got["beroun"][0] != want {
		t.Errorf("got %q, want %q", got["beroun"], want)
	}
}

// splitCSV splits a line of the test table, whose quoted cells hold no
// commas.
func splitCSV(line string) []string {
	return strings.Split(strings.ReplaceAll(line, `"`, ""), ",")
}

func TestTableHeader(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "bad.csv")
	os.WriteFile(name, []byte("city.name,city.populaton,strategy,governance,,city.name\nA,1,2,3,4,5\n"), 0o644)
	_, err := batch.List(env(t), batch.DefaultReaders(), name)
	ps, ok := yamlx.AsProblems(err)
	if !ok {
		t.Fatalf("got %v, want problems", err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Error())
	}
	want := []string{
		name + `:1:2: column "city.populaton": "populaton" is not a key of city; did you mean "population"?`,
		name + `:1:3: column "strategy": strategy is a section, not a value; name one of its keys, such as strategy.focus_areas`,
		name + `:1:5: the column has no name; name it after a city file key such as city.name`,
		name + `:1:6: column "city.name" repeats column 1`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
}

func TestTableRowWidth(t *testing.T) {
	name := filepath.Join(t.TempDir(), "wide.csv")
	os.WriteFile(name, []byte("city.name,city.population\nA,1,,\nB,2,x\n"), 0o644)
	entries, err := batch.List(env(t), batch.DefaultReaders(), name)
	if err != nil || len(entries) != 2 {
		t.Fatalf("%d entries, %v", len(entries), err)
	}
	if _, err := entries[0].Open(); err != nil {
		t.Errorf("row 2: empty cells past the header: %v", err)
	}
	want := name + ":3:3: the row has 3 cells but the header names 2 columns"
	if _, err := entries[1].Open(); err == nil || err.Error() != want {
		t.Errorf("row 3: got %v, want %s", err, want)
	}
}
