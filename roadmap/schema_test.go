package roadmap_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/citypath/citypath/internal/schematest"
	"github.com/citypath/citypath/roadmap"
)

// TestJSONValidatesAgainstSchema checks every example's roadmap.json against
// the schema `citypath schema roadmap` prints.
func TestJSONValidatesAgainstSchema(t *testing.T) {
	raw, err := roadmap.Schema()
	if err != nil {
		t.Fatal(err)
	}
	schema := schematest.Compile(t, raw, roadmap.SchemaID)
	cat := loadCatalog(t)
	for _, file := range examples(t) {
		t.Run(filepath.Base(filepath.Dir(file)), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ctx := generate(t, cat, file, data)
			v, err := jsonschema.UnmarshalJSON(bytes.NewReader(rendered(t, ctx)["roadmap.json"]))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(v); err != nil {
				t.Errorf("roadmap.json does not validate: %v", err)
			}
		})
	}
}
