package city_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/internal/golden"
	"github.com/citypath/citypath/internal/schematest"
)

var vocab = city.Vocabulary{
	Dimensions: map[string][]string{"governance": {"digital_strategy", "leadership_team"}, "technology": {"connectivity"}},
	FocusAreas: []string{"mobility", "energy_efficiency"},
}

const valid = `city:
  name: Kladno, náměstí Starosty Pavla
  country: CZ
  population: 69000
  start_month: 2027-01
assessment:
  date: 2026-09-15
  source: lordimas
  dimensions:
    governance: {indicators: {digital_strategy: 20, leadership_team: 40}, target: 3}
    technology: {score: 50}
strategy:
  focus_areas: [{id: mobility, priority: 4}]
  horizon_years: 3
  budget_per_year: 100000
  team: {internal_fte: 1}
  political_sponsor: true
infrastructure:
  data_platform: none
`

func TestLoad(t *testing.T) {
	tests := []struct {
		name    string
		replace [2]string
		wants   []string
	}{
		{"valid", [2]string{"", ""}, nil},
		{"unknown key with suggestion", [2]string{"population:", "populaton:"}, []string{"c.yaml:4:3: city: unknown key \"populaton\"; did you mean \"population\"?", "city.population is required"}},
		{"type error", [2]string{"horizon_years: 3", "horizon_years: three"}, []string{"c.yaml:14:18: strategy.horizon_years: expected a whole number, got \"three\""}},
		{"indicator out of range", [2]string{"leadership_team: 40", "leadership_team: 400"}, []string{"c.yaml:10:70: assessment.dimensions.governance.indicators.leadership_team: 400 is outside the 0-100 scale"}},
		{"unknown focus area", [2]string{"id: mobility", "id: flying"}, []string{"c.yaml:13:22: strategy.focus_areas[0].id: unknown focus area \"flying\""}},
		{"unknown dimension", [2]string{"technology:", "technologee:"}, []string{"c.yaml:11:5: assessment.dimensions: unknown dimension \"technologee\"", "missing technology"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := valid
			if tt.replace[0] != "" {
				src = strings.Replace(src, tt.replace[0], tt.replace[1], 1)
			}
			l, err := city.Load("c.yaml", []byte(src), vocab)
			if len(tt.wants) == 0 {
				if err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				if l.File.City.Currency != "EUR" || l.File.City.AuthorityType != "sub-central" {
					t.Errorf("defaults not applied: %+v", l.File.City)
				}
				return
			}
			if err == nil {
				t.Fatalf("got no error, want %v", tt.wants)
			}
			for _, want := range tt.wants {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not contain %q:\n%v", want, err)
				}
			}
		})
	}
}

// TestSchema keeps examples/city.schema.json, which the example files point
// editors at, identical to the schema generated from the Go types.
func TestSchema(t *testing.T) {
	s, err := city.Schema()
	if err != nil {
		t.Fatal(err)
	}
	path := "../examples/city.schema.json"
	if *golden.Update {
		if err := os.WriteFile(path, s, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./city -update)", err)
	}
	if !bytes.Equal(s, want) {
		t.Errorf("%s is stale; run go test ./city -update", path)
	}
	for _, key := range []string{`"population"`, `"additionalProperties": false`, `"focus_areas"`} {
		if !bytes.Contains(s, []byte(key)) {
			t.Errorf("schema lacks %s", key)
		}
	}
}

// TestExamplesValidateAgainstSchema checks the example city files and the
// starter against the generated JSON Schema, so that editors using it agree
// with citypath.
func TestExamplesValidateAgainstSchema(t *testing.T) {
	raw, err := city.Schema()
	if err != nil {
		t.Fatal(err)
	}
	schema := schematest.Compile(t, raw, city.SchemaID)
	files, _ := filepath.Glob("../examples/*/city.yaml")
	files = append(files, "../cmd/starter/city.yaml")
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var v any
			if err := yaml.Unmarshal(data, &v); err != nil {
				t.Fatal(err)
			}
			if err := schematest.Validate(t, schema, v); err != nil {
				t.Errorf("%s does not validate against the city schema: %v", file, err)
			}
		})
	}
}
