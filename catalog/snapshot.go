package catalog

import (
	"bytes"
	_ "embed"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"sort"

	"cel.dev/cel-go/cel"
	exprpb "google.golang.org/genproto/googleapis/api/expr/v1alpha1"
	"google.golang.org/protobuf/proto"

	"github.com/citypath/citypath/internal/yamlx"
)

// The built-in catalog is loaded on every run, and parsing its YAML and CEL
// is most of what a run costs. snapshot.gob holds the same catalog already
// decoded, with every condition already parsed and type-checked. It is used
// only when the embedded files hash to the value it was made from; a test
// fails when it is stale (refresh it with `go test ./catalog -update`), and
// user catalogs (--catalog) always go through the YAML.
//
//go:embed snapshot.gob
var snapshotData []byte

type snapshot struct {
	Hash    string
	Files   []snapshotFile
	Checked []snapshotExpr
}

type snapshotFile struct {
	Rel   string
	Value any
}

type snapshotExpr struct {
	Env, Text string
	Checked   []byte // a google.api.expr.v1alpha1.CheckedExpr
}

func init() {
	for _, k := range topFiles {
		gob.Register(k.new())
	}
	for _, k := range entityDirs {
		gob.Register(k.new())
	}
}

// exprGob is how an Expr travels in a snapshot. Expr marshals to its text
// for JSON and YAML output, so gob gets its own encoding.
type exprGob struct {
	Text          string
	Line, Col     int
	Block, Quoted bool
}

// GobEncode implements gob.GobEncoder.
func (e Expr) GobEncode() ([]byte, error) {
	return json.Marshal(exprGob{e.Text, e.Pos.Line, e.Pos.Col, e.Block, e.Quoted})
}

// GobDecode implements gob.GobDecoder.
func (e *Expr) GobDecode(b []byte) error {
	var g exprGob
	if err := json.Unmarshal(b, &g); err != nil {
		return err
	}
	*e = Expr{Text: g.Text, Pos: yamlx.Pos{Line: g.Line, Col: g.Col}, Block: g.Block, Quoted: g.Quoted}
	return nil
}

// readSnapshot decodes the embedded snapshot if it matches hash.
func readSnapshot(hash string) (*snapshot, bool) {
	if len(snapshotData) == 0 {
		return nil, false
	}
	s, err := readSnapshotBytes(snapshotData)
	if err != nil || s.Hash != hash {
		return nil, false
	}
	return s, true
}

// fromSnapshot adds the snapshot's decoded files to the catalog, as
// decodeAll does from YAML.
func (l *loader) fromSnapshot(s *snapshot) {
	c := l.c
	for _, sf := range s.Files {
		k, ok := kindOf(sf.Rel)
		f, present := c.files[sf.Rel]
		if !ok || !present {
			continue
		}
		key := k.add(c, sf.Value)
		c.docs[key] = yamlx.NewDoc(f.display, f.data)
	}
	sortDimensions(c)
	l.checked = map[string]*cel.Ast{}
	for _, e := range s.Checked {
		var pb exprpb.CheckedExpr
		if err := proto.Unmarshal(e.Checked, &pb); err != nil {
			continue
		}
		l.checked[e.Env+"\x00"+e.Text] = cel.CheckedExprToAst(&pb)
	}
}

// makeSnapshot encodes what a YAML load decoded and compiled, for the test
// that keeps snapshot.gob fresh.
func (l *loader) makeSnapshot() ([]byte, error) {
	s := snapshot{Hash: l.c.Hash}
	for _, rel := range sortedKeys(l.values) {
		s.Files = append(s.Files, snapshotFile{Rel: rel, Value: l.values[rel]})
	}
	for _, key := range sortedKeys(l.compiled) {
		pb, err := cel.AstToCheckedExpr(l.compiled[key])
		if err != nil {
			return nil, err
		}
		b, err := proto.MarshalOptions{Deterministic: true}.Marshal(pb)
		if err != nil {
			return nil, err
		}
		env, text, _ := cutKey(key)
		s.Checked = append(s.Checked, snapshotExpr{Env: env, Text: text, Checked: b})
	}
	sort.Slice(s.Checked, func(i, j int) bool {
		if s.Checked[i].Env != s.Checked[j].Env {
			return s.Checked[i].Env < s.Checked[j].Env
		}
		return s.Checked[i].Text < s.Checked[j].Text
	})
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(s); err != nil {
		return nil, fmt.Errorf("encode snapshot: %w", err)
	}
	return buf.Bytes(), nil
}

func cutKey(key string) (env, text string, ok bool) {
	for i := 0; i < len(key); i++ {
		if key[i] == 0 {
			return key[:i], key[i+1:], true
		}
	}
	return "", key, false
}

func readSnapshotBytes(b []byte) (*snapshot, error) {
	var s snapshot
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&s); err != nil {
		return nil, err
	}
	return &s, nil
}
