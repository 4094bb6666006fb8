package catalog_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/internal/yamlx"
)

// TestTenderingBuiltin checks the shipped procurement knowledge against the
// tender-pack issue: both threshold periods with the amounts it names, a
// fallback procedure and award set, and the MIMs Plus requirement statements.
func TestTenderingBuiltin(t *testing.T) {
	c, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	if !c.HasTendering() {
		t.Fatal("the built-in catalog has no tender data")
	}
	want := map[string]map[string]float64{
		"eu-2024-2025": {"sub-central/services": 221000, "sub-central/supplies": 221000, "sub-central/works": 5538000, "central/services": 143000},
		"eu-2026-2027": {"sub-central/services": 216000, "sub-central/supplies": 216000, "sub-central/works": 5404000, "central/services": 140000},
	}
	for _, th := range c.Thresholds {
		for key, amount := range want[th.ID] {
			a, k, _ := strings.Cut(key, "/")
			got := 0.0
			for _, v := range th.Values {
				if slices.Contains(v.Authorities, a) && slices.Contains(v.Contracts, k) {
					got = v.Amount
				}
			}
			if got != amount {
				t.Errorf("%s %s: got %v, want %v", th.ID, key, got, amount)
			}
		}
		delete(want, th.ID)
	}
	if len(want) != 0 {
		t.Errorf("threshold sets missing: %v", want)
	}
	ids := map[string]string{}
	for _, s := range c.Requirements {
		for _, r := range s.Requirements {
			ids[r.ID] = r.Level
		}
	}
	// The 67 statements of mims.md §2.2 (A-J) are all in the library.
	groups := map[string]int{"GEN": 7, "MIM1": 15, "MIM2": 10, "MIM3": 6, "MIM4": 4, "MIM5": 6, "MIM6": 5, "MIM7": 6, "MIM8": 2, "EXIT": 6}
	total := 0
	for prefix, n := range groups {
		for i := 1; i <= n; i++ {
			id := prefix + "-" + twoDigits(i)
			if _, ok := ids[id]; !ok {
				t.Errorf("requirement %s is missing", id)
			}
		}
		total += n
	}
	if total != 67 {
		t.Errorf("the MIMs Plus groups hold %d statements, want 67", total)
	}
	for _, id := range []string{"ACC-01", "GDPR-01", "SEC-01", "ENE-02", "WST-02", "TRF-02", "PLT-01"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("requirement %s is missing", id)
		}
	}
}

func twoDigits(i int) string {
	return string(rune('0'+i/10)) + string(rune('0'+i%10))
}

// TestTenderingProblems overlays broken tender files on the built-in catalog;
// each must be reported at its file, line and column.
func TestTenderingProblems(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{
			name: "weights not 100",
			file: "award/default.yaml",
			data: `version: 1
id: default
title: Default
order: 90
applies: "true"
method: best-price-quality-ratio
criteria:
  - {id: price, name: Price, type: price, weight: 50, description: d}
  - {id: quality, name: Quality, type: quality, weight: 40, description: d}
why: w
source: s
`,
			want: "award/default.yaml:8:3: criteria: the weights sum to 90%, not 100%",
		},
		{
			name: "plan below the legal minimum",
			file: "procedures/open.yaml",
			data: `version: 1
id: open
name: Open procedure
article: Art. 27
order: 60
recommend: "true"
reason: r
ocds_method: open
time_limits:
  - {stage: tenders, days: 35, electronic_days: 30, legal_basis: Art. 27}
plan:
  tenders: 20
  evaluation: 30
source: s
`,
			want: "procedures/open.yaml:12:12: plan.tenders is 20 days, less than the legal minimum of 30",
		},
		{
			name: "overlapping thresholds",
			file: "thresholds/eu-2026-2027.yaml",
			data: `version: 1
id: eu-2026-2027
title: t
legal_basis: [x]
currency: EUR
values:
  - {authorities: [sub-central, central], contracts: [supplies, services, works], amount: 1, article: a}
valid_from: "2025-06-01"
valid_until: "2027-12-31"
source: s
`,
			want: "thresholds/eu-2026-2027.yaml:8:13: thresholds \"eu-2026-2027\" start on 2025-06-01",
		},
		{
			name: "CEL error in a requirement",
			file: "requirements/exit.yaml",
			data: `version: 1
id: exit
title: Exit
section: exit
order: 100
applies: procurement.categroy == 'system'
requirements:
  - {id: EXIT-01, level: MUST, text: t, cites: c}
source: s
`,
			want: "requirements/exit.yaml:6:21: applies: undefined field 'categroy'",
		},
		{
			name: "bad level and duplicate id",
			file: "requirements/exit.yaml",
			data: `version: 1
id: exit
title: Exit
section: exit
order: 100
applies: "true"
requirements:
  - {id: MIM1-01, level: MAY, text: t, cites: c}
source: s
`,
			want: "requirements/exit.yaml:8:10: requirement \"MIM1-01\" is already defined in \"mim1\"",
		},
		{
			name: "CEL error in a level rule",
			file: "requirements/exit.yaml",
			data: `version: 1
id: exit
title: Exit
section: exit
order: 100
applies: "true"
requirements:
  - id: EXIT-01
    level: MUST
    levels:
      - {when: "procurement.valeu < 100000.0", level: SHOULD, why: small}
    text: t
    cites: c
source: s
`,
			want: "requirements/exit.yaml:11:28: requirements[0].levels[0].when: undefined field 'valeu'",
		},
		{
			name: "level rule without a reason",
			file: "requirements/exit.yaml",
			data: `version: 1
id: exit
title: Exit
section: exit
order: 100
applies: "true"
levels:
  - {when: "initiative.kind == 'pilot'", level: MAY}
requirements:
  - {id: EXIT-01, level: MUST, text: t, cites: c}
source: s
`,
			want: "requirements/exit.yaml:8:5: levels[0].why is required",
		},
		{
			name: "unknown owner role",
			file: "requirements/exit.yaml",
			data: `version: 1
id: exit
title: Exit
section: exit
order: 100
applies: "true"
owner: host
requirements:
  - {id: EXIT-01, level: MUST, text: t, cites: c}
source: s
`,
			want: "requirements/exit.yaml:7:8: owner \"host\" is not a contract role",
		},
		{
			name: "last procedure not a fallback",
			file: "procedures/open.yaml",
			data: `version: 1
id: open
name: Open procedure
article: Art. 27
order: 60
recommend: procurement.value < 10.0
reason: r
ocds_method: open
plan: {tenders: 40, evaluation: 30}
source: s
`,
			want: "procedures/open.yaml:6:12: the last procedure by order (\"open\") must have recommend: 'true'",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			overlay := catalog.Source{FS: fstest.MapFS{tt.file: {Data: []byte(tt.data)}}, Name: "overlay"}
			_, err := catalog.Load(catalog.Builtin(), overlay)
			if err == nil {
				t.Fatal("got no error")
			}
			if _, ok := yamlx.AsProblems(err); !ok {
				t.Fatalf("got %T, want problems with positions: %v", err, err)
			}
			if !strings.Contains(err.Error(), "overlay/"+tt.want) {
				t.Errorf("got\n%v\nwant a line containing\noverlay/%s", err, tt.want)
			}
		})
	}
}

// TestTenderingPolicyProblems spoils one line of the built-in tendering.yaml
// at a time: a boundary sentence with an unknown placeholder, an ocid
// prefix not of the registered form, a category without its role.
func TestTenderingPolicyProblems(t *testing.T) {
	orig, err := fs.ReadFile(catalog.Builtin().FS, "tendering.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, from, to, want string }{
		{"unknown placeholder", "bought under contract {contract} ({title}). This", "bought under contract {contract} ({titel}). This", "only the placeholders"},
		{"prefix form", "prefix: ocds-87sd3t", "prefix: ocds-87SD3T", `prefix "ocds-87SD3T" is not of the form ocds-xxxxxx`},
		{"category role", "    role: supply\n", "", `categories[2].role "" is not a contract role`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := strings.Replace(string(orig), tt.from, tt.to, 1)
			if data == string(orig) {
				t.Fatalf("tendering.yaml has no %q", tt.from)
			}
			overlay := catalog.Source{FS: fstest.MapFS{"tendering.yaml": {Data: []byte(data)}}, Name: "overlay"}
			_, err := catalog.Load(catalog.Builtin(), overlay)
			if err == nil {
				t.Fatal("got no error")
			}
			if _, ok := yamlx.AsProblems(err); !ok || !strings.Contains(err.Error(), "overlay/tendering.yaml:") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got\n%v\nwant a problem in overlay/tendering.yaml saying %q", err, tt.want)
			}
		})
	}
}
