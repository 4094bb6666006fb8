package roadmap_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/roadmap"
)

// bigCatalog overlays the built-in catalog with n generated initiatives in
// chains of dependencies across the three phases, each with a tender, and
// a rule that selects them all, to measure the scheduler on a large plan.
func bigCatalog(b testing.TB, n int) *catalog.Catalog {
	b.Helper()
	fs := fstest.MapFS{}
	var ids []string
	phases := []string{"foundation", "growth", "accelerate"}
	for i := range n {
		id := fmt.Sprintf("generated-%03d", i)
		ids = append(ids, id)
		phase := phases[i*3/n]
		deps := "[smart-city-team]"
		if i%5 != 0 && i > 0 && phases[(i-1)*3/n] == phase {
			deps = fmt.Sprintf("[generated-%03d]", i-1)
		} else if phase != "foundation" {
			deps = fmt.Sprintf("[generated-%03d]", i-1)
		}
		fs["initiatives/"+id+".yaml"] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`version: 1
id: %s
title: Generated initiative %d
description: A generated initiative for the scheduler benchmark.
phase: %s
kind: enabler
focus_area: cross-cutting
raises: [governance]
priority: %d
duration_months: %d
fte: 0.1
cost: {capex_min: 10000, capex_max: 30000, opex_per_year: 1000}
depends_on: %s
kpis: [{name: Done, unit: yes/no}]
milestones: []
procurement:
  - {id: advice, title: Advice, type: services, cpv: [79411000-8], share: 1, contract_years: 1, maturity: off-the-shelf}
source: benchmark
`, id, i, phase, 1+i%5, 2+i%6, deps))}
	}
	fs["rules/generated-all.yaml"] = &fstest.MapFile{Data: []byte(fmt.Sprintf(`version: 1
id: generated-all
title: Select every generated initiative
when: "true"
why: Benchmark.
source: benchmark
include: [%s]
`, strings.Join(ids, ", ")))}
	c, err := catalog.Load(catalog.Builtin(), catalog.Source{FS: fs, Name: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkSchedule200 measures the schedule step alone (tenders inside the
// plan included) on Kladno with 200 more initiatives in the catalog.
func BenchmarkSchedule200(b *testing.B) {
	cat := bigCatalog(b, 200)
	data, err := os.ReadFile("../examples/kladno/city.yaml")
	if err != nil {
		b.Fatal(err)
	}
	data = []byte(strings.Replace(string(data), "budget_per_year: 900000", "budget_per_year: 5000000", 1))
	data = []byte(strings.Replace(string(data), "internal_fte: 2.5", "internal_fte: 12", 1))
	var before []roadmap.Step
	for _, s := range pipeline.Steps() {
		if _, ok := s.(roadmap.ScheduleStep); ok {
			break
		}
		before = append(before, s)
	}
	req := roadmap.Request{CityName: "city.yaml", CityData: data, Catalog: cat}
	// Each run starts from a fresh context: the facts count the CEL cost
	// of one generation, which repeated runs on the same facts would
	// exhaust.
	prepare := func() *roadmap.Context {
		ctx, err := roadmap.Run(context.Background(), req, before)
		if err != nil {
			b.Fatal(err)
		}
		ctx.Tenders = procurement.NewPlanner()
		return ctx
	}
	selected := 0
	for _, d := range prepare().Decisions {
		if d.Selected {
			selected++
		}
	}
	for b.Loop() {
		b.StopTimer()
		ctx := prepare()
		b.StartTimer()
		if err := (roadmap.ScheduleStep{}).Run(ctx); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(selected), "initiatives")
}
