package procurement_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/roadmap"
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

// TestOCDSLotsLanguagePrefix checks what the release package says beyond
// the schema: each lot's value, adding up to the tender's; the city's
// language; and a warning, not an error, for an ocid prefix outside the
// registered ones the catalog holds.
func TestOCDSLotsLanguagePrefix(t *testing.T) {
	type pkg struct {
		Releases []struct {
			Language string `json:"language"`
			Tender   struct {
				Value struct{ Amount float64 } `json:"value"`
				Lots  []struct {
					ID    string                    `json:"id"`
					Value *struct{ Amount float64 } `json:"value"`
				} `json:"lots"`
				Documents []struct{ Language string } `json:"documents"`
			} `json:"tender"`
		} `json:"releases"`
	}
	tests := []struct {
		name, edit, from, to string
		lang                 string
		warned               bool
	}{
		{name: "kladno", lang: "cs", warned: true},
		{name: "registered prefix", from: "ocid_prefix: ocds-kladno", to: "ocid_prefix: ocds-87sd3t", lang: "cs"},
		{name: "no language", from: "  language: cs\n", to: "", lang: "en", warned: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := exampleWith(t, "kladno", func(b []byte) []byte {
				if tt.from == "" {
					return b
				}
				out := bytes.Replace(b, []byte(tt.from), []byte(tt.to), 1)
				if bytes.Equal(out, b) {
					t.Fatalf("the example has no %q", tt.from)
				}
				return out
			})
			warned := false
			for _, w := range ctx.Doc.Procurement.Warnings {
				warned = warned || bytes.Contains([]byte(w), []byte("ocid prefix"))
			}
			if warned != tt.warned {
				t.Errorf("plan warnings %q; want a prefix warning: %v", ctx.Doc.Procurement.Warnings, tt.warned)
			}
			var c *roadmap.Contract
			for i := range ctx.Doc.Procurement.Contracts {
				if ctx.Doc.Procurement.Contracts[i].ID == "central-data-platform/ldp-implementation" {
					c = &ctx.Doc.Procurement.Contracts[i]
				}
			}
			if c == nil {
				t.Fatal("no platform contract in the plan")
			}
			p, err := procurement.BuildPack(ctx, *c, docDate)
			if err != nil {
				t.Fatal(err)
			}
			data, err := procurement.OCDS(p)
			if err != nil {
				t.Fatal(err)
			}
			var got pkg
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatal(err)
			}
			for _, r := range got.Releases {
				if r.Language != tt.lang {
					t.Errorf("release language %q, want %q", r.Language, tt.lang)
				}
				for _, d := range r.Tender.Documents {
					if d.Language != tt.lang {
						t.Errorf("document language %q, want %q", d.Language, tt.lang)
					}
				}
				if len(r.Tender.Lots) != len(c.Lots) || len(c.Lots) == 0 {
					t.Fatalf("%d lots in the release, %d in the plan", len(r.Tender.Lots), len(c.Lots))
				}
				sum := 0.0
				for _, l := range r.Tender.Lots {
					if l.Value == nil || l.Value.Amount <= 0 {
						t.Fatalf("lot %s has no value", l.ID)
					}
					sum += l.Value.Amount
				}
				if math.Abs(sum-r.Tender.Value.Amount) > 0.5 {
					t.Errorf("the lots add up to %v, the tender's value is %v", sum, r.Tender.Value.Amount)
				}
			}
		})
	}
}
