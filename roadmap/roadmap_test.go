package roadmap_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/internal/golden"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/roadmap"
)

func loadCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatalf("load built-in catalog: %v", err)
	}
	return c
}

func examples(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../examples/*/city.yaml")
	if err != nil || len(files) < 3 {
		t.Fatalf("expected at least 3 examples, got %v (%v)", files, err)
	}
	return files
}

func generate(t testing.TB, cat *catalog.Catalog, name string, data []byte) *roadmap.Context {
	t.Helper()
	ctx, err := pipeline.Generate(roadmap.Request{CityName: name, CityData: data, Catalog: cat})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ctx
}

// TestExamples renders each example and compares it with its golden files,
// then checks the scheduler's invariants on it.
func TestExamples(t *testing.T) {
	cat := loadCatalog(t)
	for _, file := range examples(t) {
		name := filepath.Base(filepath.Dir(file))
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ctx := generate(t, cat, file, data)
			checkInvariants(t, ctx)
			golden.Assert(t, ".json", rendered(t, ctx)["roadmap.json"])
			golden.Assert(t, ".md", rendered(t, ctx)["roadmap.md"])
			again := generate(t, cat, file, data)
			for out, b := range rendered(t, ctx) {
				if !bytes.Equal(b, rendered(t, again)[out]) {
					t.Errorf("%s differs between two runs", out)
				}
			}
		})
	}
}

// checkInvariants recomputes the schedule's constraints from the output
// itself rather than trusting the scheduler's own bookkeeping.
func checkInvariants(t *testing.T, ctx *roadmap.Context) {
	t.Helper()
	doc := ctx.Doc
	byID := map[string]roadmap.Initiative{}
	for _, in := range doc.Initiatives {
		byID[in.ID] = in
	}
	for _, in := range doc.Initiatives {
		for _, dep := range in.DependsOn {
			d, ok := byID[dep]
			if !ok {
				t.Errorf("%s depends on %s, which is not scheduled", in.ID, dep)
				continue
			}
			if in.StartMonth <= d.StartMonth+d.DurationMonths-1 {
				t.Errorf("%s starts %s before its dependency %s ends %s", in.ID, in.Start, dep, d.End)
			}
		}
		if in.StartMonth+in.DurationMonths > doc.Horizon.Months {
			t.Errorf("%s ends after the horizon", in.ID)
		}
	}
	// Team capacity in every month.
	capacity := ctx.City.File.Strategy.Team.Capacity()
	for m := 0; m < doc.Horizon.Months; m++ {
		used := 0.0
		for _, in := range doc.Initiatives {
			if m >= in.StartMonth && m < in.StartMonth+in.DurationMonths {
				used += in.FTE
			}
		}
		if used > capacity+1e-6 {
			t.Errorf("month %s uses %.2f FTE of %.2f", ctx.Month(m), used, capacity)
		}
	}
	// Each calendar year's budget, with its prorated cap.
	spend, caps := map[int]float64{}, map[int]float64{}
	for m := 0; m < doc.Horizon.Months; m++ {
		caps[ctx.Year(m)] += ctx.City.File.Strategy.BudgetPerYear / 12
		for _, in := range doc.Initiatives {
			switch {
			case m >= in.StartMonth && m < in.StartMonth+in.DurationMonths:
				spend[ctx.Year(m)] += in.Cost.Capex / float64(in.DurationMonths)
			case m >= in.StartMonth+in.DurationMonths:
				spend[ctx.Year(m)] += in.Cost.OpexPerYear / 12
			}
		}
	}
	for y, s := range spend {
		if s > caps[y]+0.01 {
			t.Errorf("%d spends %.2f over its cap %.2f", y, s, caps[y])
		}
	}
	for _, b := range doc.Budget {
		if math.Abs(b.Total-(b.Capex+b.Opex)) > 0.011 || b.Total > b.Cap+0.01 {
			t.Errorf("budget %d: %+v", b.Year, b)
		}
	}
	// Phase order: an initiative that does not start early begins after every
	// initiative of earlier phases has ended.
	for _, in := range doc.Initiatives {
		cin, _ := ctx.Catalog.Initiative(in.ID)
		if cin.StartsEarly {
			continue
		}
		for _, other := range doc.Initiatives {
			if catalog.PhaseIndex(other.Phase) < catalog.PhaseIndex(in.Phase) && in.StartMonth <= other.StartMonth+other.DurationMonths-1 {
				t.Errorf("%s (%s) starts %s before %s (%s) ends %s", in.ID, in.Phase, in.Start, other.ID, other.Phase, other.End)
			}
		}
	}
	for i := 1; i < len(doc.Phases); i++ {
		if catalog.PhaseIndex(doc.Phases[i].ID) <= catalog.PhaseIndex(doc.Phases[i-1].ID) || doc.Phases[i].Start < doc.Phases[i-1].Start {
			t.Errorf("phases out of order: %+v then %+v", doc.Phases[i-1], doc.Phases[i])
		}
	}
	// Every selected initiative is either scheduled or deferred.
	for id, d := range ctx.Decisions {
		if !d.Selected {
			continue
		}
		if _, ok := byID[id]; !ok && ctx.Placed[id].Deferred == "" {
			t.Errorf("%s was selected but is neither scheduled nor deferred", id)
		}
	}
}

// TestRandomCities checks the invariants on generated city files of every
// size, budget and team.
func TestRandomCities(t *testing.T) {
	cat := loadCatalog(t)
	var dims []string
	for _, d := range cat.Dimensions {
		dims = append(dims, d.ID)
	}
	var areas []string
	for _, fa := range cat.FocusAreas {
		areas = append(areas, fa.ID)
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	n := 200
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		f := randomCity(rng, dims, areas)
		data, err := yaml.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("random-%03d.yaml", i)
		ctx, err := pipeline.Generate(roadmap.Request{CityName: name, CityData: data, Catalog: cat})
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, data)
		}
		t.Run(name, func(t *testing.T) { checkInvariants(t, ctx) })
		again := generate(t, cat, name, data)
		if !bytes.Equal(rendered(t, ctx)["roadmap.json"], rendered(t, again)["roadmap.json"]) {
			t.Errorf("%s: roadmap.json differs between two runs", name)
		}
	}
}

func randomCity(rng *rand.Rand, dims, areas []string) city.File {
	score := func() *float64 { v := float64(rng.IntN(1001)) / 10; return &v }
	f := city.File{
		City: city.City{
			Name: "Random", Country: "DE", Population: 2000 + rng.IntN(800000),
			StartMonth: fmt.Sprintf("%d-%02d", 2026+rng.IntN(3), 1+rng.IntN(12)),
		},
		Assessment: city.Assessment{Date: "2026-01-01", Source: "self-assessment", Dimensions: map[string]city.DimensionResult{}},
		Strategy: city.Strategy{
			HorizonYears:     1 + rng.IntN(6),
			BudgetPerYear:    float64(rng.IntN(40)) * 50000,
			Team:             city.Team{InternalFTE: float64(rng.IntN(40))/4 + 0.25, ContractedFTE: float64(rng.IntN(8)) / 4},
			PoliticalSponsor: rng.IntN(2) == 0,
		},
		Infrastructure: city.Infrastructure{
			DataPlatform:   []string{"none", "siloed", "central"}[rng.IntN(3)],
			OpenDataPortal: rng.IntN(2) == 0,
			Security:       city.Security{ISO27001: rng.IntN(2) == 0, DPO: rng.IntN(2) == 0},
		},
	}
	for _, d := range dims {
		r := city.DimensionResult{Score: score()}
		if rng.IntN(3) == 0 {
			r.Target = 1 + rng.IntN(5)
		}
		f.Assessment.Dimensions[d] = r
	}
	for _, i := range rng.Perm(len(areas))[:1+rng.IntN(len(areas))] {
		f.Strategy.FocusAreas = append(f.Strategy.FocusAreas, city.FocusArea{ID: areas[i], Priority: 1 + rng.IntN(5)})
	}
	return f
}

// BenchmarkGenerate measures one Kladno roadmap, from city file bytes to
// rendered JSON and Markdown, with the catalog already loaded.
func BenchmarkGenerate(b *testing.B) {
	cat := loadCatalog(b)
	data, err := os.ReadFile("../examples/kladno/city.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := pipeline.Generate(roadmap.Request{CityName: "city.yaml", CityData: data, Catalog: cat}); err != nil {
			b.Fatal(err)
		}
	}
}

// rendered is what `citypath roadmap --format json,md` writes for ctx.
func rendered(t testing.TB, ctx *roadmap.Context) map[string][]byte {
	t.Helper()
	j, err := roadmap.JSON(ctx.Doc)
	if err != nil {
		t.Fatal(err)
	}
	return map[string][]byte{"roadmap.json": j, "roadmap.md": roadmap.Markdown(ctx.Doc)}
}
