package cmd

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/internal/yamlx"
	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/roadmap"
)

var fuzzSetup = sync.OnceValues(func() (*catalog.Catalog, error) { return catalog.Load(catalog.Builtin()) })

// FuzzPipeline feeds arbitrary city files through the whole pipeline: load,
// validate, score, match, schedule, funding, impact and procurement plan,
// then every roadmap format and the tender pack of the first contract. A
// file is either refused with problems at positions (exit 3) or renders in
// every format; any other error, and any panic, is a bug.
//
//	go test ./cmd -run '^$' -fuzz FuzzPipeline -fuzztime 10m
func FuzzPipeline(f *testing.F) {
	seeds, _ := filepath.Glob("../examples/*/city.yaml")
	bad, _ := filepath.Glob("testdata/bad/*.yaml")
	for _, p := range append(seeds, bad...) {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	cat, err := fuzzSetup()
	if err != nil {
		f.Fatal(err)
	}
	eng, err := loadTemplates("")
	if err != nil {
		f.Fatal(err)
	}
	getenv := func(string) string { return "" }
	noProgress := func(int) func(string) { return nil }
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > yamlx.MaxFileSize {
			return // refused while reading, before the pipeline
		}
		ctx, err := runPipeline(context.Background(), cat, "fuzz.yaml", data, nil, nil)
		if err != nil {
			if _, ok := yamlx.AsProblems(err); !ok {
				t.Fatalf("an error without a position (exit 1): %v", err)
			}
			return
		}
		if _, err := renderAll(context.Background(), getenv, []*roadmap.Roadmap{ctx.Doc}, []string{""}, []string{"fuzz.yaml"}, roadmapFormats, noProgress); err != nil {
			t.Fatal(err)
		}
		if plan := ctx.Doc.Procurement; plan != nil && len(plan.Contracts) > 0 {
			date := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			pack, err := procurement.BuildPack(ctx, plan.Contracts[0], date)
			if err == nil {
				_, err = procurement.Render(pack, eng)
			}
			if err != nil {
				t.Fatalf("tender pack %s: %v", plan.Contracts[0].ID, err)
			}
		}
	})
}
