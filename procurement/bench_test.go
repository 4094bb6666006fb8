package procurement_test

import (
	"testing"
	"time"

	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/templates"
)

// BenchmarkKladnoPacks renders every tender pack of Kladno's roadmap (what
// `citypath tender --all` does after the roadmap), one after the other.
func BenchmarkKladnoPacks(b *testing.B) {
	ctx := example(b, "kladno")
	eng, err := templates.New(nil, "")
	if err != nil {
		b.Fatal(err)
	}
	date := time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		for _, c := range ctx.Doc.Procurement.Contracts {
			p, err := procurement.BuildPack(ctx, c, date)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := procurement.Render(p, eng); err != nil {
				b.Fatal(err)
			}
		}
	}
}
