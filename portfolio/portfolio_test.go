package portfolio_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/internal/clients"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/portfolio"
	"github.com/citypath/citypath/roadmap"
	"github.com/citypath/citypath/synth"
)

func TestPercentileRank(t *testing.T) {
	tests := []struct {
		name   string
		score  float64
		scores []float64
		want   float64
	}{
		// Worked by hand: (below + equal/2) / n × 100.
		{"alone", 40, []float64{40}, 50},
		{"lowest of four", 1, []float64{1, 2, 3, 4}, 12.5},
		{"third of four", 3, []float64{1, 2, 3, 4}, 62.5},
		{"tied pair", 40, []float64{10, 25, 40, 40, 60}, 60},
		{"all equal", 7, []float64{7, 7, 7}, 50},
		{"highest of five", 60, []float64{10, 25, 40, 40, 60}, 90},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := portfolio.PercentileRank(tt.score, tt.scores); got != tt.want {
				t.Errorf("PercentileRank(%v, %v) = %v, want %v", tt.score, tt.scores, got, tt.want)
			}
		})
	}
}

func TestBandOf(t *testing.T) {
	tests := []struct {
		population int
		want       string
	}{
		{1, "under-5k"}, {4999, "under-5k"}, {5000, "5k-50k"}, {49999, "5k-50k"}, {50000, "50k-100k"},
		{69000, "50k-100k"}, {100000, "100k-250k"}, {999999, "500k-1m"}, {1000000, "1m-plus"}, {100000000, "1m-plus"},
	}
	for _, tt := range tests {
		if got := portfolio.BandOf(tt.population).ID; got != tt.want {
			t.Errorf("BandOf(%d) = %s, want %s", tt.population, got, tt.want)
		}
	}
}

// handCity is a city summary built by hand: overall score and one
// dimension, so that every expected figure can be worked out on paper.
func handCity(name, country string, overall, score float64) portfolio.City {
	return handCityBy("", name, country, overall, score)
}

func handCityBy(groupBy, name, country string, overall, score float64) portfolio.City {
	doc := &roadmap.Roadmap{
		City:     roadmap.CitySummary{Name: name, Country: country, Population: 20000, Currency: "EUR"},
		Maturity: roadmap.Maturity{Overall: overall, Level: 2, Dimensions: []roadmap.DimensionScore{{ID: "governance", Name: "Governance", Score: score, Level: 2, Gap: 10}}},
		Totals:   roadmap.Totals{Total: 1000},
		Funding:  &roadmap.Funding{Totals: roadmap.FundingTotals{Grants: 400, CityTotal: 600}},
		Initiatives: []roadmap.Initiative{
			{ID: "team", Title: "Team", Phase: catalog.PhaseFoundation},
			{ID: "platform", Title: "Platform", Phase: "growth"},
		},
	}
	return portfolio.Summarise(doc, name+".yaml", nil, groupBy)
}

// TestBuildHandGroup checks a five-city group against figures worked out
// by hand, with a second group that must not disturb it.
func TestBuildHandGroup(t *testing.T) {
	cities := []portfolio.City{
		handCity("A", "LU", 40, 40), handCity("B", "LU", 25, 25), handCity("C", "LU", 40, 40),
		handCity("D", "LU", 60, 60), handCity("E", "LU", 10, 10),
		handCity("F", "MT", 99, 99), handCity("G", "MT", 1, 1),
	}
	p, err := portfolio.Build(cities, portfolio.Options{GroupBy: portfolio.ByCountry, Focus: "b"})
	if err != nil {
		t.Fatal(err)
	}
	type got struct {
		Group      string
		Rank, Size int
		Pct        float64
	}
	var gotLU []got
	for _, c := range p.Cities {
		gotLU = append(gotLU, got{c.Group, c.Rank, c.GroupSize, c.Percentile})
	}
	want := []got{
		{"LU", 2, 5, 60}, {"LU", 4, 5, 30}, {"LU", 2, 5, 60}, {"LU", 1, 5, 90}, {"LU", 5, 5, 10},
		{"MT", 1, 2, 75}, {"MT", 2, 2, 25},
	}
	if diff := cmp.Diff(want, gotLU); diff != "" {
		t.Errorf("placing (-want +got):\n%s", diff)
	}
	if p.Groups[0].Name != "LU" || p.Groups[0].Overall != 40 || p.Groups[0].Medians[0] != 40 || p.Groups[1].Overall != 50 {
		t.Errorf("groups = %+v, want LU median 40 and MT median 50", p.Groups)
	}
	if p.Focus == nil || p.Focus.City.Name != "B" || p.Focus.Medians[0] != 40 {
		t.Errorf("focus = %+v, want B against the LU median 40", p.Focus)
	}
	if len(p.FirstNeeds) != 1 || p.FirstNeeds[0].Initiative.ID != "team" || p.FirstNeeds[0].Cities != 7 {
		t.Errorf("first needs = %+v, want team in 7 roadmaps", p.FirstNeeds)
	}
	if want := []portfolio.Budget{{Currency: "EUR", Cities: 7, Total: 7000, Grants: 2800, OwnShare: 4200}}; !cmp.Equal(p.Budget, want) {
		t.Errorf("budget = %+v, want %+v", p.Budget, want)
	}
	if p.Gaps[0].Cities != 7 || p.Gaps[0].MedianGap != 10 {
		t.Errorf("gaps = %+v, want 7 cities with a median gap of 10", p.Gaps)
	}
}

func TestBuildMistakes(t *testing.T) {
	tests := []struct {
		name string
		opts portfolio.Options
		want string
	}{
		{"unknown field", portfolio.Options{GroupBy: "strategy.mascot"}, `--group "strategy.mascot": no city gives this field`},
		{"unknown city", portfolio.Options{Focus: "Z"}, `--city "Z": no city of that name`},
		{"ambiguous city", portfolio.Options{Focus: "A"}, `--city "A": 2 cities have that name (A.yaml, A.yaml)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cities := []portfolio.City{handCityBy(tt.opts.GroupBy, "A", "LU", 40, 40), handCityBy(tt.opts.GroupBy, "A", "MT", 20, 20)}
			_, err := portfolio.Build(cities, tt.opts)
			var ue *portfolio.UnknownError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Build: %v, want an UnknownError containing %q", err, tt.want)
			}
		})
	}
}

// generatedCity varies Kladno's city file deterministically: name,
// country, population and four dimension scores. The first five cities
// form a hand-checked group in Norway whose only difference is Service
// Design; the others come from the synthetic population.
func generatedCity(kladno string, i int) string {
	r := uint32(i)*2654435761 + 12345 // Knuth's multiplicative hash: fixed, spread values
	pick := func(n uint32) int { r = r*1103515245 + 12345; return int((r >> 16) % n) }
	countries := []string{"CZ", "SK", "PL", "AT", "DE"}
	country := countries[pick(uint32(len(countries)))]
	population := []int{3000, 12000, 45000, 69000, 120000, 300000}[pick(6)] + pick(1000)
	design, interop, delivery, networking := 5+pick(90), 5+pick(90), 5+pick(90), 5+pick(90)
	if i < 5 {
		// Norway: a country the synthetic population never draws, so
		// the hand-checked group holds exactly these five.
		country, population = "NO", 69000
		design, interop, delivery, networking = []int{40, 25, 40, 60, 10}[i], 22, 41, 55
	}
	s := kladno
	for _, r := range [][2]string{
		{"name: Kladno\n", fmt.Sprintf("name: City %04d\n", i)},
		{"country: CZ\n", "country: " + country + "\n"},
		{"population: 69000\n", fmt.Sprintf("population: %d\n", population)},
		{"service_design: {score: 32}", fmt.Sprintf("service_design: {score: %d}", design)},
		{"interoperability: {score: 22, target: 3}", fmt.Sprintf("interoperability: {score: %d, target: 3}", interop)},
		{"service_delivery: {score: 41}", fmt.Sprintf("service_delivery: {score: %d}", delivery)},
		{"networking: {score: 55,", fmt.Sprintf("networking: {score: %d,", networking)},
	} {
		if !strings.Contains(s, r[0]) {
			panic("examples/kladno/city.yaml no longer holds " + r[0])
		}
		s = strings.Replace(s, r[0], r[1], 1)
	}
	return s
}

// TestCompareThousand plans 1,000 cities varied from Kladno, compares them
// by country, and checks the hand-computed Norwegian group: Service Design
// scores 40, 25, 40, 60, 10 (all else equal) give percentiles 60, 30, 60,
// 90, 10 in that dimension and overall, and ranks 2, 4, 2, 1, 5.
func TestCompareThousand(t *testing.T) {
	if testing.Short() {
		t.Skip("plans 1,000 cities; skipped with -short")
	}
	const n = 1000
	data, err := os.ReadFile(filepath.Join("..", "examples", "kladno", "city.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	population := synth.New(cat, synth.Options{Seed: 2026})
	cities, err := portfolio.Gather(context.Background(), n, portfolio.ByCountry, func(_ context.Context, i int) (string, *roadmap.Roadmap, *city.File, error) {
		name := fmt.Sprintf("city-%04d.yaml", i)
		cityData := []byte(generatedCity(string(data), i))
		if i >= 5 {
			cityData = population.City(i).Data
		}
		rc, err := pipeline.Generate(roadmap.Request{CityName: name, CityData: cityData, Catalog: cat})
		if err != nil {
			return name, nil, nil, err
		}
		return name, rc.Doc, rc.City.File, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := portfolio.Build(cities, portfolio.Options{GroupBy: portfolio.ByCountry, Focus: "City 0001"})
	if err != nil {
		t.Fatal(err)
	}
	design := -1
	for i, d := range p.Dimensions {
		if d.ID == "service_design" {
			design = i
		}
	}
	wantPct := []float64{60, 30, 60, 90, 10}
	wantRank := []int{2, 4, 2, 1, 5}
	for i := range 5 {
		c := p.Cities[i]
		if c.Group != "NO" || c.GroupSize != 5 || c.DimPct[design] != wantPct[i] || c.Percentile != wantPct[i] || c.Rank != wantRank[i] {
			t.Errorf("%s: group %s of %d, Service Design percentile %v, overall percentile %v, rank %d; want NO of 5, %v, %v, rank %d",
				c.Name, c.Group, c.GroupSize, c.DimPct[design], c.Percentile, c.Rank, wantPct[i], wantPct[i], wantRank[i])
		}
	}
	if got := p.Focus.Medians[design]; got != 40 {
		t.Errorf("NO median Service Design = %v, want 40", got)
	}
	total, countries := 0, map[string]bool{}
	for _, c := range cities {
		countries[c.Country] = true
	}
	for _, g := range p.Groups {
		total += g.Cities
	}
	if total != n || len(p.Groups) != len(countries) {
		t.Errorf("%d cities in %d groups, want %d in %d (one per country)", total, len(p.Groups), n, len(countries))
	}
	// Every percentile in a group averages 50: the mid-rank definition is
	// symmetric.
	sums := map[string]float64{}
	for _, c := range p.Cities {
		sums[c.Group] += c.Percentile
	}
	for _, g := range p.Groups {
		if mean := sums[g.Name] / float64(g.Cities); mean < 49.99 || mean > 50.01 {
			t.Errorf("group %s: mean percentile %v, want 50", g.Name, mean)
		}
	}
	byBand, err := portfolio.Build(cities, portfolio.Options{GroupBy: portfolio.ByPopulation})
	if err != nil {
		t.Fatal(err)
	}
	if len(byBand.Groups) < 4 || byBand.Groups[0].Name != "under 5,000" || byBand.Groups[1].Name != "5,000 to 49,999" {
		t.Errorf("population bands %+v, want at least 4 in the order of size", byBand.Groups)
	}
	date := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	xlsx, err := portfolio.Workbook(p, date)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := portfolio.Workbook(p, date)
	if !bytes.Equal(xlsx, again) {
		t.Error("the workbook differs between two runs")
	}
	if _, err := document.PDF(portfolio.Document(p, date)); err != nil {
		t.Fatal(err)
	}
}

// TestOutputs checks the summary and the workbook of a small portfolio:
// the method stated, the figures where a reader looks for them, and real
// clients opening the files.
func TestOutputs(t *testing.T) {
	cities := []portfolio.City{
		handCity("A", "LU", 40, 40), handCity("=HYPERLINK(\"x\")", "LU", 25, 25), handCity("<b>C</b>", "LU", 40, 40),
	}
	p, err := portfolio.Build(cities, portfolio.Options{GroupBy: portfolio.ByCountry, Focus: "A"})
	if err != nil {
		t.Fatal(err)
	}
	date := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	html, err := document.HTML(portfolio.Document(p, date))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Percentile rank = 100 ×", "kind=&#39;mean&#39;", "A against its peers", "&lt;b&gt;C&lt;/b&gt;", "<svg"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("portfolio.html lacks %q", want)
		}
	}
	data, err := portfolio.Workbook(p, date)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, c := range []struct{ cell, want string }{{"B1", "City"}, {"L1", "Percentile"}, {"B3", "=HYPERLINK(\"x\")"}, {"L2", "66.7"}, {"L3", "16.7"}} {
		if got, _ := f.GetCellValue("Cities", c.cell); got != c.want {
			t.Errorf("Cities!%s = %q, want %q", c.cell, got, c.want)
		}
		if formula, _ := f.GetCellFormula("Cities", c.cell); formula != "" {
			t.Errorf("Cities!%s holds the formula %q; city text must stay text", c.cell, formula)
		}
	}
	if method, _ := f.GetCellValue("Method", "B2"); method != portfolio.PercentileMethod {
		t.Errorf("Method!B2 = %q, want the percentile method", method)
	}

	dir := t.TempDir()
	pdf, err := document.PDF(portfolio.Document(p, date))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "portfolio.pdf"), pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "portfolio.xlsx"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("pdftotext", func(t *testing.T) {
		text := clients.Run(t, "pdftotext", filepath.Join(dir, "portfolio.pdf"), "-")
		for _, want := range []string{"Percentile rank", "A against its peers", "Peer group median"} {
			if !strings.Contains(text, want) {
				t.Errorf("portfolio.pdf text lacks %q", want)
			}
		}
	})
	t.Run("soffice", func(t *testing.T) {
		// LibreOffice opens the workbook; its first sheet as CSV holds the
		// percentiles as the reader sees them.
		out := clients.Convert(t, filepath.Join(dir, "csv"), "csv", filepath.Join(dir, "portfolio.xlsx"))
		csv, err := os.ReadFile(out[0])
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(csv), ",66.67,") || !strings.Contains(string(csv), `HYPERLINK`) {
			t.Errorf("LibreOffice's Cities sheet lacks the percentile 66.67 or the city name kept as text:\n%s", csv)
		}
	})
}

// BenchmarkGather plans and summarises Kladno variants, as compare does:
// report cities per second with -benchtime and memory with -benchmem.
func BenchmarkGather(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("..", "examples", "kladno", "city.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		b.Fatal(err)
	}
	const n = 50
	b.ReportAllocs()
	for b.Loop() {
		_, err := portfolio.Gather(context.Background(), n, "", func(_ context.Context, i int) (string, *roadmap.Roadmap, *city.File, error) {
			rc, err := pipeline.Generate(roadmap.Request{CityName: "city.yaml", CityData: []byte(generatedCity(string(data), i)), Catalog: cat})
			if err != nil {
				return "", nil, nil, err
			}
			return "city.yaml", rc.Doc, rc.City.File, nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "cities/s")
}
