package procurement_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/internal/clients"
	"github.com/citypath/citypath/internal/golden"
	"github.com/citypath/citypath/procurement"
)

// The four packs of the "done when": Kladno's platform, its energy
// contract (its energy pilot is in place, so the energy tenders are the
// scale-up's), an advisory contract and a contract below the EU threshold.
var auditedPacks = []string{
	"central-data-platform/ldp-implementation",
	"building-energy-management/energy-management-system",
	"data-strategy/data-strategy-consultancy",
	"smart-data-models-adoption/data-modelling",
}

// TestBidderDocumentsGoldens keeps every new document of the four packs as
// a golden file, for review.
func TestBidderDocumentsGoldens(t *testing.T) {
	ctx := example(t, "kladno")
	for _, id := range auditedPacks {
		t.Run(strings.ReplaceAll(id, "/", "-"), func(t *testing.T) {
			p, files := pack(t, ctx, id)
			for _, name := range []string{"procurement-file-note.md", "instructions-to-tenderers.md", "draft-contract.md", "terms-of-reference.md", "README.md"} {
				_, ok := files[name]
				if want := name != "terms-of-reference.md" || p.ToR != nil; ok != want {
					t.Errorf("%s: present %v, want %v", name, ok, want)
				}
				if ok {
					golden.Assert(t, "."+name, files[name])
				}
			}
			golden.Assert(t, ".prices.txt", dumpXLSX(t, files["price-schedule.xlsx"]))
		})
	}
}

// TestFileNoteNeverReachesBidders: no heading and no sentence of the
// procurement file note appears in a document tenderers receive.
func TestFileNoteNeverReachesBidders(t *testing.T) {
	ctx := example(t, "kladno")
	for _, id := range auditedPacks {
		t.Run(strings.ReplaceAll(id, "/", "-"), func(t *testing.T) {
			_, files := pack(t, ctx, id)
			note := string(files["procurement-file-note.md"])
			bidder := procurement.BidderDocuments(files)
			if !slices.Contains(bidder, "tender-specification.md") || !slices.Contains(bidder, "price-schedule.xlsx") || slices.Contains(bidder, "procurement-file-note.md") {
				t.Fatalf("bidder documents: %v", bidder)
			}
			texts := map[string]string{}
			for _, name := range bidder {
				switch filepath.Ext(name) {
				case ".md":
					texts[name] = squash(string(files[name]))
				case ".xlsx":
					texts[name] = squash(workbookText(t, files[name]))
				}
			}
			pieces := notePieces(note)
			if len(pieces) < 20 {
				t.Fatalf("only %d pieces of the file note to look for", len(pieces))
			}
			for _, piece := range pieces {
				for name, text := range texts {
					if strings.Contains(text, piece) {
						t.Errorf("%s holds buyer-only text of the file note: %q", name, piece)
					}
				}
			}
		})
	}
}

var sentenceEnd = regexp.MustCompile(`[.;:] `)

// notePieces are the file note's headings and the sentences of its
// paragraphs and lists: every piece of text it adds. Table cells repeat
// facts bidders also see (dates, amounts, titles) and are left out.
func notePieces(note string) []string {
	var out []string
	for _, line := range strings.Split(note, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "", strings.HasPrefix(line, "|"):
			continue
		case strings.HasPrefix(line, "#"), strings.HasPrefix(line, "Table: "):
			out = append(out, squash(line))
			continue
		}
		line = strings.TrimPrefix(line, "- ")
		for _, s := range sentenceEnd.Split(line, -1) {
			if s = squash(s); len(s) >= 40 {
				out = append(out, s)
			}
		}
	}
	return out
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

// workbookText is every string cell of every sheet.
func workbookText(t *testing.T, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for _, row := range rows {
			for _, c := range row {
				b.WriteString(c + "\n")
			}
		}
	}
	return b.String()
}

// TestPriceScheduleTCOInLibreOffice enters the city's estimated unit prices
// in the price schedule, lets LibreOffice compute it, and finds the total
// cost of ownership the file note states.
func TestPriceScheduleTCOInLibreOffice(t *testing.T) {
	ctx := example(t, "kladno")
	dir := t.TempDir()
	var paths []string
	want := map[string]float64{}
	// Supplies are priced by quantity: the energy scale-up's equipment.
	for _, id := range append(slices.Clone(auditedPacks), "building-energy-management/bems-equipment") {
		p, files := pack(t, ctx, id)
		// The figure the file note states, as a reader would take it.
		m := regexp.MustCompile(`is ` + p.Prices.Currency + ` ([0-9 ]+)\. Keep the estimated unit prices`).FindSubmatch(files["procurement-file-note.md"])
		if m == nil {
			t.Fatalf("%s: the file note states no total cost of ownership", id)
		}
		stated, _ := strconv.ParseFloat(strings.ReplaceAll(string(m[1]), " ", ""), 64)
		if math.Abs(stated-p.Contract.Value.Estimated) > 0.5 {
			t.Errorf("%s: the file note states %v, the estimated value is %v", id, stated, p.Contract.Value.Estimated)
		}
		f, err := excelize.OpenReader(bytes.NewReader(files["price-schedule.xlsx"]))
		if err != nil {
			t.Fatal(err)
		}
		// The unlocked price cells are the lines' unit prices, in order;
		// option lines take the running service's price by formula.
		rows, _ := f.GetRows("Prices")
		line := 0
		for r := range rows {
			cell := "E" + strconv.Itoa(r+1)
			style, _ := f.GetCellStyle("Prices", cell)
			st, _ := f.GetStyle(style)
			formula, _ := f.GetCellFormula("Prices", cell)
			if r+1 <= 6 || len(rows[r]) < 2 || rows[r][0] == "" {
				continue
			}
			if _, err := strconv.Atoi(rows[r][0]); err != nil {
				continue
			}
			l := p.Prices.Lines[line]
			line++
			if formula != "" {
				if l.Section != procurement.Option {
					t.Errorf("%s %s: a formula where the tenderer enters a price", id, cell)
				}
				continue
			}
			if st == nil || st.Protection == nil || st.Protection.Locked {
				t.Errorf("%s %s: the unit price cell is locked", id, cell)
			}
			if err := f.SetCellFloat("Prices", cell, l.Estimate, -1, 64); err != nil {
				t.Fatal(err)
			}
		}
		if line != len(p.Prices.Lines) {
			t.Fatalf("%s: found %d price lines, want %d", id, line, len(p.Prices.Lines))
		}
		// excelize writes the prices without calculating, so it drops the
		// results cached for the empty schedule, as a tool that does not
		// calculate should; LibreOffice then computes every formula.
		if err := f.UpdateLinkedValue(); err != nil {
			t.Fatal(err)
		}
		name := strings.ReplaceAll(id, "/", "-")
		path := filepath.Join(dir, name+".xlsx")
		if err := f.SaveAs(path); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
		want[name] = stated
	}
	for name, rows := range csvOf(t, paths...) {
		last := rows[len(rows)-1]
		if !strings.HasPrefix(last[0], "Total cost of ownership") {
			t.Fatalf("%s: the last row is %q", name, last)
		}
		got, err := strconv.ParseFloat(strings.ReplaceAll(last[5], ",", ""), 64)
		if err != nil || math.Abs(got-want[name]) > 0.5 {
			t.Errorf("%s: LibreOffice computed a TCO of %q, the file note states %v", name, last[5], want[name])
		}
	}
}

// TestAuditedPacksConvertInLibreOffice: LibreOffice opens and converts
// every DOCX and XLSX of the four packs.
func TestAuditedPacksConvertInLibreOffice(t *testing.T) {
	ctx := example(t, "kladno")
	dir := t.TempDir()
	var files []string
	for _, id := range auditedPacks {
		_, pk := pack(t, ctx, id)
		for name, data := range pk {
			if ext := filepath.Ext(name); ext != ".docx" && ext != ".xlsx" {
				continue
			}
			path := filepath.Join(dir, strings.ReplaceAll(id, "/", "-")+"-"+name)
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
		}
	}
	slices.Sort(files)
	for _, pdf := range clients.Convert(t, dir, "pdf", files...) {
		if info := clients.Run(t, "pdfinfo", pdf); !strings.Contains(info, "Pages:") {
			t.Errorf("%s: no pages:\n%s", filepath.Base(pdf), info)
		}
	}
}

// TestInstructionDates: for every contract of the three examples the last
// question comes before the last answer, which comes at least six days
// before the tender deadline (Art. 53(2)) on a working day, and every
// deliverable of terms of reference falls within the working period.
func TestInstructionDates(t *testing.T) {
	for _, name := range []string{"kladno", "small-town", "advanced-city"} {
		ctx := example(t, name)
		country := ctx.City.File.City.Country
		for _, c := range ctx.Doc.Procurement.Contracts {
			p, err := procurement.BuildPack(ctx, c, docDate)
			if err != nil {
				t.Fatal(err)
			}
			d := p.Deadlines
			due, _ := time.Parse("2006-01-02", c.Timeline.TendersDue)
			answers, err := time.Parse("2006-01-02", d.AnswersBy)
			if err != nil || !(d.QuestionsDue < d.AnswersBy) || due.Sub(answers) < 6*24*time.Hour || !ctx.Catalog.IsWorkingDay(country, answers) {
				t.Errorf("%s %s: questions %s, answers %s, tenders due %s", name, c.ID, d.QuestionsDue, d.AnswersBy, c.Timeline.TendersDue)
			}
			if d.ValidUntil <= c.Timeline.TendersDue {
				t.Errorf("%s %s: tenders binding until %s, before the deadline %s", name, c.ID, d.ValidUntil, c.Timeline.TendersDue)
			}
			for _, dl := range p.Deliverables {
				if dl.DueDate < c.Timeline.InitiativeStart || dl.DueDate[:7] > p.Initiative.End {
					t.Errorf("%s %s: %s due %s outside %s to %s", name, c.ID, dl.Name, dl.DueDate, c.Timeline.InitiativeStart, p.Initiative.End)
				}
			}
		}
	}
}
