package procurement

import (
	"fmt"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/procurement/eforms"
	"github.com/citypath/citypath/roadmap"
)

// Pack is what a tender pack says about one contract, as the templates,
// the spreadsheets and the OCDS writer see it. Everything in it is decided
// before anything is rendered.
type Pack struct {
	Date       string // the document date, YYYY-MM-DD
	DateTime   time.Time
	City       roadmap.CitySummary
	Buyer      Buyer
	Initiative PackInitiative
	Contract   roadmap.Contract
	// Groups are the requirement sets that apply, in catalog order, with
	// their requirements numbered across the pack.
	Groups       []Group
	Requirements []Req
	Must, Should int
	Award        Award
	Selection    []catalog.Clause
	LotsClause   catalog.Clause
	Market       catalog.Stage
	Standstill   catalog.Stage
	JointAdvice  string
	Responses    []string
	Bidders      int
	Funding      []Funding
	FundingLine  *roadmap.FundingLine // the initiative's line of the funding plan
	Entities     []Entity             // Smart Data Models types the purchase handles
	MIMs         []MIMRef             // MIMs with requirements in this pack, for the checklist
	OCID         string
	Catalog      roadmap.CatalogRef
	Notes        []string       // points to check before publishing
	Notice       *eforms.Notice // the draft eForms contract notice, above the threshold
	// Role is the contract's role in its initiative (build, run, supply,
	// advise, works; tendering.yaml).
	Role string
	// Boundaries state the contract's scope against the related contracts
	// of the plan, one sentence each.
	Boundaries []Boundary
	// Elsewhere are requirements that apply to this contract too but are
	// answered under another contract of the initiative, which owns them.
	Elsewhere []Elsewhere
	prefixes  *catalog.OCDSPrefixes // the registered ocid prefixes the catalog knows

	// What the bidder documents say beyond the specification (bidder.go).
	Instructions catalog.Instructions
	Deadlines    Deadlines
	Mechanics    *catalog.Mechanics // how a procedure with a selection stage runs
	Terms        *catalog.ContractTerms
	ToR          *catalog.TermsOfReference // advisory contracts only
	Deliverables []DatedDeliverable
	Lots         []Lot
	Scoring      catalog.Scoring
	Prices       PriceSchedule
}

// Language is the language the pack is published in: the city's (BCP 47),
// or English when the city file gives none.
func (p *Pack) Language() string {
	if p.City.Language != "" {
		return p.City.Language
	}
	return "en"
}

// LanguageName is the name in English of the language the pack is
// published in ("Polish" for pl), for sentences a tenderer reads; the code
// itself when it names no language.
func (p *Pack) LanguageName() string {
	tag, err := language.Parse(p.Language())
	if err != nil {
		return p.Language()
	}
	if name := display.English.Languages().Name(tag); name != "" {
		return name
	}
	return p.Language()
}

// Buyer is the contracting authority, from city.buyer.
type Buyer struct {
	LegalName, Identifier, Scheme, Website string
	Street, Locality, PostalCode, Country  string
	ContactName, Email, Telephone          string
	OCIDPrefix                             string
}

// Address is the buyer's address on one line.
func (b Buyer) Address() string {
	var parts []string
	for _, s := range []string{b.Street, strings.TrimSpace(b.PostalCode + " " + b.Locality), b.Country} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// PackInitiative is the roadmap initiative the contract serves.
type PackInitiative struct {
	ID, Title, Description string
	Phase, PhaseName       string
	Kind, FocusArea, Focus string
	Start, End             string
	KPIs                   []roadmap.KPI
	Reasons                []roadmap.Reason
	MIMs, SDM              []string
	Milestones             []roadmap.Milestone
}

// Group is one requirement set that applies to the contract.
type Group struct {
	ID, Title, Section, MIM, Intro, Source string
	Requirements                           []Req
}

// Req is one requirement as numbered in this pack.
type Req struct {
	No int
	// Level is the level in this contract; CatalogLevel the requirement's
	// own, which a level rule of the catalog changed where LevelWhy says why.
	ID, Level, Text      string
	CatalogLevel         string
	LevelWhy             string
	Cites, Evidence, MIM string
	Group                string
	SDM                  []string
	Optional             bool
	// Interface says why a requirement about the interface between the
	// contracts of the initiative is in each of them; SharedWith lists the
	// other contracts that carry it.
	Interface  string
	SharedWith []string
}

// Award is the award criteria of the contract.
type Award struct {
	ID, Title, Method, Why, Source string
	Criteria                       []catalog.Criterion
	Total                          float64
	Price                          catalog.Criterion
	// Quality are the quality criteria with what earns each score.
	Quality []ScoredCriterion
}

// Funding is a programme the initiative is eligible for, from the
// roadmap's funding plan.
type Funding struct {
	ID, Name, Management, Route   string
	Rate                          float64 // percent
	ValidUntil, WorkUntil, Source string
	Planned                       bool // the programme the plan takes
	Support                       bool // support in kind, not money
}

// Entity is a Smart Data Models entity type.
type Entity struct{ Subject, Type string }

// MIMRef is a MIM and what it asks in this pack.
type MIMRef struct {
	ID, Name, Status, Verification, Draft string
	Standards                             []catalog.Standard
	Requirements                          []Req
}

// PlannedFunding is the name of the programme the funding plan takes, or "".
func (p *Pack) PlannedFunding() string {
	for _, f := range p.Funding {
		if f.Planned {
			return f.Name
		}
	}
	return ""
}

// GroupsIn returns the groups of the given sections, for templates:
// {{ range .GroupsIn "general" "mims" }}.
func (p *Pack) GroupsIn(sections ...string) []Group {
	var out []Group
	for _, g := range p.Groups {
		if slices.Contains(sections, g.Section) {
			out = append(out, g)
		}
	}
	return out
}

// HasMatrix reports whether the pack has requirements for bidders to
// answer; without any it has no compliance matrix.
func (p *Pack) HasMatrix() bool { return len(p.Requirements) > 0 }

// HasChecklist reports whether any MIM requirement applies; without one the
// pack has no MIMs conformance checklist.
func (p *Pack) HasChecklist() bool { return len(p.MIMs) > 0 }

// MaxTurnover is the highest yearly turnover the city may ask of tenderers:
// twice the estimated value (Directive 2014/24/EU Art. 58(3)).
func (p *Pack) MaxTurnover() float64 { return 2 * p.Contract.Value.Estimated }

// ocidPrefixRe is the form of a registered OCDS prefix.
var ocidPrefixRe = regexp.MustCompile(`^ocds-[a-z0-9]{6}$`)

// draftPrefix marks ocids of cities without a registered prefix.
const draftPrefix = "ocds-xxxxxx"

// BuildPack gathers what the pack of one planned contract says. date is the
// document date, chosen by the caller (never the clock).
func BuildPack(ctx *roadmap.Context, c roadmap.Contract, date time.Time) (*Pack, error) {
	cat := ctx.Catalog
	tp := cat.Tendering
	var doc *roadmap.Initiative
	for i := range ctx.Doc.Initiatives {
		if ctx.Doc.Initiatives[i].ID == c.Initiative {
			doc = &ctx.Doc.Initiatives[i]
		}
	}
	d, ok := ctx.Decisions[c.Initiative]
	if doc == nil || !ok || d.Plan == nil {
		return nil, fmt.Errorf("initiative %q is not in the roadmap", c.Initiative)
	}
	in := d.Plan
	var obj catalog.ProcurementObject
	for _, o := range in.Procurement {
		if o.ID == c.Object {
			obj = o
		}
	}
	scope := contractScope(ctx, doc, in, obj, c)

	p := &Pack{
		Date: date.Format(dateFormat), DateTime: date, City: ctx.Doc.City, Contract: c,
		Buyer: buyer(ctx), Catalog: ctx.Doc.Catalog, Selection: tp.Selection, LotsClause: tp.Lots,
		Market: tp.MarketEngagement, Standstill: tp.Standstill, JointAdvice: tp.Joint.Advice, Responses: tp.Responses, Bidders: tp.Bidders,
	}
	p.Initiative = packInitiative(ctx, doc)
	p.dropProcurementMilestones(tp.ProcurementMilestones)
	p.Role = tp.RoleOf(obj)
	siblings := initiativeContracts(ctx, doc, in, c)
	if err := p.selectRequirements(cat, scope, siblings); err != nil {
		return nil, err
	}
	p.Boundaries = boundaries(ctx, in, c, siblings)
	if err := p.chooseAward(cat, scope); err != nil {
		return nil, err
	}
	if err := p.bidderDocuments(ctx, scope); err != nil {
		return nil, err
	}
	p.findFunding(ctx)
	p.entities(in)
	p.prefixes = tp.OCDSPrefixes
	p.ocid()
	p.notice(ctx)
	if lang := p.Language(); lang != "en" {
		p.Notes = append(p.Notes, fmt.Sprintf("the OCDS release package declares the city's language (%s) for its texts and documents, which citypath drafts in English: publish them in that language", lang))
	}
	if c.Threshold.Note != "" {
		p.Notes = append(p.Notes, c.Threshold.Note)
	}
	p.Notes = append(p.Notes, c.Warnings...)
	return p, nil
}

func buyer(ctx *roadmap.Context) Buyer {
	c := ctx.City.File.City
	b := c.Buyer
	out := Buyer{
		LegalName: b.LegalName, Identifier: b.Identifier, Scheme: b.Scheme, Website: b.Website,
		Street: b.Address.Street, Locality: b.Address.Locality, PostalCode: b.Address.PostalCode, Country: b.Address.Country,
		ContactName: b.Contact.Name, Email: b.Contact.Email, Telephone: b.Contact.Telephone, OCIDPrefix: b.OCIDPrefix,
	}
	if out.LegalName == "" {
		out.LegalName = c.Name
	}
	if out.Country == "" {
		out.Country = c.Country
	}
	return out
}

func packInitiative(ctx *roadmap.Context, doc *roadmap.Initiative) PackInitiative {
	in := PackInitiative{
		ID: doc.ID, Title: doc.Title, Description: doc.Description, Phase: doc.Phase, Kind: doc.Kind,
		FocusArea: doc.FocusArea, Start: doc.Start, End: doc.End, KPIs: doc.KPIs, Reasons: doc.Reasons, MIMs: doc.MIMs, SDM: doc.SDM,
	}
	for _, ph := range catalog.Phases {
		if ph.ID == doc.Phase {
			in.PhaseName = ph.Name
		}
	}
	in.Focus = "all focus areas (cross-cutting)"
	if fa, ok := ctx.Catalog.FocusArea(doc.FocusArea); ok {
		in.Focus = fa.Name
	}
	for _, m := range ctx.Doc.Milestones {
		// The plan's own tender and contract milestones are dated by month;
		// the pack's timeline gives their days.
		if m.Initiative == doc.ID && m.Kind != "tender" && m.Kind != "contract" {
			in.Milestones = append(in.Milestones, m)
		}
	}
	return in
}

// dropProcurementMilestones takes the initiative's own milestones for the
// purchase out of the timeline: the plan's dates replace them, and a note
// says where the roadmap differs.
func (p *Pack) dropProcurementMilestones(ids []string) {
	var kept []roadmap.Milestone
	for _, m := range p.Initiative.Milestones {
		local := strings.TrimPrefix(m.ID, p.Initiative.ID+".")
		if !slices.Contains(ids, local) {
			kept = append(kept, m)
			continue
		}
		p.Notes = append(p.Notes, fmt.Sprintf("the roadmap dates the milestone %q in %s, during the initiative; this plan publishes the tender on %s and signs the contract on %s, before the initiative starts, so align the roadmap's milestone",
			m.Title, m.Date, p.Contract.Timeline.Publication, p.Contract.Timeline.ContractSigned))
	}
	p.Initiative.Milestones = kept
}

func (p *Pack) chooseAward(cat *catalog.Catalog, scope catalog.TenderScope) error {
	for _, a := range cat.AwardSets {
		ok, err := cat.Holds(&a.Applies, scope)
		if err != nil {
			return err // a problem at the condition's position
		}
		if !ok {
			continue
		}
		p.Award = Award{ID: a.ID, Title: a.Title, Method: a.Method, Why: a.Why, Source: a.Source, Criteria: a.Criteria}
		for _, cr := range a.Criteria {
			p.Award.Total += cr.Weight
			if cr.Type != "quality" {
				p.Award.Price = cr
			}
		}
		return nil
	}
	return fmt.Errorf("no award criteria of the catalog fit %s", p.Contract.ID)
}

// findFunding takes the initiative's line of the roadmap's funding plan:
// the programme planned and every other one it is eligible for.
func (p *Pack) findFunding(ctx *roadmap.Context) {
	plan := ctx.Doc.Funding
	if plan == nil {
		return
	}
	used := map[string]roadmap.ProgrammeUsed{}
	for _, pu := range plan.Programmes {
		used[pu.ID] = pu
	}
	for _, line := range plan.Initiatives {
		if line.Initiative != p.Initiative.ID {
			continue
		}
		l := line
		p.FundingLine = &l
		for _, o := range line.Options {
			pu := used[o.Programme]
			p.Funding = append(p.Funding, Funding{
				ID: o.Programme, Name: o.Name, Management: o.Management, Route: pu.Route, Rate: o.Rate * 100,
				ValidUntil: pu.ValidUntil, WorkUntil: pu.WorkUntil, Source: pu.Source,
				Planned: o.Programme == line.Programme, Support: o.Support,
			})
		}
	}
}

// entities lists the Smart Data Models types of the initiative and of the
// requirements, by subject.
func (p *Pack) entities(in *catalog.Initiative) {
	seen := map[string]bool{}
	add := func(s string) {
		if seen[s] {
			return
		}
		seen[s] = true
		subject, typ, ok := strings.Cut(s, "/")
		if ok {
			p.Entities = append(p.Entities, Entity{Subject: subject, Type: typ})
		}
	}
	for _, s := range in.SDM {
		add(s)
	}
	for _, r := range p.Requirements {
		for _, s := range r.SDM {
			add(s)
		}
	}
	sort.Slice(p.Entities, func(i, j int) bool {
		if p.Entities[i].Subject != p.Entities[j].Subject {
			return p.Entities[i].Subject < p.Entities[j].Subject
		}
		return p.Entities[i].Type < p.Entities[j].Type
	})
}

// ocid builds the contracting process id: the city's registered prefix and
// the contract id. Without a registered prefix the ocid is a draft.
func (p *Pack) ocid() {
	prefix := p.Buyer.OCIDPrefix
	if prefix == "" {
		p.Notes = append(p.Notes, "the city file gives no OCDS ocid prefix (city.buyer.ocid_prefix); the ocid uses the placeholder "+draftPrefix+" until the city registers one with the Open Contracting Partnership")
	}
	if w := ocidPrefixWarning(p.prefixes, prefix); w != "" {
		p.Notes = append(p.Notes, w)
	}
	if !ocidPrefixRe.MatchString(prefix) {
		prefix = draftPrefix
	}
	p.OCID = prefix + "-" + p.Contract.Initiative + "-" + p.Contract.Object
}
