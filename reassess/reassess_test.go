package reassess_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/internal/golden"
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/reassess"
	"github.com/citypath/citypath/roadmap"
)

// kladno returns Kladno's city file and a copy a year on with two changed
// scores (Service Design 32 → 45, Interoperability 22 → 41) and one
// initiative marked done (the data inventory).
func kladno(t *testing.T) (old, updated []byte) {
	t.Helper()
	old, err := os.ReadFile(filepath.Join("..", "examples", "kladno", "city.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return old, edit(t, old,
		"service_design: {score: 32}", "service_design: {score: 45}",
		"interoperability: {score: 22, target: 3}", "interoperability: {score: 41, target: 3}",
		"in_place:\n", "in_place:\n  - initiative: data-inventory\n    status: done\n    since: 2026-06\n    note: inventory of data and systems\n")
}

// edit replaces each old text with its new one, once, failing when the
// example no longer holds it.
func edit(t *testing.T, data []byte, pairs ...string) []byte {
	t.Helper()
	s := string(data)
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("examples/kladno/city.yaml no longer holds %q", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return []byte(s)
}

func plan(t *testing.T, cat *catalog.Catalog, name string, data []byte) *roadmap.Roadmap {
	t.Helper()
	rc, err := pipeline.Generate(roadmap.Request{CityName: name, CityData: data, Catalog: cat})
	if err != nil {
		t.Fatal(err)
	}
	return rc.Doc
}

// TestDiffKladno: the diff of Kladno's city file and the updated copy
// shows exactly the two scores and the initiative marked done; between
// the roadmaps planned from them, the done initiative is also dropped
// from the plan, saying why.
func TestDiffKladno(t *testing.T) {
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	oldData, newData := kladno(t)
	old, updated := plan(t, cat, "old.yaml", oldData), plan(t, cat, "new.yaml", newData)

	facts := reassess.Compare("old.yaml", "new.yaml", old, updated, reassess.Facts)
	wantDims := []reassess.Dimension{
		{ID: "service_design", Name: "Service Design", Score: reassess.Move[float64]{Old: 32, New: 45}, Level: reassess.Move[int]{Old: 2, New: 3}, LevelName: "Defined"},
		{ID: "interoperability", Name: "Interoperability", Score: reassess.Move[float64]{Old: 22, New: 41}, Level: reassess.Move[int]{Old: 2, New: 3}, LevelName: "Defined"},
	}
	if diff := cmp.Diff(wantDims, facts.Dimensions); diff != "" {
		t.Errorf("dimensions (-want +got):\n%s", diff)
	}
	wantState := []reassess.StateChange{{Initiative: "data-inventory", Title: "Take an inventory of the city's data and systems",
		Status: reassess.Move[string]{New: "done"}, Since: reassess.Move[string]{New: "2026-06"}, Source: reassess.Move[string]{New: "recorded"}}}
	if diff := cmp.Diff(wantState, facts.State); diff != "" {
		t.Errorf("state of play (-want +got):\n%s", diff)
	}
	if facts.Changes() != 3 || len(facts.Notes) != 0 {
		t.Errorf("%d changes, notes %q; want exactly the 3 made and no notes", facts.Changes(), facts.Notes)
	}
	golden.Assert(t, ".txt", reassess.Text(facts))

	plans := reassess.Compare("old/roadmap.json", "new/roadmap.json", old, updated, reassess.Plans)
	if plans.Changes() < 4 {
		t.Errorf("roadmap diff has %d changes, want the 3 facts and the plan's own", plans.Changes())
	}
	var dropped *reassess.Dropped
	for i, d := range plans.Dropped {
		if d.ID == "data-inventory" {
			dropped = &plans.Dropped[i]
		}
	}
	if dropped == nil || dropped.Why != "in place: done since 2026-06" {
		t.Errorf("dropped = %+v, want data-inventory dropped as in place: done since 2026-06", plans.Dropped)
	}
	for _, a := range plans.Added {
		if a.ID == "data-inventory" {
			t.Error("data-inventory added, want it dropped")
		}
	}
	html, err := document.HTML(reassess.Document(plans, time.Date(2026, 9, 15, 0, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"What changed: Kladno", "Initiatives dropped", "in place: done since 2026-06"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("the HTML page lacks %q", want)
		}
	}
}

// TestUpdatedCityPlansFromNewStart: a new roadmap from an updated city
// file keeps what is done (not planned again, shown in the state of play)
// and plans the rest from the new start month.
func TestUpdatedCityPlansFromNewStart(t *testing.T) {
	cat, err := catalog.Load(catalog.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	_, updated := kladno(t)
	updated = edit(t, updated, "start_month: 2027-01", "start_month: 2028-01", "date: 2026-09-15", "date: 2027-09-15")
	doc := plan(t, cat, "new.yaml", updated)
	if doc.Horizon.Start != "2028-01" {
		t.Errorf("horizon starts %s, want 2028-01", doc.Horizon.Start)
	}
	done := map[string]bool{}
	for _, s := range doc.InPlace {
		if s.Status == "done" {
			done[s.Initiative] = true
		}
	}
	if !done["data-inventory"] || !done["energy-monitoring-pilot"] {
		t.Errorf("state of play %+v, want data-inventory and energy-monitoring-pilot done", doc.InPlace)
	}
	for _, in := range doc.Initiatives {
		if done[in.ID] {
			t.Errorf("%s is done but planned again from %s", in.ID, in.Start)
		}
		if in.Start < "2028-01" {
			t.Errorf("%s starts %s, before the new start month 2028-01", in.ID, in.Start)
		}
	}
	for _, m := range doc.Milestones {
		if m.Date < "2028-01" {
			t.Errorf("milestone %s dated %s, before the new start month", m.ID, m.Date)
		}
	}
}

// TestMovedAndSlipped checks the plan comparison on roadmaps built by
// hand: a start moved later and to another phase, a milestone slipped, one
// brought forward (not a slip), one initiative added and one dropped.
func TestMovedAndSlipped(t *testing.T) {
	old := &roadmap.Roadmap{
		City: roadmap.CitySummary{Name: "Town"},
		Initiatives: []roadmap.Initiative{
			{ID: "a", Title: "A", Phase: "foundation", Start: "2027-01"},
			{ID: "b", Title: "B", Phase: "foundation", Start: "2027-03"},
			{ID: "c", Title: "C", Phase: "growth", Start: "2028-01"},
		},
		Milestones: []roadmap.Milestone{{ID: "a.done", Title: "A done", Date: "2027-06"}, {ID: "b.done", Title: "B done", Date: "2027-09"}},
		Deferred:   []roadmap.Left{},
	}
	updated := &roadmap.Roadmap{
		City: roadmap.CitySummary{Name: "Town"},
		Initiatives: []roadmap.Initiative{
			{ID: "a", Title: "A", Phase: "foundation", Start: "2027-01"},
			{ID: "b", Title: "B", Phase: "growth", Start: "2028-02"},
			{ID: "d", Title: "D", Phase: "growth", Start: "2028-05"},
		},
		Milestones: []roadmap.Milestone{{ID: "a.done", Title: "A done", Date: "2027-05"}, {ID: "b.done", Title: "B done", Date: "2028-08"}},
		Deferred:   []roadmap.Left{{ID: "c", Title: "C", Reason: "no budget left in 2028"}},
	}
	d := reassess.Compare("old.json", "new.json", old, updated, reassess.Plans)
	want := &reassess.Diff{
		Kind: reassess.Plans, Old: reassess.Side{File: "old.json", City: "Town", Catalog: " "}, New: reassess.Side{File: "new.json", City: "Town", Catalog: " "},
		Dimensions: []reassess.Dimension{}, State: []reassess.StateChange{},
		Added:   []reassess.Initiative{{ID: "d", Title: "D", Phase: "growth", Start: "2028-05"}},
		Dropped: []reassess.Dropped{{Initiative: reassess.Initiative{ID: "c", Title: "C", Phase: "growth", Start: "2028-01"}, Why: "deferred: no budget left in 2028"}},
		Moved: []reassess.Moved{{ID: "b", Title: "B", Phase: reassess.Move[string]{Old: "foundation", New: "growth"},
			Start: reassess.Move[string]{Old: "2027-03", New: "2028-02"}, Months: 11}},
		Slipped: []reassess.Slipped{{ID: "b.done", Title: "B done", Date: reassess.Move[string]{Old: "2027-09", New: "2028-08"}, Months: 11}},
		Notes:   []string{},
	}
	if diff := cmp.Diff(want, d); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
}
