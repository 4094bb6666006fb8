package reassess

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/roadmap"
)

// What a diff compares.
const (
	// Facts compares what the city files say: maturity and the state of
	// play.
	Facts = "city"
	// Plans compares two roadmaps: the facts, and the initiatives and
	// milestones planned.
	Plans = "roadmap"
)

// Diff is what changed between two assessments or roadmaps of a city.
// Every list is sorted by a stable key.
type Diff struct {
	Kind string `json:"kind" jsonschema:"enum=city,enum=roadmap"`
	Old  Side   `json:"old"`
	New  Side   `json:"new"`
	// Overall is the overall maturity, old and new, whether or not it
	// moved.
	Overall    Move[float64] `json:"overall"`
	Dimensions []Dimension   `json:"dimensions"`
	State      []StateChange `json:"state_of_play"`
	Added      []Initiative  `json:"initiatives_added"`
	Dropped    []Dropped     `json:"initiatives_dropped"`
	Moved      []Moved       `json:"initiatives_moved"`
	Slipped    []Slipped     `json:"milestones_slipped"`
	// Notes are warnings about the comparison itself, such as two files
	// naming different cities.
	Notes []string `json:"notes"`
}

// Side is one of the two inputs.
type Side struct {
	File       string `json:"file"`
	City       string `json:"city"`
	Assessment string `json:"assessment_date"`
	Start      string `json:"start"`
	Catalog    string `json:"catalog"`
}

// Move is a value before and after.
type Move[T any] struct {
	Old T `json:"old"`
	New T `json:"new"`
}

// Dimension is a dimension whose score or level moved.
type Dimension struct {
	ID    string        `json:"id"`
	Name  string        `json:"name"`
	Score Move[float64] `json:"score"`
	Level Move[int]     `json:"level"`
	// LevelName is the new level's name.
	LevelName string `json:"level_name"`
}

// StateChange is an initiative whose state of play changed; an empty
// status means not in place.
type StateChange struct {
	Initiative string       `json:"initiative"`
	Title      string       `json:"title"`
	Status     Move[string] `json:"status"`
	Since      Move[string] `json:"since"`
	Source     Move[string] `json:"source"`
}

// Initiative is a planned initiative added to the roadmap.
type Initiative struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Phase string `json:"phase"`
	Start string `json:"start"`
}

// Dropped is a planned initiative no longer in the roadmap, and why: in
// place, deferred or excluded in the new roadmap, or no longer selected.
type Dropped struct {
	Initiative
	Why string `json:"why"`
}

// Moved is an initiative whose phase or start changed.
type Moved struct {
	ID     string       `json:"id"`
	Title  string       `json:"title"`
	Phase  Move[string] `json:"phase"`
	Start  Move[string] `json:"start"`
	Months int          `json:"months" jsonschema:"description=Months the start moved; positive is later."`
}

// Slipped is a milestone dated later than before.
type Slipped struct {
	ID     string       `json:"id"`
	Title  string       `json:"title"`
	Date   Move[string] `json:"date"`
	Months int          `json:"months"`
}

// Changes counts the changes found.
func (d *Diff) Changes() int {
	return len(d.Dimensions) + len(d.State) + len(d.Added) + len(d.Dropped) + len(d.Moved) + len(d.Slipped)
}

// Compare compares two roadmaps of a city. With kind Facts only the city's
// maturity and state of play are compared (the roadmaps were planned from
// the two city files for that); with Plans the initiatives and milestones
// too.
func Compare(oldFile, newFile string, old, new *roadmap.Roadmap, kind string) *Diff {
	d := &Diff{Kind: kind, Old: side(oldFile, old), New: side(newFile, new),
		Overall:    Move[float64]{old.Maturity.Overall, new.Maturity.Overall},
		Dimensions: []Dimension{}, State: []StateChange{}, Added: []Initiative{}, Dropped: []Dropped{},
		Moved: []Moved{}, Slipped: []Slipped{}, Notes: []string{}}
	if old.City.Name != new.City.Name {
		d.Notes = append(d.Notes, fmt.Sprintf("the files name different cities: %s and %s", old.City.Name, new.City.Name))
	}
	if old.Catalog.SHA256 != new.Catalog.SHA256 {
		d.Notes = append(d.Notes, fmt.Sprintf("planned with different catalogs (%s, %s): some changes may come from the catalog", catalogName(old), catalogName(new)))
	}
	d.dimensions(old, new)
	d.state(old, new)
	if kind == Plans {
		d.initiatives(old, new)
		d.milestones(old, new)
	}
	return d
}

func side(file string, r *roadmap.Roadmap) Side {
	return Side{File: file, City: r.City.Name, Assessment: r.Assessment.Date, Start: r.Horizon.Start, Catalog: catalogName(r)}
}

func catalogName(r *roadmap.Roadmap) string {
	return fmt.Sprintf("%s %s", r.Catalog.Name, r.Catalog.Version)
}

// dimensions lists the dimensions whose score or level moved, in the
// catalog's order; one only in the new roadmap counts from 0.
func (d *Diff) dimensions(old, new *roadmap.Roadmap) {
	before := map[string]roadmap.DimensionScore{}
	for _, ds := range old.Maturity.Dimensions {
		before[ds.ID] = ds
	}
	for _, ds := range new.Maturity.Dimensions {
		o := before[ds.ID]
		if o.Level == ds.Level && math.Abs(o.Score-ds.Score) < 0.05 {
			continue
		}
		d.Dimensions = append(d.Dimensions, Dimension{ID: ds.ID, Name: ds.Name, Score: Move[float64]{o.Score, ds.Score},
			Level: Move[int]{o.Level, ds.Level}, LevelName: ds.LevelName})
	}
}

// state lists the initiatives whose state of play (recorded or inferred)
// changed status, date or source.
func (d *Diff) state(old, new *roadmap.Roadmap) {
	before, after := map[string]roadmap.State{}, map[string]roadmap.State{}
	for _, s := range old.InPlace {
		before[s.Initiative] = s
	}
	for _, s := range new.InPlace {
		after[s.Initiative] = s
	}
	ids := slices.Sorted(maps.Keys(before))
	for id := range after {
		if _, ok := before[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		o, n := before[id], after[id]
		if o.Status == n.Status && o.Since == n.Since {
			continue
		}
		d.State = append(d.State, StateChange{Initiative: id, Title: cmp.Or(n.Title, o.Title),
			Status: Move[string]{o.Status, n.Status}, Since: Move[string]{o.Since, n.Since}, Source: Move[string]{o.Source, n.Source}})
	}
}

func (d *Diff) initiatives(old, new *roadmap.Roadmap) {
	before := map[string]roadmap.Initiative{}
	for _, in := range old.Initiatives {
		before[in.ID] = in
	}
	after := map[string]roadmap.Initiative{}
	for _, in := range new.Initiatives {
		after[in.ID] = in
		o, ok := before[in.ID]
		switch {
		case !ok:
			d.Added = append(d.Added, Initiative{in.ID, in.Title, in.Phase, in.Start})
		case o.Phase != in.Phase || o.Start != in.Start:
			d.Moved = append(d.Moved, Moved{ID: in.ID, Title: in.Title, Phase: Move[string]{o.Phase, in.Phase},
				Start: Move[string]{o.Start, in.Start}, Months: months(o.Start, in.Start)})
		}
	}
	for _, in := range old.Initiatives {
		if _, ok := after[in.ID]; !ok {
			d.Dropped = append(d.Dropped, Dropped{Initiative{in.ID, in.Title, in.Phase, in.Start}, whyDropped(new, in.ID)})
		}
	}
	slices.SortFunc(d.Added, func(a, b Initiative) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(d.Dropped, func(a, b Dropped) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(d.Moved, func(a, b Moved) int { return cmp.Compare(a.ID, b.ID) })
}

// whyDropped says what the new roadmap does with an initiative it no
// longer plans.
func whyDropped(new *roadmap.Roadmap, id string) string {
	for _, s := range new.InPlace {
		if s.Initiative == id && s.Status != city.StatusPartial {
			if s.Since != "" {
				return fmt.Sprintf("in place: %s since %s", s.Status, s.Since)
			}
			return "in place: " + s.Status
		}
	}
	for _, l := range new.Deferred {
		if l.ID == id {
			return "deferred: " + l.Reason
		}
	}
	for _, l := range new.Excluded {
		if l.ID == id {
			return "excluded: " + l.Reason
		}
	}
	return "no longer selected by the rules"
}

// milestones lists the milestones of both roadmaps dated later in the
// new one.
func (d *Diff) milestones(old, new *roadmap.Roadmap) {
	before := map[string]roadmap.Milestone{}
	for _, m := range old.Milestones {
		before[m.ID] = m
	}
	for _, m := range new.Milestones {
		o, ok := before[m.ID]
		if !ok || m.Date <= o.Date {
			continue
		}
		d.Slipped = append(d.Slipped, Slipped{ID: m.ID, Title: m.Title, Date: Move[string]{o.Date, m.Date}, Months: months(o.Date, m.Date)})
	}
	slices.SortFunc(d.Slipped, func(a, b Slipped) int { return cmp.Compare(a.ID, b.ID) })
}

// months is the number of months from a to b, both YYYY-MM; 0 when either
// is not a month.
func months(a, b string) int {
	ta, errA := city.ParseMonth(a)
	tb, errB := city.ParseMonth(b)
	if errA != nil || errB != nil {
		return 0
	}
	return (tb.Year()-ta.Year())*12 + int(tb.Month()-ta.Month())
}
