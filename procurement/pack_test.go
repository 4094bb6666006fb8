package procurement_test

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/internal/golden"
	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/roadmap"
	"github.com/citypath/citypath/templates"
)

var docDate = time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)

// pack builds and renders the pack of one planned contract.
func pack(t testing.TB, ctx *roadmap.Context, id string) (*procurement.Pack, map[string][]byte) {
	t.Helper()
	eng, err := templates.New(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range ctx.Doc.Procurement.Contracts {
		if c.ID != id {
			continue
		}
		p, err := procurement.BuildPack(ctx, c, docDate)
		if err != nil {
			t.Fatal(err)
		}
		files, err := procurement.Render(p, eng)
		if err != nil {
			t.Fatal(err)
		}
		return p, files
	}
	t.Fatalf("no contract %s in the plan", id)
	return nil, nil
}

func reqIDs(p *procurement.Pack) []string {
	var ids []string
	for _, r := range p.Requirements {
		ids = append(ids, r.ID)
	}
	return ids
}

// TestKladnoPacks renders the packs of Kladno's energy scale-up and its
// Local Digital Platform. The
// Markdown specification and the OCDS package are golden files; the rules'
// choices are asserted.
func TestKladnoPacks(t *testing.T) {
	ctx := example(t, "kladno")
	tests := []struct {
		id, procedure, regime, award string
		lots                         int
		want, not                    []string
	}{
		{
			// Kladno's energy pilot is done (in_place), so its energy
			// tenders are the scale-up's: devices for every building, in
			// two lots, above the threshold once sized to 85 buildings.
			id: "building-energy-management/bems-equipment", procedure: "open", regime: "eu", award: "devices", lots: 2,
			want: []string{"DEV-01", "DEV-03", "DEV-05", "ENE-01", "SEC-06"},
			not:  []string{"MIM1-01", "ENE-02", "ACC-01", "EXIT-01"},
		},
		{
			id: "building-energy-management/energy-management-system", procedure: "competitive-negotiation", regime: "eu", award: "platform",
			// Kladno hosts on its own servers too (EXIT-06), has no ISO
			// 27001 (SEC-05) but has incident response and a DPO.
			want: []string{"GEN-01", "MIM1-01", "MIM1-15", "MIM2-01", "MIM6-01", "ENE-02", "ENE-04", "EXIT-01", "EXIT-02", "EXIT-06", "SEC-05", "GDPR-01", "ACC-01"},
			not:  []string{"MIM7-01", "SEC-04", "GDPR-06", "PLT-01", "DEV-01"},
		},
		{
			id: "central-data-platform/ldp-implementation", procedure: "competitive-negotiation", regime: "eu", award: "platform", lots: 3,
			want: []string{"GEN-05", "MIM1-01", "MIM1-03", "MIM1-10", "MIM3-01", "MIM7-01", "PLT-01", "PLT-06", "ODP-01", "EXIT-02", "HST-01"},
			not:  []string{"MIM4-01", "MIM5-01", "ENE-02", "SEC-01", "HST-02"},
		},
		{
			// Sized to Kladno's four systems, hosting alone stays below the
			// threshold, but with the other system services of the phase it
			// does not: it awards their framework agreement (Art. 5).
			// It runs what ldp-implementation builds: its service levels and
			// security in operation, not the platform's functions again.
			id: "central-data-platform/ldp-hosting", procedure: "open", regime: "eu", award: "software-service",
			want: []string{"HST-01", "HST-02", "SEC-01", "GDPR-03", "EXIT-01"},
			not:  []string{"MIM1-01", "PLT-01", "PLT-06", "GEN-05", "EXIT-02"},
		},
	}
	for _, tt := range tests {
		t.Run(strings.ReplaceAll(tt.id, "/", "-"), func(t *testing.T) {
			p, files := pack(t, ctx, tt.id)
			c := p.Contract
			if c.Procedure.ID != tt.procedure || c.Procedure.Regime != tt.regime || p.Award.ID != tt.award || len(c.Lots) != tt.lots {
				t.Errorf("got %s/%s, award %s, %d lots; want %s/%s, award %s, %d lots",
					c.Procedure.ID, c.Procedure.Regime, p.Award.ID, len(c.Lots), tt.procedure, tt.regime, tt.award, tt.lots)
			}
			ids := reqIDs(p)
			for _, id := range tt.want {
				if !slices.Contains(ids, id) {
					t.Errorf("requirement %s missing", id)
				}
			}
			for _, id := range tt.not {
				if slices.Contains(ids, id) {
					t.Errorf("requirement %s should not apply", id)
				}
			}
			for i, r := range p.Requirements {
				if r.No != i+1 {
					t.Fatalf("requirement %s numbered %d, want %d", r.ID, r.No, i+1)
				}
			}
			var names []string
			for n := range files {
				names = append(names, n)
			}
			sort.Strings(names)
			want := []string{"README.md", "compliance-matrix.xlsx", "draft-contract.docx", "draft-contract.md", "evaluation-grid.xlsx",
				"instructions-to-tenderers.docx", "instructions-to-tenderers.md", "mims-checklist.docx", "ocds-release-package.json",
				"price-schedule.xlsx", "procurement-file-note.docx", "procurement-file-note.md",
				"tender-specification.docx", "tender-specification.md", "tender-specification.pdf"}
			if !p.HasChecklist() {
				// Field devices answer no MIM requirement themselves.
				want = slices.DeleteFunc(want, func(s string) bool { return s == "mims-checklist.docx" })
			}
			if procurement.NeedsNotice(c) {
				want = append(want, procurement.NoticeFile)
				sort.Strings(want)
			}
			if !slices.Equal(names, want) {
				t.Errorf("files %v, want %v", names, want)
			}
			golden.Assert(t, ".md", files["tender-specification.md"])
			golden.Assert(t, ".ocds.json", files["ocds-release-package.json"])
			golden.Assert(t, ".matrix.txt", dumpXLSX(t, files["compliance-matrix.xlsx"]))
			golden.Assert(t, ".grid.txt", dumpXLSX(t, files["evaluation-grid.xlsx"]))
			for _, s := range []string{"## 1. Needs", "## 2. Scope, lots and procedure", "## 3. Technical specifications by MIM", "## 4. Functional requirements",
				"## 5. Exit and portability", "## 6. Selection and award criteria", "## 7. Timeline",
				"Statutární město Kladno", "náměstí Starosty Pavla 44"} {
				if !bytes.Contains(files["tender-specification.md"], []byte(s)) {
					t.Errorf("the specification lacks %q", s)
				}
			}
		})
	}
}

// TestPacksAreReproducible: the same inputs give the same bytes, every file.
func TestPacksAreReproducible(t *testing.T) {
	ctx := example(t, "kladno")
	_, a := pack(t, ctx, "central-data-platform/ldp-implementation")
	_, b := pack(t, ctx, "central-data-platform/ldp-implementation")
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

// dumpXLSX writes a workbook as reviewable text: every sheet, every cell
// with its type (s string, f formula, n number), data validations, merged
// cells and whether the cell is locked under the sheet's protection.
func dumpXLSX(t testing.TB, data []byte) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(sheet)
		fmt.Fprintf(&b, "== %s (visible %v)\n", sheet, visible)
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		// Merged cells repeat their value; show it once, at the top left.
		hidden := map[string]bool{}
		merged, _ := f.GetMergeCells(sheet)
		for _, m := range merged {
			c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
			c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
			for r := r1; r <= r2; r++ {
				for c := c1; c <= c2; c++ {
					if r != r1 || c != c1 {
						name, _ := excelize.CoordinatesToCellName(c, r)
						hidden[name] = true
					}
				}
			}
		}
		// Walk every column of the widest row, so empty input cells show too.
		maxCol := 0
		for _, row := range rows {
			maxCol = max(maxCol, len(row))
		}
		for r := range rows {
			for c := range maxCol {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if hidden[cell] {
					continue
				}
				formula, _ := f.GetCellFormula(sheet, cell)
				value, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
				typ, _ := f.GetCellType(sheet, cell)
				style, _ := f.GetCellStyle(sheet, cell)
				locked := "locked"
				if st, err := f.GetStyle(style); err == nil && st.Protection != nil && !st.Protection.Locked {
					locked = "input"
				}
				switch {
				case formula != "":
					fmt.Fprintf(&b, "%s f %s =%s\n", cell, locked, formula)
				case value != "":
					kind := "n"
					if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
						kind = "s"
					}
					fmt.Fprintf(&b, "%s %s %s %q\n", cell, kind, locked, value)
				case locked == "input":
					fmt.Fprintf(&b, "%s - input\n", cell)
				}
			}
		}
		dvs, _ := f.GetDataValidations(sheet)
		for _, dv := range dvs {
			fmt.Fprintf(&b, "validation %s %s %s %s\n", dv.Sqref, dv.Type, dv.Formula1, dv.Formula2)
		}
		for _, m := range merged {
			fmt.Fprintf(&b, "merged %s:%s\n", m.GetStartAxis(), m.GetEndAxis())
		}
	}
	return []byte(b.String())
}
