package intake

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/internal/workbook"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/roadmap"
)

var loadCatalog = sync.OnceValues(func() (*catalog.Catalog, error) { return catalog.Load(catalog.Builtin()) })

func testCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func blank(t testing.TB) []byte {
	t.Helper()
	data, err := New(testCatalog(t), Options{Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// examples are the reference city files a filled workbook must reproduce.
var examples = []string{"kladno", "small-town", "advanced-city"}

func readExample(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "examples", name, "city.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// filler types a city file's values into a blank workbook the way a city
// would: text as text, numbers as numbers, the assessment date as a date,
// yes or no from the lists, one table row per list item.
type filler struct {
	t    testing.TB
	f    *excelize.File
	rows map[string][]cellRef // row key → its rows, in order
}

func newFiller(t testing.TB, data []byte) *filler {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	fl := &filler{t: t, f: f, rows: map[string][]cellRef{}}
	l, _ := LoadLang("en")
	for _, sec := range sections {
		sheet := l.Sheets[sec]
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			if len(row) > 0 && row[0] != "" {
				fl.rows[row[0]] = append(fl.rows[row[0]], cellRef{section: sec, sheet: sheet, row: i + 1})
			}
		}
	}
	return fl
}

func (fl *filler) set(key string, index, col int, v any) {
	fl.t.Helper()
	rows := fl.rows[key]
	if index >= len(rows) {
		fl.t.Fatalf("no row %d for %s", index, key)
	}
	at := rows[index]
	cell := workbook.Cell(col, at.row)
	var err error
	switch v := v.(type) {
	case string:
		err = fl.f.SetCellStr(at.sheet, cell, v)
	case bool:
		err = fl.f.SetCellStr(at.sheet, cell, map[bool]string{true: "yes", false: "no"}[v])
	default:
		err = fl.f.SetCellValue(at.sheet, cell, v)
	}
	if err != nil {
		fl.t.Fatal(err)
	}
}

// form fills the form rows from a city file as a generic tree.
func (fl *filler) form(tree map[string]any, prefix string) {
	for k, v := range tree {
		path := prefix + k
		switch v := v.(type) {
		case map[string]any:
			fl.form(v, path+".")
		default:
			if _, ok := fl.rows[path]; ok {
				fl.set(path, 0, colValue, v)
			}
		}
	}
}

func (fl *filler) bytes() []byte {
	buf, err := fl.f.WriteToBuffer()
	if err != nil {
		fl.t.Fatal(err)
	}
	return buf.Bytes()
}

// fill returns the blank workbook filled with a city file's values.
func fill(t testing.TB, blankData []byte, cityYAML []byte) []byte {
	t.Helper()
	l, err := city.Load("city.yaml", cityYAML, roadmap.Vocabulary(testCatalog(t)))
	if err != nil {
		t.Fatal(err)
	}
	c := l.File
	fl := newFiller(t, blankData)
	// Scalars of the form rows, through the file's JSON shape (its keys are
	// the city file's), but for what a city types differently.
	raw, _ := json.Marshal(c)
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		t.Fatal(err)
	}
	for _, sec := range []string{"assessment", "in_place", "assets"} {
		delete(tree, sec)
	}
	delete(tree["strategy"].(map[string]any), "focus_areas")
	fl.form(tree, "")
	fl.set("assessment.source", 0, colValue, c.Assessment.Source)
	fl.set("assessment.scale", 0, colValue, c.Assessment.Scale)
	date, err := time.Parse("2006-01-02", c.Assessment.Date)
	if err != nil {
		t.Fatal(err)
	}
	fl.set("assessment.date", 0, colValue, date)
	for id, d := range c.Assessment.Dimensions {
		key := "assessment.dimensions." + id
		if d.Score != nil {
			fl.set(key, 0, colScore, *d.Score)
		}
		if d.Target != 0 {
			fl.set(key, 0, colTarget, d.Target)
		}
		if d.Note != "" {
			fl.set(key, 0, colNote, d.Note)
		}
		for ind, v := range d.Indicators {
			fl.set(key+".indicators."+ind, 0, colScore, v)
		}
	}
	for i, fa := range c.Strategy.FocusAreas {
		fl.set("strategy.focus_areas", i, colTable, fa.ID)
		fl.set("strategy.focus_areas", i, colTable+1, fa.Priority)
		if fa.Note != "" {
			fl.set("strategy.focus_areas", i, colTable+2, fa.Note)
		}
	}
	for key, values := range map[string][]string{"strategy.objectives": c.Strategy.Objectives, "strategy.cooperation": c.Strategy.Cooperation,
		"strategy.funding": c.Strategy.Funding, "infrastructure.connectivity.mobile": c.Infrastructure.Connectivity.Mobile,
		"infrastructure.connectivity.lpwan": c.Infrastructure.Connectivity.LPWAN} {
		for i, v := range values {
			fl.set(key, i, colTable, v)
		}
	}
	i := 0
	for k, v := range c.Strategy.Baselines {
		fl.set("strategy.baselines", i, colTable, k)
		fl.set("strategy.baselines", i, colTable+1, v)
		i++
	}
	for i, s := range c.Infrastructure.Systems {
		fl.set("infrastructure.systems", i, colTable, s.Name)
		fl.set("infrastructure.systems", i, colTable+1, s.Domain)
		fl.set("infrastructure.systems", i, colTable+2, s.Vendor)
		fl.set("infrastructure.systems", i, colTable+3, s.OpenAPI)
		fl.set("infrastructure.systems", i, colTable+4, strings.Join(s.Standards, ", "))
	}
	for i, s := range c.Infrastructure.Sensors {
		fl.set("infrastructure.sensors", i, colTable, s.Type)
		fl.set("infrastructure.sensors", i, colTable+1, s.Count)
		fl.set("infrastructure.sensors", i, colTable+2, s.Domain)
	}
	for i, e := range c.InPlace {
		for j, v := range []string{e.Initiative, e.Status, e.Since, e.Note, e.Evidence} {
			if v != "" {
				fl.set("in_place", i, colTable+j, v)
			}
		}
	}
	for k, v := range c.Assets {
		fl.set("assets."+k, 0, colValue, v)
	}
	return fl.bytes()
}

// generate runs the pipeline on a city file; the input hash, which differs
// between two texts of the same city, is cleared.
func generate(t testing.TB, data []byte) *roadmap.Roadmap {
	t.Helper()
	ctx, err := pipeline.Generate(roadmap.Request{CityName: "city.yaml", CityData: data, Catalog: testCatalog(t)})
	if err != nil {
		t.Fatalf("generate: %v\n%s", err, data)
	}
	ctx.Doc.InputSHA256 = ""
	return ctx.Doc
}

// TestRoundTrip: a blank workbook filled by program with each example's
// values reads back into a city file whose roadmap is the example's own.
func TestRoundTrip(t *testing.T) {
	blankData := blank(t)
	for _, name := range examples {
		t.Run(name, func(t *testing.T) {
			want := readExample(t, name)
			filled := fill(t, blankData, want)
			got, err := Read("filled.xlsx", filled, "city.yaml", testCatalog(t))
			if err != nil {
				t.Fatalf("read: %v", err)
			}
			vocab := roadmap.Vocabulary(testCatalog(t))
			a, err := city.Load("city.yaml", want, vocab)
			if err != nil {
				t.Fatal(err)
			}
			b, err := city.Load("city.yaml", got, vocab)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(a.File, b.File); d != "" {
				t.Errorf("city file differs (-example +read):\n%s\n%s", d, got)
			}
			if d := cmp.Diff(generate(t, want), generate(t, got)); d != "" {
				t.Errorf("roadmap differs (-example +read):\n%s", d)
			}
		})
	}
}
