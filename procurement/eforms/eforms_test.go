package eforms_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/internal/clients"
	"github.com/citypath/citypath/internal/golden"
	"github.com/citypath/citypath/internal/schematron"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/procurement/eforms"
	"github.com/citypath/citypath/roadmap"
)

// sdk is the copy of the eForms SDK the tests validate with.
const sdk = "testdata/eforms-sdk-1.15.1"

// examples are the city files whose notices must pass every rule.
var examples = []string{"kladno", "small-town", "advanced-city"}

var (
	catOnce sync.Once
	cat     *catalog.Catalog
	catErr  error
)

// generate plans an example as `citypath tender CITY --all` does, after
// edit (if any) changes its city file.
func generate(t testing.TB, name string, edit func(string) string) *roadmap.Context {
	t.Helper()
	catOnce.Do(func() { cat, catErr = catalog.Load(catalog.Builtin()) })
	if catErr != nil {
		t.Fatal(catErr)
	}
	file := filepath.Join("..", "..", "examples", name, "city.yaml")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		data = []byte(edit(string(data)))
	}
	ctx, err := pipeline.Generate(roadmap.Request{CityName: file, CityData: data, Catalog: cat})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ctx
}

// date is the document date the tender command would take.
var date = time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)

// notices builds the pack of every contract of ctx and writes the notice of
// those that need one, by contract id; with strict, a contract that needs a
// notice and has none is an error.
func notices(t testing.TB, ctx *roadmap.Context, strict bool) (map[string][]byte, map[string]*procurement.Pack) {
	t.Helper()
	out, packs := map[string][]byte{}, map[string]*procurement.Pack{}
	for _, c := range ctx.Doc.Procurement.Contracts {
		p, err := procurement.BuildPack(ctx, c, date)
		if err != nil {
			t.Fatal(err)
		}
		packs[c.ID] = p
		if !procurement.NeedsNotice(c) {
			if p.Notice != nil {
				t.Errorf("%s needs no notice but has one", c.ID)
			}
			continue
		}
		if p.Notice == nil {
			if !strict {
				continue
			}
			t.Errorf("%s: no notice drafted: %s", c.ID, strings.Join(p.Notes, "; "))
			continue
		}
		xml, err := eforms.ContractNotice(p.Notice)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		out[c.ID] = xml
	}
	return out, packs
}

// TestNoticesPassTheSDKRules is the check: every notice drafted for
// the three examples passes the contract notice XSD (xmllint) and the
// Schematron rules of phase eforms-16 with no failed assert of role ERROR;
// and, in the same run of the rules, the SDK's own example notices give
// their official reports.
func TestNoticesPassTheSDKRules(t *testing.T) {
	xmllint := clients.Require(t, "xmllint")
	xslt := clients.XSLT(t)
	dir := t.TempDir()
	docs := map[string][]byte{}
	var files []string
	for _, name := range examples {
		xmls, _ := notices(t, generate(t, name, nil), true)
		if len(xmls) == 0 {
			t.Errorf("%s: no notice drafted", name)
		}
		t.Logf("%s: %d notices", name, len(xmls))
		for id, xml := range xmls {
			file := name + "_" + strings.ReplaceAll(id, "/", "_") + ".xml"
			docs[file] = xml
			path := filepath.Join(dir, file)
			if err := os.WriteFile(path, xml, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, path)
		}
	}
	slices.Sort(files)

	args := append([]string{"--noout", "--nonet", "--schema", filepath.Join(sdk, "schemas", "maindoc", "UBL-ContractNotice-2.3.xsd")}, files...)
	if out, err := exec.Command(xmllint, args...).CombinedOutput(); err != nil {
		t.Errorf("xmllint --schema: %v\n%s", err, out)
	}

	examplesDir := filepath.Join(sdk, "examples", "notices")
	for _, n := range []string{"cn_24_minimal.xml", "INVALID_cn_24_empty.xml"} {
		data, err := os.ReadFile(filepath.Join(examplesDir, n))
		if err != nil {
			t.Fatal(err)
		}
		docs["sdk_"+n] = data
	}
	xsl, err := schematron.Compile(os.DirFS(filepath.Join(sdk, "schematrons", "static")), "complete-validation.sch", "eforms-16")
	if err != nil {
		t.Fatal(err)
	}
	res, err := schematron.Run(context.Background(), xslt, xsl, docs)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range slices.Sorted(maps.Keys(docs)) {
		if strings.HasPrefix(file, "sdk_") {
			continue
		}
		for _, f := range res[file] {
			if f.Role == "ERROR" {
				t.Errorf("%s: rule %s failed at %s (%s)", file, f.ID, f.Location, f.Pattern)
			}
		}
	}
	for _, n := range []string{"cn_24_minimal", "INVALID_cn_24_empty"} {
		want := svrlFailures(t, filepath.Join(sdk, "examples", "reports", n+".svrl"))
		var got []string
		for _, f := range res["sdk_"+n+".xml"] {
			got = append(got, f.ID)
		}
		got = uniqueSorted(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: failed rules\n got %q\nwant %q (the official report)", n, got, want)
		}
	}
	if len(svrlFailures(t, filepath.Join(sdk, "examples", "reports", "INVALID_cn_24_empty.svrl"))) == 0 {
		t.Error("the official report of INVALID_cn_24_empty lists no failed rule: the comparison would prove nothing")
	}
}

var svrlRe = regexp.MustCompile(`<svrl:(?:failed-assert|successful-report)\s+id="([^"]+)"`)

// svrlFailures are the ids of the failed asserts and successful reports of
// an SVRL report.
func svrlFailures(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range svrlRe.FindAllSubmatch(data, -1) {
		ids = append(ids, string(m[1]))
	}
	return uniqueSorted(ids)
}

func uniqueSorted(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// TestNoticeGolden keeps one notice of three lots under review, and checks
// that the same plan writes the same bytes.
func TestNoticeGolden(t *testing.T) {
	xmls, _ := notices(t, generate(t, "kladno", nil), true)
	again, _ := notices(t, generate(t, "kladno", nil), true)
	for id, x := range xmls {
		if !bytes.Equal(x, again[id]) {
			t.Errorf("%s: two runs wrote different notices", id)
		}
	}
	got, ok := xmls["central-data-platform/ldp-implementation"]
	if !ok {
		t.Fatal("no notice for central-data-platform/ldp-implementation")
	}
	golden.Assert(t, ".xml", got)
}

// TestNoticeContent checks what the notice says against the plan.
func TestNoticeContent(t *testing.T) {
	ctx := generate(t, "kladno", nil)
	xmls, packs := notices(t, ctx, true)
	for id, x := range xmls {
		p := packs[id]
		c := p.Contract
		s := string(x)
		for _, want := range []string{
			`<cbc:SubTypeCode listName="notice-subtype">16</cbc:SubTypeCode>`,
			`<cbc:NoticeLanguageCode>ENG</cbc:NoticeLanguageCode>`,
			`<cbc:IssueDate>` + c.Timeline.Publication + `Z</cbc:IssueDate>`,
			`<cbc:IdentificationCode listName="country">CZE</cbc:IdentificationCode>`,
			`<cbc:CountrySubentityCode listName="nuts">CZ020</cbc:CountrySubentityCode>`,
			`<cbc:Name languageID="ENG">Úřad pro ochranu hospodářské soutěže</cbc:Name>`,
			`<cbc:ItemClassificationCode listName="cpv">` + eforms.CPV(c.CPV[0]) + `</cbc:ItemClassificationCode>`,
			`<cbc:ID>CES</cbc:ID>`,
			fmt.Sprintf(`<efbc:ParameterNumeric>%g</efbc:ParameterNumeric>`, p.Award.Criteria[0].Weight),
		} {
			if !strings.Contains(s, want) {
				t.Errorf("%s lacks %s", id, want)
			}
		}
		deadline := c.Timeline.TendersDue
		if c.Timeline.RequestsDue != "" {
			deadline = c.Timeline.RequestsDue
		}
		if !strings.Contains(s, "<cbc:EndDate>"+deadline+"Z</cbc:EndDate>") {
			t.Errorf("%s lacks the deadline %s", id, deadline)
		}
		if strings.Contains(s, "-"+c.CPV[0][len(c.CPV[0])-1:]+"</cbc:ItemClassificationCode>") {
			t.Errorf("%s writes a CPV check digit", id)
		}
	}
	// The framework agreement has a lot for each purchase called off.
	fw := string(xmls["data-strategy/data-strategy-consultancy"])
	if n := strings.Count(fw, `<cbc:ID schemeName="Lot">`); n < 2 {
		t.Errorf("the framework agreement's notice has %d lots", n)
	}
	if !strings.Contains(fw, `listName="framework-agreement">fa-wo-rc<`) {
		t.Error("the framework agreement's notice does not say it awards one")
	}
}

// TestMissingBuyerData: without the buyer's e-mail the pipeline drafts no
// notice and says what the city file lacks.
func TestMissingBuyerData(t *testing.T) {
	ctx := generate(t, "small-town", func(s string) string { return strings.Replace(s, "email: rozvoj@example.cz", "", 1) })
	_, packs := notices(t, ctx, false)
	for _, p := range packs {
		if !procurement.NeedsNotice(p.Contract) {
			continue
		}
		if p.Notice != nil || !slices.ContainsFunc(p.Notes, func(n string) bool { return strings.Contains(n, "city.buyer.contact.email") }) {
			t.Errorf("%s: want no notice and a note naming city.buyer.contact.email; notes %q", p.Contract.ID, p.Notes)
		}
	}
}

func TestContractNoticeReportsEveryProblem(t *testing.T) {
	_, err := eforms.ContractNotice(&eforms.Notice{Language: "xx", Procedure: "direct", Nature: "goods"})
	if err == nil {
		t.Fatal("an empty notice was written")
	}
	for _, want := range []string{`notice language "xx"`, "no buyer name", "no review body identifier", `procedure type "direct"`, `contract nature "goods"`, "no CPV code", "no lot"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
}

func TestCPV(t *testing.T) {
	for in, want := range map[string]string{"72230000-6": "72230000", "48000000": "48000000", " 72263000-6 ": "72263000"} {
		if got := eforms.CPV(in); got != want {
			t.Errorf("CPV(%q) = %q, want %q", in, got, want)
		}
	}
}

// BenchmarkContractNotice writes the notices of Kladno's tenders; the
// figure per notice is what generation adds to `citypath tender`.
func BenchmarkContractNotice(b *testing.B) {
	ctx := generate(b, "kladno", nil)
	var ns []*eforms.Notice
	for _, c := range ctx.Doc.Procurement.Contracts {
		p, err := procurement.BuildPack(ctx, c, date)
		if err != nil {
			b.Fatal(err)
		}
		if p.Notice != nil {
			ns = append(ns, p.Notice)
		}
	}
	if len(ns) == 0 {
		b.Fatal("no notices")
	}
	b.ResetTimer()
	for b.Loop() {
		for _, n := range ns {
			if _, err := eforms.ContractNotice(n); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ns)), "ns/notice")
}
