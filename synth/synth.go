package synth

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/citypath/citypath/catalog"
)

// Mistake is the kind of error an invalid city file carries; "" for a
// valid one.
type Mistake string

// The mistakes, one per kind of problem the city loader reports.
const (
	Valid             Mistake = ""
	Syntax            Mistake = "syntax"             // YAML that does not parse
	UnknownKey        Mistake = "unknown-key"        // a misspelt key
	WrongType         Mistake = "wrong-type"         // text where a number belongs
	MissingSection    Mistake = "missing-section"    // no infrastructure section
	ScoreOutOfRange   Mistake = "score-out-of-range" // a score beyond the assessment's scale
	BadDate           Mistake = "bad-date"           // an assessment date that is no date
	UnknownDimension  Mistake = "unknown-dimension"  // a dimension the catalog does not have
	UnknownFocusArea  Mistake = "unknown-focus-area" // a focus area the catalog does not have
	UnknownInitiative Mistake = "unknown-initiative" // a state of play naming no catalog initiative
	UnknownDriver     Mistake = "unknown-driver"     // an asset that is no cost driver
	UnknownCurrency   Mistake = "unknown-currency"   // a currency the catalog has no rate for
	SinceAfterAssess  Mistake = "since-after-assessment"
)

// Mistakes lists every kind, in the order invalid cities take them.
var Mistakes = []Mistake{
	Syntax, UnknownKey, WrongType, MissingSection, ScoreOutOfRange, BadDate,
	UnknownDimension, UnknownFocusArea, UnknownInitiative, UnknownDriver,
	UnknownCurrency, SinceAfterAssess,
}

// Expect is a phrase the loader's message for each mistake contains, so
// that a test can check a report gives the right reason.
var Expect = map[Mistake]string{
	Syntax:            "yaml",
	UnknownKey:        "populaton",
	WrongType:         "population",
	MissingSection:    `section "infrastructure" is missing`,
	ScoreOutOfRange:   "outside the",
	BadDate:           "assessment.date",
	UnknownDimension:  `unknown dimension "digital_twinning"`,
	UnknownFocusArea:  `unknown focus area "space_tourism"`,
	UnknownInitiative: `unknown initiative "teleport-pilot"`,
	UnknownDriver:     `unknown cost driver "lamp_posts_on_mars"`,
	UnknownCurrency:   "city.currency",
	SinceAfterAssess:  "after the assessment date",
}

// Options choose a population.
type Options struct {
	// Seed makes another population; the same seed gives the same files.
	Seed uint64
	// Invalid is the share of invalid cities, 0 to 1: of any first n
	// cities, floor(n × Invalid) are invalid, spread evenly.
	Invalid float64
}

// City is one generated city file.
type City struct {
	Index int
	// Name is the city's name; File a file name made of the index and
	// the name, unique in the population.
	Name, File string
	Data       []byte
	// Mistake is what makes the file invalid, Valid for none.
	Mistake Mistake
}

// Generator makes city files from the catalog's vocabulary.
type Generator struct {
	opts        Options
	countries   []country
	dimensions  []*catalog.Dimension
	focusAreas  []string
	initiatives []string
	drivers     []string
	programmes  []string
}

type country struct{ code, currency string }

// nationalCurrency is the currency of the catalog's countries outside the
// euro area; a country whose currency the catalog has no rate for budgets
// in euro.
var nationalCurrency = map[string]string{
	"CZ": "CZK", "DK": "DKK", "HU": "HUF", "PL": "PLN", "RO": "RON", "SE": "SEK",
}

// New prepares a generator over the catalog's dimensions, focus areas,
// initiatives, cost drivers, programmes, countries and currencies.
func New(cat *catalog.Catalog, opts Options) *Generator {
	g := &Generator{opts: opts, dimensions: cat.Dimensions}
	codes := map[string]bool{}
	for c := range cat.Money.StaffCost.Countries {
		codes[c] = true
	}
	for _, c := range cat.Money.EuroArea {
		codes[c] = true
	}
	for _, code := range sortedKeys(codes) {
		cur := "EUR"
		if !slices.Contains(cat.Money.EuroArea, code) {
			if n, ok := nationalCurrency[code]; ok {
				if _, ok := cat.Rate(n); ok {
					cur = n
				}
			}
		}
		g.countries = append(g.countries, country{code, cur})
	}
	for _, fa := range cat.FocusAreas {
		g.focusAreas = append(g.focusAreas, fa.ID)
	}
	for _, in := range cat.Initiatives {
		g.initiatives = append(g.initiatives, in.ID)
	}
	for _, d := range cat.DriverIDs() {
		if d != "population" { // the city section gives it
			g.drivers = append(g.drivers, d)
		}
	}
	for _, p := range cat.Programmes {
		g.programmes = append(g.programmes, p.ID)
	}
	return g
}

// Population returns cities 0 to n-1.
func (g *Generator) Population(n int) []City {
	out := make([]City, n)
	for i := range n {
		out[i] = g.City(i)
	}
	return out
}

// MistakeOf says whether city i is invalid and how, without generating it.
func (g *Generator) MistakeOf(i int) Mistake {
	// City i is invalid when the running count floor((i+1) × share) steps
	// up at i; the k-th invalid city makes the k-th mistake in turn, so a
	// dozen invalid cities cover every kind.
	count := func(n int) int { return int(math.Floor(float64(n)*g.opts.Invalid + 1e-9)) }
	if count(i+1) == count(i) {
		return Valid
	}
	return Mistakes[count(i)%len(Mistakes)]
}

// City returns city i.
func (g *Generator) City(i int) City {
	r := rand.New(rand.NewPCG(g.opts.Seed, uint64(i)))
	name := cityName(r)
	c := City{Index: i, Name: name, File: fmt.Sprintf("%05d-%s.yaml", i+1, strings.ToLower(name)), Mistake: g.MistakeOf(i)}
	c.Data = g.write(r, name, c.Mistake)
	return c
}

var (
	syllables = []string{"ka", "lo", "ve", "ra", "no", "mi", "ter", "sal", "bor", "dan", "lin", "gra", "vo", "sto", "pe", "ru", "za", "hel", "mar", "tin"}
	suffixes  = []string{"ov", "ice", "burg", "berg", "stad", "ville", "ino", "any", "ow", "ec", "heim", "polis"}
)

func cityName(r *rand.Rand) string {
	var b strings.Builder
	for range 1 + r.IntN(2) {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	b.WriteString(suffixes[r.IntN(len(suffixes))])
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// write makes the YAML text of one city; the mistake, if any, is put in
// as a consultant might make it.
func (g *Generator) write(r *rand.Rand, name string, m Mistake) []byte {
	var w yamlWriter
	// Sizes from villages to capitals, evenly on a log scale.
	population := int(math.Round(math.Exp(math.Log(800) + r.Float64()*(math.Log(2_500_000)-math.Log(800)))))
	ctry := g.countries[r.IntN(len(g.countries))]
	currency := ctry.currency
	if currency != "EUR" && r.IntN(4) == 0 {
		currency = "EUR" // some cities outside the euro area budget in euro
	}
	perEUR := map[string]float64{"EUR": 1, "CZK": 24.4, "DKK": 7.47, "HUF": 365, "PLN": 4.37, "RON": 5.35, "SEK": 11.2}[currency]
	startYear := 2026 + r.IntN(3)
	startMonth := 1 + r.IntN(12)
	assessed := fmt.Sprintf("%d-%02d-%02d", startYear-1, 1+r.IntN(12), 1+r.IntN(28))

	w.line(0, "# A synthetic city generated by citypath's synth package, for tests and benchmarks.")
	w.line(0, "city:")
	w.kv(1, "name", quote(name))
	w.kv(1, "country", ctry.code)
	switch m {
	case UnknownKey:
		w.kv(1, "populaton", strconv.Itoa(population))
	case WrongType:
		w.kv(1, "population", quote("about "+strconv.Itoa(population)))
	default:
		w.kv(1, "population", strconv.Itoa(population))
	}
	w.kv(1, "region_category", []string{"less-developed", "transition", "more-developed"}[r.IntN(3)])
	switch m {
	case UnknownCurrency:
		w.kv(1, "currency", "JPY")
	default:
		w.kv(1, "currency", currency)
	}
	w.kv(1, "start_month", fmt.Sprintf("%d-%02d", startYear, startMonth))
	w.line(1, "buyer:")
	w.kv(2, "legal_name", quote("Municipality of "+name))
	w.kv(2, "ocid_prefix", "ocds-"+strings.ToLower(name))

	w.line(0, "assessment:")
	if m == BadDate {
		w.kv(1, "date", fmt.Sprintf("%d-13-32", startYear-1))
	} else {
		w.kv(1, "date", assessed)
	}
	w.kv(1, "source", []string{"lordimas", "self-assessment", "helpdesk"}[r.IntN(3)])
	levels := r.IntN(5) == 0 // some results come as levels 1-5
	hi := 100.0
	if levels {
		w.kv(1, "scale", "1-5")
		hi = 5
	}
	// A city's maturity shows in all its dimensions, with some spread.
	maturity := 0.05 + 0.85*r.Float64()
	score := func() string {
		v := math.Min(1, math.Max(0, maturity+0.15*(r.Float64()*2-1)))
		if levels {
			return strconv.FormatFloat(math.Round((1+4*v)*10)/10, 'f', -1, 64)
		}
		return strconv.Itoa(int(math.Round(v * hi)))
	}
	w.line(1, "dimensions:")
	for di, d := range g.dimensions {
		w.line(2, d.ID+":")
		switch {
		case m == ScoreOutOfRange && di == 0:
			w.kv(3, "score", strconv.Itoa(int(hi)*2+20))
		case len(d.Indicators) > 0 && r.IntN(3) == 0:
			w.line(3, "indicators:")
			for _, ind := range d.Indicators {
				w.kv(4, ind.ID, score())
			}
		default:
			w.kv(3, "score", score())
		}
		if r.IntN(3) == 0 {
			w.kv(3, "target", strconv.Itoa(2+r.IntN(3)))
		}
	}
	if m == UnknownDimension {
		w.line(2, "digital_twinning:")
		w.kv(3, "score", score())
	}

	w.line(0, "strategy:")
	w.line(1, "focus_areas:")
	areas := pick(r, g.focusAreas, 1+r.IntN(4))
	if m == UnknownFocusArea {
		areas = append(areas, "space_tourism")
	}
	for k, id := range areas {
		w.line(2, fmt.Sprintf("- {id: %s, priority: %d}", id, max(1, 5-k-r.IntN(2))))
	}
	w.kv(1, "objectives", "["+strings.Join(pick(r, []string{"co2-reduction", "cost-reduction", "service-quality", "transparency", "resilience"}, 1+r.IntN(3)), ", ")+"]")
	w.kv(1, "horizon_years", strconv.Itoa(3+r.IntN(5)))
	perCapita := 2 + 30*r.Float64()
	w.kv(1, "budget_per_year", strconv.Itoa(int(math.Round(float64(population)*perCapita*perEUR/1000)*1000)))
	if r.IntN(3) == 0 {
		w.kv(1, "budget_basis", "city_share")
	}
	w.line(1, "team:")
	fte := math.Round(math.Max(0.5, math.Min(40, float64(population)/40000+3*maturity*r.Float64()))*10) / 10
	w.kv(2, "internal_fte", strconv.FormatFloat(fte, 'f', -1, 64))
	if r.IntN(2) == 0 {
		w.kv(2, "contracted_fte", strconv.FormatFloat(math.Round(r.Float64()*20)/10, 'f', -1, 64))
	}
	if r.IntN(2) == 0 {
		w.kv(2, "cost_per_fte", strconv.Itoa(int(math.Round((25000+40000*r.Float64())*perEUR/100)*100)))
	}
	w.kv(1, "political_sponsor", strconv.FormatBool(r.IntN(3) > 0))
	if r.IntN(2) == 0 && len(g.programmes) > 0 {
		w.kv(1, "funding", "["+strings.Join(pick(r, g.programmes, 1+r.IntN(2)), ", ")+"]")
	}
	if r.IntN(2) == 0 {
		w.line(1, "baselines:")
		w.kv(2, "building_energy_spend", strconv.Itoa(int(float64(population)*(20+30*r.Float64())*perEUR)))
		w.kv(2, "waste_collection_cost", strconv.Itoa(int(float64(population)*(15+20*r.Float64())*perEUR)))
	}

	if m != MissingSection {
		w.line(0, "infrastructure:")
		platforms := []string{"none", "siloed", "central"}
		w.kv(1, "data_platform", platforms[min(2, int(maturity*3+0.3*(r.Float64()-0.5)))])
		w.kv(1, "open_data_portal", strconv.FormatBool(r.Float64() < maturity))
		w.kv(1, "gis", strconv.FormatBool(r.Float64() < maturity+0.2))
		w.line(1, "connectivity:")
		w.kv(2, "fibre", strconv.FormatBool(r.Float64() < maturity+0.1))
		w.kv(2, "mobile", "["+strings.Join(pick(r, []string{"4g", "5g"}, 1+r.IntN(2)), ", ")+"]")
		w.kv(1, "hosting", []string{"on-premises", "cloud", "hybrid", "shared-service"}[r.IntN(4)])
		w.line(1, "security:")
		w.kv(2, "iso27001", strconv.FormatBool(r.Float64() < maturity-0.3))
		w.kv(2, "dpo", "true")
		w.kv(1, "it_staff_fte", strconv.FormatFloat(math.Round(fte*5)/10, 'f', -1, 64))
	}

	inPlace := pick(r, g.initiatives, r.IntN(4))
	switch m {
	case UnknownInitiative:
		inPlace = append(inPlace, "teleport-pilot")
	case SinceAfterAssess:
		for k := r.IntN(len(g.initiatives)); ; k = (k + 1) % len(g.initiatives) {
			if id := g.initiatives[k]; !slices.Contains(inPlace, id) {
				inPlace = append(inPlace, id)
				break
			}
		}
	}
	if len(inPlace) > 0 {
		w.line(0, "in_place:")
		for k, id := range inPlace {
			since := fmt.Sprintf("%d-%02d", startYear-2-r.IntN(5), 1+r.IntN(12))
			if m == SinceAfterAssess && k == len(inPlace)-1 {
				since = fmt.Sprintf("%d-01", startYear+1)
			}
			w.line(1, fmt.Sprintf("- {initiative: %s, status: %s, since: %s}", id, []string{"done", "running", "partial"}[r.IntN(3)], since))
		}
	}
	assets := pick(r, g.drivers, r.IntN(3))
	if m == UnknownDriver {
		assets = append(assets, "lamp_posts_on_mars")
	}
	if len(assets) > 0 {
		w.line(0, "assets:")
		for _, id := range assets {
			w.kv(1, id, strconv.Itoa(1+int(float64(population)/1000*(0.2+2*r.Float64()))))
		}
	}
	data := []byte(w.String())
	if m == Syntax {
		// An unclosed flow mapping, as a hand edit leaves it.
		data = []byte(strings.Replace(string(data), "  - {id: ", "  - {id ", 1))
		data = append(data, "  - {broken: [\n"...)
	}
	return data
}

// pick returns k distinct elements of list in a random order.
func pick(r *rand.Rand, list []string, k int) []string {
	k = min(k, len(list))
	perm := r.Perm(len(list))
	out := make([]string, k)
	for j := range k {
		out[j] = list[perm[j]]
	}
	return out
}

type yamlWriter struct{ strings.Builder }

func (w *yamlWriter) line(indent int, s string) {
	w.WriteString(strings.Repeat("  ", indent))
	w.WriteString(s)
	w.WriteByte('\n')
}

func (w *yamlWriter) kv(indent int, key, value string) { w.line(indent, key+": "+value) }

// quote writes text as a YAML double-quoted string: JSON's string syntax
// is YAML's.
func quote(s string) string {
	b, _ := json.Marshal(s) // a string always marshals
	return string(b)
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
