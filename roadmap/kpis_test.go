package roadmap_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKPIs: every KPI of every example carries a target, a baseline in
// words (never blank or "none"), the month it is due, which matches the
// initiative's go/no-go or completion, and an owner; a KPI whose catalog
// entry names a baseline the city gave starts from the city's figure.
func TestKPIs(t *testing.T) {
	cat := loadCatalog(t)
	fromCity := 0
	for _, file := range examples(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		ctx := generate(t, cat, file, data)
		name := filepath.Base(filepath.Dir(file))
		for _, in := range ctx.Doc.Initiatives {
			for _, k := range in.KPIs {
				where := name + " " + in.ID + " " + k.Name
				if k.Target == "" || k.Owner == "" || k.Baseline == "" || strings.EqualFold(k.Baseline, "none") {
					t.Errorf("%s: target %q, owner %q, baseline %q: none may be empty", where, k.Target, k.Owner, k.Baseline)
				}
				wantAt := "completion"
				if in.Kind == "pilot" {
					wantAt = "go-no-go"
				}
				if k.Due != in.End || k.DueAt != wantAt {
					t.Errorf("%s: due %s at %s, want %s at %s", where, k.Due, k.DueAt, in.End, wantAt)
				}
				if k.BaselineKey != "" {
					fromCity++
					if v := ctx.City.File.Strategy.Baselines[k.BaselineKey]; v != k.BaselineValue || !strings.HasSuffix(k.Baseline, "(city figure)") {
						t.Errorf("%s: baseline %q (%v), want the city's %s %v", where, k.Baseline, k.BaselineValue, k.BaselineKey, v)
					}
				} else if !strings.HasPrefix(k.Baseline, "to be measured before ") && (k.Unit != "yes/no" || k.Baseline != "not yet") {
					t.Errorf("%s: baseline %q without a city figure must say when it is measured", where, k.Baseline)
				}
			}
		}
	}
	if fromCity == 0 {
		t.Error("no KPI of the examples starts from a city figure; the examples give building_energy_mwh and water_losses_m3")
	}
}
