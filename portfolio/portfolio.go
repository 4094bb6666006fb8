package portfolio

import (
	"cmp"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/internal/parallel"
	"github.com/citypath/citypath/internal/yamlx"
	"github.com/citypath/citypath/roadmap"
)

// PercentileMethod states how percentiles are computed, in every output.
const PercentileMethod = "Percentile rank = 100 × (number of cities in the peer group with a lower score + half the number with an equal score, the city itself included) ÷ number of cities in the group: the mid-rank percentile rank, scipy.stats.percentileofscore with kind='mean' (https://docs.scipy.org/doc/scipy/reference/generated/scipy.stats.percentileofscore.html). A city alone in its group is at 50. Rank is 1 for the highest overall score in the group; equal scores share a rank (1, 2, 2, 4)."

// Group-by keys with a meaning of their own; any other key names a field
// of the city file.
const (
	ByCountry    = "country"
	ByPopulation = "population"
)

// City is what the portfolio keeps of one city's roadmap: its summary
// numbers, never the roadmap itself.
type City struct {
	Source     string  `json:"source"`
	Name       string  `json:"name"`
	Country    string  `json:"country"`
	Population int     `json:"population"`
	Band       string  `json:"population_band"`
	Currency   string  `json:"currency"`
	Assessed   string  `json:"assessment_date"`
	Overall    float64 `json:"overall"`
	Level      int     `json:"level"`
	LevelName  string  `json:"level_name"`
	// Scores, Levels and Gaps follow the portfolio's dimension order.
	Scores []float64 `json:"scores"`
	Levels []int     `json:"levels"`
	Gaps   []float64 `json:"gaps"`
	// Foundation lists the initiatives the roadmap plans in the Foundation
	// phase, by id.
	Foundation []string `json:"foundation"`
	// Total is capex and opex within the horizon; Grants the planned
	// grants; OwnShare what the city pays itself after them.
	Total    float64 `json:"total"`
	Grants   float64 `json:"grants"`
	OwnShare float64 `json:"own_share"`
	// field is the value of the field cities are grouped by, when they
	// are grouped by a field of the city file; fieldName names it and
	// hasField says whether the city gives it.
	field, fieldName string
	hasField         bool
	dims             []Ref
	titles           map[string]string
}

// Ref names a dimension or an initiative.
type Ref struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Summarise keeps what the portfolio needs of one roadmap. file is the
// city file it was planned from, nil for a roadmap.json; groupBy is the
// Options.GroupBy the cities will be compared by, so that of the city
// file's fields only the one grouped by is kept.
func Summarise(doc *roadmap.Roadmap, source string, file *city.File, groupBy string) City {
	c := City{
		Source: source, Name: doc.City.Name, Country: doc.City.Country, Population: doc.City.Population,
		Band: BandOf(doc.City.Population).Name, Currency: doc.City.Currency, Assessed: doc.Assessment.Date,
		Overall: doc.Maturity.Overall, Level: doc.Maturity.Level, LevelName: doc.Maturity.LevelName,
		Total: doc.Totals.Total, Foundation: []string{}, titles: map[string]string{},
	}
	for _, d := range doc.Maturity.Dimensions {
		c.dims = append(c.dims, Ref{d.ID, d.Name})
		c.Scores = append(c.Scores, d.Score)
		c.Levels = append(c.Levels, d.Level)
		c.Gaps = append(c.Gaps, d.Gap)
	}
	for _, in := range doc.Initiatives {
		if in.Phase == catalog.PhaseFoundation {
			c.Foundation = append(c.Foundation, in.ID)
			c.titles[in.ID] = in.Title
		}
	}
	slices.Sort(c.Foundation)
	c.OwnShare = c.Total
	if doc.Funding != nil {
		c.Grants, c.OwnShare = doc.Funding.Totals.Grants, doc.Funding.Totals.CityTotal
	}
	if groupBy != "" && groupBy != ByCountry && groupBy != ByPopulation {
		fields := map[string]string{}
		if file != nil {
			flatten(fields, "", file)
		} else {
			flatten(fields, "city.", doc.City)
		}
		c.fieldName = groupBy
		if c.field, c.hasField = fields[groupBy]; !c.hasField {
			c.field, c.hasField = fields["city."+groupBy]
		}
	}
	return c
}

// flatten records every scalar of v (through its JSON form) under its
// dotted key, so that any field of a city file can group cities.
func flatten(out map[string]string, prefix string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		return
	}
	var tree any
	if json.Unmarshal(data, &tree) != nil {
		return
	}
	var walk func(key string, v any)
	walk = func(key string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, sub := range v {
				walk(key+k+".", sub)
			}
		case string:
			out[strings.TrimSuffix(key, ".")] = v
		case float64:
			out[strings.TrimSuffix(key, ".")] = strconv.FormatFloat(v, 'f', -1, 64)
		case bool:
			out[strings.TrimSuffix(key, ".")] = strconv.FormatBool(v)
		}
	}
	walk(prefix, tree)
}

// Gather plans or reads n cities on up to GOMAXPROCS workers and keeps
// each one's summary only, so that memory holds a few numbers per city
// rather than a thousand roadmaps. load returns the i-th city's roadmap
// and, for a city file, the file. Problems in the inputs are reported
// all together; any other error (a bug, an unreadable file, an
// interrupt) stops the work and is returned as parallel.Do returns it.
func Gather(ctx context.Context, n int, groupBy string, load func(ctx context.Context, i int) (string, *roadmap.Roadmap, *city.File, error)) ([]City, error) {
	cities := make([]City, n)
	problems := make([]error, n)
	err := parallel.Do(ctx, n, func(ctx context.Context, i int) error {
		source, doc, file, err := load(ctx, i)
		if err != nil {
			if _, ok := yamlx.AsProblems(err); ok {
				problems[i] = err
				return nil
			}
			return err
		}
		cities[i] = Summarise(doc, source, file, groupBy)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := yamlx.Join(problems...); err != nil {
		return nil, err
	}
	return cities, nil
}

// Portfolio is the comparison: every city placed in its peer group, and
// what the cities have in common.
type Portfolio struct {
	GroupBy    string         `json:"group_by"`
	Method     string         `json:"percentile_method"`
	Bands      []Band         `json:"population_bands"`
	BandsBasis string         `json:"population_bands_basis"`
	Dimensions []Ref          `json:"dimensions"`
	Cities     []Placed       `json:"cities"`
	Groups     []Group        `json:"groups"`
	Gaps       []Gap          `json:"gaps"`
	FirstNeeds []Need         `json:"first_needs"`
	Budget     []Budget       `json:"budget"`
	Focus      *Focus         `json:"focus,omitempty"`
	Latest     string         `json:"latest_assessment"`
	groups     map[string]int // index in Groups
}

// Placed is a city in its peer group.
type Placed struct {
	City
	Group      string    `json:"group"`
	Rank       int       `json:"rank"`
	GroupSize  int       `json:"group_size"`
	Percentile float64   `json:"percentile"`
	DimPct     []float64 `json:"dimension_percentiles"`
}

// Group is a peer group with its medians.
type Group struct {
	Name    string    `json:"name"`
	Cities  int       `json:"cities"`
	Overall float64   `json:"median_overall"`
	Medians []float64 `json:"median_scores"`
}

// Gap is how many cities fall short of their target in a dimension.
type Gap struct {
	Dimension Ref     `json:"dimension"`
	Cities    int     `json:"cities"`
	Share     float64 `json:"share"`
	MedianGap float64 `json:"median_gap" jsonschema:"description=Median gap in score points among the cities short of their target."`
}

// Need is a Foundation-phase initiative and how many roadmaps plan it.
type Need struct {
	Initiative Ref     `json:"initiative"`
	Cities     int     `json:"cities"`
	Share      float64 `json:"share"`
}

// Budget sums the roadmaps in one currency.
type Budget struct {
	Currency string  `json:"currency"`
	Cities   int     `json:"cities"`
	Total    float64 `json:"total" jsonschema:"description=Capex and opex within each roadmap's horizon."`
	Grants   float64 `json:"grants"`
	OwnShare float64 `json:"own_share" jsonschema:"description=What the cities must fund themselves after the planned grants."`
}

// Focus is one city against the median of its peer group.
type Focus struct {
	City    Placed    `json:"city"`
	Medians []float64 `json:"medians"`
}

// Options say how to compare.
type Options struct {
	// GroupBy is ByCountry, ByPopulation or a field of the city file
	// (city.region, infrastructure.data_platform; a key without a dot is
	// looked up under city.). Empty compares every city with every other.
	GroupBy string
	// Focus names the city to draw against its peers' median; empty for
	// none.
	Focus string
}

// allCities names the one group of an ungrouped comparison.
const allCities = "all cities"

// Grouping says how the cities were grouped, for a sentence: "in 3 peer
// groups by country", or "as one peer group".
func (p *Portfolio) Grouping() string {
	if p.GroupBy == allCities {
		return "as one peer group"
	}
	return fmt.Sprintf("in %d peer %s by %s", len(p.Groups), plural(len(p.Groups), "group", "groups"), p.GroupBy)
}

// UnknownError is a --group field no city has or a --city no city is
// called: a usage mistake.
type UnknownError struct{ Msg string }

func (e *UnknownError) Error() string { return e.Msg }

// Build places every city in its peer group and sums the portfolio.
func Build(cities []City, opts Options) (*Portfolio, error) {
	if len(cities) == 0 {
		return nil, errors.New("no cities to compare")
	}
	p := &Portfolio{GroupBy: cmp.Or(opts.GroupBy, allCities), Method: PercentileMethod, Bands: bands().Bands, BandsBasis: bands().Source,
		Dimensions: cities[0].dims, groups: map[string]int{}}
	for _, c := range cities {
		if !slices.Equal(c.dims, p.Dimensions) {
			return nil, fmt.Errorf("%s is scored on other dimensions than %s; compare roadmaps made with the same catalog", c.Source, cities[0].Source)
		}
		p.Latest = max(p.Latest, c.Assessed)
	}
	key, err := groupKey(cities, opts.GroupBy)
	if err != nil {
		return nil, err
	}
	members := map[string][]int{}
	for i, c := range cities {
		g := key(c)
		members[g] = append(members[g], i)
	}
	names := slices.Sorted(maps.Keys(members))
	if opts.GroupBy == ByPopulation {
		// Bands in the order of size, not of their names.
		order := map[string]int{}
		for _, b := range bands().Bands {
			order[b.Name] = b.Min
		}
		slices.SortFunc(names, func(a, b string) int { return cmp.Compare(order[a], order[b]) })
	}
	placed := make([]Placed, len(cities))
	for _, name := range names {
		idx := members[name]
		g := &Group{Name: name, Cities: len(idx)}
		overall := make([]float64, len(idx))
		for j, i := range idx {
			overall[j] = cities[i].Overall
		}
		g.Overall = Median(overall)
		perDim := make([][]float64, len(p.Dimensions))
		for d := range p.Dimensions {
			perDim[d] = make([]float64, len(idx))
			for j, i := range idx {
				perDim[d][j] = cities[i].Scores[d]
			}
			g.Medians = append(g.Medians, Median(perDim[d]))
		}
		for _, i := range idx {
			c := cities[i]
			pl := Placed{City: c, Group: name, GroupSize: len(idx), Rank: Rank(c.Overall, overall), Percentile: PercentileRank(c.Overall, overall)}
			for d := range p.Dimensions {
				pl.DimPct = append(pl.DimPct, PercentileRank(c.Scores[d], perDim[d]))
			}
			placed[i] = pl
		}
		p.groups[name] = len(p.Groups)
		p.Groups = append(p.Groups, *g)
	}
	p.Cities = placed
	p.gaps(cities)
	p.needs(cities)
	p.budget(cities)
	if opts.Focus != "" {
		if err := p.focus(opts.Focus); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// groupKey returns the function naming a city's peer group.
func groupKey(cities []City, by string) (func(City) string, error) {
	switch by {
	case "":
		return func(City) string { return allCities }, nil
	case ByCountry:
		return func(c City) string { return c.Country }, nil
	case ByPopulation:
		return func(c City) string { return c.Band }, nil
	}
	known := false
	for _, c := range cities {
		if c.fieldName != by {
			return nil, fmt.Errorf("%s was summarised for grouping by %q, not %q", c.Source, c.fieldName, by)
		}
		known = known || c.hasField
	}
	if !known {
		return nil, &UnknownError{fmt.Sprintf("--group %q: no city gives this field; use country, population or a field of the city file such as city.region or infrastructure.data_platform", by)}
	}
	return func(c City) string {
		if c.hasField && c.field != "" {
			return c.field
		}
		return "(no " + by + ")"
	}, nil
}

func (p *Portfolio) gaps(cities []City) {
	for d, dim := range p.Dimensions {
		var short []float64
		for _, c := range cities {
			if c.Gaps[d] > 0 {
				short = append(short, c.Gaps[d])
			}
		}
		p.Gaps = append(p.Gaps, Gap{Dimension: dim, Cities: len(short), Share: share(len(short), len(cities)), MedianGap: Median(short)})
	}
	// Most common first; the dimension order breaks ties.
	slices.SortStableFunc(p.Gaps, func(a, b Gap) int { return cmp.Compare(b.Cities, a.Cities) })
}

func (p *Portfolio) needs(cities []City) {
	count := map[string]int{}
	titles := map[string]string{}
	for _, c := range cities {
		for _, id := range c.Foundation {
			count[id]++
			titles[id] = c.titles[id]
		}
	}
	for id, n := range count {
		p.FirstNeeds = append(p.FirstNeeds, Need{Initiative: Ref{id, titles[id]}, Cities: n, Share: share(n, len(cities))})
	}
	slices.SortFunc(p.FirstNeeds, func(a, b Need) int {
		return cmp.Or(cmp.Compare(b.Cities, a.Cities), cmp.Compare(a.Initiative.ID, b.Initiative.ID))
	})
}

func (p *Portfolio) budget(cities []City) {
	by := map[string]*Budget{}
	for _, c := range cities {
		b := by[c.Currency]
		if b == nil {
			b = &Budget{Currency: c.Currency}
			by[c.Currency] = b
		}
		b.Cities++
		b.Total += c.Total
		b.Grants += c.Grants
		b.OwnShare += c.OwnShare
	}
	for _, cur := range slices.Sorted(maps.Keys(by)) {
		b := by[cur]
		b.Total, b.Grants, b.OwnShare = round2(b.Total), round2(b.Grants), round2(b.OwnShare)
		p.Budget = append(p.Budget, *b)
	}
}

func (p *Portfolio) focus(name string) error {
	var found []Placed
	for _, c := range p.Cities {
		if strings.EqualFold(c.Name, name) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return &UnknownError{fmt.Sprintf("--city %q: no city of that name among the inputs", name)}
	case 1:
	default:
		var sources []string
		for _, c := range found {
			sources = append(sources, c.Source)
		}
		return &UnknownError{fmt.Sprintf("--city %q: %d cities have that name (%s)", name, len(found), strings.Join(sources, ", "))}
	}
	p.Focus = &Focus{City: found[0], Medians: p.Groups[p.groups[found[0].Group]].Medians}
	return nil
}

// PercentileRank is the mid-rank percentile rank of score among scores
// (which include it): the share of scores below it plus half the share
// equal to it, in percent. See PercentileMethod.
func PercentileRank(score float64, scores []float64) float64 {
	if len(scores) == 0 {
		return 0
	}
	below, equal := 0, 0
	for _, s := range scores {
		switch {
		case s < score:
			below++
		case s == score:
			equal++
		}
	}
	return round2(100 * (float64(below) + float64(equal)/2) / float64(len(scores)))
}

// Rank is 1 plus the number of scores above score: the highest is first
// and equal scores share a rank.
func Rank(score float64, scores []float64) int {
	above := 0
	for _, s := range scores {
		if s > score {
			above++
		}
	}
	return above + 1
}

// Median is the middle value, or the mean of the two middle values; 0 for
// no values.
func Median(values []float64) float64 {
	if len(values) == 0 {
		return 0
	}
	s := slices.Clone(values)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return round2((s[n/2-1] + s[n/2]) / 2)
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return round2(float64(n) / float64(of))
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

// Band is a population band.
type Band struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	Min  int    `yaml:"min" json:"min"`
}

//go:embed bands.yaml
var bandsYAML []byte

type bandFile struct {
	Version int    `yaml:"version"`
	Source  string `yaml:"source"`
	Bands   []Band `yaml:"bands"`
}

// bands are the population bands of bands.yaml, read once. The file is
// part of the program, so a mistake in it is a bug.
var bands = sync.OnceValue(func() bandFile {
	var f bandFile
	if _, err := yamlx.Unmarshal("portfolio/bands.yaml", bandsYAML, &f); err != nil {
		panic("portfolio: bands.yaml: " + err.Error())
	}
	if len(f.Bands) == 0 || f.Bands[0].Min != 0 || !slices.IsSortedFunc(f.Bands, func(a, b Band) int { return cmp.Compare(a.Min, b.Min) }) {
		panic("portfolio: bands.yaml: bands must start at 0 and rise")
	}
	return f
})

// BandOf is the population band a population falls in.
func BandOf(population int) Band {
	bs := bands().Bands
	i, _ := slices.BinarySearchFunc(bs, population+1, func(b Band, p int) int { return cmp.Compare(b.Min, p) })
	return bs[max(0, i-1)]
}
