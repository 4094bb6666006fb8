package catalog_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citypath/citypath/catalog"
)

// TestContractDataBuiltin: every kind of purchase gets a draft contract, the
// scoring scale runs 0 to 5, and the procedures with a selection stage state
// how many candidates they invite.
func TestContractDataBuiltin(t *testing.T) {
	c, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(c.ContractTerms); n == 0 || c.ContractTerms[n-1].Applies.Text != "true" {
		t.Errorf("the last contract terms must apply to every purchase")
	}
	if got := c.Tendering.Scoring.Max(); got != 5 {
		t.Errorf("scoring scale tops at %d, want 5", got)
	}
	want := map[string]int{"restricted": 5, "competitive-negotiation": 3, "competitive-dialogue": 3, "innovation-partnership": 3}
	for _, p := range c.Procedures {
		if n, ok := want[p.ID]; ok && (p.Mechanics == nil || p.Mechanics.MinCandidates != n) {
			t.Errorf("%s: mechanics %+v, want at least %d candidates (Art. 65(2))", p.ID, p.Mechanics, n)
		}
	}
	if len(c.TermsOfReference) == 0 {
		t.Error("no terms of reference")
	}
}

// TestContractDataProblems overlays broken files; each problem is reported
// at its file, line and column.
func TestContractDataProblems(t *testing.T) {
	tests := []struct{ name, file, data, want string }{
		{
			name: "deliverables out of order",
			file: "terms-of-reference/study.yaml",
			data: `version: 1
id: study
title: Study
order: 100
applies: "true"
objectives: [o]
deliverables:
  - {id: a, name: A, what: w, due: 0.5, acceptance: x, payment: 50}
  - {id: b, name: B, what: w, due: 0.4, acceptance: x, payment: 40}
experts: [{role: r, profile: p, years: 3}]
quality: [q]
reporting: r
source: s
`,
			want: "terms-of-reference/study.yaml:9:36: deliverables[1].due must be more than 0, at most 1 and not before the deliverable above it",
		},
		{
			name: "payments do not sum",
			file: "terms-of-reference/study.yaml",
			data: `version: 1
id: study
title: Study
order: 100
applies: "true"
objectives: [o]
deliverables:
  - {id: a, name: A, what: w, due: 0.5, acceptance: x, payment: 50}
experts: [{role: r, profile: p, years: 3}]
quality: [q]
reporting: r
source: s
`,
			want: "terms-of-reference/study.yaml:8:3: deliverables: the payments sum to 50%, not 100%",
		},
		{
			name: "no fallback contract terms",
			file: "contract/default.yaml",
			data: `version: 1
id: default
title: Other
order: 100
applies: procurement.type == 'works'
acceptance: [{id: a, name: A, when: w, test: t, pass: p}]
warranty_months: 12
warranty: w
source: s
`,
			want: "contract/default.yaml:5:10: the last contract terms by order (\"default\") must have applies: 'true'",
		},
		{
			name: "service levels without a credit cap",
			file: "contract/default.yaml",
			data: `version: 1
id: default
title: Other
order: 100
applies: "true"
service_levels: [{id: s, name: S, target: t, measure: m, credit: c}]
acceptance: [{id: a, name: A, when: w, test: t, pass: p}]
warranty_months: 12
warranty: w
source: s
`,
			want: "contract/default.yaml:1:1: credit_cap must be more than 0 and at most 100",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			overlay := catalog.Source{FS: fstest.MapFS{tt.file: {Data: []byte(tt.data)}}, Name: "overlay"}
			_, err := catalog.Load(catalog.Builtin(), overlay)
			if err == nil || !strings.Contains(err.Error(), "overlay/"+tt.want) {
				t.Errorf("got\n%v\nwant a line containing\noverlay/%s", err, tt.want)
			}
		})
	}
}
