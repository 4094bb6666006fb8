package procurement_test

import (
	"strings"
	"testing"
	"time"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/procurement"
)

// TestRecommendAroundThresholds runs the procedure recommendation on values
// one euro below and at each threshold, on publication days either side of
// 1 January 2026 when the 2026-2027 thresholds replace the 2024-2025 ones
// (issue 4). A value equal to the threshold is above it.
func TestRecommendAroundThresholds(t *testing.T) {
	ctx := example(t, "kladno")
	end2025 := day("2025-12-31")
	start2026 := day("2026-01-01")
	tests := []struct {
		name      string
		authority string
		kind      string // services, supplies, works
		category  string
		maturity  string
		advanced  bool
		value     float64
		published time.Time
		above     bool
		threshold float64
		set       string
		procedure string
		note      string
	}{
		// Sub-central supplies and services: 221,000 until 2025, 216,000 from 2026.
		{name: "services 1 below 2025", value: 220_999, published: end2025, threshold: 221_000, set: "eu-2024-2025", procedure: "open"},
		{name: "services at 2025", value: 221_000, published: end2025, above: true, threshold: 221_000, set: "eu-2024-2025", procedure: "open"},
		{name: "services 1 below 2026", value: 215_999, published: start2026, threshold: 216_000, set: "eu-2026-2027", procedure: "open"},
		{name: "services at 2026", value: 216_000, published: start2026, above: true, threshold: 216_000, set: "eu-2026-2027", procedure: "open"},
		{name: "between: below in 2025", value: 218_000, published: end2025, threshold: 221_000, set: "eu-2024-2025", procedure: "open"},
		{name: "between: above in 2026", value: 218_000, published: start2026, above: true, threshold: 216_000, set: "eu-2026-2027", procedure: "open"},
		{name: "supplies at 2026", kind: "supplies", category: "devices", value: 216_000, published: start2026, above: true, threshold: 216_000, set: "eu-2026-2027", procedure: "open"},
		{name: "supplies between in 2025", kind: "supplies", category: "devices", value: 220_000, published: end2025, threshold: 221_000, set: "eu-2024-2025", procedure: "open"},
		// Works: 5,538,000 until 2025, 5,404,000 from 2026.
		{name: "works 1 below 2025", kind: "works", category: "works", value: 5_537_999, published: end2025, threshold: 5_538_000, set: "eu-2024-2025", procedure: "open"},
		{name: "works at 2025", kind: "works", category: "works", value: 5_538_000, published: end2025, above: true, threshold: 5_538_000, set: "eu-2024-2025", procedure: "restricted"},
		{name: "works 1 below 2026", kind: "works", category: "works", value: 5_403_999, published: start2026, threshold: 5_404_000, set: "eu-2026-2027", procedure: "open"},
		{name: "works at 2026", kind: "works", category: "works", value: 5_404_000, published: start2026, above: true, threshold: 5_404_000, set: "eu-2026-2027", procedure: "restricted"},
		{name: "works between in 2025", kind: "works", category: "works", value: 5_450_000, published: end2025, threshold: 5_538_000, set: "eu-2024-2025", procedure: "open"},
		{name: "works between in 2026", kind: "works", category: "works", value: 5_450_000, published: start2026, above: true, threshold: 5_404_000, set: "eu-2026-2027", procedure: "restricted"},
		// Central authorities: 143,000 then 140,000.
		{name: "central at 2025", authority: "central", value: 143_000, published: end2025, above: true, threshold: 143_000, set: "eu-2024-2025", procedure: "open"},
		{name: "central 1 below 2025", authority: "central", value: 142_999, published: end2025, threshold: 143_000, set: "eu-2024-2025", procedure: "open"},
		{name: "central at 2026", authority: "central", value: 140_000, published: start2026, above: true, threshold: 140_000, set: "eu-2026-2027", procedure: "open"},
		{name: "central 1 below 2026", authority: "central", value: 139_999, published: start2026, threshold: 140_000, set: "eu-2026-2027", procedure: "open"},
		// The restricted procedure starts at EUR 1 million above the threshold.
		{name: "large off-the-shelf", value: 1_000_000, published: start2026, above: true, threshold: 216_000, set: "eu-2026-2027", procedure: "restricted"},
		{name: "just under a million", value: 999_999, published: start2026, above: true, threshold: 216_000, set: "eu-2026-2027", procedure: "open"},
		// Maturity decides the procedure on both sides of the threshold.
		{name: "adapted below", maturity: "adapted", value: 215_999, published: start2026, threshold: 216_000, set: "eu-2026-2027", procedure: "competitive-negotiation"},
		{name: "adapted above", maturity: "adapted", value: 221_000, published: end2025, above: true, threshold: 221_000, set: "eu-2024-2025", procedure: "competitive-negotiation"},
		{name: "adapted advanced", maturity: "adapted", advanced: true, value: 900_000, published: start2026, above: true, threshold: 216_000, set: "eu-2026-2027", procedure: "competitive-dialogue"},
		{name: "new solution", maturity: "new", value: 400_000, published: start2026, above: true, threshold: 216_000, set: "eu-2026-2027", procedure: "innovation-partnership"},
		{name: "new R&D only", maturity: "new", category: "rnd", value: 400_000, published: end2025, above: true, threshold: 221_000, set: "eu-2024-2025", procedure: "pre-commercial"},
		// Outside every period the nearest set is used, with a note.
		{name: "after the last period", value: 216_000, published: day("2028-03-01"), above: true, threshold: 216_000, set: "eu-2026-2027", procedure: "open", note: "no EU thresholds in the catalog are valid on 2028-03-01"},
		{name: "before the first period", value: 216_000, published: day("2023-06-30"), threshold: 221_000, set: "eu-2024-2025", procedure: "open", note: "valid from 2024-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := procurement.Input{
				Facts:      ctx.Facts,
				Initiative: catalog.InitiativeFacts{ID: "test", Kind: "pilot", FocusArea: "energy_efficiency"},
				Object:     catalog.ProcurementFacts{ID: "test", Type: or(tt.kind, "services"), Category: or(tt.category, "system"), Maturity: or(tt.maturity, "off-the-shelf")},
				Authority:  or(tt.authority, "sub-central"),
			}
			if tt.advanced {
				in.Initiative.Kind = "advanced"
			}
			d, err := procurement.Recommend(loadCatalog(t), in, tt.value, tt.published)
			if err != nil {
				t.Fatal(err)
			}
			if d.Threshold.Above != tt.above || d.Threshold.Amount != tt.threshold || d.Threshold.Set != tt.set {
				t.Errorf("threshold: got above=%v %v (%s), want above=%v %v (%s)", d.Threshold.Above, d.Threshold.Amount, d.Threshold.Set, tt.above, tt.threshold, tt.set)
			}
			if d.Procedure.ID != tt.procedure {
				t.Errorf("procedure: got %s, want %s", d.Procedure.ID, tt.procedure)
			}
			wantRegime := map[bool]string{true: "eu", false: "national"}[tt.above]
			if d.Regime != wantRegime {
				t.Errorf("regime: got %s, want %s", d.Regime, wantRegime)
			}
			if !strings.Contains(d.Reason, d.Procedure.Reason) || !strings.Contains(d.Reason, "EUR") {
				t.Errorf("reason %q should give the value, the threshold and the procedure's reason", d.Reason)
			}
			if (tt.note == "") != (d.Note == "") || !strings.Contains(d.Note, tt.note) {
				t.Errorf("note: got %q, want one containing %q", d.Note, tt.note)
			}
		})
	}
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
