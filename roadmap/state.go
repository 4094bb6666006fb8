package roadmap

import (
	"fmt"
	"strings"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
)

// State is an initiative's state of play: what the city already has.
type State struct {
	Initiative string `json:"initiative"`
	Title      string `json:"title"`
	Status     string `json:"status" jsonschema:"enum=done,enum=running,enum=partial"`
	Since      string `json:"since,omitempty"`
	Note       string `json:"note,omitempty"`
	Evidence   string `json:"evidence,omitempty"`
	// Source says whether the city recorded it or citypath inferred it from
	// the city file's facts (see the catalog initiative's infer).
	Source string `json:"source" jsonschema:"enum=recorded,enum=inferred"`
	// Planned says what the roadmap does with it: nothing more (done or
	// running) or an upgrade (partial).
	Planned string `json:"planned"`
}

// StateStep establishes the state of play: what the city recorded in
// in_place, and what the catalog infers from its facts where the city did
// not say. Done and running initiatives are not planned again; partial ones
// are planned as their upgrade.
type StateStep struct{}

func (StateStep) String() string { return "establish the state of play" }

// Run implements Step.
func (StateStep) Run(ctx *Context) error {
	recorded := map[string]city.InPlace{}
	for _, e := range ctx.City.File.InPlace {
		recorded[e.Initiative] = e
	}
	// Inference conditions see only what the city recorded, so that no
	// inference depends on the order in which others ran.
	seen := map[string]string{}
	for id, e := range recorded {
		if e.Status != city.StatusNone {
			seen[id] = e.Status
		}
	}
	ctx.Facts.InPlace = seen
	ctx.State = map[string]*State{}
	for _, in := range ctx.Catalog.Initiatives {
		if e, ok := recorded[in.ID]; ok {
			if e.Status != city.StatusNone {
				ctx.State[in.ID] = &State{Initiative: in.ID, Title: in.Title, Status: e.Status, Since: e.Since,
					Note: oneLine(e.Note), Evidence: oneLine(e.Evidence), Source: "recorded"}
			}
			continue
		}
		for i := range in.Infer {
			inf := &in.Infer[i]
			ok, err := ctx.Catalog.HoldsFor(&inf.When, ctx.Facts)
			if err != nil {
				return fmt.Errorf("initiative %q infer[%d]: %w", in.ID, i, err)
			}
			if ok {
				ctx.State[in.ID] = &State{Initiative: in.ID, Title: in.Title, Status: inf.Status, Note: oneLine(inf.Note), Source: "inferred"}
				break
			}
		}
	}
	all := map[string]string{}
	list := []State{}
	for _, id := range sortedKeys(ctx.State) {
		s := ctx.State[id]
		all[id] = s.Status
		if s.Status == city.StatusPartial {
			s.Planned = "upgrade: planned as what is still missing"
		} else {
			s.Planned = "not planned again; counts as met for what depends on it"
		}
		list = append(list, *s)
	}
	ctx.Facts.InPlace = all
	ctx.Doc.InPlace = list
	return nil
}

// inPlace reports whether an initiative is done or running, so that it is
// neither planned nor waited for.
func (ctx *Context) inPlace(id string) bool {
	s := ctx.State[id]
	return s != nil && (s.Status == city.StatusDone || s.Status == city.StatusRunning)
}

// buildsOn describes, for an initiative, what in place it builds on: its
// own partial state and the dependencies the city already has.
func buildsOn(ctx *Context, in *catalog.Initiative) []string {
	var out []string
	if s := ctx.State[in.ID]; s != nil && s.Status == city.StatusPartial {
		out = append(out, describeState(s))
	}
	for _, dep := range in.DependsOn {
		// Foundation enablers (the team, the charter) underlie everything;
		// naming them on every initiative would hide what matters.
		if d, ok := ctx.Catalog.Initiative(dep); ok && ctx.inPlace(dep) && !(d.Kind == "enabler" && d.Phase == catalog.PhaseFoundation) {
			out = append(out, describeState(ctx.State[dep]))
		}
	}
	return out
}

func describeState(s *State) string {
	what := s.Note
	if what == "" {
		what = s.Title
	}
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(what, "."))
	if s.Since != "" {
		fmt.Fprintf(&b, ", in place since %s", s.Since)
	}
	if s.Source == "inferred" {
		b.WriteString(" (inferred from the city file)")
	}
	return b.String()
}
