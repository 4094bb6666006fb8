package catalog

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/citypath/citypath/internal/golden"
)

// TestSnapshotIsFresh keeps snapshot.gob equal to what loading the
// embedded YAML gives: the same decoded files and the same type-checked
// conditions. Refresh it with `go test ./catalog -update` after changing
// catalog data or the types conditions see.
func TestSnapshotIsFresh(t *testing.T) {
	c, l, err := load([]Source{Builtin()}, true)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := l.makeSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	if *golden.Update {
		if err := os.WriteFile("snapshot.gob", fresh, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	s, ok := readSnapshot(c.Hash)
	if !ok {
		t.Fatal("snapshot.gob is stale: the catalog files changed; run go test ./catalog -update")
	}
	want, _ := readSnapshotBytes(fresh)
	if len(s.Files) != len(want.Files) {
		t.Fatalf("snapshot has %d files, the YAML %d; run go test ./catalog -update", len(s.Files), len(want.Files))
	}
	for i := range s.Files {
		if s.Files[i].Rel != want.Files[i].Rel || !reflect.DeepEqual(s.Files[i].Value, want.Files[i].Value) {
			t.Fatalf("snapshot differs from the YAML at %s; run go test ./catalog -update", want.Files[i].Rel)
		}
	}
	if len(s.Checked) != len(want.Checked) {
		t.Fatalf("snapshot has %d checked conditions, the YAML %d; run go test ./catalog -update", len(s.Checked), len(want.Checked))
	}
	for i := range s.Checked {
		a, b := s.Checked[i], want.Checked[i]
		if a.Env != b.Env || a.Text != b.Text || !bytes.Equal(a.Checked, b.Checked) {
			t.Fatalf("checked condition %q differs (did a type conditions see change?); run go test ./catalog -update", b.Text)
		}
	}
}

// TestSnapshotLoadsLikeYAML compares a catalog loaded through the snapshot
// with one loaded from YAML.
func TestSnapshotLoadsLikeYAML(t *testing.T) {
	fromSnapshot, err := Load(Builtin())
	if err != nil {
		t.Fatal(err)
	}
	fromYAML, _, err := load([]Source{Builtin()}, true)
	if err != nil {
		t.Fatal(err)
	}
	if fromSnapshot.Hash != fromYAML.Hash {
		t.Fatal("hashes differ")
	}
	for name, pair := range map[string][2]any{
		"meta":         {fromSnapshot.Meta, fromYAML.Meta},
		"dimensions":   {fromSnapshot.Dimensions, fromYAML.Dimensions},
		"initiatives":  {fromSnapshot.Initiatives, fromYAML.Initiatives},
		"rules":        {fromSnapshot.Rules, fromYAML.Rules},
		"programmes":   {fromSnapshot.Programmes, fromYAML.Programmes},
		"requirements": {fromSnapshot.Requirements, fromYAML.Requirements},
		"tendering":    {fromSnapshot.Tendering, fromYAML.Tendering},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s differ between snapshot and YAML", name)
		}
	}
	if len(fromSnapshot.rulePrograms) != len(fromYAML.rulePrograms) || len(fromSnapshot.tender) != len(fromYAML.tender) {
		t.Errorf("compiled conditions differ: %d/%d rules, %d/%d tender", len(fromSnapshot.rulePrograms), len(fromYAML.rulePrograms), len(fromSnapshot.tender), len(fromYAML.tender))
	}
}
