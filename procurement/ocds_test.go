package procurement_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/citypath/citypath/procurement"
)

// The release package schema refers to the release schema by this URL.
const (
	releaseSchemaURL = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"
	packageSchemaURL = "https://standard.open-contracting.org/schema/1__1__5/release-package-schema.json"
)

// ocdsSchemaDir is where the official OCDS 1.1.5 schemas are kept for the
// tests (testdata/ocds-1.1.5, copied byte for byte with their origin).
func ocdsSchemaDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join("testdata", "ocds-1.1.5")
	if _, err := os.Stat(filepath.Join(dir, "release-package-schema.json")); err != nil {
		t.Fatalf("the OCDS 1.1.5 schemas are missing from %s: %v", dir, err)
	}
	return dir
}

// refuseNetwork makes sure nothing is fetched: every reference must resolve
// to a schema added from disk.
type refuseNetwork struct{}

func (refuseNetwork) Load(url string) (any, error) {
	return nil, fmt.Errorf("refusing to fetch %s: the OCDS schemas must resolve locally", url)
}

func ocdsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir := ocdsSchemaDir(t)
	c := jsonschema.NewCompiler()
	c.UseLoader(refuseNetwork{})
	c.AssertFormat()
	for url, file := range map[string]string{releaseSchemaURL: "release-schema.json", packageSchemaURL: "release-package-schema.json"} {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
	}
	sch, err := c.Compile(packageSchemaURL)
	if err != nil {
		t.Fatalf("compile the release package schema: %v", err)
	}
	return sch
}

// TestOCDSValidates validates the release package of every contract of
// every example against the official OCDS 1.1.5 release package schema,
// its reference to the release schema resolved from the local copy.
func TestOCDSValidates(t *testing.T) {
	sch := ocdsSchema(t)
	for _, name := range []string{"kladno", "small-town", "advanced-city"} {
		ctx := example(t, name)
		for _, c := range ctx.Doc.Procurement.Contracts {
			t.Run(name+"/"+c.ID, func(t *testing.T) {
				p, err := procurement.BuildPack(ctx, c, docDate)
				if err != nil {
					t.Fatal(err)
				}
				data, err := procurement.OCDS(p)
				if err != nil {
					t.Fatal(err)
				}
				v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
				if err != nil {
					t.Fatal(err)
				}
				if err := sch.Validate(v); err != nil {
					t.Errorf("the release package does not validate:\n%v", err)
				}
			})
		}
	}
}

// TestOCDSSchemaCatchesErrors makes sure the validation is real: a package
// with a method outside the closed codelist is refused.
func TestOCDSSchemaCatchesErrors(t *testing.T) {
	sch := ocdsSchema(t)
	ctx := example(t, "kladno")
	p, err := procurement.BuildPack(ctx, ctx.Doc.Procurement.Contracts[0], docDate)
	if err != nil {
		t.Fatal(err)
	}
	data, err := procurement.OCDS(p)
	if err != nil {
		t.Fatal(err)
	}
	bad := regexp.MustCompile(`"procurementMethod": "[a-z]+"`).ReplaceAll(data, []byte(`"procurementMethod": "restricted"`))
	if bytes.Equal(bad, data) {
		t.Fatal("the package has no procurementMethod to spoil")
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(bad))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err == nil {
		t.Error("a procurementMethod outside the codelist validated")
	}
}
