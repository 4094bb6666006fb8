package roadmap_test

import (
	"strings"
	"testing"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/roadmap"
)

// TestRiskWording checks the risks the catalog gives for plans that differ
// in one figure: levels follow the conditions, a sentence tied to an
// initiative appears only when it is scheduled, and counts read as
// English for one and for many.
func TestRiskWording(t *testing.T) {
	cat := loadCatalog(t)
	blocked := roadmap.FundingLine{Blocked: []roadmap.FundingBlock{{Programme: "rrf"}}}
	plan := func(deferred, unfunded int, sponsor bool, charter bool) *roadmap.Context {
		d := &roadmap.Roadmap{City: roadmap.CitySummary{Currency: "EUR"}, Funding: &roadmap.Funding{}, Impact: &roadmap.Impact{}}
		for range deferred {
			d.Deferred = append(d.Deferred, roadmap.Left{ID: "x"})
		}
		for range unfunded {
			d.Funding.Initiatives = append(d.Funding.Initiatives, blocked)
		}
		if charter {
			d.Initiatives = append(d.Initiatives, roadmap.Initiative{ID: "programme-charter", End: "2027-09"})
		}
		for range 12 {
			d.Capacity = append(d.Capacity, roadmap.CapacityMonth{Used: 1, Available: 2})
		}
		d.Budget = []roadmap.BudgetYear{{Year: 2027, Total: 50, Cap: 100}}
		d.Totals.Total = 50
		f := &catalog.Facts{}
		f.Strategy.PoliticalSponsor = sponsor
		return &roadmap.Context{Request: roadmap.Request{Catalog: cat}, Facts: f, Doc: d}
	}
	tests := []struct {
		name     string
		ctx      *roadmap.Context
		risk     string
		level    string
		has, not []string
	}{
		{"no sponsor", plan(0, 0, false, true), "political-continuity", "high", []string{"No mayor or council", "charter by 2027-09"}, nil},
		{"sponsor, no charter", plan(0, 0, true, false), "political-continuity", "medium", []string{"every phase gate"}, []string{"charter", "{end}"}},
		{"nothing deferred", plan(0, 0, true, true), "staff-capacity", "medium", []string{"0 of 12 months"}, []string{"wait"}},
		{"one deferred", plan(1, 0, true, true), "staff-capacity", "high", []string{"One initiative waits"}, []string{"1 initiatives"}},
		{"three deferred", plan(3, 0, true, true), "staff-capacity", "high", []string{"3 initiatives wait"}, nil},
		{"one unfunded", plan(0, 1, true, true), "funding-deadlines", "medium", []string{"One initiative starts", "grant is planned for it."}, nil},
		{"two unfunded", plan(0, 2, true, true), "funding-deadlines", "medium", []string{"2 initiatives start", "for them."}, nil},
		{"all funded", plan(0, 0, true, true), "funding-deadlines", "", nil, nil},
		{"no grants, no savings", plan(0, 0, true, true), "competing-investment", "medium", []string{"uses 50%", "Each phase gate"}, []string{"grants cover", "savings"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := (roadmap.RiskStep{}).Run(tt.ctx); err != nil {
				t.Fatal(err)
			}
			var got *roadmap.Risk
			for i, r := range tt.ctx.Doc.Council.Risks {
				if r.ID == tt.risk {
					got = &tt.ctx.Doc.Council.Risks[i]
				}
			}
			if tt.level == "" {
				if got != nil {
					t.Fatalf("risk %s listed: %+v", tt.risk, got)
				}
				return
			}
			if got == nil {
				t.Fatalf("risk %s not listed", tt.risk)
			}
			if got.Level != tt.level {
				t.Errorf("level %q, want %q", got.Level, tt.level)
			}
			text := got.Why + " " + got.Mitigation
			for _, s := range tt.has {
				if !strings.Contains(text, s) {
					t.Errorf("%q lacks %q", text, s)
				}
			}
			for _, s := range tt.not {
				if strings.Contains(text, s) {
					t.Errorf("%q has %q", text, s)
				}
			}
			if got.Source == "" {
				t.Error("no source")
			}
		})
	}
}
