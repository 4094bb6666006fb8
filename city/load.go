package city

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/citypath/citypath/internal/yamlx"
)

// Vocabulary is what the catalog knows, so that a city file can be checked
// against it without this package importing the catalog.
type Vocabulary struct {
	// Dimensions maps each dimension id to its indicator ids.
	Dimensions map[string][]string
	// FocusAreas lists the focus area ids.
	FocusAreas []string
	// Initiatives lists the initiative ids a state of play may name.
	Initiatives []string
	// Drivers lists the cost driver ids assets may give.
	Drivers []string
	// Programmes lists the funding programme ids strategy.funding may name;
	// nil skips the check.
	Programmes []string
	// Currencies lists the currencies the catalog has a rate for, EUR
	// included; nil skips the check.
	Currencies []string
}

// Loaded is a decoded and checked city file with the positions of its values.
type Loaded struct {
	File *File
	Doc  *yamlx.Doc
}

// Load decodes a city file strictly and checks it against the vocabulary.
// Every problem is returned at once as yamlx.Problems.
func Load(name string, data []byte, vocab Vocabulary) (*Loaded, error) {
	l, err := Decode(name, data)
	if l == nil {
		return nil, err
	}
	// Report decoding and semantic problems together.
	if err := yamlx.JoinChecks(err, Validate(l, vocab)); err != nil {
		return nil, err
	}
	return l, nil
}

// Decode reads a city file strictly. When the YAML is readable but has
// problems, it returns both the partial result and the problems, so that
// Validate can add its own findings to the same report.
func Decode(name string, data []byte) (*Loaded, error) {
	var f File
	doc, err := yamlx.Unmarshal(name, data, &f)
	if doc == nil {
		return nil, err
	}
	applyDefaults(&f)
	return &Loaded{File: &f, Doc: doc}, err
}

// Validate checks a decoded city file against the catalog's vocabulary and
// against itself (ranges, formats, required values).
func Validate(l *Loaded, vocab Vocabulary) error {
	schema, err := validator()
	if err != nil {
		return err
	}
	return append(schema.Validate(l.Doc), check(l.File, l.Doc, vocab)...).Err()
}

func applyDefaults(f *File) {
	if f.City.Currency == "" {
		f.City.Currency = "EUR"
	}
	if f.City.AuthorityType == "" {
		f.City.AuthorityType = "sub-central"
	}
	if f.Assessment.Scale == "" {
		f.Assessment.Scale = "0-100"
	}
}

// Years a date in a city file may fall in, so that every date a roadmap
// computes from it (ten years on, tenders counted back) stays a four-digit
// year in every output format.
const (
	MinYear = 1900
	MaxYear = 2999
)

// ParseMonth reads a YYYY-MM month between MinYear and MaxYear.
func ParseMonth(s string) (time.Time, error) {
	return parseDate("2006-01", "a month in the form YYYY-MM", s)
}

func parseDate(layout, what, s string) (time.Time, error) {
	t, err := time.Parse(layout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not %s", s, what)
	}
	if t.Year() < MinYear || t.Year() > MaxYear {
		return time.Time{}, fmt.Errorf("%q is outside the years %d-%d", s, MinYear, MaxYear)
	}
	return t, nil
}

type checker struct {
	doc      *yamlx.Doc
	problems yamlx.Problems
}

func (c *checker) add(path, format string, args ...any) {
	c.problems = append(c.problems, c.doc.Problem(path, format, args...))
}

func (c *checker) required(path, value string) bool {
	if strings.TrimSpace(value) == "" {
		c.add(path, "%s is required", path)
		return false
	}
	return true
}

func (c *checker) oneOf(path, value string, allowed ...string) {
	if value != "" && !slices.Contains(allowed, value) {
		c.add(path, "%s: %q is not one of %s", path, value, strings.Join(allowed, ", "))
	}
}

func check(f *File, doc *yamlx.Doc, vocab Vocabulary) yamlx.Problems {
	c := &checker{doc: doc}
	for _, section := range []string{"city", "assessment", "strategy", "infrastructure"} {
		if !doc.Has(section) {
			c.add("", "section %q is missing", section)
		}
	}
	c.checkCity(&f.City, vocab)
	c.checkAssessment(&f.Assessment, vocab)
	c.checkStrategy(&f.Strategy, vocab)
	c.checkInfrastructure(&f.Infrastructure)
	c.checkInPlace(f, vocab)
	c.checkAssets(f.Assets, vocab)
	return c.problems
}

func (c *checker) checkCity(ct *City, vocab Vocabulary) {
	if !c.doc.Has("city") {
		return
	}
	// The schema checks the country, population, currency, enums and the
	// start month's form; what it cannot say is checked here.
	c.required("city.name", ct.Name)
	c.checkCurrency(ct.Currency, vocab) // the catalog must have a rate for it
	if e := ct.Buyer.Contact.Email; e != "" && !strings.Contains(e, "@") {
		c.add("city.buyer.contact.email", "city.buyer.contact.email: %q is not an e-mail address", e)
	}
}

func (c *checker) checkAssessment(a *Assessment, vocab Vocabulary) {
	if !c.doc.Has("assessment") {
		return
	}
	if c.required("assessment.date", a.Date) {
		if _, err := parseDate("2006-01-02", "a date in the form YYYY-MM-DD", a.Date); err != nil {
			c.add("assessment.date", "assessment.date: %v", err)
		}
	}
	c.required("assessment.source", a.Source)
	lo, hi := 0.0, 100.0
	if a.Scale == "1-5" {
		lo, hi = 1, 5
	}
	inRange := func(path string, v float64) {
		if v < lo || v > hi {
			c.add(path, "%s: %g is outside the %s scale", path, v, a.Scale)
		}
	}
	for _, id := range sortedKeys(a.Dimensions) {
		d := a.Dimensions[id]
		path := "assessment.dimensions." + id
		indicators, known := vocab.Dimensions[id]
		if !known {
			c.problems = append(c.problems, c.doc.Problem(path+"#key", "assessment.dimensions: unknown dimension %q; known: %s", id, strings.Join(sortedKeys(vocab.Dimensions), ", ")))
			continue
		}
		if d.Score == nil && len(d.Indicators) == 0 {
			c.add(path, "%s: give a score or indicator scores", path)
		}
		if d.Score != nil {
			inRange(path+".score", *d.Score)
		}
		for _, ind := range sortedKeys(d.Indicators) {
			ipath := path + ".indicators." + ind
			if !slices.Contains(indicators, ind) {
				c.problems = append(c.problems, c.doc.Problem(ipath+"#key", "%s: unknown indicator %q; this dimension has %s", path, ind, strings.Join(indicators, ", ")))
				continue
			}
			inRange(ipath, d.Indicators[ind])
		}
	}
	if a.Dimensions != nil {
		var missing []string
		for _, id := range sortedKeys(vocab.Dimensions) {
			if _, ok := a.Dimensions[id]; !ok {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			c.add("assessment.dimensions", "assessment.dimensions: missing %s", strings.Join(missing, ", "))
		}
	} else {
		c.add("assessment", "assessment.dimensions is required")
	}
}

func (c *checker) checkStrategy(s *Strategy, vocab Vocabulary) {
	if !c.doc.Has("strategy") {
		return
	}
	if len(s.FocusAreas) == 0 {
		c.add("strategy.focus_areas", "strategy.focus_areas: name at least one focus area; known: %s", strings.Join(vocab.FocusAreas, ", "))
	}
	for i, id := range s.Funding {
		if vocab.Programmes != nil && !slices.Contains(vocab.Programmes, id) {
			path := fmt.Sprintf("strategy.funding[%d]", i)
			c.add(path, "%s: unknown funding programme %q%s", path, id, yamlx.Suggest(id, vocab.Programmes))
		}
	}
	seen := map[string]bool{}
	for i, fa := range s.FocusAreas {
		path := fmt.Sprintf("strategy.focus_areas[%d]", i)
		if !c.required(path+".id", fa.ID) {
			continue
		}
		if !slices.Contains(vocab.FocusAreas, fa.ID) {
			c.add(path+".id", "%s.id: unknown focus area %q; known: %s", path, fa.ID, strings.Join(vocab.FocusAreas, ", "))
		}
		if seen[fa.ID] {
			c.add(path+".id", "%s.id: focus area %q is listed twice", path, fa.ID)
		}
		seen[fa.ID] = true
	}
	// Priority, horizon, budget, FTE and cost per FTE ranges and the
	// budget basis are the schema's.
	if s.Team.InternalFTE >= 0 && s.Team.ContractedFTE >= 0 && s.Team.Capacity() == 0 {
		c.add("strategy.team", "strategy.team: the team has no capacity; give internal_fte or contracted_fte")
	}
	for _, k := range sortedKeys(s.Baselines) {
		if s.Baselines[k] < 0 {
			c.add("strategy.baselines."+k, "strategy.baselines.%s must not be negative", k)
		}
	}
}

func (c *checker) checkInfrastructure(in *Infrastructure) {
	if !c.doc.Has("infrastructure") {
		return
	}
	// The data platform and hosting enums and the counts are the schema's.
	c.required("infrastructure.data_platform", in.DataPlatform)
	for i, m := range in.Connectivity.Mobile {
		c.oneOf(fmt.Sprintf("infrastructure.connectivity.mobile[%d]", i), m, "3g", "4g", "5g")
	}
	for i, m := range in.Connectivity.LPWAN {
		c.oneOf(fmt.Sprintf("infrastructure.connectivity.lpwan[%d]", i), m, "lorawan", "nb-iot", "lte-m", "sigfox")
	}
	for i, s := range in.Systems {
		c.required(fmt.Sprintf("infrastructure.systems[%d].name", i), s.Name)
	}
	for i, s := range in.Sensors {
		path := fmt.Sprintf("infrastructure.sensors[%d]", i)
		c.required(path+".type", s.Type)
	}
}

// checkCurrency accepts an ISO 4217 code the catalog has a rate for.
func (c *checker) checkCurrency(code string, vocab Vocabulary) {
	switch {
	case code == "":
	case !slices.Contains(iso4217, code): // the list is upper-case three-letter codes
		c.add("city.currency", "city.currency: %q is not an ISO 4217 currency code%s", code, yamlx.Suggest(strings.ToUpper(code), iso4217))
	case vocab.Currencies != nil && !slices.Contains(vocab.Currencies, code):
		c.add("city.currency", "city.currency: the catalog has no exchange rate for %s; use one of %s, or add the rate to the catalog's money.yaml", code, strings.Join(vocab.Currencies, ", "))
	}
}

// checkInPlace checks the state of play: known initiatives, once each, with
// a status and a date that is not after the assessment.
func (c *checker) checkInPlace(f *File, vocab Vocabulary) {
	assessed, assessedOK := time.Parse("2006-01-02", f.Assessment.Date)
	seen := map[string]bool{}
	for i, e := range f.InPlace {
		path := fmt.Sprintf("in_place[%d]", i)
		if c.required(path+".initiative", e.Initiative) {
			switch {
			case vocab.Initiatives != nil && !slices.Contains(vocab.Initiatives, e.Initiative):
				c.add(path+".initiative", "%s.initiative: unknown initiative %q%s", path, e.Initiative, yamlx.Suggest(e.Initiative, vocab.Initiatives))
			case seen[e.Initiative]:
				c.add(path+".initiative", "%s.initiative: %q is listed twice", path, e.Initiative)
			}
			seen[e.Initiative] = true
		}
		if c.required(path+".status", e.Status) {
			c.oneOf(path+".status", e.Status, StatusDone, StatusRunning, StatusPartial, StatusNone)
		}
		if e.Since == "" {
			continue
		}
		since, err := ParseSince(e.Since)
		switch {
		case err != nil:
			c.add(path+".since", "%s.since: %v", path, err)
		case assessedOK == nil && since.After(assessed):
			c.add(path+".since", "%s.since: %s is after the assessment date %s; record only what exists", path, e.Since, f.Assessment.Date)
		}
	}
}

// ParseSince reads a state-of-play date, YYYY-MM or YYYY.
func ParseSince(s string) (time.Time, error) {
	if t, err := time.Parse("2006-01", s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006", s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is not a month (YYYY-MM) or a year (YYYY)", s)
}

// checkAssets accepts known cost drivers with quantities of zero or more.
func (c *checker) checkAssets(assets map[string]float64, vocab Vocabulary) {
	for _, k := range sortedKeys(assets) {
		path := "assets." + k
		if vocab.Drivers != nil && !slices.Contains(vocab.Drivers, k) {
			c.problems = append(c.problems, c.doc.Problem(path+"#key", "assets: unknown cost driver %q%s", k, yamlx.Suggest(k, vocab.Drivers)))
			continue
		}
		if v := assets[k]; v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			c.add(path, "%s must be a quantity of zero or more, not %g", path, v)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
