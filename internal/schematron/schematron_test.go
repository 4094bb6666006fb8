package schematron_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/citypath/citypath/internal/clients"
	"github.com/citypath/citypath/internal/schematron"
)

const doc = `<doc xmlns="urn:example:a" kind="x">
	<item special="1">text</item>
	<item special="1" name="n"></item>
	<item></item>
	<item size="5">x</item>
	<item size="2">y</item>
</doc>`

func TestCompileErrors(t *testing.T) {
	for _, tc := range []struct{ phase, want string }{
		{"nope", `no phase "nope"`},
		{"broken", `activates pattern "not-there"`},
	} {
		t.Run(tc.phase, func(t *testing.T) {
			_, err := schematron.Compile(os.DirFS("testdata"), "rules.sch", tc.phase)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// TestRun checks the semantics the eForms rules rely on: the first rule of
// a pattern whose context matches handles a node, attribute contexts fire,
// schema- and pattern-level lets, included patterns, reports, and phases.
func TestRun(t *testing.T) {
	xslt := clients.XSLT(t)
	for _, tc := range []struct {
		phase string
		want  []string // id@location, sorted
	}{
		{"main", []string{
			"item-not-empty@/Q{urn:example:a}doc[1]/Q{urn:example:a}item[3]",
			"kind-x@/Q{urn:example:a}doc[1]",
			"size-small@/Q{urn:example:a}doc[1]/Q{urn:example:a}item[4]/@size",
			"special-has-name@/Q{urn:example:a}doc[1]/Q{urn:example:a}item[1]",
		}},
		{"other", []string{"never@/Q{urn:example:a}doc[1]"}},
	} {
		t.Run(tc.phase, func(t *testing.T) {
			xsl, err := schematron.Compile(os.DirFS("testdata"), "rules.sch", tc.phase)
			if err != nil {
				t.Fatal(err)
			}
			res, err := schematron.Run(context.Background(), xslt, xsl, map[string][]byte{"doc.xml": []byte(doc), "clean.xml": []byte(`<doc xmlns="urn:example:a"/>`)})
			if err != nil {
				t.Fatal(err)
			}
			if fs := res["clean.xml"]; tc.phase == "main" && len(fs) > 0 {
				t.Errorf("clean.xml: unexpected failures %v", fs)
			}
			var got []string
			for _, f := range res["doc.xml"] {
				got = append(got, f.ID+"@"+f.Location)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("failures:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}
