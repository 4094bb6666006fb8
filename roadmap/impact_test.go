package roadmap_test

import (
	"bytes"
	"math"
	"os"
	"testing"

	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/roadmap"
)

func kladno(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile("../examples/kladno/city.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFundingDates checks that programme dates hold: no RRF money for work
// after its end date, no money for work outside a programme's eligibility
// period, and none for an initiative completed before the first
// application can be made.
func TestFundingDates(t *testing.T) {
	cat := loadCatalog(t)
	tests := []struct {
		name  string
		start string
	}{
		{"starts 2025", "start_month: 2025-01"},
		{"starts 2027", "start_month: 2027-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := bytes.Replace(kladno(t), []byte("start_month: 2027-01"), []byte(tt.start), 1)
			ctx := generate(t, cat, "kladno.yaml", data)
			f := ctx.Doc.Funding
			ends := map[string]string{}
			starts := map[string]string{}
			for _, in := range ctx.Doc.Initiatives {
				ends[in.ID], starts[in.ID] = in.End, in.Start
			}
			sawRRF := false
			for _, l := range f.Initiatives {
				if math.Abs(l.Grant+l.CityShare-l.Capex) > 0.011 {
					t.Errorf("%s: grant %.2f + city share %.2f != capex %.2f", l.Initiative, l.Grant, l.CityShare, l.Capex)
				}
				for _, o := range l.Options {
					p := programme(t, ctx, o.Programme)
					if p.WorkUntil != "" && ends[l.Initiative] > p.WorkUntil[:7] {
						t.Errorf("%s ends %s but is offered %s, whose work ends %s", l.Initiative, ends[l.Initiative], o.Programme, p.WorkUntil)
					}
					if p.EligibleUntil != "" && starts[l.Initiative] > p.EligibleUntil[:7] {
						t.Errorf("%s starts %s but is offered %s, eligible until %s", l.Initiative, starts[l.Initiative], o.Programme, p.EligibleUntil)
					}
					if p.BeforeApplication == "completed-excluded" && ends[l.Initiative] < ctx.Month(3) {
						t.Errorf("%s ends %s, before a first application, but is offered %s", l.Initiative, ends[l.Initiative], o.Programme)
					}
					sawRRF = sawRRF || o.Programme == "rrf"
				}
			}
			if tt.start == "start_month: 2025-01" && !sawRRF {
				t.Errorf("a roadmap starting in 2025 should be offered RRF for work ending by August 2026")
			}
		})
	}
}

func programme(t *testing.T, ctx *roadmap.Context, id string) roadmap.ProgrammeUsed {
	t.Helper()
	for _, p := range ctx.Doc.Funding.Programmes {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("programme %s is not listed in funding.programmes", id)
	return roadmap.ProgrammeUsed{}
}

// TestImpactArithmetic recomputes the net present value from the years as
// written in roadmap.json, at several discount rates.
func TestImpactArithmetic(t *testing.T) {
	cat := loadCatalog(t)
	for _, rate := range []float64{0, 0.04, 0.1} {
		ctx, err := pipeline.Generate(roadmap.Request{CityName: "kladno.yaml", CityData: kladno(t), Catalog: cat, DiscountRate: &rate})
		if err != nil {
			t.Fatal(err)
		}
		im := ctx.Doc.Impact
		npv := 0.0
		for _, y := range im.Years {
			npv += (y.Benefits - y.Capex - y.Opex) / math.Pow(1+rate, float64(y.Year-im.FirstYear))
		}
		if math.Abs(npv-im.NPV) > 0.01 {
			t.Errorf("rate %g: recomputed NPV %.2f, roadmap.json says %.2f", rate, npv, im.NPV)
		}
		if im.Quantified == 0 || im.CO2PerYear <= 0 {
			t.Errorf("rate %g: Kladno should have quantified benefits and CO2, got %d and %.2f", rate, im.Quantified, im.CO2PerYear)
		}
	}
	bad := -0.5
	if _, err := pipeline.Generate(roadmap.Request{CityName: "kladno.yaml", CityData: kladno(t), Catalog: cat, DiscountRate: &bad}); err == nil {
		t.Error("a negative discount rate was accepted")
	}
}

// TestMissingBaselines checks that a city without a baseline is told which
// figure to supply instead of getting an invented benefit.
func TestMissingBaselines(t *testing.T) {
	cat := loadCatalog(t)
	data := bytes.Replace(kladno(t), []byte("    waste_collection_diesel_l: 160000\n"), nil, 1)
	ctx := generate(t, cat, "kladno.yaml", data)
	im := ctx.Doc.Impact
	if len(im.Missing) != 1 || im.Missing[0].Key != "waste_collection_diesel_l" || im.Missing[0].What == "" {
		t.Fatalf("missing baselines = %+v, want waste_collection_diesel_l with what to supply", im.Missing)
	}
	for _, ii := range im.Initiatives {
		if ii.Initiative == "waste-fill-level-pilot" && (ii.CO2PerYear != 0 || ii.PerYear.Mid == 0) {
			t.Errorf("waste pilot: CO2 %.2f (want 0 without the diesel figure), benefit %.2f (want the cost saving)", ii.CO2PerYear, ii.PerYear.Mid)
		}
	}
}
