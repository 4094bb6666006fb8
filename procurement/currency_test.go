package procurement_test

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/citypath/citypath/roadmap"
)

// inCurrency rewrites Kladno's city file for another currency: the city's
// own figures (budget, baselines, staff cost) become that currency at the
// rate, as a city budgeting in it would write them.
func inCurrency(code string, rate float64) func([]byte) []byte {
	money := regexp.MustCompile(`(?m)^(\s+(?:budget_per_year|cost_per_fte|building_energy_spend|water_losses_cost|waste_collection_cost): )(\d+)$`)
	return func(data []byte) []byte {
		data = bytes.Replace(data, []byte("currency: EUR"), []byte("currency: "+code), 1)
		return money.ReplaceAllFunc(data, func(m []byte) []byte {
			parts := money.FindSubmatch(m)
			v, _ := strconv.ParseFloat(string(parts[2]), 64)
			return append(parts[1], []byte(fmt.Sprintf("%.0f", v*rate))...)
		})
	}
}

// TestCurrencies plans Kladno in euro, koruna, forint and zloty. Every
// catalog cost is the euro cost converted at the catalog's dated rate, the
// EU threshold is in the city's currency (the published national value
// where the catalog has one), and the council sees the same verdict.
func TestCurrencies(t *testing.T) {
	base := example(t, "kladno")
	eur := map[string]roadmap.Initiative{}
	for _, in := range base.Doc.Initiatives {
		eur[in.ID] = in
	}
	tests := []struct {
		code     string
		national float64 // published sub-central threshold, 0 when converted
	}{
		{"CZK", 0},
		{"HUF", 0},
		{"PLN", 930960},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			r, ok := loadCatalog(t).Rate(tt.code)
			if !ok {
				t.Fatalf("no rate for %s", tt.code)
			}
			ctx := exampleWith(t, "kladno", inCurrency(tt.code, r.PerEUR))
			doc := ctx.Doc
			if doc.Money.Currency != tt.code || doc.Money.PerEUR != r.PerEUR || doc.Money.RateDate != r.Date {
				t.Errorf("money block %+v, want %s at %g of %s", doc.Money, tt.code, r.PerEUR, r.Date)
			}
			for _, in := range doc.Initiatives {
				if in.Cost.Currency != tt.code {
					t.Errorf("%s: cost in %s", in.ID, in.Cost.Currency)
				}
				if want := math.Round(in.Cost.EUR.Capex * r.PerEUR); in.Cost.Capex != want {
					t.Errorf("%s: capex %.0f %s, want %.0f (EUR %.0f at %g)", in.ID, in.Cost.Capex, tt.code, want, in.Cost.EUR.Capex, r.PerEUR)
				}
				if e, ok := eur[in.ID]; ok && e.Cost.EUR.Capex != in.Cost.EUR.Capex {
					t.Errorf("%s: EUR capex %.0f differs from the euro city's %.0f", in.ID, in.Cost.EUR.Capex, e.Cost.EUR.Capex)
				}
			}
			if math.Signbit(doc.Impact.NPV) != math.Signbit(base.Doc.Impact.NPV) {
				t.Errorf("NPV %.0f %s has another sign than %.0f EUR", doc.Impact.NPV, tt.code, base.Doc.Impact.NPV)
			}
			if doc.Procurement.Currency != tt.code {
				t.Errorf("procurement plan in %s", doc.Procurement.Currency)
			}
			for _, c := range doc.Procurement.Contracts {
				th := c.Threshold
				if th.Currency != tt.code || th.AmountEUR != 216000 {
					t.Fatalf("%s: threshold %+v", c.ID, th)
				}
				want := math.Round(216000 * r.PerEUR)
				if tt.national > 0 {
					want = tt.national
				}
				if th.Amount != want || th.National != (tt.national > 0) || th.Basis == "" {
					t.Errorf("%s: threshold %.0f %s (national %v, %q), want %.0f", c.ID, th.Amount, tt.code, th.National, th.Basis, want)
				}
				if th.Above != (c.Value.Maximum >= th.Amount) {
					t.Errorf("%s: value %.0f against %.0f gives above=%v", c.ID, c.Value.Maximum, th.Amount, th.Above)
				}
			}
		})
	}
}
