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
	"sync"

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
	// What the draft contract and the terms of reference say (contract.go).
	ContractTerms    []*ContractTerms
	TermsOfReference []*TermsOfReference
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
	sites        map[*Expr]exprSite    // every condition's file and field
	driverIndex  map[string]int        // cost driver id → index in Drivers

	// Benefits are the benefit models (benefits/), Impact is impact.yaml.
	Benefits []*Benefit
	Impact   ImpactMeta
	// Money is money.yaml (currency, rates, staff cost); Drivers is
	// drivers.yaml (the quantities cost models grow with).
	Money   Money
	Drivers Drivers
	// Holidays is holidays.yaml: public holidays per country;
	// NationalRules are national/: below-threshold procedures per country.
	Holidays      Holidays
	NationalRules []*NationalRules

	drivers    map[string]cel.Program // cost driver defaults
	texts      map[string][]textPart  // rule texts with ${...} expressions
	inferences map[*Expr]cel.Program  // state-of-play inferences and variant conditions
	// Risks are the risks to a programme (risks/, risks.go).
	Risks        []*Risk
	riskPrograms map[*Expr]cel.Program
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
	c, _, err := load(sources, false)
	return c, err
}

// load does the work of Load. With record set it ignores the snapshot and
// keeps what it decoded and compiled, so that a snapshot can be made.
func load(sources []Source, record bool) (*Catalog, *loader, error) {
	files, err := collect(sources)
	if err != nil {
		return nil, nil, err
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
	l := &loader{c: c, envNames: map[*cel.Env]string{}, record: record}
	if record {
		l.values, l.compiled = map[string]any{}, map[string]*cel.Ast{}
	}
	if s, ok := readSnapshot(c.Hash); ok && !record {
		l.fromSnapshot(s)
	} else {
		l.decodeAll()
	}
	if len(l.problems) == 0 || !l.fatal {
		l.index()
		l.check()
		l.compile()
	}
	if err := l.problems.Err(); err != nil {
		return nil, nil, err
	}
	return c, l, nil
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
			data, err := yamlx.ReadFS(src.FS, p, path.Join(src.Name, p))
			if ps, ok := yamlx.AsProblems(err); ok {
				problems = append(problems, ps...)
				return nil
			}
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
		if meta, ok := found["catalog.yaml"]; ok && replaces(meta.data) {
			files = map[string]file{}
		}
		for p, f := range found {
			files[p] = f
		}
	}
	return files, problems.Err()
}

// replaces reports whether a catalog.yaml says replace: true, read as YAML
// so that the words in a comment or a description do not count. A file
// that does not parse is reported when it is decoded.
func replaces(data []byte) bool {
	var meta struct {
		Replace bool `yaml:"replace"`
	}
	return yaml.Unmarshal(data, &meta) == nil && meta.Replace
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
	// envNames names each CEL environment, to key checked expressions.
	envNames map[*cel.Env]string
	// checked holds expressions already type-checked, from the snapshot.
	checked map[string]*cel.Ast
	// record keeps what decoding and compiling produced, to make a snapshot.
	record   bool
	values   map[string]any
	compiled map[string]*cel.Ast
	mu       sync.Mutex
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

// kind is one sort of catalog file: how to make the value it decodes into,
// and how to add that value to the catalog. add returns the key the file's
// positions are kept under, which checks pass to l.problem.
type kind struct {
	new func() any
	add func(c *Catalog, v any) any
	// id returns the entity's id, which must match the file name; nil for
	// files that are not one entity each.
	id func(v any) string
}

// single is a kind decoded from one fixed file.
func single[T any](add func(c *Catalog, v *T) any) kind {
	return kind{new: func() any { return new(T) }, add: func(c *Catalog, v any) any { return add(c, v.(*T)) }}
}

// entities is a kind with one entity per file in a directory.
func entities[T any](list func(c *Catalog) *[]*T, id func(*T) string) kind {
	return kind{
		new: func() any { return new(T) },
		add: func(c *Catalog, v any) any {
			l := list(c)
			*l = append(*l, v.(*T))
			return v
		},
		id: func(v any) string { return id(v.(*T)) },
	}
}

// topFiles are the catalog's single files; entityDirs its directories.
// Adding a kind of catalog data is one entry here plus its checks.
var (
	topFiles = map[string]kind{
		"catalog.yaml":     single(func(c *Catalog, v *Meta) any { c.Meta = *v; return &c.Meta }),
		"focus_areas.yaml": single(func(c *Catalog, v *FocusAreas) any { c.FocusAreas = v.FocusAreas; return "focus_areas" }),
		"mims.yaml":        single(func(c *Catalog, v *MIMs) any { c.MIMs = *v; return &c.MIMs }),
		"impact.yaml":      single(func(c *Catalog, v *ImpactMeta) any { c.Impact = *v; return &c.Impact }),
		"tendering.yaml":   single(func(c *Catalog, v *Tendering) any { c.Tendering = v; return v }),
		"money.yaml":       single(func(c *Catalog, v *Money) any { c.Money = *v; return &c.Money }),
		"drivers.yaml":     single(func(c *Catalog, v *Drivers) any { c.Drivers = *v; return &c.Drivers }),
		"holidays.yaml":    single(func(c *Catalog, v *Holidays) any { c.Holidays = *v; return &c.Holidays }),
	}
	entityDirs = map[string]kind{
		"dimensions":   entities(func(c *Catalog) *[]*Dimension { return &c.Dimensions }, func(v *Dimension) string { return v.ID }),
		"initiatives":  entities(func(c *Catalog) *[]*Initiative { return &c.Initiatives }, func(v *Initiative) string { return v.ID }),
		"rules":        entities(func(c *Catalog) *[]*Rule { return &c.Rules }, func(v *Rule) string { return v.ID }),
		"funding":      entities(func(c *Catalog) *[]*Programme { return &c.Programmes }, func(v *Programme) string { return v.ID }),
		"benefits":     entities(func(c *Catalog) *[]*Benefit { return &c.Benefits }, func(v *Benefit) string { return v.ID }),
		"thresholds":   entities(func(c *Catalog) *[]*Thresholds { return &c.Thresholds }, func(v *Thresholds) string { return v.ID }),
		"procedures":   entities(func(c *Catalog) *[]*Procedure { return &c.Procedures }, func(v *Procedure) string { return v.ID }),
		"award":        entities(func(c *Catalog) *[]*AwardCriteria { return &c.AwardSets }, func(v *AwardCriteria) string { return v.ID }),
		"requirements": entities(func(c *Catalog) *[]*RequirementSet { return &c.Requirements }, func(v *RequirementSet) string { return v.ID }),
		"national":     entities(func(c *Catalog) *[]*NationalRules { return &c.NationalRules }, func(v *NationalRules) string { return v.ID }),
		"risks":        entities(func(c *Catalog) *[]*Risk { return &c.Risks }, func(v *Risk) string { return v.ID }),
		// What the bidder documents say beyond the requirements (contract.go).
		"contract":           entities(func(c *Catalog) *[]*ContractTerms { return &c.ContractTerms }, func(v *ContractTerms) string { return v.ID }),
		"terms-of-reference": entities(func(c *Catalog) *[]*TermsOfReference { return &c.TermsOfReference }, func(v *TermsOfReference) string { return v.ID }),
	}
)

func kindOf(rel string) (kind, bool) {
	if path.Dir(rel) == "." {
		k, ok := topFiles[rel]
		return k, ok
	}
	k, ok := entityDirs[path.Dir(rel)]
	return k, ok
}

// decoded is one file after parsing and strict decoding.
type decoded struct {
	value any
	doc   *yamlx.Doc
	err   error
}

// decodeAll parses and decodes every file on every core (YAML parsing is
// most of a catalog's load time), then adds the results to the catalog in
// file order, so that lists and problems come out the same on every run.
func (l *loader) decodeAll() {
	c := l.c
	if _, ok := c.files["catalog.yaml"]; !ok {
		l.problems = append(l.problems, yamlx.Problem{File: "catalog.yaml", Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: "the catalog has no catalog.yaml"})
		l.fatal = true
	}
	paths := sortedKeys(c.files)
	results := make([]decoded, len(paths))
	parallel.For(len(paths), func(i int) {
		f := c.files[paths[i]]
		k, ok := kindOf(f.rel)
		if !ok {
			return
		}
		r := &results[i]
		r.value = k.new()
		r.doc, r.err = yamlx.Unmarshal(f.display, f.data, r.value)
		if r.doc != nil {
			r.err = yamlx.JoinChecks(r.err, l.schemaCheck(f.rel, r.doc))
		}
	})
	for i, p := range paths {
		f, r := c.files[p], results[i]
		k, ok := kindOf(p)
		if !ok {
			l.problems = append(l.problems, yamlx.Problem{File: f.display, Pos: yamlx.Pos{Line: 1, Col: 1}, Msg: "unexpected catalog file; expected " + expectedFiles()})
			continue
		}
		if r.err != nil {
			l.add(r.err)
		}
		// A file with problems is still added when it could be read, so
		// that its references are checked too and every problem is
		// reported in one pass.
		if r.doc == nil {
			continue
		}
		if l.record {
			l.values[p] = r.value
		}
		key := k.add(c, r.value)
		c.docs[key] = r.doc
		if k.id != nil {
			l.checkStem(key, k.id(r.value), strings.TrimSuffix(path.Base(p), path.Ext(p)))
		}
	}
	sortDimensions(c)
}

// schemaCheck validates a decoded file against its kind's schema.
func (l *loader) schemaCheck(rel string, doc *yamlx.Doc) error {
	schemas, err := validators()
	if err != nil {
		return err
	}
	name := rel
	if path.Dir(rel) != "." {
		name = path.Dir(rel)
	}
	if s := schemas[schemaOf[name]]; s != nil {
		return s.Validate(doc).Err()
	}
	return nil
}

func sortDimensions(c *Catalog) {
	sort.SliceStable(c.Dimensions, func(i, j int) bool {
		if c.Dimensions[i].Order != c.Dimensions[j].Order {
			return c.Dimensions[i].Order < c.Dimensions[j].Order
		}
		return c.Dimensions[i].ID < c.Dimensions[j].ID
	})
}

func expectedFiles() string {
	names := sortedKeys(topFiles)
	for _, d := range sortedKeys(entityDirs) {
		names = append(names, d+"/")
	}
	return strings.Join(names, ", ")
}

func (l *loader) checkStem(key any, id, stem string) {
	switch {
	case id == "":
		l.problem(key, "", "id is required")
	case !idRe.MatchString(id) || len(id) > maxIDLen:
		// Ids name output folders and files, so they must be safe slugs.
		l.problem(key, "id", "id %q must be lower-case letters, digits, '-' and '_', starting with a letter or digit, at most %d characters", id, maxIDLen)
	case id != stem:
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
