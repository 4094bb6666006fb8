package eforms

import (
	"os"
	"regexp"
	"testing"
)

// codeRe finds the codes of a Genericode code list.
var codeRe = regexp.MustCompile(`<Value ColumnRef="code">\s*<SimpleValue>([^<]*)</SimpleValue>`)

// sdkCodes reads the codes of one of the SDK's code lists.
func sdkCodes(t *testing.T, name string) map[string]bool {
	t.Helper()
	data, err := os.ReadFile("testdata/eforms-sdk-1.15.1/codelists/" + name)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, m := range codeRe.FindAllSubmatch(data, -1) {
		out[string(m[1])] = true
	}
	if len(out) == 0 {
		t.Fatalf("%s: no codes", name)
	}
	return out
}

// TestCodesAreTheSDKs checks the generator's tables and constants against
// the code lists of SDK 1.15.1.
func TestCodesAreTheSDKs(t *testing.T) {
	for _, tc := range []struct {
		list  string
		codes []string
	}{
		{"procurement-procedure-type_procedure-type-16.gc", procedureTypes},
		{"contract-nature.gc", natures},
		{"award-criterion-type.gc", criterionTypes},
		{"legal-basis_legal-basis-16.gc", []string{LegalBasis}},
		{"notice-type_competition.gc", []string{NoticeType}},
		{"number-weight.gc", []string{"per-exa"}},
		{"buyer-legal-type.gc", []string{"la", "cga"}},
		{"main-activity_authority-activity.gc", []string{"gen-pub"}},
	} {
		t.Run(tc.list, func(t *testing.T) {
			sdk := sdkCodes(t, tc.list)
			for _, c := range tc.codes {
				if !sdk[c] {
					t.Errorf("%q is not in %s", c, tc.list)
				}
			}
		})
	}
}
