package roadmap_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

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
	// What the city has is not planned again; what it partly has is
	// planned as an upgrade.
	met := map[string]bool{}
	for _, s := range doc.InPlace {
		in, scheduled := byID[s.Initiative]
		switch s.Status {
		case "done", "running":
			met[s.Initiative] = true
			if scheduled {
				t.Errorf("%s is %s but scheduled", s.Initiative, s.Status)
			}
		case "partial":
			if scheduled && in.Variant == "" {
				t.Errorf("%s is partial but scheduled without its upgrade variant", s.Initiative)
			}
		}
	}
	for _, in := range doc.Initiatives {
		checkCost(t, in)
	}
	for _, in := range doc.Initiatives {
		for _, dep := range in.DependsOn {
			d, ok := byID[dep]
			if !ok && met[dep] {
				continue
			}
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
	if doc.Funding != nil && doc.Funding.BudgetBasis == "city_share" {
		for _, y := range doc.Funding.ByYear {
			spend[y.Year] -= y.Grants
		}
	}
	for y, s := range spend {
		if s > caps[y]+0.01 {
			t.Errorf("%d spends %.2f over its cap %.2f", y, s, caps[y])
		}
	}
	for _, b := range doc.Budget {
		if math.Abs(b.Total-(b.Capex+b.Opex)) > 0.011 || (doc.Funding.BudgetBasis == "gross" && b.Total > b.Cap+0.01) {
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
		// Phases as gated windows (a later phase never starting before the
		// gate of the one before) are checked where the scheduler makes
		// them; here only their order, since an early pilot whose needs
		// the city already has may open a later phase first.
		if catalog.PhaseIndex(doc.Phases[i].ID) <= catalog.PhaseIndex(doc.Phases[i-1].ID) {
			t.Errorf("phases out of order: %+v then %+v", doc.Phases[i-1], doc.Phases[i])
		}
	}
	checkGates(t, ctx)
	checkTenders(t, ctx)
	checkLaw(t, ctx.Doc)
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

// checkGates checks the phases as gated windows: gates in phase order, no
// initiative of a later phase before the gate that opens it unless it
// declares why, every gate's text true on its date, and the top focus
// area's pilot the first pilot to start.
func checkGates(t *testing.T, ctx *roadmap.Context) {
	t.Helper()
	doc := ctx.Doc
	month := func(s string) int {
		for m := 0; m < doc.Horizon.Months; m++ {
			if ctx.Month(m) == s {
				return m
			}
		}
		t.Fatalf("month %s is outside the horizon", s)
		return -1
	}
	windowStart := map[string]int{}
	prevEnd := -1
	for _, ph := range doc.Phases {
		start, end := month(ph.Start), month(ph.End)
		clamped := start == prevEnd && start == doc.Horizon.Months-1
		if (start != prevEnd+1 && !clamped) || end < start {
			t.Errorf("phase %s runs %s to %s after a gate in month %d", ph.ID, ph.Start, ph.End, prevEnd)
		}
		windowStart[ph.ID] = start
		prevEnd = end
		// A gate reviews the pilots that ended in its window; the first gate
		// also reviews those the city ran before the roadmap.
		first := len(windowStart) == 1
		done, pilots := 0, 0
		for _, in := range doc.Initiatives {
			inEnd := in.StartMonth + in.DurationMonths - 1
			if inEnd <= end {
				if in.Kind == "pilot" {
					if first || inEnd >= start {
						pilots++
					}
				} else if in.Phase == ph.ID {
					done++
				}
			}
		}
		if first {
			for _, s := range doc.InPlace {
				if cin, ok := ctx.Catalog.Initiative(s.Initiative); ok && cin.Kind == "pilot" && s.Status != "partial" {
					pilots++
				}
			}
		}
		if first && (pilots == 0) != strings.Contains(ph.Gate, "No pilot has been evaluated yet") {
			t.Errorf("gate %s says %q with %d pilots evaluated", ph.ID, ph.Gate, pilots)
		}
		if (pilots > 0) != strings.Contains(ph.Gate, "Pilots evaluated") {
			t.Errorf("gate %s says %q with %d pilots evaluated", ph.ID, ph.Gate, pilots)
		}
		wantDone := fmt.Sprintf("%d initiatives of this phase completed", done)
		if done == 0 {
			wantDone = "no initiative of this phase completed"
		} else if done == 1 {
			wantDone = "1 initiative of this phase completed"
		}
		if !strings.Contains(ph.Gate, wantDone) {
			t.Errorf("gate %s says %q, want %q", ph.ID, ph.Gate, wantDone)
		}
	}
	for _, in := range doc.Initiatives {
		if ws, ok := windowStart[in.Phase]; ok && in.StartMonth < ws && in.Early == "" {
			t.Errorf("%s (%s) starts %s before its phase's window without saying why", in.ID, in.Phase, in.Start)
		}
	}
	firstPilot, topStart := -1, -1
	for _, in := range doc.Initiatives {
		if in.Kind != "pilot" {
			continue
		}
		if firstPilot < 0 || in.StartMonth < firstPilot {
			firstPilot = in.StartMonth
		}
		if in.FocusArea == ctx.Facts.TopFocus {
			topStart = in.StartMonth
		}
	}
	if topStart >= 0 && topStart > firstPilot {
		t.Errorf("another pilot starts (month %d) before the top focus area's pilot (month %d)", firstPilot, topStart)
	}
}

// checkTenders checks that every tender goes out after what it waits for
// has ended, on working days, and that its contract is signed before the
// initiative starts.
func checkTenders(t *testing.T, ctx *roadmap.Context) {
	t.Helper()
	doc := ctx.Doc
	ends := map[string]string{}
	for _, in := range doc.Initiatives {
		ends[in.ID] = in.End
	}
	country := ctx.City.File.City.Country
	for _, in := range doc.Initiatives {
		for _, c := range ctx.Placed[in.ID].Contracts {
			for _, a := range c.After {
				if end, ok := ends[a.Initiative]; ok && c.Timeline.Publication[:7] <= end {
					t.Errorf("%s is published %s before %s ends %s", c.ID, c.Timeline.Publication, a.Initiative, end)
				}
			}
			if c.Timeline.Publication < doc.Horizon.Start {
				t.Errorf("%s is published %s, before the roadmap starts", c.ID, c.Timeline.Publication)
			}
			if c.Timeline.ContractSigned[:7] >= in.Start {
				t.Errorf("%s is signed %s, not before %s starts %s", c.ID, c.Timeline.ContractSigned, in.ID, in.Start)
			}
			for _, day := range []string{c.Timeline.MarketEngagement, c.Timeline.Publication, c.Timeline.TendersDue, c.Timeline.AwardDecision, c.Timeline.ContractSigned} {
				if day == "" {
					continue
				}
				d, _ := time.Parse("2006-01-02", day)
				if !ctx.Catalog.IsWorkingDay(country, d) {
					t.Errorf("%s: %s is not a working day in %s", c.ID, day, country)
				}
			}
		}
	}
}

// checkLaw checks the procurement plan against the law that governs each
// contract: the value that decides the threshold is the contract's own or,
// for a lot of a framework agreement, its group's sum (Art. 5); below the
// threshold the regime is national and no Directive time limit is cited.
func checkLaw(t *testing.T, doc *roadmap.Roadmap) {
	t.Helper()
	if doc.Procurement == nil {
		return
	}
	for _, c := range doc.Procurement.Contracts {
		deciding := c.Value.Maximum
		if a := c.Aggregate; a != nil && (a.Role == "framework" || a.Role == "call-off") {
			deciding = max(deciding, a.Value)
		}
		if c.Threshold.Above != (deciding >= c.Threshold.Amount) {
			t.Errorf("%s: deciding value %.0f against %.0f, above=%v", c.ID, deciding, c.Threshold.Amount, c.Threshold.Above)
		}
		if c.Threshold.Above != (c.Procedure.Regime == "eu") {
			t.Errorf("%s: above=%v under %s rules", c.ID, c.Threshold.Above, c.Procedure.Regime)
		}
		if !c.Threshold.Above {
			for _, l := range c.TimeLimits {
				if strings.Contains(l.LegalBasis, "2014/24") {
					t.Errorf("%s below the threshold cites a Directive time limit: %s", c.ID, l.LegalBasis)
				}
			}
		}
	}
}

// checkCost recomputes an initiative's cost from its terms: quantities in
// scope, unit ranges, the position and the exchange rate.
func checkCost(t *testing.T, in roadmap.Initiative) {
	t.Helper()
	c := in.Cost
	var lo, hi, opex float64
	for _, term := range c.Terms {
		q := term.Quantity
		if term.Driver != "" {
			if want := roadmap.ScopeQuantity(term.CityQuantity, term.Share, term.AtLeast, term.AtMost); want != q {
				t.Errorf("%s: %s quantity %g, want %g", in.ID, term.Driver, q, want)
			}
		} else if q != 1 {
			t.Errorf("%s: fixed term quantity %g", in.ID, q)
		}
		lo += q * term.CapexMinEUR
		hi += q * term.CapexMaxEUR
		opex += q * term.OpexPerYearEUR
	}
	capexEUR := catalog.At(c.Position, lo, hi)
	near := func(what string, got, want float64) {
		if math.Abs(got-want) > 1 {
			t.Errorf("%s: %s is %.2f, recomputed %.2f (%s)", in.ID, what, got, want, c.Formula)
		}
	}
	near("capex in EUR", c.EUR.Capex, capexEUR)
	near("capex", c.Capex, math.Round(math.Round(capexEUR)*c.PerEUR))
	near("capex_min", c.CapexMin, math.Round(math.Round(lo)*c.PerEUR))
	near("capex_max", c.CapexMax, math.Round(math.Round(hi)*c.PerEUR))
	near("opex", c.OpexPerYear, math.Round(math.Round(opex)*c.PerEUR))
	for _, r := range c.PositionReasons {
		if r.Rule == "" {
			t.Errorf("%s: position reason without a rule", in.ID)
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
	var ids []string
	for _, in := range cat.Initiatives {
		ids = append(ids, in.ID)
	}
	rng := rand.New(rand.NewPCG(2026, 11))
	n := 200
	if testing.Short() {
		n = 30
	}
	for i := 0; i < n; i++ {
		f := randomCity(rng, dims, areas, ids)
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

func randomCity(rng *rand.Rand, dims, areas, initiatives []string) city.File {
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
	// A state of play, some quantities, another currency and budget basis.
	statuses := []string{"done", "running", "partial", "none"}
	for _, i := range rng.Perm(len(initiatives))[:rng.IntN(6)] {
		f.InPlace = append(f.InPlace, city.InPlace{Initiative: initiatives[i], Status: statuses[rng.IntN(len(statuses))], Since: "2024-05"})
	}
	if rng.IntN(2) == 0 {
		f.Assets = map[string]float64{"municipal_buildings": float64(rng.IntN(400)), "waste_containers": float64(rng.IntN(20000))}
	}
	if rng.IntN(3) == 0 {
		f.City.Currency = []string{"CZK", "HUF", "PLN"}[rng.IntN(3)]
		f.Strategy.BudgetPerYear *= 25
	}
	if rng.IntN(3) == 0 {
		f.Strategy.BudgetBasis = "city_share"
	}
	if rng.IntN(2) == 0 {
		f.Infrastructure.Sensors = []city.Sensor{{Type: "energy meter", Count: 10, Domain: "energy_efficiency"}}
		f.Infrastructure.GIS = true
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

// TestKladnoBuildsOnWhatItHas checks the brief's Kladno story: the energy
// monitoring, water and waste pilots and the team exist, so none is planned
// again, and the scale-ups they lead to are in the plan, saying what they
// build on.
func TestKladnoBuildsOnWhatItHas(t *testing.T) {
	ctx := generate(t, loadCatalog(t), "kladno.yaml", kladno(t))
	byID := map[string]roadmap.Initiative{}
	for _, in := range ctx.Doc.Initiatives {
		byID[in.ID] = in
	}
	for _, id := range []string{"energy-monitoring-pilot", "water-metering-pilot", "waste-fill-level-pilot", "smart-city-team", "camera-5g-pilot", "police-video-room"} {
		if _, ok := byID[id]; ok {
			t.Errorf("%s is planned again although Kladno has it", id)
		}
	}
	for _, id := range []string{"building-energy-management", "water-network-monitoring", "waste-collection-optimisation"} {
		in, ok := byID[id]
		if !ok {
			t.Errorf("the scale-up %s is not in the plan", id)
			continue
		}
		if len(in.BuildsOn) == 0 {
			t.Errorf("%s does not say what it builds on", id)
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

// TestRuleMovesCost checks that a rule's advice to budget at the low end
// reaches the cost: a city with energy meters whose top focus is energy gets
// the energy pilot's upgrade at the bottom of its range, and says why.
func TestRuleMovesCost(t *testing.T) {
	data := strings.Replace(string(kladno(t)), "in_place:\n  - initiative: energy-monitoring-pilot\n    status: done", "in_place:\n  - initiative: energy-monitoring-pilot\n    status: partial", 1)
	ctx := generate(t, loadCatalog(t), "kladno.yaml", []byte(data))
	for _, in := range ctx.Doc.Initiatives {
		if in.ID != "energy-monitoring-pilot" {
			continue
		}
		c := in.Cost
		if in.Variant != "upgrade" || c.Position != "low" || c.Capex != c.CapexMin || len(c.PositionReasons) == 0 {
			t.Fatalf("energy pilot: variant %q, position %q, capex %.0f of %.0f-%.0f, reasons %v", in.Variant, c.Position, c.Capex, c.CapexMin, c.CapexMax, c.PositionReasons)
		}
		return
	}
	t.Fatal("the partial energy pilot is not planned")
}
