package procurement

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/roadmap"
)

// Requirements are proportionate and not repeated. The catalog's CEL
// conditions say which kinds and sizes of contract a requirement applies to
// and at which level (Directive 2014/24/EU Art. 18(1), 42(2)); within one
// initiative a requirement that several contracts would get goes to one of
// them only, the one whose role owns it, unless the catalog declares it an
// interface requirement that belongs in each. So two suppliers never price
// the same work, and each specification says which contract answers what.

// Boundary is one sentence of a specification's scope against a related
// contract of the plan.
type Boundary struct {
	// Relation is same, builds-on or built-on (tendering.yaml boundaries).
	Relation string
	Contract string // the related contract's id
	Title    string
	Text     string
}

// Elsewhere is a requirement answered under another contract of the
// initiative.
type Elsewhere struct {
	ID, Level, Text string
	Contract        string
}

// sibling is one contract of the initiative with what its conditions see.
type sibling struct {
	contract roadmap.Contract
	role     string
	scope    catalog.TenderScope
}

// contractScope binds the tender conditions for one planned contract: its
// value in EUR over the whole term, as the plan's conditions see it.
func contractScope(ctx *roadmap.Context, doc *roadmap.Initiative, in *catalog.Initiative, obj catalog.ProcurementObject, c roadmap.Contract) catalog.TenderScope {
	input := NewInput(ctx, doc, in, obj)
	input.Object.Value, input.Object.AboveThreshold = math.Round(c.Value.Maximum/input.perEUR()), c.Threshold.Above
	return catalog.NewTenderScope(input.Facts, input.Initiative, input.Object)
}

// initiativeContracts are the planned contracts of the initiative in the
// order of its procurement list, c among them.
func initiativeContracts(ctx *roadmap.Context, doc *roadmap.Initiative, in *catalog.Initiative, c roadmap.Contract) []sibling {
	tp := ctx.Catalog.Tendering
	planned := map[string]roadmap.Contract{c.ID: c}
	if ctx.Doc.Procurement != nil {
		for _, pc := range ctx.Doc.Procurement.Contracts {
			if pc.Initiative == in.ID && pc.ID != c.ID {
				planned[pc.ID] = pc
			}
		}
	}
	var out []sibling
	for _, obj := range in.Procurement {
		pc, ok := planned[in.ID+"/"+obj.ID]
		if !ok {
			continue
		}
		out = append(out, sibling{contract: pc, role: tp.RoleOf(obj), scope: contractScope(ctx, doc, in, obj, pc)})
	}
	return out
}

// applying is a requirement that applies to a contract, at its level there.
type applying struct {
	set          *catalog.RequirementSet
	req          *catalog.Requirement
	level, why   string
	owner        string // the role that takes it among several contracts
	sectionIndex int
}

// sectionOrder is the order of the specification's sections; requirements
// are numbered in it, so the numbers run on through the document.
var sectionOrder = []string{"general", "mims", "security", "accessibility", "functional", "exit"}

// requirementsFor evaluates the library for one contract: the requirements
// whose set's and own conditions hold, in the order the specification
// shows them, each at its level for this contract.
func requirementsFor(cat *catalog.Catalog, scope catalog.TenderScope) ([]applying, error) {
	sets := slices.Clone(cat.Requirements)
	sort.SliceStable(sets, func(i, j int) bool {
		return slices.Index(sectionOrder, sets[i].Section) < slices.Index(sectionOrder, sets[j].Section)
	})
	var out []applying
	for _, s := range sets {
		ok, err := cat.Holds(&s.Applies, scope)
		if err != nil {
			return nil, err // a problem at the condition's position
		}
		if !ok {
			continue
		}
		for i := range s.Requirements {
			r := &s.Requirements[i]
			ok, err := cat.Holds(&r.Applies, scope)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			a := applying{set: s, req: r, level: r.Level, owner: cmp(r.Owner, s.Owner)}
			if a.level, a.why, err = levelFor(cat, scope, r, s); err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// levelFor is the requirement's level in a contract: the first of its own
// level rules that holds, else the first of its set's, else its level.
func levelFor(cat *catalog.Catalog, scope catalog.TenderScope, r *catalog.Requirement, s *catalog.RequirementSet) (level, why string, err error) {
	for _, rules := range [][]catalog.LevelRule{r.Levels, s.Levels} {
		for i := range rules {
			ok, err := cat.Holds(&rules[i].When, scope)
			if err != nil {
				return "", "", err
			}
			if ok {
				return rules[i].Level, rules[i].Why, nil
			}
		}
	}
	return r.Level, "", nil
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// selectRequirements keeps the requirements that apply to the contract and
// that no other contract of the initiative owns, numbering them in the
// order the specification shows them.
func (p *Pack) selectRequirements(cat *catalog.Catalog, scope catalog.TenderScope, siblings []sibling) error {
	mine, err := requirementsFor(cat, scope)
	if err != nil {
		return err
	}
	// What each other contract of the initiative gets, by requirement id.
	others := map[string]map[string]bool{}
	for _, s := range siblings {
		if s.contract.ID == p.Contract.ID {
			continue
		}
		theirs, err := requirementsFor(cat, s.scope)
		if err != nil {
			return err
		}
		ids := map[string]bool{}
		for _, a := range theirs {
			ids[a.req.ID] = true
		}
		others[s.contract.ID] = ids
	}
	mims := map[string]*MIMRef{}
	var mimOrder []string
	var g *Group
	flush := func() {
		if g == nil || len(g.Requirements) == 0 {
			return
		}
		p.Groups = append(p.Groups, *g)
		if g.MIM != "" {
			if mims[g.MIM] == nil {
				m, _ := cat.MIM(g.MIM)
				mims[g.MIM] = &MIMRef{ID: m.ID, Name: m.Name, Status: m.Status, Verification: m.Verification, Draft: m.Draft, Standards: m.Standards}
				mimOrder = append(mimOrder, g.MIM)
			}
			mims[g.MIM].Requirements = append(mims[g.MIM].Requirements, g.Requirements...)
		}
	}
	for _, a := range mine {
		s, r := a.set, a.req
		var holders []sibling
		var shared []string
		for _, sib := range siblings {
			if sib.contract.ID == p.Contract.ID || others[sib.contract.ID][r.ID] {
				holders = append(holders, sib)
				if sib.contract.ID != p.Contract.ID {
					shared = append(shared, sib.contract.ID)
				}
			}
		}
		if r.Interface == "" && len(holders) > 1 {
			if owner := ownerOf(holders, a.owner); owner.contract.ID != p.Contract.ID {
				p.Elsewhere = append(p.Elsewhere, Elsewhere{ID: r.ID, Level: a.level, Text: r.Text, Contract: owner.contract.ID})
				continue
			}
			shared = nil
		}
		if g == nil || g.ID != s.ID {
			flush()
			g = &Group{ID: s.ID, Title: s.Title, Section: s.Section, MIM: s.MIM, Intro: s.Intro, Source: s.Source}
		}
		req := Req{
			No: len(p.Requirements) + 1, ID: r.ID, Level: a.level, CatalogLevel: r.Level, LevelWhy: a.why, Text: r.Text, Cites: r.Cites, Evidence: r.Evidence,
			MIM: s.MIM, Group: s.ID, SDM: r.SDM, Optional: r.Optional, Interface: r.Interface, SharedWith: shared,
		}
		g.Requirements = append(g.Requirements, req)
		p.Requirements = append(p.Requirements, req)
		if req.Level == "MUST" {
			p.Must++
		} else {
			p.Should++
		}
	}
	flush()
	for _, id := range mimOrder {
		p.MIMs = append(p.MIMs, *mims[id])
	}
	return nil
}

// ownerOf is the contract that takes a requirement several contracts of an
// initiative would get: the first of the owning role, else the first.
func ownerOf(holders []sibling, role string) sibling {
	for _, h := range holders {
		if role != "" && h.role == role {
			return h
		}
	}
	return holders[0]
}

// boundaries states the contract's scope against the other contracts of
// its initiative and the contracts of the initiatives it builds on or that
// build on it, with the catalog's sentences.
func boundaries(ctx *roadmap.Context, in *catalog.Initiative, c roadmap.Contract, siblings []sibling) []Boundary {
	tp := ctx.Catalog.Tendering
	role := tp.RoleOf(objectOf(in, c.Object))
	var out []Boundary
	add := func(relation string, other roadmap.Contract, otherRole string) {
		for _, b := range tp.Boundaries {
			if b.Relation != relation || (b.Role != "" && b.Role != role) || (b.Other != "" && b.Other != otherRole) {
				continue
			}
			initiative := other.Initiative
			for _, d := range ctx.Doc.Initiatives {
				if d.ID == other.Initiative {
					initiative = d.Title
				}
			}
			text := strings.NewReplacer("{contract}", other.ID, "{title}", other.Title, "{initiative}", initiative,
				"{signed}", other.Timeline.ContractSigned, "{this}", c.Title).Replace(strings.TrimSpace(b.Text))
			out = append(out, Boundary{Relation: relation, Contract: other.ID, Title: other.Title, Text: text})
			return
		}
	}
	for _, s := range siblings {
		if s.contract.ID != c.ID {
			add("same", s.contract, s.role)
		}
	}
	// Only what builds or supplies a system borders the contracts of other
	// initiatives: advice does not, and what runs a system leaves its
	// interfaces to the contract that builds it.
	if (role != "build" && role != "supply") || ctx.Doc.Procurement == nil {
		return out
	}
	// Contracts of other initiatives that build or run systems: advice
	// and equipment of another initiative do not border this one.
	related := func(pc roadmap.Contract) (string, bool) {
		d, ok := ctx.Decisions[pc.Initiative]
		if !ok || d.Plan == nil {
			return "", false
		}
		r := tp.RoleOf(objectOf(d.Plan, pc.Object))
		return r, r == "build" || r == "run"
	}
	for _, pc := range ctx.Doc.Procurement.Contracts {
		if pc.Initiative == in.ID || !slices.Contains(in.DependsOn, pc.Initiative) {
			continue
		}
		if r, ok := related(pc); ok {
			add("builds-on", pc, r)
		}
	}
	for _, pc := range ctx.Doc.Procurement.Contracts {
		d, ok := ctx.Decisions[pc.Initiative]
		if pc.Initiative == in.ID || !ok || d.Plan == nil || !slices.Contains(d.Plan.DependsOn, in.ID) {
			continue
		}
		if r, ok := related(pc); ok {
			add("built-on", pc, r)
		}
	}
	return out
}

// objectOf finds a procurement object of an initiative's plan by id.
func objectOf(in *catalog.Initiative, id string) catalog.ProcurementObject {
	for _, o := range in.Procurement {
		if o.ID == id {
			return o
		}
	}
	return catalog.ProcurementObject{CPV: []string{""}}
}

// MatrixRow is the row of the compliance matrix where a bidder answers the
// requirement: other documents, such as the MIMs checklist, point to that
// one answer rather than asking for it again.
func (p *Pack) MatrixRow(r Req) int { return cmFirstRow + r.No - 1 }
