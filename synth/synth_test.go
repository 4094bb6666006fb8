package synth_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/roadmap"
	"github.com/citypath/citypath/synth"
)

func loadCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// TestPopulationPlans plans every city of a population: each valid one
// gives a roadmap, each invalid one fails with the loader's message for
// its mistake.
func TestPopulationPlans(t *testing.T) {
	cat := loadCatalog(t)
	n := 240
	if testing.Short() {
		n = 60
	}
	g := synth.New(cat, synth.Options{Seed: 1, Invalid: 0.1})
	seen := map[synth.Mistake]bool{}
	for _, c := range g.Population(n) {
		_, err := pipeline.Generate(roadmap.Request{CityName: c.File, CityData: c.Data, Catalog: cat})
		seen[c.Mistake] = true
		switch {
		case c.Mistake == synth.Valid && err != nil:
			t.Errorf("%s: valid city failed: %v", c.File, err)
		case c.Mistake != synth.Valid && err == nil:
			t.Errorf("%s: %s city planned", c.File, c.Mistake)
		case c.Mistake != synth.Valid && !strings.Contains(err.Error(), synth.Expect[c.Mistake]):
			t.Errorf("%s: %s: error does not mention %q:\n%v", c.File, c.Mistake, synth.Expect[c.Mistake], err)
		}
	}
	for _, m := range synth.Mistakes {
		if !seen[m] && n >= 240 {
			t.Errorf("no city makes mistake %s", m)
		}
	}
}

func TestDeterministic(t *testing.T) {
	cat := loadCatalog(t)
	a := synth.New(cat, synth.Options{Seed: 7, Invalid: 0.05}).Population(50)
	b := synth.New(cat, synth.Options{Seed: 7, Invalid: 0.05}).Population(80)
	other := synth.New(cat, synth.Options{Seed: 8, Invalid: 0.05}).City(3)
	for i := range a {
		if a[i].File != b[i].File || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("city %d differs between populations of 50 and 80", i)
		}
	}
	if bytes.Equal(a[3].Data, other.Data) {
		t.Errorf("seeds 7 and 8 give the same city")
	}
}

func TestInvalidShare(t *testing.T) {
	tests := []struct {
		share float64
		n     int
		want  int
	}{
		{0, 100, 0},
		{0.05, 2000, 100},
		{0.05, 19, 0},
		{0.05, 20, 1},
		{0.1, 6250, 625},
		{1, 12, 12},
	}
	cat := loadCatalog(t)
	for _, tt := range tests {
		g := synth.New(cat, synth.Options{Invalid: tt.share})
		got := 0
		for i := range tt.n {
			if g.MistakeOf(i) != synth.Valid {
				got++
			}
		}
		if got != tt.want {
			t.Errorf("share %g of %d: %d invalid, want %d", tt.share, tt.n, got, tt.want)
		}
	}
}

func BenchmarkCity(b *testing.B) {
	g := synth.New(loadCatalog(b), synth.Options{Seed: 1, Invalid: 0.05})
	for i := 0; b.Loop(); i++ {
		g.City(i)
	}
}
