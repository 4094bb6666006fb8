package cmd

import (
	"context"
	"testing"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/synth"
)

// BenchmarkBatchCity plans and renders one synthetic city per iteration
// in JSON, XLSX and PDF, the work of one city of a batch without the
// writing; scripts/bench measures whole batches.
func BenchmarkBatchCity(b *testing.B) {
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		b.Fatal(err)
	}
	chosen, err := chooseFormats([]string{"json", "xlsx", "pdf"})
	if err != nil {
		b.Fatal(err)
	}
	g := synth.New(cat, synth.Options{Seed: 1})
	getenv := func(string) string { return "" }
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		c := g.City(i % 200)
		rctx, err := runPipeline(ctx, cat, c.File, c.Data, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := renderCity(ctx, getenv, rctx, chosen, nil); err != nil {
			b.Fatal(err)
		}
	}
}
