package intake

import (
	"bufio"
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
)

// FormatVersion is the intake format this citypath writes. Read accepts
// this version and every earlier one.
const FormatVersion = 2

// Defined names a reader relies on, in every version.
const (
	nameVersion     = "citypath_intake_version"
	nameLanguage    = "citypath_intake_language"
	nameSheetPrefix = "citypath_sheet_"
)

// Sections, in the order of their sheets and of the city file.
var sections = []string{"city", "assessment", "strategy", "infrastructure", "in_place", "assets"}

// kind is how an input cell is read and checked.
type kind int

const (
	kindText     kind = iota
	kindInt           // a whole number
	kindNumber        // any number
	kindDate          // a date, written YYYY-MM-DD
	kindMonth         // a month, written YYYY-MM
	kindSince         // a month or a year, YYYY-MM or YYYY
	kindBool          // yes or no
	kindChoice        // one of a list
	kindTextList      // values separated by commas
)

// field is one input: a form row's answer or a table column.
type field struct {
	// key is the city file path of a form field, or the key of a table
	// column inside its row ("" for a list of single values).
	key  string
	kind kind
	// list names the list a choice draws on.
	list string
}

// shape is how a table's rows become city file values.
type shape int

const (
	shapeObjects shape = iota // a list of mappings, one per row
	shapeValues               // a list of single values
	shapePairs                // a mapping: a name column and a value column
)

// table is a block of input rows under one city file path.
type table struct {
	key   string
	shape shape
	rows  int
	cols  []field
	// names, when set, shows the names of the first column's list beside
	// the row (a lookup formula), e.g. an initiative's title.
	names string
}

// sheetLayout is what one section's sheet holds, top to bottom.
type sheetLayout struct {
	section string
	form    []field
	// dimensions adds the catalog's dimensions and indicators with their
	// level descriptors (the assessment sheet).
	dimensions bool
	// drivers adds a form row per catalog cost driver (the assets sheet).
	drivers bool
	tables  []table
}

// Columns of a sheet. Column A holds the row's key and is hidden.
const (
	colKey   = 1
	colLabel = 2
	colValue = 3
	colHelp  = 4
	// Dimension rows: score, target, note, then the five level descriptors.
	colScore  = 3
	colTarget = 4
	colNote   = 5
	colLevel1 = 6
	// Tables start in column B.
	colTable = 2
)

// layouts holds every intake format version's layout. A new version adds
// its own entry; old entries are never changed, so old workbooks read.
var layouts = map[int][]sheetLayout{1: layoutV1, 2: layoutV2}

var layoutV1 = []sheetLayout{
	{section: "city", form: []field{
		{key: "city.name"}, {key: "city.country", kind: kindChoice, list: "countries"},
		{key: "city.population", kind: kindInt}, {key: "city.region"}, {key: "city.nuts"},
		{key: "city.region_category", kind: kindChoice, list: "region_categories"},
		{key: "city.language"}, {key: "city.currency", kind: kindChoice, list: "currencies"},
		{key: "city.authority_type", kind: kindChoice, list: "authority_types"},
		{key: "city.start_month", kind: kindMonth},
		{key: "city.buyer.legal_name"}, {key: "city.buyer.identifier"}, {key: "city.buyer.scheme"},
		{key: "city.buyer.address.street"}, {key: "city.buyer.address.locality"}, {key: "city.buyer.address.postal_code"},
		{key: "city.buyer.address.country", kind: kindChoice, list: "countries"},
		{key: "city.buyer.contact.name"}, {key: "city.buyer.contact.email"}, {key: "city.buyer.contact.telephone"},
		{key: "city.buyer.ocid_prefix"}, {key: "city.buyer.website"},
	}},
	{section: "assessment", dimensions: true, form: []field{
		{key: "assessment.date", kind: kindDate},
		{key: "assessment.source", kind: kindChoice, list: "sources"},
		{key: "assessment.scale", kind: kindChoice, list: "scales"},
	}},
	{section: "strategy", form: []field{
		{key: "strategy.horizon_years", kind: kindInt}, {key: "strategy.budget_per_year", kind: kindNumber},
		{key: "strategy.budget_basis", kind: kindChoice, list: "budget_bases"},
		{key: "strategy.team.internal_fte", kind: kindNumber}, {key: "strategy.team.contracted_fte", kind: kindNumber},
		{key: "strategy.team.cost_per_fte", kind: kindNumber},
		{key: "strategy.political_sponsor", kind: kindBool}, {key: "strategy.sponsor"},
	}, tables: []table{
		{key: "strategy.focus_areas", rows: 10, names: "focus_areas", cols: []field{
			{key: "id", kind: kindChoice, list: "focus_areas"}, {key: "priority", kind: kindInt}, {key: "note"}}},
		{key: "strategy.objectives", shape: shapeValues, rows: 10, cols: []field{{}}},
		{key: "strategy.cooperation", shape: shapeValues, rows: 10, cols: []field{{}}},
		{key: "strategy.funding", shape: shapeValues, rows: 10, cols: []field{{kind: kindChoice, list: "programmes"}}},
		{key: "strategy.baselines", shape: shapePairs, rows: 15, cols: []field{{key: "key"}, {key: "value", kind: kindNumber}}},
	}},
	{section: "infrastructure", form: []field{
		{key: "infrastructure.data_platform", kind: kindChoice, list: "data_platforms"},
		{key: "infrastructure.open_data_portal", kind: kindBool}, {key: "infrastructure.gis", kind: kindBool},
		{key: "infrastructure.hosting", kind: kindChoice, list: "hosting"},
		{key: "infrastructure.it_staff_fte", kind: kindNumber},
		{key: "infrastructure.connectivity.fibre", kind: kindBool},
		{key: "infrastructure.security.iso27001", kind: kindBool},
		{key: "infrastructure.security.incident_response", kind: kindBool},
		{key: "infrastructure.security.dpo", kind: kindBool},
	}, tables: []table{
		{key: "infrastructure.connectivity.mobile", shape: shapeValues, rows: 3, cols: []field{{kind: kindChoice, list: "mobile"}}},
		{key: "infrastructure.connectivity.lpwan", shape: shapeValues, rows: 4, cols: []field{{kind: kindChoice, list: "lpwan"}}},
		{key: "infrastructure.systems", rows: 20, cols: []field{
			{key: "name"}, {key: "domain"}, {key: "vendor"}, {key: "open_api", kind: kindBool}, {key: "standards", kind: kindTextList}}},
		{key: "infrastructure.sensors", rows: 20, cols: []field{{key: "type"}, {key: "count", kind: kindInt}, {key: "domain"}}},
	}},
	{section: "in_place", tables: []table{
		// As many rows as the catalog has initiatives: each is listed once.
		{key: "in_place", rows: -1, names: "initiatives", cols: []field{
			{key: "initiative", kind: kindChoice, list: "initiatives"}, {key: "status", kind: kindChoice, list: "statuses"},
			{key: "since", kind: kindSince}, {key: "note"}, {key: "evidence"}}},
	}},
	{section: "assets", drivers: true},
}

// layoutV2 adds to the City sheet what an eForms contract notice needs:
// the buyer's NUTS 3 code, its e-procurement platform and the review body.
var layoutV2 = withCityFields(layoutV1,
	field{key: "city.buyer.address.nuts"}, field{key: "city.buyer.tender_platform"},
	field{key: "city.buyer.review_body.legal_name"}, field{key: "city.buyer.review_body.identifier"},
	field{key: "city.buyer.review_body.address.street"}, field{key: "city.buyer.review_body.address.locality"},
	field{key: "city.buyer.review_body.address.postal_code"}, field{key: "city.buyer.review_body.address.nuts"},
	field{key: "city.buyer.review_body.address.country", kind: kindChoice, list: "countries"},
	field{key: "city.buyer.review_body.website"},
)

// withCityFields copies a layout with fields added at the end of the City
// sheet's form, so that every earlier cell keeps its place.
func withCityFields(base []sheetLayout, extra ...field) []sheetLayout {
	out := make([]sheetLayout, len(base))
	copy(out, base)
	for i := range out {
		if out[i].section == "city" {
			out[i].form = append(append([]field(nil), out[i].form...), extra...)
		}
	}
	return out
}

// Networks the city loader accepts (city.checkInfrastructure); the loader
// remains the authority and checks them again.
var (
	mobileNetworks = []string{"3g", "4g", "5g"}
	lpwanNetworks  = []string{"lorawan", "nb-iot", "lte-m", "sigfox"}
)

//go:embed lang/*.yaml data/countries.txt
var files embed.FS

// Lang is the labels of one language.
type Lang struct {
	Language     string            `yaml:"language"`
	Name         string            `yaml:"name"`
	Yes          string            `yaml:"yes"`
	No           string            `yaml:"no"`
	Sheets       map[string]string `yaml:"sheets"`
	Titles       map[string]string `yaml:"titles"`
	Intros       map[string]string `yaml:"intros"`
	Headings     map[string]string `yaml:"headings"`
	Version      string            `yaml:"version"`
	LanguageCell string            `yaml:"language_cell"`
	Catalog      string            `yaml:"catalog"`
	Instructions []string          `yaml:"instructions"`
	Fields       map[string]struct {
		Label string `yaml:"label"`
		Help  string `yaml:"help"`
	} `yaml:"fields"`
	Tables map[string]struct {
		Title   string            `yaml:"title"`
		Help    string            `yaml:"help"`
		Columns map[string]string `yaml:"columns"`
	} `yaml:"tables"`
}

// Languages lists the languages the workbook can be written in.
func Languages() []string {
	entries, _ := files.ReadDir("lang")
	var out []string
	for _, e := range entries {
		out = append(out, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	return out
}

// LoadLang returns the labels of a language.
func LoadLang(tag string) (*Lang, error) {
	data, err := files.ReadFile("lang/" + tag + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("no intake labels for language %q; available: %s", tag, strings.Join(Languages(), ", "))
	}
	var l Lang
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("intake labels %s: %w", tag, err)
	}
	return &l, nil
}

// countries is the ISO 3166-1 alpha-2 list.
var countries = sync.OnceValue(func() []string {
	data, _ := files.ReadFile("data/countries.txt")
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
})

// list is a drop-down's values, with names to show beside a chosen id.
type list struct {
	id     string
	values []string
	names  []string
}

// lists are the drop-downs of the workbook, from the catalog, the city
// file's schema (its enums) and ISO 3166.
func lists(cat *catalog.Catalog, l *Lang) ([]list, error) {
	enum := func(path string) []string { return schemaProp(path).Enum }
	out := []list{
		{id: "countries", values: countries()},
		{id: "currencies", values: cat.Currencies()},
		{id: "statuses", values: enum("in_place[].status")},
		{id: "drivers", values: cat.DriverIDs()},
		{id: "yes_no", values: []string{l.Yes, l.No}},
		{id: "sources", values: enum("assessment.source")},
		{id: "scales", values: enum("assessment.scale")},
		{id: "region_categories", values: enum("city.region_category")},
		{id: "authority_types", values: enum("city.authority_type")},
		{id: "budget_bases", values: enum("strategy.budget_basis")},
		{id: "data_platforms", values: enum("infrastructure.data_platform")},
		{id: "hosting", values: enum("infrastructure.hosting")},
		{id: "mobile", values: mobileNetworks},
		{id: "lpwan", values: lpwanNetworks},
	}
	fa := list{id: "focus_areas"}
	for _, f := range cat.FocusAreas {
		fa.values, fa.names = append(fa.values, f.ID), append(fa.names, f.Name)
	}
	in := list{id: "initiatives"}
	for _, i := range cat.Initiatives {
		in.values, in.names = append(in.values, i.ID), append(in.names, i.Title)
	}
	dims, inds := list{id: "dimensions"}, list{id: "indicators"}
	for _, d := range cat.Dimensions {
		dims.values, dims.names = append(dims.values, d.ID), append(dims.names, d.Name)
		for _, ind := range d.Indicators {
			inds.values, inds.names = append(inds.values, d.ID+"."+ind.ID), append(inds.names, ind.Name)
		}
	}
	pr := list{id: "programmes"}
	for _, p := range cat.Programmes {
		pr.values, pr.names = append(pr.values, p.ID), append(pr.names, p.Name)
	}
	out = append(out, fa, in, dims, inds, pr)
	for _, li := range out {
		if len(li.values) == 0 {
			return nil, fmt.Errorf("intake: list %s is empty", li.id)
		}
	}
	return out, nil
}

func findList(ls []list, id string) list {
	for _, l := range ls {
		if l.id == id {
			return l
		}
	}
	return list{id: id}
}

// prop is what the city file's schema says about one value.
type prop struct {
	Type      string           `json:"type"`
	Enum      []string         `json:"enum"`
	Minimum   *float64         `json:"minimum"`
	Maximum   *float64         `json:"maximum"`
	MaxLength *int             `json:"maxLength"`
	Ref       string           `json:"$ref"`
	Items     *prop            `json:"items"`
	Props     map[string]*prop `json:"properties"`
}

// schema is the city file's JSON Schema: its top-level properties and
// the definitions they refer to.
type schema struct {
	Defs  map[string]*prop `json:"$defs"`
	Props map[string]*prop `json:"properties"`
}

var citySchema = sync.OnceValues(func() (*schema, error) {
	raw, err := city.Schema()
	if err != nil {
		return nil, err
	}
	var s schema
	if err := json.Unmarshal(raw, &s); err != nil {
		return nil, err
	}
	return &s, nil
})

// schemaProp looks up a city file path such as "strategy.focus_areas[].priority"
// in the schema generated from the city types, so that the workbook's
// checks are the loader's ranges and enums, stated once.
func schemaProp(path string) prop {
	s, err := citySchema()
	if err != nil {
		return prop{}
	}
	defs, props := s.Defs, s.Props
	var p *prop
	for _, seg := range strings.Split(path, ".") {
		name, isList := strings.CutSuffix(seg, "[]")
		if props == nil {
			return prop{}
		}
		p = props[name]
		if p == nil {
			return prop{}
		}
		if isList && p.Items != nil {
			p = p.Items
		}
		if p.Ref != "" {
			p = defs[strings.TrimPrefix(p.Ref, "#/$defs/")]
		}
		props = p.Props
	}
	if p == nil {
		return prop{}
	}
	if p.Items != nil && p.Items.MaxLength != nil && p.MaxLength == nil {
		p.MaxLength = p.Items.MaxLength
	}
	return *p
}

// columnPath is the schema path of a table column: a list of values and
// a mapping are described by the table's own path.
func columnPath(t table, c field) string {
	if t.shape != shapeObjects {
		return t.key
	}
	return t.key + "[]." + c.key
}
