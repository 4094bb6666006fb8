package catalog

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
	"go.yaml.in/yaml/v3"

	"github.com/citypath/citypath/internal/parallel"
	"github.com/citypath/citypath/internal/yamlx"
)

//go:embed data
var embedded embed.FS

// Builtin is the catalog shipped inside the binary.
func Builtin() Source {
	sub, err := fs.Sub(embedded, "data")
	if err != nil {
		panic(err) // the embed directive guarantees the directory
	}
	return Source{FS: sub, Name: "catalog"}
}

// Source is a tree of catalog files. Name prefixes file names in messages.
type Source struct {
	FS   fs.FS
	Name string
}

// Catalog is a loaded, checked catalog: every reference resolves and every
// condition is compiled.
type Catalog struct {
	Meta        Meta
	Dimensions  []*Dimension
	FocusAreas  []FocusArea
	Initiatives []*Initiative
	Rules       []*Rule
	MIMs        MIMs
	Programmes  []*Programme
	// Procurement knowledge for tender packs (tendering.go).
	Thresholds   []*Thresholds
	Procedures   []*Procedure
	AwardSets    []*AwardCriteria
	Requirements []*RequirementSet
	Tendering    *Tendering
	// Hash is the SHA-256 of the effective files, so an output can say
	// exactly which facts it used.
	Hash string

	files        map[string]file // effective relative path → file
	initiatives  map[string]*Initiative
	dimensions   map[string]*Dimension
	focusAreas   map[string]*FocusArea
	mims         map[string]*MIM
	rules        map[string]*Rule
	docs         map[any]*yamlx.Doc
	rulePrograms map[string]cel.Program
	eligibility  map[string]cel.Program
	ruleEnv      *cel.Env
	tender       map[*Expr]cel.Program // tender conditions, by the field that holds them

	// Benefits are the benefit models (benefits/), Impact is impact.yaml.
	Benefits []*Benefit
	Impact   ImpactMeta
}

type file struct {
	rel     string
	display string
	data    []byte
}

// Load reads the sources in order; a later source's file replaces an earlier
// one at the same relative path, and a later catalog.yaml with replace: true
// drops everything before it. All problems come back at once.
func Load(sources ...Source) (*Catalog, error) {
	files, err := collect(sources)
	if err != nil {
		return nil, err
	}
	c := &Catalog{
		files:       files,
		initiatives: map[string]*Initiative{},
		dimensions:  map[string]*Dimension{},
		focusAreas:  map[string]*FocusArea{},
		mims:        map[string]*MIM{},
		rules:       map[string]*Rule{},
		docs:        map[any]*yamlx.Doc{},
	}
	c.Hash = hashFiles(files)
	l := &loader{c: c}
	l.parseAll()
	l.decodeAll()
	if len(l.problems) == 0 || !l.fatal {
		l.index()
		l.check()
		l.compile()
	}
	if err := l.problems.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

func collect(sources []Source) (map[string]file, error) {
	files := map[string]file{}
	var problems yamlx.Problems
	for _, src := range sources {
		found := map[string]file{}
		err := fs.WalkDir(src.FS, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || (path.Ext(p) != ".yaml" && path.Ext(p) != ".yml") {
				return nil
			}
			data, err := fs.ReadFile(src.FS, p)
			if err != nil {
				return err
			}
			found[p] = file{rel: p, display: path.Join(src.Name, p), data: data}
			return nil
		})
		if err != nil {
			problems = append(problems, yamlx.Problem{File: src.Name, Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: fmt.Sprintf("cannot read catalog: %v", err)})
			continue
		}
		if meta, ok := found["catalog.yaml"]; ok && strings.Contains(string(meta.data), "replace: true") {
			files = map[string]file{}
		}
		for p, f := range found {
			files[p] = f
		}
	}
	return files, problems.Err()
}

func hashFiles(files map[string]file) string {
	h := sha256.New()
	for _, p := range sortedKeys(files) {
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(files[p].data))
		h.Write(files[p].data)
	}
	return hex.EncodeToString(h.Sum(nil))
}

type loader struct {
	c        *Catalog
	problems yamlx.Problems
	fatal    bool
	parsed   map[string]parsed
}

func (l *loader) add(err error) {
	if ps, ok := yamlx.AsProblems(err); ok {
		l.problems = append(l.problems, ps...)
		return
	}
	l.problems = append(l.problems, yamlx.Problem{File: "catalog", Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: err.Error()})
}

func (l *loader) problem(key any, p string, format string, args ...any) {
	doc := l.c.docs[key]
	if doc == nil {
		l.problems = append(l.problems, yamlx.Problem{File: "catalog", Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: fmt.Sprintf(format, args...)})
		return
	}
	l.problems = append(l.problems, doc.Problem(p, format, args...))
}

// parseAll parses every file's YAML on every core before decoding, which is
// the other half of a catalog's load time.
func (l *loader) parseAll() {
	paths := sortedKeys(l.c.files)
	results := make([]parsed, len(paths))
	parallel.For(len(paths), func(i int) {
		f := l.c.files[paths[i]]
		results[i].node, results[i].err = yamlx.Parse(f.display, f.data)
	})
	l.parsed = map[string]parsed{}
	for i, p := range paths {
		l.parsed[p] = results[i]
	}
}

type parsed struct {
	node *yaml.Node
	err  error
}

// decode reads one file into v and remembers its positions under key.
func (l *loader) decode(f file, key, v any) bool {
	pr, ok := l.parsed[f.rel]
	if !ok {
		pr.node, pr.err = yamlx.Parse(f.display, f.data)
	}
	if pr.err != nil {
		l.add(pr.err)
		return false
	}
	doc, err := yamlx.Decode(f.display, pr.node, v)
	if doc != nil {
		l.c.docs[key] = doc
	}
	if err != nil {
		l.add(err)
	}
	// A file with problems is still indexed, so that its references are
	// checked too and every problem is reported in one pass.
	return doc != nil
}

func (l *loader) decodeAll() {
	c := l.c
	meta, ok := c.files["catalog.yaml"]
	if !ok {
		l.problems = append(l.problems, yamlx.Problem{File: "catalog.yaml", Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: "the catalog has no catalog.yaml"})
		l.fatal = true
	} else {
		l.decode(meta, &c.Meta, &c.Meta)
	}
	if f, ok := c.files["focus_areas.yaml"]; ok {
		var fa FocusAreas
		if l.decode(f, "focus_areas", &fa) {
			c.FocusAreas = fa.FocusAreas
		}
	}
	if f, ok := c.files["mims.yaml"]; ok {
		l.decode(f, &c.MIMs, &c.MIMs)
	}
	if f, ok := c.files["impact.yaml"]; ok {
		l.decode(f, &c.Impact, &c.Impact)
	}
	for _, p := range sortedKeys(c.files) {
		f := c.files[p]
		dir, stem := path.Dir(p), strings.TrimSuffix(path.Base(p), path.Ext(p))
		switch dir {
		case "dimensions":
			d := &Dimension{}
			if l.decode(f, d, d) {
				c.Dimensions = append(c.Dimensions, d)
				l.checkStem(d, d.ID, stem)
			}
		case "initiatives":
			in := &Initiative{}
			if l.decode(f, in, in) {
				c.Initiatives = append(c.Initiatives, in)
				l.checkStem(in, in.ID, stem)
			}
		case "rules":
			r := &Rule{}
			if l.decode(f, r, r) {
				c.Rules = append(c.Rules, r)
				l.checkStem(r, r.ID, stem)
			}
		case "funding":
			pr := &Programme{}
			if l.decode(f, pr, pr) {
				c.Programmes = append(c.Programmes, pr)
				l.checkStem(pr, pr.ID, stem)
			}
		case "benefits":
			b := &Benefit{}
			if l.decode(f, b, b) {
				c.Benefits = append(c.Benefits, b)
				l.checkStem(b, b.ID, stem)
			}
		case "thresholds", "procedures", "award", "requirements":
			l.decodeTendering(f, dir, stem)
		case ".":
			if p == "tendering.yaml" {
				l.decodeTendering(f, dir, stem)
			} else if p != "catalog.yaml" && p != "focus_areas.yaml" && p != "mims.yaml" && p != "impact.yaml" {
				l.problems = append(l.problems, yamlx.Problem{File: f.display, Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: "unexpected catalog file; expected catalog.yaml, focus_areas.yaml, mims.yaml, impact.yaml, tendering.yaml or a file under dimensions/, initiatives/, rules/, funding/, benefits/, thresholds/, procedures/, award/, requirements/"})
			}
		}
	}
	sort.SliceStable(c.Dimensions, func(i, j int) bool {
		if c.Dimensions[i].Order != c.Dimensions[j].Order {
			return c.Dimensions[i].Order < c.Dimensions[j].Order
		}
		return c.Dimensions[i].ID < c.Dimensions[j].ID
	})
}

func (l *loader) checkStem(key any, id, stem string) {
	if id == "" {
		l.problem(key, "", "id is required")
	} else if id != stem {
		l.problem(key, "id", "id %q must match the file name %q", id, stem+".yaml")
	}
}

func (l *loader) index() {
	c := l.c
	for _, d := range c.Dimensions {
		if _, dup := c.dimensions[d.ID]; dup {
			l.problem(d, "id", "dimension %q is defined twice", d.ID)
		}
		c.dimensions[d.ID] = d
	}
	for i := range c.FocusAreas {
		fa := &c.FocusAreas[i]
		if _, dup := c.focusAreas[fa.ID]; dup {
			l.problem("focus_areas", fmt.Sprintf("focus_areas[%d].id", i), "focus area %q is defined twice", fa.ID)
		}
		c.focusAreas[fa.ID] = fa
	}
	for _, in := range c.Initiatives {
		c.initiatives[in.ID] = in
	}
	for i := range c.MIMs.MIMs {
		m := &c.MIMs.MIMs[i]
		c.mims[m.ID] = m
	}
	for _, r := range c.Rules {
		c.rules[r.ID] = r
	}
}

// Initiative returns the initiative with the given id.
func (c *Catalog) Initiative(id string) (*Initiative, bool) {
	in, ok := c.initiatives[id]
	return in, ok
}

// Dimension returns the dimension with the given id.
func (c *Catalog) Dimension(id string) (*Dimension, bool) {
	d, ok := c.dimensions[id]
	return d, ok
}

// FocusArea returns the focus area with the given id.
func (c *Catalog) FocusArea(id string) (*FocusArea, bool) {
	fa, ok := c.focusAreas[id]
	return fa, ok
}

// MIM returns the MIM with the given id.
func (c *Catalog) MIM(id string) (*MIM, bool) {
	m, ok := c.mims[id]
	return m, ok
}

// Rule returns the rule with the given id.
func (c *Catalog) Rule(id string) (*Rule, bool) {
	r, ok := c.rules[id]
	return r, ok
}

// Files lists the effective catalog files as shown in messages, sorted.
func (c *Catalog) Files() []string {
	var out []string
	for _, p := range sortedKeys(c.files) {
		out = append(out, c.files[p].display)
	}
	return out
}

// FileText returns the text of an effective catalog file by relative path.
func (c *Catalog) FileText(rel string) ([]byte, bool) {
	f, ok := c.files[rel]
	return f.data, ok
}

// LevelFor returns the level a 0-100 score falls in.
func (c *Catalog) LevelFor(score float64) Level {
	lv := c.Meta.Levels[0]
	for _, l := range c.Meta.Levels {
		if score >= l.MinScore {
			lv = l
		}
	}
	return lv
}

// LevelByNumber returns the level with the given number.
func (c *Catalog) LevelByNumber(n int) (Level, bool) {
	for _, l := range c.Meta.Levels {
		if l.Level == n {
			return l, true
		}
	}
	return Level{}, false
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
