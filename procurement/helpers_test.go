package procurement_test

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/roadmap"
)

var (
	catOnce sync.Once
	cat     *catalog.Catalog
	catErr  error
)

func loadCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	catOnce.Do(func() { cat, catErr = catalog.Load(catalog.Builtin()) })
	if catErr != nil {
		t.Fatalf("load built-in catalog: %v", catErr)
	}
	return cat
}

// example generates the roadmap of examples/NAME with the procurement plan.
func example(t testing.TB, name string) *roadmap.Context {
	t.Helper()
	return exampleWith(t, name, nil)
}

// exampleWith generates an example after edit changes its city file.
func exampleWith(t testing.TB, name string, edit func([]byte) []byte) *roadmap.Context {
	t.Helper()
	file := filepath.Join("..", "examples", name, "city.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		data = edit(data)
	}
	ctx, err := pipeline.Generate(roadmap.Request{CityName: file, CityData: data, Catalog: loadCatalog(t)})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ctx
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
