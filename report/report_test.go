package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/internal/clients"
	"github.com/citypath/citypath/internal/golden"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/report"
	"github.com/citypath/citypath/roadmap"
)

var date = time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)

type example struct {
	name string
	in   report.Input
	ctx  *roadmap.Context
}

func examples(t testing.TB) []example {
	t.Helper()
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../examples/*/city.yaml")
	if err != nil || len(files) < 3 {
		t.Fatalf("examples: %v %v", files, err)
	}
	var out []example
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, generate(t, cat, filepath.Base(filepath.Dir(f)), data))
	}
	return out
}

func generate(t testing.TB, cat *catalog.Catalog, name string, data []byte) example {
	t.Helper()
	ctx, err := pipeline.Generate(roadmap.Request{CityName: name, CityData: data, Catalog: cat})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return example{name: name, ctx: ctx, in: report.Input{Doc: ctx.Doc, Date: date}}
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String() + stderr.String()
}

var spaces = regexp.MustCompile(`\s+`)

func squash(s string) string { return spaces.ReplaceAllString(s, " ") }

// TestPDF checks each example's report with the programs people open it
// with: qpdf finds no damage, the fonts are embedded, the text (with its
// diacritics) and every initiative title can be extracted, and pages render.
func TestPDF(t *testing.T) {
	for _, tool := range []string{"qpdf", "pdffonts", "pdftotext", "pdftoppm"} {
		clients.Require(t, tool)
	}
	for _, ex := range examples(t) {
		t.Run(ex.name, func(t *testing.T) {
			pdf, err := report.PDF(ex.in)
			if err != nil {
				t.Fatal(err)
			}
			again, err := report.PDF(ex.in)
			if err != nil || !bytes.Equal(pdf, again) {
				t.Errorf("two renderings differ (err %v)", err)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "roadmap.pdf")
			if err := os.WriteFile(file, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			if out := run(t, "qpdf", "--check", file); !strings.Contains(out, "No syntax or stream encoding errors") || strings.Contains(out, "WARNING") {
				t.Errorf("qpdf --check:\n%s", out)
			}
			fonts := run(t, "pdffonts", file)
			embedded := 0
			for _, line := range strings.Split(fonts, "\n")[2:] {
				if f := strings.Fields(line); len(f) >= 5 {
					if f[len(f)-5] != "yes" {
						t.Errorf("font not embedded: %s", line)
					}
					embedded++
				}
			}
			if embedded == 0 {
				t.Errorf("pdffonts lists no fonts:\n%s", fonts)
			}
			// -raw keeps the drawing order, in which a wrapped table cell's
			// lines follow each other.
			text := squash(run(t, "pdftotext", "-raw", "-enc", "UTF-8", file, "-"))
			want := []string{ex.in.Doc.City.Name, "Executive summary", "Impact case", "Risks and mitigations"}
			if a := ex.ctx.City.File.City.Buyer.Address; a.Street != "" {
				want = append(want, a.Locality+", "+a.Street)
			}
			for _, in := range ex.in.Doc.Initiatives {
				want = append(want, in.Title)
			}
			for _, w := range want {
				if !strings.Contains(text, squash(w)) {
					t.Errorf("pdftotext does not give back %q", w)
				}
			}
			// Bookmarks for every chapter, and the document's language.
			outline := run(t, "qpdf", "--json", "--json-key=outlines", file)
			for i, s := range report.Sections {
				if !strings.Contains(outline, fmt.Sprintf(`"%d  %s"`, i+1, s.Title)) {
					t.Errorf("no bookmark for chapter %q", s.Title)
				}
			}
			if !bytes.Contains(pdf, []byte("/Lang (en)")) {
				t.Error("the PDF does not state its language")
			}
			run(t, "pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "4", file, filepath.Join(dir, "page"))
			pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
			if len(pages) != 4 {
				t.Errorf("pdftoppm rendered %d of 4 pages", len(pages))
			}
		})
	}
}

// TestXLSXRecalculates lets LibreOffice recompute every formula of each
// workbook and compares the results with roadmap.json: budget totals,
// grants, the city's share, net present values and payback years.
func TestXLSXRecalculates(t *testing.T) {
	clients.Require(t, "soffice", "libreoffice")
	exs := examples(t)
	dir := t.TempDir()
	var files []string
	for _, ex := range exs {
		b, err := report.XLSX(ex.in)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := report.XLSX(ex.in)
		if !bytes.Equal(b, again) {
			t.Errorf("%s: two renderings differ", ex.name)
		}
		f := filepath.Join(dir, ex.name+".xlsx")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	// LibreOffice recalculates every formula on load (it would otherwise
	// show the cached results we wrote) and writes each sheet as CSV.
	clients.SheetsCSV(t, dir, files...)
	for _, ex := range exs {
		t.Run(ex.name, func(t *testing.T) {
			sheet := func(name string) [][]string { return clients.Sheet(t, dir, ex.name+".xlsx", name) }
			doc := ex.in.Doc
			// The Budget sheet is formulas over Cash flows; recomputed by
			// LibreOffice, it equals roadmap.json to the cent.
			budget := sheet("Budget")
			for i, b := range doc.Budget {
				row := budget[i+1]
				fy := doc.Funding.ByYear[i]
				for _, c := range []struct {
					what string
					col  int
					want float64
				}{{"capex", 1, b.Capex}, {"opex", 2, b.Opex}, {"total", 3, b.Total}, {"cap", 4, b.Cap}, {"grants", 6, fy.Grants}, {"city pays", 7, fy.CityTotal}} {
					cent(t, fmt.Sprintf("Budget %d %s", b.Year, c.what), row[c.col], c.want)
				}
			}
			total := budget[len(doc.Budget)+1]
			cent(t, "Budget total capex", total[1], doc.Totals.Capex)
			cent(t, "Budget total opex", total[2], doc.Totals.Opex)
			cent(t, "Budget total", total[3], doc.Totals.Total)
			cent(t, "Budget total grants", total[6], doc.Funding.Totals.Grants)
			cent(t, "Budget total city pays", total[7], doc.Funding.Totals.CityTotal)
			view, err := report.NewView(ex.in)
			if err != nil {
				t.Fatal(err)
			}
			if costs := cellAfter(t, sheet("Summary"), "What it costs"); costs != view.Summary.Costs {
				t.Errorf("the Summary's cost sentence, computed by LibreOffice:\n%s\nthe report's:\n%s", costs, view.Summary.Costs)
			}

			if doc.Impact.Quantified > 0 {
				saves := cellAfter(t, sheet("Summary"), "What it saves")
				if want := fmt.Sprintf("at %.1f%%: %s %s for the programme", doc.Impact.DiscountRate*100, roadmap.Money(doc.Impact.NPV), doc.City.Currency); !strings.Contains(saves, want) {
					t.Errorf("the Summary's sentence, computed by LibreOffice, lacks %q: %s", want, saves)
				}
			}
			if p := doc.Procurement; p != nil {
				contracts := sheet("Contracts")
				est, above := 0.0, 0
				for _, c := range p.Contracts {
					est += c.Value.Estimated
					if c.Threshold.Above {
						above++
					}
				}
				row := contracts[len(p.Contracts)+1]
				near(t, "Contracts total", row[3], est)
				if want := fmt.Sprintf("%d above", above); row[6] != want {
					t.Errorf("Contracts above the threshold: LibreOffice gives %q, roadmap.json %q", row[6], want)
				}
			}

			im := doc.Impact
			impact := sheet("Impact")
			near(t, "NPV", cellAfter(t, impact, "Net present value ("), im.NPV)
			near(t, "NPV for the city", cellAfter(t, impact, "Net present value for the city"), im.NPVCity)
			payback(t, "payback", cellAfter(t, impact, "Payback year"), im.PaybackYear)
			payback(t, "payback for the city", cellAfter(t, impact, "Payback year for the city"), im.PaybackYearCity)
			byTitle := map[string][]string{}
			for _, row := range impact {
				if len(row) > 7 {
					byTitle[row[0]] = row
				}
			}
			for _, ii := range im.Initiatives {
				row, ok := byTitle[ii.Title]
				if !ok {
					t.Errorf("Impact sheet has no row for %s", ii.Title)
					continue
				}
				near(t, ii.Initiative+" NPV", row[5], ii.NPV)
				near(t, ii.Initiative+" NPV for the city", row[6], ii.NPVCity)
				payback(t, ii.Initiative+" payback", row[7], ii.PaybackYear)
			}
			funding := sheet("Funding")
			for i, l := range doc.Funding.Initiatives {
				near(t, l.Initiative+" grant", funding[i+1][5], l.Grant)
				near(t, l.Initiative+" city share", funding[i+1][6], l.CityShare)
			}
		})
	}
}

// TestXLSXFollowsRates changes a co-financing rate in the Funding sheet, as
// a finance officer would, and lets LibreOffice recompute: the Budget
// sheet's grants and the Summary's cost sentence must follow, which they
// only do when they are formulas of the rate rather than typed values.
func TestXLSXFollowsRates(t *testing.T) {
	clients.Require(t, "soffice", "libreoffice")
	ex := examples(t)[0]
	doc := ex.in.Doc
	row, grant := 0, 0.0
	for i, l := range doc.Funding.Initiatives {
		if l.Grant > 0 {
			row, grant = i+2, l.Grant
			break
		}
	}
	if row == 0 {
		t.Skipf("%s plans no grant", ex.name)
	}
	_, f := openXLSX(t, ex.in)
	if err := f.SetCellValue("Funding", fmt.Sprintf("D%d", row), 0); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, ex.name+".xlsx")
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	f.Close()
	clients.SheetsCSV(t, dir, file)
	read := func(sheet string) [][]string { return clients.Sheet(t, dir, file, sheet) }
	grants := doc.Funding.Totals.Grants - grant
	total := read("Budget")[len(doc.Budget)+1]
	cent(t, "Budget total grants at rate 0", total[6], grants)
	cent(t, "Budget total city pays at rate 0", total[7], doc.Totals.Total-grants)
	summary := read("Summary")
	if costs := cellAfter(t, summary, "What it costs"); !strings.Contains(costs, "Grants planned: "+roadmap.Money(grants)+";") {
		t.Errorf("the Summary's cost sentence does not follow the rate: want grants %s in %q", roadmap.Money(grants), costs)
	}
	share := "Commit the city's own share of " + roadmap.Money(doc.Totals.Total-grants) + " " + doc.City.Currency
	found := false
	for _, row := range summary {
		if len(row) > 1 && strings.HasPrefix(row[1], share) {
			found = true
		}
	}
	if !found {
		t.Errorf("no council decision in the Summary commits the city's share at the new rate: want %q", share)
	}
}

func cellAfter(t *testing.T, rows [][]string, label string) string {
	t.Helper()
	for _, row := range rows {
		if len(row) > 1 && strings.HasPrefix(row[0], label) && (label != "Net present value (" || !strings.Contains(row[0], "city")) && (label != "Payback year" || row[0] == label) {
			return row[1]
		}
	}
	t.Fatalf("no row %q", label)
	return ""
}

// cent fails unless got is want to the cent.
func cent(t *testing.T, what, got string, want float64) {
	t.Helper()
	v, err := strconv.ParseFloat(got, 64)
	if err != nil {
		t.Errorf("%s: LibreOffice gives %q, not a number (want %.2f)", what, got, want)
		return
	}
	if math.Abs(v-want) >= 0.005 {
		t.Errorf("%s: LibreOffice computes %.4f, roadmap.json says %.2f", what, v, want)
	}
}

func near(t *testing.T, what, got string, want float64) {
	t.Helper()
	v, err := strconv.ParseFloat(got, 64)
	if err != nil {
		t.Errorf("%s: LibreOffice gives %q, not a number (want %.2f)", what, got, want)
		return
	}
	if math.Abs(v-want) > 0.01 {
		t.Errorf("%s: LibreOffice computes %.4f, roadmap.json says %.2f", what, v, want)
	}
}

func payback(t *testing.T, what, got string, want int) {
	t.Helper()
	w := "none"
	if want != 0 {
		w = strconv.Itoa(want)
	}
	if got != w {
		t.Errorf("%s: LibreOffice gives %q, roadmap.json %q", what, got, w)
	}
}

// TestHTMLChromium loads each page in headless Chromium: it must render
// without console errors, and the page must not ask for anything from the
// network.
func TestHTMLChromium(t *testing.T) {
	chromium := clients.Require(t, "chromium", "chromium-browser", "google-chrome")
	external := regexp.MustCompile(`(?i)<(script|link|img|iframe|object|embed)\b|\bsrc=|url\(|@import|href="(https?:)?//`)
	for _, ex := range examples(t) {
		t.Run(ex.name, func(t *testing.T) {
			page, err := report.HTML(ex.in)
			if err != nil {
				t.Fatal(err)
			}
			if m := external.Find(page); m != nil {
				t.Errorf("the page refers to an outside resource: %s", m)
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "roadmap.html")
			if err := os.WriteFile(file, page, 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
				"--enable-logging=stderr", "--v=0", "--dump-dom", "file://"+file)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("chromium: %v\n%s", err, stderr.String())
			}
			for _, line := range strings.Split(stderr.String(), "\n") {
				if strings.Contains(line, "CONSOLE") || strings.Contains(line, "Uncaught") || strings.Contains(line, "net::ERR") {
					t.Errorf("chromium reports: %s", line)
				}
			}
			dom := stdout.String()
			for _, want := range []string{"<h1>" + ex.in.Doc.City.Name + "</h1>", `id="summary-h"`, "<svg", `role="img"`} {
				if !strings.Contains(dom, want) {
					t.Errorf("the rendered DOM lacks %q", want)
				}
			}
		})
	}
}

// TestUserTextStaysText feeds a city whose name and notes look like markup
// and formulas: the page must escape them and the workbook must store them
// as text.
func TestUserTextStaysText(t *testing.T) {
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../examples/kladno/city.yaml")
	if err != nil {
		t.Fatal(err)
	}
	evil := `=HYPERLINK("http://example.invalid","<script>alert(1)</script>")`
	data = bytes.Replace(data, []byte("  name: Kladno\n"), []byte("  name: '"+strings.ReplaceAll(evil, "'", "''")+"'\n"), 1)
	data = bytes.Replace(data, []byte("note: water-loss pilot"), []byte(`note: "+cmd|' /C calc'!A0"`), 1)
	ex := generate(t, cat, "evil", data)

	page, err := report.HTML(ex.in)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("<script>")) {
		t.Error("the city name reached the page as markup")
	}
	if !bytes.Contains(page, []byte("&lt;script&gt;")) {
		t.Error("the city name is not shown escaped")
	}

	_, f := openXLSX(t, ex.in)
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if !strings.HasPrefix(v, "=") && !strings.HasPrefix(v, "+cmd") {
					continue
				}
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, name); formula != "" {
					t.Errorf("%s!%s: user text became the formula %q", sheet, name, formula)
				}
			}
		}
	}
	if _, err := report.PDF(ex.in); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkRender renders Kladno's council formats.
func BenchmarkRender(b *testing.B) {
	ex := examples(b)
	var kladno report.Input
	for _, e := range ex {
		if e.name == "kladno" {
			kladno = e.in
		}
	}
	for _, tt := range []struct {
		name   string
		render func(report.Input) ([]byte, error)
	}{{"pdf", report.PDF}, {"docx", report.DOCX}, {"xlsx", report.XLSX}, {"html", report.HTML}} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := tt.render(kladno); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestDOCXOpensInLibreOffice converts each example's council DOCX to PDF
// with LibreOffice, as a councillor opening it would: the text comes back
// and the chapters are real headings, which become the PDF's outline.
func TestDOCXOpensInLibreOffice(t *testing.T) {
	clients.Require(t, "soffice")
	for _, ex := range examples(t) {
		if ex.name != "kladno" && testing.Short() {
			continue
		}
		t.Run(ex.name, func(t *testing.T) {
			data, err := report.DOCX(ex.in)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := report.DOCX(ex.in)
			if !bytes.Equal(data, again) {
				t.Error("two renderings differ")
			}
			dir := t.TempDir()
			file := filepath.Join(dir, "roadmap.docx")
			if err := os.WriteFile(file, data, 0o644); err != nil {
				t.Fatal(err)
			}
			out := clients.Convert(t, dir, "pdf", file)
			text := squash(clients.Run(t, "pdftotext", "-enc", "UTF-8", out[0], "-"))
			for _, w := range []string{ex.in.Doc.City.Name, "Executive summary", "Risks and mitigations", "Figure 2: Timeline"} {
				if !strings.Contains(text, w) {
					t.Errorf("LibreOffice's PDF lacks %q", w)
				}
			}
			outline := clients.Run(t, "qpdf", "--json", "--json-key=outlines", out[0])
			for _, s := range report.Sections {
				if !strings.Contains(outline, s.Title) {
					t.Errorf("chapter %q is not a heading in LibreOffice's outline", s.Title)
				}
			}
		})
	}
}

// TestHTMLAccessibility runs axe-core in headless Chromium on each
// example's page: no serious or critical violation of WCAG 2.x A and AA.
// The page itself has no script; axe is added to a copy for the check.
func TestHTMLAccessibility(t *testing.T) {
	chromium := clients.Require(t, "chromium", "chromium-browser", "google-chrome")
	axe := clients.AxeCore(t)
	axeJS, err := os.ReadFile(axe)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range examples(t) {
		t.Run(ex.name, func(t *testing.T) {
			page, err := report.HTML(ex.in)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "axe.min.js"), axeJS, 0o644); err != nil {
				t.Fatal(err)
			}
			run := `<script src="axe.min.js"></script><script>
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(function (r) {
  var out = document.createElement("pre"); out.id = "axe-result";
  out.textContent = JSON.stringify(r.violations.map(function (v) { return {id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help, target: v.nodes[0].target.join(" ")}; }));
  document.body.appendChild(out);
});</script></body>`
			file := filepath.Join(dir, "roadmap.html")
			if err := os.WriteFile(file, bytes.Replace(page, []byte("</body>"), []byte(run), 1), 0o644); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+filepath.Join(dir, "profile"),
				"--allow-file-access-from-files", "--virtual-time-budget=30000", "--dump-dom", "file://"+file)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("chromium: %v\n%s", err, stderr.String())
			}
			m := regexp.MustCompile(`(?s)<pre id="axe-result">(.*?)</pre>`).FindSubmatch(stdout.Bytes())
			if m == nil {
				t.Fatalf("axe-core gave no result:\n%s", stderr.String())
			}
			var violations []struct {
				ID, Impact, Help, Target string
				Nodes                    int
			}
			if err := json.Unmarshal([]byte(html.UnescapeString(string(m[1]))), &violations); err != nil {
				t.Fatalf("axe result: %v\n%s", err, m[1])
			}
			for _, v := range violations {
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Errorf("axe %s (%s, %d elements, first %s): %s", v.ID, v.Impact, v.Nodes, v.Target, v.Help)
				} else {
					t.Logf("axe %s (%s): %s", v.ID, v.Impact, v.Help)
				}
			}
		})
	}
}

// TestXLSXInputs: every sheet is protected against accidental edits and
// prints on A4 landscape; the inputs (the discount rate and the
// co-financing rates) stay editable and accept only sensible values.
func TestXLSXInputs(t *testing.T) {
	ex := examples(t)[0]
	b, f := openXLSX(t, ex.in)
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		if visible, _ := f.GetSheetVisible(sheet); !visible {
			continue
		}
		layout, err := f.GetPageLayout(sheet)
		if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.Size == nil || *layout.Size != 9 {
			t.Errorf("%s: not set to print on A4 landscape (%v)", sheet, err)
		}
	}
	// Results are cached with their formulas, for viewers that do not
	// calculate.
	doc := ex.in.Doc
	for _, tt := range []struct {
		sheet, cell string
		want        float64
	}{
		{"Budget", fmt.Sprintf("D%d", len(doc.Budget)+2), doc.Totals.Total},
		{"Budget", fmt.Sprintf("H%d", len(doc.Budget)+2), doc.Funding.Totals.CityTotal},
		{"Impact", "B6", doc.Impact.NPV},
	} {
		got, err := f.GetCellValue(tt.sheet, tt.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		near(t, tt.sheet+"!"+tt.cell+" cached", got, tt.want)
	}
	parts := map[string]bool{}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			rc, _ := zf.Open()
			body, _ := io.ReadAll(rc)
			rc.Close()
			parts[zf.Name] = bytes.Contains(body, []byte("<sheetProtection"))
		}
	}
	for name, protected := range parts {
		if !protected {
			t.Errorf("%s is not protected", name)
		}
	}
	for _, tt := range []struct{ sheet, cell, lo, hi string }{{"Impact", "B4", "0", "0.2"}, {"Funding", "D2", "0", "1"}} {
		style, err := f.GetCellStyle(tt.sheet, tt.cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(style)
		if err != nil || st.Protection == nil || st.Protection.Locked {
			t.Errorf("%s!%s: the input is locked", tt.sheet, tt.cell)
		}
		dvs, err := f.GetDataValidations(tt.sheet)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, dv := range dvs {
			if strings.HasPrefix(dv.Sqref, tt.cell) && dv.Formula1 == tt.lo && dv.Formula2 == tt.hi {
				found = true
			}
		}
		if !found {
			t.Errorf("%s!%s: no validation between %s and %s", tt.sheet, tt.cell, tt.lo, tt.hi)
		}
	}
}

// TestCouncilText keeps the council report's text, as the document engine
// lays it out, in golden files for review: every word a councillor reads,
// one Markdown file per example.
func TestCouncilText(t *testing.T) {
	for _, ex := range examples(t) {
		t.Run(ex.name, func(t *testing.T) {
			d, err := report.Document(ex.in)
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, ".md", document.Markdown(d))
		})
	}
}

// openXLSX renders the workbook and opens it with excelize.
func openXLSX(t *testing.T, in report.Input) ([]byte, *excelize.File) {
	t.Helper()
	b, err := report.XLSX(in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return b, f
}
