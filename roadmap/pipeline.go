package roadmap

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/internal/yamlx"
)

// Request is what a roadmap is generated from: the city file's bytes and a
// loaded catalog. Reading files is the caller's business.
type Request struct {
	CityName string
	CityData []byte
	Catalog  *catalog.Catalog
	// DiscountRate for the impact case; nil means DefaultDiscountRate.
	DiscountRate *float64
	// Tenders plans the tenders inside the schedule; nil plans none.
	Tenders TenderPlanner
	// Progress, when set, is told the name of each step as it starts.
	Progress func(step string)
}

// Context carries one generation through the pipeline. Each step reads what
// earlier steps left and adds its own part; nothing is global.
type Context struct {
	Request
	City      *city.Loaded
	Facts     *catalog.Facts
	Start     time.Time // first month of the roadmap
	Months    int       // horizon length in months
	Rules     []RuleResult
	Decisions map[string]*Decision // initiative id → what the rules decided
	Placed    map[string]*Placement
	// State is the state of play per initiative id (StateStep).
	State map[string]*State
	// PerEUR converts catalog EUR into the city's currency (ScopeStep).
	PerEUR float64
	Doc    *Roadmap
	// funding caches an initiative's funding per start month, eligible its
	// programmes' conditions per start and end year; programmes is the
	// catalog's programmes in id order.
	funding    map[fundingKey]*fundingResult
	eligible   map[eligibilityKey]bool
	programmes []*catalog.Programme
	// decodeErr holds the problems decoding found, reported together with
	// validation's, so that the city file is validated once.
	decodeErr error
}

// RuleResult is one rule's evaluation.
type RuleResult struct {
	Rule  *catalog.Rule
	Fired bool
	Err   error
}

// Decision is what the rules decided about one initiative.
type Decision struct {
	Initiative *catalog.Initiative
	IncludedBy []Reason
	ExcludedBy []Reason
	Adjust     []Reason // raise/lower reasons, for explain
	Priority   int
	Selected   bool
	// CostAdvice holds the rules that move the cost estimate in its range.
	CostAdvice []CostAdvice
	// Plan is the initiative as planned: the catalog entry, or its
	// variant (ScopeStep); Variant names the variant and VariantWhy says why.
	Plan       *catalog.Initiative
	Variant    string
	VariantWhy string
	// Cost is the plan's cost for this city (ScopeStep).
	Cost *Cost
	// Trail says why the priority was pulled up by what depends on it;
	// NetBenefit is the quantified net benefit that ranks equal priorities.
	Trail      []string
	NetBenefit float64
}

// CostAdvice is a rule's advice on where in its range a cost sits.
type CostAdvice struct {
	Position string
	Reason   Reason
}

// Placement is where the scheduler put an initiative, or why it could not.
type Placement struct {
	Start, End int // month offsets, inclusive
	Earliest   int
	Deferred   string
	HeldBack   []string
	// Contracts are the initiative's tenders as the schedule dated them.
	Contracts []Contract
	// Early says why the initiative runs ahead of its phase's gate.
	Early string
}

// Step is one named stage of generation.
type Step interface {
	// String names the step in progress messages and errors.
	String() string
	Run(ctx *Context) error
}

// Run executes the steps in order and stops at the first error, or with
// runCtx's error once runCtx is done (an interrupt), between steps. An
// error other than problems in the input names the step it came from.
func Run(runCtx context.Context, req Request, steps []Step) (*Context, error) {
	ctx := &Context{Request: req}
	for _, s := range steps {
		if err := runCtx.Err(); err != nil {
			return ctx, err
		}
		if req.Progress != nil {
			req.Progress(s.String())
		}
		if err := s.Run(ctx); err != nil {
			if _, ok := yamlx.AsProblems(err); ok {
				return ctx, err
			}
			return ctx, fmt.Errorf("%s: %w", s, err)
		}
	}
	return ctx, nil
}

// LoadStep decodes the city file.
type LoadStep struct{}

func (LoadStep) String() string { return "load city file" }

// Run implements Step.
func (LoadStep) Run(ctx *Context) error {
	l, err := city.Decode(ctx.CityName, ctx.CityData)
	if l == nil {
		return err
	}
	ctx.City = l
	// Decoding problems are reported with validation's, all at once.
	ctx.decodeErr = err
	return nil
}

// ValidateStep checks the city file against the catalog.
type ValidateStep struct{}

func (ValidateStep) String() string { return "validate city file" }

// Run implements Step.
func (ValidateStep) Run(ctx *Context) error {
	if err := city.Validate(ctx.City, Vocabulary(ctx.Catalog)); err != nil || ctx.decodeErr != nil {
		return yamlx.JoinChecks(ctx.decodeErr, err)
	}
	start, err := city.ParseMonth(ctx.City.File.City.StartMonth)
	if err != nil {
		return err
	}
	ctx.Start = start
	ctx.Months = ctx.City.File.Strategy.HorizonYears * 12
	sum := sha256.Sum256(ctx.CityData)
	c := ctx.City.File.City
	ctx.Doc = &Roadmap{
		Schema: SchemaVersion,
		City: CitySummary{
			Name: c.Name, Country: c.Country, Population: c.Population, Region: c.Region,
			NUTS: c.NUTS, Language: c.Language, Currency: c.Currency, AuthorityType: c.AuthorityType,
		},
		Catalog:     CatalogRef{Name: ctx.Catalog.Meta.Name, Version: ctx.Catalog.Meta.Release, SHA256: ctx.Catalog.Hash},
		InputSHA256: hex.EncodeToString(sum[:]),
		Assessment: AssessmentRef{
			Date: ctx.City.File.Assessment.Date, Source: ctx.City.File.Assessment.Source, Scale: ctx.City.File.Assessment.Scale,
		},
		Horizon: Horizon{Start: ctx.Month(0), End: ctx.Month(ctx.Months - 1), Months: ctx.Months},
	}
	return nil
}

// Vocabulary is the catalog's ids a city file may use.
func Vocabulary(c *catalog.Catalog) city.Vocabulary {
	v := city.Vocabulary{Dimensions: map[string][]string{}}
	for _, d := range c.Dimensions {
		ids := make([]string, 0, len(d.Indicators))
		for _, ind := range d.Indicators {
			ids = append(ids, ind.ID)
		}
		v.Dimensions[d.ID] = ids
	}
	for _, fa := range c.FocusAreas {
		v.FocusAreas = append(v.FocusAreas, fa.ID)
	}
	v.Initiatives = []string{}
	for _, in := range c.Initiatives {
		v.Initiatives = append(v.Initiatives, in.ID)
	}
	v.Drivers = c.DriverIDs()
	v.Programmes = []string{}
	for _, p := range c.Programmes {
		v.Programmes = append(v.Programmes, p.ID)
	}
	v.Currencies = c.Currencies()
	return v
}

// Month formats a month offset from the roadmap start as YYYY-MM.
func (ctx *Context) Month(offset int) string {
	return ctx.Start.AddDate(0, offset, 0).Format("2006-01")
}

// Year returns the calendar year of a month offset.
func (ctx *Context) Year(offset int) int {
	return ctx.Start.AddDate(0, offset, 0).Year()
}
