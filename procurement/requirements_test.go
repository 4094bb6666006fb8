package procurement_test

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/roadmap"
)

// withoutEnergyPilot is Kladno as it would be without its SPARCS pilot: no
// energy monitoring in place and no meters, so that the plan tenders the
// energy monitoring pilot (a small software service and its meters).
func withoutEnergyPilot(data []byte) []byte {
	s := regexp.MustCompile(`(?m)^  - initiative: energy-monitoring-pilot\n(    .*\n)*`).ReplaceAllString(string(data), "")
	return []byte(strings.Replace(s, "    - {type: energy meter, count: 160, domain: energy_efficiency}\n", "", 1))
}

// packsOf builds the pack of every planned contract, as `citypath tender
// --all` does.
func packsOf(t *testing.T, ctx *roadmap.Context) []*procurement.Pack {
	t.Helper()
	var packs []*procurement.Pack
	for _, c := range ctx.Doc.Procurement.Contracts {
		p, err := procurement.BuildPack(ctx, c, docDate)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		packs = append(packs, p)
	}
	return packs
}

// TestRequirementsNotRepeated checks, for every contract the three examples
// tender, that within one initiative no requirement (by id or by text) is
// in two contracts unless the catalog declares it an interface requirement,
// and that every requirement a contract leaves to another is in that one.
func TestRequirementsNotRepeated(t *testing.T) {
	cities := map[string]*roadmap.Context{
		"kladno":                      example(t, "kladno"),
		"kladno-without-energy-pilot": exampleWith(t, "kladno", withoutEnergyPilot),
		"small-town":                  example(t, "small-town"),
		"advanced-city":               example(t, "advanced-city"),
	}
	for _, name := range []string{"kladno", "kladno-without-energy-pilot", "small-town", "advanced-city"} {
		t.Run(name, func(t *testing.T) {
			packs := packsOf(t, cities[name])
			type seen struct{ contract, id string }
			byID := map[string]seen{}   // initiative + id → first contract
			byText := map[string]seen{} // initiative + text → first contract
			held := map[string]map[string]bool{}
			removed := 0
			for _, p := range packs {
				held[p.Contract.ID] = map[string]bool{}
				for _, r := range p.Requirements {
					held[p.Contract.ID][r.ID] = true
					if r.Interface != "" {
						continue
					}
					for key, index := range map[string]map[string]seen{r.ID: byID, strings.Join(strings.Fields(r.Text), " "): byText} {
						k := p.Initiative.ID + "\x00" + key
						if first, dup := index[k]; dup && first.contract != p.Contract.ID {
							t.Errorf("%s: requirement %s is in %s and in %s (as %s); only interface requirements may be in two contracts of one initiative",
								p.Initiative.ID, r.ID, first.contract, p.Contract.ID, first.id)
						}
						index[k] = seen{p.Contract.ID, r.ID}
					}
				}
				removed += len(p.Elsewhere)
			}
			for _, p := range packs {
				for _, e := range p.Elsewhere {
					if !held[e.Contract][e.ID] {
						t.Errorf("%s leaves %s to %s, which does not carry it", p.Contract.ID, e.ID, e.Contract)
					}
				}
			}
			t.Logf("%s: %d requirement lines left to another contract of the same initiative", name, removed)
		})
	}
}

// conformanceRe finds what asks for an ETSI conformance test report or
// implementation conformance statement of a context broker.
var conformanceRe = regexp.MustCompile(`(?i)conformance test|implementation conformance statement|ETSI GS CIM 014|GS CIM 029`)

// TestPilotsProportionate checks that no pilot must supply an NGSI-LD
// broker with a conformance report (Directive 2014/24/EU Art. 18(1) and
// 42(2)) but gets the proportionate "NGSI-LD or an adapter" requirement,
// while the platform contract keeps the conformance report.
func TestPilotsProportionate(t *testing.T) {
	cities := []*roadmap.Context{
		example(t, "kladno"), exampleWith(t, "kladno", withoutEnergyPilot), example(t, "small-town"), example(t, "advanced-city"),
	}
	pilots := 0
	for _, ctx := range cities {
		for _, p := range packsOf(t, ctx) {
			ids := reqIDs(p)
			switch {
			case p.Initiative.Kind == "pilot":
				pilots++
				for _, r := range p.Requirements {
					if r.Level == "MUST" && (conformanceRe.MatchString(r.Text) || conformanceRe.MatchString(r.Cites) || conformanceRe.MatchString(r.Evidence)) {
						t.Errorf("%s (%s): pilot must hand in a conformance report: %s %s", ctx.Doc.City.Name, p.Contract.ID, r.ID, r.Text)
					}
				}
				if slices.Contains(ids, "MIM1-01") {
					t.Errorf("%s (%s): a pilot must not supply an NGSI-LD broker (MIM1-01)", ctx.Doc.City.Name, p.Contract.ID)
				}
				if slices.Contains(p.Initiative.MIMs, "MIM1") && p.Contract.Category == "system" && !slices.Contains(ids, "MIM1-16") {
					t.Errorf("%s (%s): a pilot's software must expose its data through NGSI-LD or an adapter (MIM1-16); has %v", ctx.Doc.City.Name, p.Contract.ID, ids)
				}
			case p.Contract.ID == "central-data-platform/ldp-implementation":
				for _, want := range []string{"MIM1-01", "MIM1-02", "MIM1-03"} {
					if !slices.Contains(ids, want) {
						t.Errorf("%s: the platform contract lacks %s", ctx.Doc.City.Name, want)
					}
				}
			}
		}
	}
	if pilots == 0 {
		t.Fatal("no pilot is tendered in the examples; the test checks nothing")
	}
}

// TestScopeBoundaries checks that the platform's contracts state what the
// other covers, and that the hosting contract leaves the platform's
// functions to the build contract.
func TestScopeBoundaries(t *testing.T) {
	ctx := example(t, "kladno")
	build, _ := pack(t, ctx, "central-data-platform/ldp-implementation")
	run, _ := pack(t, ctx, "central-data-platform/ldp-hosting")
	says := func(p *procurement.Pack, contract, relation string) bool {
		for _, b := range p.Boundaries {
			if b.Contract == contract && b.Relation == relation && strings.Contains(b.Text, contract) {
				return true
			}
		}
		return false
	}
	if !says(build, run.Contract.ID, "same") || !says(run, build.Contract.ID, "same") {
		t.Errorf("the platform's build and hosting contracts do not state their boundary against each other:\n%v\n%v", build.Boundaries, run.Boundaries)
	}
	if !says(build, "legacy-systems-integration/adapters", "built-on") {
		t.Errorf("the platform contract does not say that the legacy adapters are bought separately: %v", build.Boundaries)
	}
	for _, r := range run.Requirements {
		if strings.HasPrefix(r.ID, "PLT-") || strings.HasPrefix(r.ID, "MIM1-") {
			t.Errorf("the hosting contract repeats the platform's requirement %s", r.ID)
		}
	}
	if ids := reqIDs(run); !slices.Contains(ids, "HST-02") || !slices.Contains(ids, "SEC-01") {
		t.Errorf("the hosting contract lacks its service levels or security in operation: %v", ids)
	}
	for _, r := range build.Requirements {
		if r.ID == "HST-01" && !slices.Contains(r.SharedWith, run.Contract.ID) {
			t.Errorf("the handover (HST-01) does not name the hosting contract it is shared with: %v", r.SharedWith)
		}
	}
}

// TestChecklistPointsToMatrix checks that a MIM requirement is answered in
// one place: the checklist gives the compliance matrix row that holds it.
func TestChecklistPointsToMatrix(t *testing.T) {
	p, files := pack(t, example(t, "kladno"), "central-data-platform/ldp-implementation")
	f, err := excelize.OpenReader(bytes.NewReader(files["compliance-matrix.xlsx"]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheet := f.GetSheetList()[0]
	n := 0
	for _, m := range p.MIMs {
		for _, r := range m.Requirements {
			id, err := f.GetCellValue(sheet, fmt.Sprintf("B%d", p.MatrixRow(r)))
			if err != nil || id != r.ID {
				t.Errorf("%s: the checklist points to matrix row %d, which holds %q", r.ID, p.MatrixRow(r), id)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("the platform has no MIM requirements")
	}
}
