package catalog_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/internal/yamlx"
)

// TestBuiltin checks the shipped catalog against what the roadmap issue
// promises: the brief's seven dimensions, 29 indicators, the ten focus areas
// and enough initiatives to cover them.
func TestBuiltin(t *testing.T) {
	c, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatalf("built-in catalog: %v", err)
	}
	wantDims := []string{"governance", "service_design", "data_management", "interoperability", "service_delivery", "technology", "networking"}
	if len(c.Dimensions) != len(wantDims) {
		t.Fatalf("got %d dimensions, want %d", len(c.Dimensions), len(wantDims))
	}
	indicators := 0
	for i, d := range c.Dimensions {
		if d.ID != wantDims[i] {
			t.Errorf("dimension %d is %q, want %q", i, d.ID, wantDims[i])
		}
		indicators += len(d.Indicators)
	}
	if indicators != 29 {
		t.Errorf("got %d indicators, want 29 (as many as LORDIMAS)", indicators)
	}
	if len(c.FocusAreas) < 10 {
		t.Errorf("got %d focus areas, want at least the brief's nine plus environment", len(c.FocusAreas))
	}
	if len(c.Initiatives) < 45 {
		t.Errorf("got %d initiatives, want at least 45", len(c.Initiatives))
	}
	for _, id := range []string{"MIM1", "MIM2", "MIM3", "MIM4", "MIM5", "MIM6", "MIM7", "MIM8", "MIM9", "MIM10"} {
		if _, ok := c.MIM(id); !ok {
			t.Errorf("MIMs Plus v5.0 %s is missing", id)
		}
	}
	// The brief's rules.
	for _, id := range []string{"dedicated-team", "regional-cooperation-small-city", "impact-case-without-sponsor", "data-strategy-break-silos", "mims-platform-before-scale-up", "ldt-needs-ldp"} {
		if _, ok := c.Rule(id); !ok {
			t.Errorf("rule %s from the brief is missing", id)
		}
	}
	// Each focus area has a pilot and a scale-up.
	for _, fa := range c.FocusAreas {
		kinds := map[string]bool{}
		for _, in := range c.Initiatives {
			if in.FocusArea == fa.ID {
				kinds[in.Kind] = true
			}
		}
		if !kinds["pilot"] || !kinds["scale-up"] {
			t.Errorf("focus area %s lacks a pilot or a scale-up: %v", fa.ID, kinds)
		}
	}
}

func minimal() fstest.MapFS {
	return fstest.MapFS{
		"catalog.yaml": {Data: []byte(`version: 1
name: test
release: "1"
description: a test catalog
scale_note: test scale
levels:
  - {level: 1, name: One, min_score: 0, description: a}
  - {level: 2, name: Two, min_score: 20, description: b}
  - {level: 3, name: Three, min_score: 40, description: c}
  - {level: 4, name: Four, min_score: 60, description: d}
  - {level: 5, name: Five, min_score: 80, description: e}
readiness:
  ldp: {name: LDP, weights: {governance: 1}, threshold: 50, why: test}
  ldt: {name: LDT, weights: {governance: 1}, threshold: 60, why: test}
`)},
		"dimensions/governance.yaml": {Data: []byte("version: 1\nid: governance\nname: Governance\norder: 1\ndescription: d\nindicators: []\n")},
		"focus_areas.yaml":           {Data: []byte("version: 1\nfocus_areas:\n  - {id: mobility, name: Mobility, description: d, source: s}\n")},
		"mims.yaml":                  {Data: []byte("version: 1\nedition: test\nsource: s\nmims:\n  - {id: MIM1, name: Context, short: c, status: s, purpose: p, standards: [], verification: v, source: s}\n")},
		"initiatives/team.yaml": {Data: []byte(`version: 1
id: team
title: Team
description: d
phase: foundation
kind: enabler
focus_area: cross-cutting
raises: [governance]
priority: 3
duration_months: 3
fte: 0.5
cost: {capex_min: 1, capex_max: 2, opex_per_year: 0}
kpis: [{name: k, unit: u, owner: o}]
milestones: []
source: s
`)},
		"rules/team.yaml": {Data: []byte("version: 1\nid: team\ntitle: t\nwhen: \"true\"\nwhy: w\nsource: s\ninclude: [team]\n")},
	}
}

const riskYAML = `version: 1
id: staff
title: Limited staff time
order: 1
when: "true"
levels:
  - level: high
    when: "plan.deferred > 0"
    why: "{deferred} initiatives wait."
  - level: medium
    when: "true"
    why: "The team copes."
mitigations:
  - initiative: team
    text: "A team is set up by {end}."
source: s
`

// TestLoadProblems checks that catalog problems are reported at the right
// file:line:col, all at once.
func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(fstest.MapFS)
		wants []string
	}{
		{"valid", func(fstest.MapFS) {}, nil},
		{"cel typo in plain scalar", func(m fstest.MapFS) {
			m["rules/team.yaml"] = &fstest.MapFile{Data: []byte("version: 1\nid: team\ntitle: t\nwhen: city.populaton > 3\nwhy: w\nsource: s\ninclude: [team]\n")}
		}, []string{"rules/team.yaml:4:11: when: undefined field 'populaton'"}},
		{"cel typo in quoted scalar", func(m fstest.MapFS) {
			m["rules/team.yaml"] = &fstest.MapFile{Data: []byte("version: 1\nid: team\ntitle: t\nwhen: 'scores.x > 1 && city.nme == \"a\"'\nwhy: w\nsource: s\ninclude: [team]\n")}
		}, []string{"rules/team.yaml:4:28: when: undefined field 'nme'"}},
		{"cel typo in block scalar", func(m fstest.MapFS) {
			m["rules/team.yaml"] = &fstest.MapFile{Data: []byte("version: 1\nid: team\ntitle: t\nwhen: |\n  true &&\n    infra.gizmo\nwhy: w\nsource: s\ninclude: [team]\n")}
		}, []string{"rules/team.yaml:6:10: when: undefined field 'gizmo'"}},
		{"non-boolean condition", func(m fstest.MapFS) {
			m["rules/team.yaml"] = &fstest.MapFile{Data: []byte("version: 1\nid: team\ntitle: t\nwhen: city.population\nwhy: w\nsource: s\ninclude: [team]\n")}
		}, []string{"rules/team.yaml:4:7: when: the condition must be true or false"}},
		{"unknown key and unknown reference", func(m fstest.MapFS) {
			m["rules/team.yaml"] = &fstest.MapFile{Data: []byte("version: 1\nid: team\ntitle: t\nwhen: \"true\"\nwhy: w\nsource: s\ninclude: [team, ghost]\ncolour: red\n")}
		}, []string{`rules/team.yaml:7:17: include: unknown initiative "ghost"`, `rules/team.yaml:8:1: top level: unknown key "colour"`}},
		{"unreachable initiative", func(m fstest.MapFS) {
			m["rules/team.yaml"] = &fstest.MapFile{Data: []byte("version: 1\nid: team\ntitle: t\nwhen: \"true\"\nwhy: w\nsource: s\nrecommend: hello\n")}
		}, []string{`initiatives/team.yaml:2:5: initiative "team" cannot be reached`}},
		{"id does not match file", func(m fstest.MapFS) {
			m["rules/other.yaml"] = &fstest.MapFile{Data: []byte("version: 1\nid: team2\ntitle: t\nwhen: \"true\"\nwhy: w\nsource: s\ninclude: [team]\n")}
		}, []string{`rules/other.yaml:2:5: id "team2" must match the file name "other.yaml"`}},
		{"valid benefit", func(m fstest.MapFS) {
			m["impact.yaml"] = &fstest.MapFile{Data: []byte(impactYAML)}
			m["benefits/team.yaml"] = &fstest.MapFile{Data: []byte(benefitYAML)}
		}, nil},
		{"bad benefit", func(m fstest.MapFS) {
			m["impact.yaml"] = &fstest.MapFile{Data: []byte(impactYAML)}
			bad := strings.NewReplacer("coverage: 0.2", "coverage: 1.5", "factor: gas", "factor: coal", "initiative: team", "initiative: ghost").Replace(benefitYAML)
			m["benefits/team.yaml"] = &fstest.MapFile{Data: []byte(bad)}
		}, []string{
			`benefits/team.yaml:3:13: initiative: unknown initiative "ghost"`,
			`benefits/team.yaml:7:11: coverage 1.5 must be in (0, 1]`,
			`benefits/team.yaml:15:11: co2.factor: unknown emission factor "coal"`,
		}},
		{"schema enums at their positions", func(m fstest.MapFS) {
			team := string(m["initiatives/team.yaml"].Data)
			team = strings.NewReplacer("phase: foundation", "phase: later", "kind: enabler", "kind: magic").Replace(team)
			m["initiatives/team.yaml"] = &fstest.MapFile{Data: []byte(team + "procurement:\n  - {id: ../x, title: t, type: gifts, cpv: [72000000-5], share: 1, contract_years: 1, maturity: new}\n")}
		}, []string{
			`initiatives/team.yaml:5:8: phase: "later" is not one of foundation, growth, accelerate`,
			`initiatives/team.yaml:6:7: kind: "magic" is not one of enabler, pilot, scale-up, advanced`,
			`initiatives/team.yaml:17:10: procurement[0].id "../x" must be lower-case`,
			`initiatives/team.yaml:17:32: procurement[0].type: "gifts" is not one of services, supplies, works`,
		}},
		{"schema required keys", func(m fstest.MapFS) {
			team := strings.Replace(string(m["initiatives/team.yaml"].Data), "kind: enabler\n", "", 1)
			m["initiatives/team.yaml"] = &fstest.MapFile{Data: []byte(team)}
		}, []string{`initiatives/team.yaml:1:1: kind is required`}},
		{"valid risk", func(m fstest.MapFS) {
			m["risks/staff.yaml"] = &fstest.MapFile{Data: []byte(riskYAML)}
		}, nil},
		{"bad risk", func(m fstest.MapFS) {
			bad := strings.NewReplacer("level: high", "level: dire", "plan.deferred > 0", "plan.postponed > 0", "initiative: team", "initiative: ghost").Replace(riskYAML)
			m["risks/staff.yaml"] = &fstest.MapFile{Data: []byte(bad)}
		}, []string{
			`risks/staff.yaml:7:12: level "dire": choose from high, medium, low`,
			`risks/staff.yaml:8:16: levels[0].when: undefined field 'postponed'`,
			`risks/staff.yaml:14:17: unknown initiative "ghost"`,
		}},
		{"source cites a research note", func(m fstest.MapFS) {
			team := strings.Replace(string(m["initiatives/team.yaml"].Data), "source: s\n", "source: >-\n  MIMs Plus v5.0; mims.md §2.2 B and https://example.org/README.md\n", 1)
			m["initiatives/team.yaml"] = &fstest.MapFile{Data: []byte(team)}
			m["rules/team.yaml"] = &fstest.MapFile{Data: []byte("version: 1\nid: team\ntitle: t\nwhen: \"true\"\nwhy: w\nsource: \"brief (lordimas.md §4)\"\ninclude: [team]\n")}
		}, []string{
			`initiatives/team.yaml:15:9: source cites the research note mims.md`,
			`rules/team.yaml:6:9: source cites the research note lordimas.md`,
		}},
		{"kpi baseline and owner", func(m fstest.MapFS) {
			team := strings.Replace(string(m["initiatives/team.yaml"].Data), "kpis: [{name: k, unit: u, owner: o}]", "kpis: [{name: k, unit: u, baseline: Energy-MWh}]", 1)
			m["initiatives/team.yaml"] = &fstest.MapFile{Data: []byte(team)}
		}, []string{
			`initiatives/team.yaml:13:37: kpis[0].baseline "Energy-MWh" must be a strategy.baselines key`,
			`initiatives/team.yaml:13:8: kpis[0]: baseline and baseline_unit go together`,
			`initiatives/team.yaml:13:8: kpis[0] has no owner`,
		}},
		{"undated emission factor", func(m fstest.MapFS) {
			m["impact.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(impactYAML, "    valid_until: \"2030-12-31\"\n", "", 1))}
		}, []string{`impact.yaml:6:5: emission_factors[0].valid_until "" must be a date YYYY-MM-DD`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := minimal()
			tt.edit(m)
			_, err := catalog.Load(catalog.Source{FS: m, Name: "test"})
			if len(tt.wants) == 0 {
				if err != nil {
					t.Fatalf("got %v, want no problems", err)
				}
				return
			}
			ps, ok := yamlx.AsProblems(err)
			if !ok {
				t.Fatalf("got %v, want problems", err)
			}
			text := ps.Error()
			for _, want := range tt.wants {
				if !strings.Contains(text, "test/"+want) {
					t.Errorf("problems do not contain %q:\n%s", want, text)
				}
			}
		})
	}
}

// TestOverlay checks that a directory overlays the base file by file and
// that replace: true drops the base.
func TestOverlay(t *testing.T) {
	base := minimal()
	over := fstest.MapFS{"initiatives/team.yaml": base["initiatives/team.yaml"]}
	changed := strings.Replace(string(over["initiatives/team.yaml"].Data), "title: Team", "title: Overlaid team", 1)
	over["initiatives/team.yaml"] = &fstest.MapFile{Data: []byte(changed)}
	c, err := catalog.Load(catalog.Source{FS: base, Name: "base"}, catalog.Source{FS: over, Name: "over"})
	if err != nil {
		t.Fatal(err)
	}
	in, _ := c.Initiative("team")
	if in.Title != "Overlaid team" {
		t.Errorf("got title %q, want the overlay's", in.Title)
	}
	b, _ := catalog.Load(catalog.Source{FS: base, Name: "base"})
	if b.Hash == c.Hash {
		t.Errorf("the overlay did not change the catalog hash")
	}
}

func BenchmarkLoadBuiltin(b *testing.B) {
	for b.Loop() {
		if _, err := catalog.Load(catalog.Builtin()); err != nil {
			b.Fatal(err)
		}
	}
}

const impactYAML = `version: 1
appraisal_years: 10
appraisal_source: a regulation
discount_source: a regulation
emission_factors:
  - id: gas
    name: Natural gas
    unit: t CO2 per MWh
    value: 0.202
    source: IPCC
    valid_from: "2017-01-01"
    valid_until: "2030-12-31"
`

const benefitYAML = `version: 1
id: team
initiative: team
title: Savings
baseline: energy_spend
baseline_doc: yearly energy bill
coverage: 0.2
saving_min: 0.05
saving_max: 0.15
source: a study
confidence: secondary
co2:
  baseline: energy_mwh
  baseline_doc: yearly MWh
  factor: gas
`
