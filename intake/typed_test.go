package intake

import (
	"testing"
	"time"

	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/roadmap"
)

// TestTypedValues: what cities type in other forms than the city file's
// reads as the same value.
func TestTypedValues(t *testing.T) {
	filled := fill(t, blank(t), readExample(t, "kladno"))
	tests := []struct {
		name  string
		edit  edit
		check func(*city.File) any
		want  any
	}{
		{"number typed as text with a space", edit{"City", "C7", "69 000"}, func(f *city.File) any { return f.City.Population }, 69000},
		{"month typed as a date", edit{"City", "C14", time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}, func(f *city.File) any { return f.City.StartMonth }, "2027-01"},
		{"date typed as text", edit{"Assessment", "C5", "2026-09-15"}, func(f *city.File) any { return f.Assessment.Date }, "2026-09-15"},
		{"year typed as a number", edit{"State of play", "D8", 2021}, func(f *city.File) any { return f.InPlace[0].Since }, "2021"},
		{"yes and no in capitals", edit{"Strategy", "C11", "No"}, func(f *city.File) any { return f.Strategy.PoliticalSponsor }, false},
		{"list value in other case", edit{"State of play", "C8", "Done"}, func(f *city.File) any { return f.InPlace[0].Status }, "done"},
		{"text that looks like a formula", edit{"City", "C22", "=HYPERLINK(\"x\")"}, func(f *city.File) any { return f.City.Buyer.Contact.Name }, "=HYPERLINK(\"x\")"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Read("x.xlsx", apply(t, filled, []edit{tt.edit}), "city.yaml", testCatalog(t))
			if err != nil {
				t.Fatal(err)
			}
			l, err := city.Load("city.yaml", out, roadmap.Vocabulary(testCatalog(t)))
			if err != nil {
				t.Fatal(err)
			}
			if got := tt.check(l.File); got != tt.want {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}
