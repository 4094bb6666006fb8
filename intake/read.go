package intake

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/internal/workbook"
	"github.com/citypath/citypath/internal/yamlx"
	"github.com/citypath/citypath/roadmap"
)

// MaxWorkbookSize is the largest workbook Read accepts, in bytes: the
// limit of every input file; a filled intake workbook is about 50 KB.
const MaxWorkbookSize = 2 << 20

// Read reads a filled intake workbook of any format version up to
// FormatVersion and returns the city file it holds, as commented YAML that
// the city loader accepts. name is the workbook's name in the file's
// comments and cityName the city file's, for the loader. Problems with
// the input come back as Problems, every one at once, each at its cell.
func Read(name string, data []byte, cityName string, cat *catalog.Catalog) ([]byte, error) {
	if len(data) > MaxWorkbookSize {
		return nil, Problems{{Msg: fmt.Sprintf("the workbook is %d bytes; the limit is %d", len(data), MaxWorkbookSize)}}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 64 << 20, UnzipXMLSizeLimit: 32 << 20})
	if err != nil {
		return nil, Problems{{Msg: fmt.Sprintf("not an XLSX workbook (%v)", err)}}
	}
	defer f.Close()
	r := &reader{f: f, cat: cat, cells: map[string]cellRef{}, sheets: map[string]string{}}
	version, err := r.header()
	if err != nil {
		return nil, err
	}
	r.readSections(layouts[version])
	doc := r.document(name, version)
	out, err := encode(doc)
	if err != nil {
		return nil, err
	}
	// The city loader has the last word: its problems are reported at the
	// cells their values came from, with the reader's own.
	if _, err := city.Load(cityName, out, roadmap.Vocabulary(cat)); err != nil {
		ps, ok := yamlx.AsProblems(err)
		if !ok {
			return nil, err
		}
		r.mapProblems(out, ps)
	}
	if len(r.problems) > 0 {
		return nil, r.problems.sorted()
	}
	return out, nil
}

// reader reads one workbook.
type reader struct {
	f    *excelize.File
	cat  *catalog.Catalog
	lang *Lang
	// sheets maps each section to its sheet's name in this workbook.
	sheets   map[string]string
	problems Problems
	// cells maps city file paths to the cells their values come from,
	// also for cells left empty, so that "is required" lands on its cell.
	cells map[string]cellRef
	root  *yaml.Node
	// scale is the assessment's scale as read, for checking scores.
	scale string
	// lists are the drop-downs' values, made on first use.
	lists []list
}

func (r *reader) add(p Problem) { r.problems = append(r.problems, p) }

// header finds the intake version, the language and the section sheets
// through the workbook's defined names.
func (r *reader) header() (int, error) {
	names := map[string]string{}
	for _, dn := range r.f.GetDefinedName() {
		names[dn.Name] = dn.RefersTo
	}
	vref, ok := names[nameVersion]
	if !ok {
		return 0, Problems{{Msg: "this is not a citypath intake workbook (it has no intake version); write one with 'citypath intake new'"}}
	}
	vs := r.definedValue(vref)
	version, err := strconv.Atoi(strings.TrimSuffix(vs, ".0"))
	switch {
	case err != nil || version < 1:
		return 0, Problems{{Msg: fmt.Sprintf("the intake version cell holds %q, not a version number; it must not be changed", vs)}}
	case layouts[version] == nil:
		return 0, Problems{{Msg: fmt.Sprintf("this workbook is intake format %d, newer than this citypath reads (up to %d); update citypath", version, FormatVersion)}}
	}
	tag := "en"
	if lref, ok := names[nameLanguage]; ok {
		if v := r.definedValue(lref); v != "" {
			tag = v
		}
	}
	l, err := LoadLang(tag)
	if err != nil {
		return 0, Problems{{Msg: err.Error()}}
	}
	r.lang = l
	var ps Problems
	for _, s := range sections {
		ref, ok := names[nameSheetPrefix+s]
		sheet, _ := splitRef(ref)
		if idx, _ := r.f.GetSheetIndex(sheet); !ok || idx < 0 {
			ps = append(ps, Problem{Msg: fmt.Sprintf("the workbook has no sheet for the %s section (%s)", s, l.Sheets[s])})
			continue
		}
		r.sheets[s] = sheet
	}
	if len(ps) > 0 {
		return 0, ps
	}
	return version, nil
}

// splitRef splits a reference such as 'State of play'!$A$1.
func splitRef(ref string) (sheet, cell string) {
	i := strings.LastIndex(ref, "!")
	if i < 0 {
		return "", ref
	}
	sheet = strings.TrimPrefix(ref[:i], "=")
	if strings.HasPrefix(sheet, "'") && strings.HasSuffix(sheet, "'") && len(sheet) >= 2 {
		sheet = strings.ReplaceAll(sheet[1:len(sheet)-1], "''", "'")
	}
	return sheet, strings.ReplaceAll(ref[i+1:], "$", "")
}

func (r *reader) definedValue(ref string) string {
	sheet, cell := splitRef(ref)
	v, _ := r.f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	return strings.TrimSpace(v)
}

// readSections reads every section's sheet in the layout of the
// workbook's version.
func (r *reader) readSections(layout []sheetLayout) {
	r.root = &yaml.Node{Kind: yaml.MappingNode}
	for _, sec := range sections[:4] {
		r.mapping(sec) // the loader expects the four main sections
	}
	for _, sl := range layout {
		r.readSheet(sl)
	}
}

func (r *reader) readSheet(sl sheetLayout) {
	sheet := r.sheets[sl.section]
	rows, err := r.f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		r.add(cellRef{section: sl.section, sheet: sheet}.problem("the sheet cannot be read: %v", err))
		return
	}
	form := map[string]field{}
	for _, f := range sl.form {
		form[f.key] = f
	}
	tables := map[string]table{}
	for _, t := range sl.tables {
		tables[t.key] = t
	}
	tableRow := map[string]int{}
	for i, row := range rows {
		if len(row) == 0 {
			continue
		}
		key := strings.TrimSpace(row[0])
		at := cellRef{section: sl.section, sheet: sheet, row: i + 1}
		if key == "" {
			continue
		}
		if f, ok := form[key]; ok {
			// The label without the mark of a required answer.
			r.formValue(at, f, strings.TrimSuffix(r.lang.Fields[key].Label, " *"))
			continue
		}
		if t, ok := tables[key]; ok {
			if _, seen := r.cells[key]; !seen {
				first := at
				first.col = colTable
				r.register(key, first) // "strategy.focus_areas is required"
			}
			if r.tableRow(at, t, tableRow[key]) {
				tableRow[key]++
			}
			continue
		}
		switch {
		case sl.drivers && strings.HasPrefix(key, "assets."):
			label, _ := r.f.GetCellValue(sheet, workbook.Cell(colLabel, i+1))
			r.formValue(at, field{key: key, kind: kindNumber}, label)
		case sl.dimensions && strings.HasPrefix(key, "assessment.dimensions."):
			r.dimensionRow(at, strings.TrimPrefix(key, "assessment.dimensions."))
		default:
			at.col = colKey
			r.add(at.problem("row key %q is not part of intake format; was the workbook changed?", key))
		}
	}
}

// cell reads an input cell: its value as text, trimmed, and its type.
// A formula typed into an input cell counts with the value it shows.
func (r *reader) cell(at cellRef) (string, excelize.CellType, bool) {
	c := workbook.Cell(at.col, at.row)
	v, err := r.f.GetCellValue(at.sheet, c, excelize.Options{RawCellValue: true})
	if err != nil {
		r.add(at.problem("the cell cannot be read: %v", err))
		return "", 0, false
	}
	typ, _ := r.f.GetCellType(at.sheet, c)
	v = strings.TrimSpace(v)
	if v == "" {
		if formula, _ := r.f.GetCellFormula(at.sheet, c); formula != "" {
			r.add(at.problem("the cell holds a formula with no value; type the value itself"))
		}
		return "", typ, false
	}
	return v, typ, true
}

// value reads an input cell as a city file value of its kind, or nil
// when the cell is empty. A value that cannot be read is a problem, and
// comes back as text so that the loader's problems land on the same cell
// (they are dropped there, the reader's message says it better).
func (r *reader) value(at cellRef, f field, label string) *yaml.Node {
	raw, typ, ok := r.cell(at)
	if !ok {
		return nil
	}
	what := label
	if what != "" {
		what += ": "
	}
	bad := func(format string, args ...any) *yaml.Node {
		r.add(at.problem(what+format, args...))
		return str(raw, at)
	}
	switch f.kind {
	case kindInt, kindNumber:
		n, err := parseNumber(raw)
		if err != nil {
			return bad("%q is not a number", raw)
		}
		if f.kind == kindInt && n != math.Trunc(n) {
			return bad("%s is not a whole number", raw)
		}
		return number(n, at)
	case kindDate, kindMonth, kindSince:
		return r.date(at, f.kind, raw, typ, bad)
	case kindBool:
		switch {
		case typ == excelize.CellTypeBool:
			return boolean(raw == "1" || strings.EqualFold(raw, "true"), at)
		case strings.EqualFold(raw, r.lang.Yes) || strings.EqualFold(raw, "true"):
			return boolean(true, at)
		case strings.EqualFold(raw, r.lang.No) || strings.EqualFold(raw, "false"):
			return boolean(false, at)
		}
		return bad("%q is not %s or %s", raw, r.lang.Yes, r.lang.No)
	case kindChoice:
		values := r.listValues(f.list)
		if slices.Contains(values, raw) {
			return str(raw, at)
		}
		if i := slices.IndexFunc(values, func(v string) bool { return strings.EqualFold(v, raw) }); i >= 0 {
			return str(values[i], at)
		}
		return bad("%q is not in the list%s", raw, yamlx.Suggest(raw, values))
	case kindTextList:
		seq := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle, LineComment: "# " + at.where()}
		for _, part := range strings.Split(raw, ",") {
			if part = strings.TrimSpace(part); part != "" {
				seq.Content = append(seq.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: part})
			}
		}
		return seq
	}
	return str(raw, at)
}

// date reads a date or month cell: a date the spreadsheet knows (a serial
// number) or text as the city file writes it, which the loader checks.
func (r *reader) date(at cellRef, k kind, raw string, typ excelize.CellType, bad func(string, ...any) *yaml.Node) *yaml.Node {
	layout := map[kind]string{kindDate: "2006-01-02", kindMonth: "2006-01", kindSince: "2006-01"}[k]
	var t time.Time
	switch {
	case typ == excelize.CellTypeDate:
		parsed, err := time.Parse(time.RFC3339, raw)
		if err != nil {
			if parsed, err = time.Parse("2006-01-02T15:04:05", raw); err != nil {
				return bad("%q is not a date", raw)
			}
		}
		t = parsed
	case typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeFormula:
		return str(raw, at) // text such as 2027-01, checked by the loader
	default:
		n, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return str(raw, at)
		}
		if k == kindSince && n == math.Trunc(n) && n >= 1000 && n <= 9999 {
			return str(strconv.Itoa(int(n)), at) // a year typed as a number
		}
		if t, err = excelize.ExcelDateToTime(n, false); err != nil || n < 1 {
			return bad("%s is not a date", raw)
		}
	}
	return str(t.Format(layout), at)
}

// parseNumber reads a number as a spreadsheet stores it, or as text typed
// into a text cell, with spaces as thousands separators allowed.
func parseNumber(s string) (float64, error) {
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	n, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, fmt.Errorf("not a number")
	}
	return n, nil
}

func (r *reader) listValues(id string) []string {
	if r.lists == nil {
		r.lists, _ = lists(r.cat, r.lang)
	}
	return findList(r.lists, id).values
}

func (at cellRef) where() string { return quoteSheet(at.sheet) + "!" + workbook.Cell(at.col, at.row) }

func str(s string, at cellRef) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s, LineComment: "# " + at.where()}
}

func number(n float64, at cellRef) *yaml.Node {
	tag := "!!float"
	if n == math.Trunc(n) && math.Abs(n) < 1e15 {
		tag = "!!int"
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: strconv.FormatFloat(n, 'f', -1, 64), LineComment: "# " + at.where()}
}

func boolean(b bool, at cellRef) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(b), LineComment: "# " + at.where()}
}

// mapping returns the mapping at a dotted path, creating it as needed.
func (r *reader) mapping(path string) *yaml.Node {
	n := r.root
	for _, seg := range strings.Split(path, ".") {
		n = child(n, seg, yaml.MappingNode)
	}
	return n
}

// child returns the value of key in mapping m, adding one of kind k.
func child(m *yaml.Node, key string, k yaml.Kind) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	v := &yaml.Node{Kind: k}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
	return v
}

func set(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// parentOf returns the mapping that holds a dotted city file path's last
// key, creating it, and that key.
func (r *reader) parentOf(path string) (*yaml.Node, string) {
	i := strings.LastIndex(path, ".")
	if i < 0 {
		return r.root, path
	}
	return r.mapping(path[:i]), path[i+1:]
}

// put sets the value at a dotted city file path.
func (r *reader) put(path string, v *yaml.Node) {
	m, key := r.parentOf(path)
	set(m, key, v)
}

func (r *reader) formValue(at cellRef, f field, label string) {
	at.col = colValue
	r.register(f.key, at)
	v := r.value(at, f, label)
	if f.key == "assessment.scale" && v != nil {
		r.scale = v.Value
	}
	if v != nil {
		r.put(f.key, v)
	}
}

// dimensionRow reads a dimension's score, target and note, or one of its
// indicators' scores.
func (r *reader) dimensionRow(at cellRef, key string) {
	dim, ind, isIndicator := strings.Cut(key, ".indicators.")
	path := "assessment.dimensions." + dim
	m := r.mapping(path)
	label, _ := r.f.GetCellValue(at.sheet, workbook.Cell(colLabel, at.row))
	label = strings.TrimSpace(label)
	at.col = colScore
	if isIndicator {
		ipath := path + ".indicators." + ind
		r.register(ipath, at)
		if v := r.score(at, label); v != nil {
			set(child(m, "indicators", yaml.MappingNode), ind, v)
		}
		return
	}
	r.register(path, at)
	r.register(path+".score", at)
	if v := r.score(at, label); v != nil {
		set(m, "score", v)
	}
	at.col = colTarget
	r.register(path+".target", at)
	if v := r.value(at, field{kind: kindInt}, label+" target"); v != nil {
		set(m, "target", v)
	}
	at.col = colNote
	r.register(path+".note", at)
	if v := r.value(at, field{}, label+" note"); v != nil {
		set(m, "note", v)
	}
}

// score reads a score and checks it against the assessment's scale.
func (r *reader) score(at cellRef, label string) *yaml.Node {
	v := r.value(at, field{kind: kindNumber}, label)
	if v == nil || v.Tag == "!!str" {
		return v
	}
	lo, hi := 0.0, 100.0
	if r.scale == "1-5" {
		lo, hi = 1, 5
	}
	if n, _ := strconv.ParseFloat(v.Value, 64); n < lo || n > hi {
		r.add(at.problem("%s: score %s is outside %s–%s, the assessment's scale", label, v.Value, num(lo), num(hi)))
	}
	return v
}

// tableRow reads one row of a table; it reports whether the row held
// anything, so that empty rows leave no gap in the city file's lists.
func (r *reader) tableRow(at cellRef, t table, index int) bool {
	label := func(c field) string { return r.lang.Tables[t.key].Columns[c.key] }
	empty := true
	for i := range t.cols {
		at.col = colTable + i
		if r.peek(at) != "" {
			empty = false
		}
	}
	if empty {
		return false
	}
	item := fmt.Sprintf("%s[%d]", t.key, index)
	switch t.shape {
	case shapeValues:
		at.col = colTable
		r.register(item, at)
		seq := r.sequence(t.key)
		seq.Content = append(seq.Content, r.value(at, t.cols[0], label(t.cols[0])))
	case shapePairs:
		at.col = colTable
		name, _, _ := r.cell(at)
		if name == "" {
			r.add(at.problem("%s: give the name of the figure", label(t.cols[0])))
			return true
		}
		at.col = colTable + 1
		r.register(t.key+"."+name, at)
		m := r.mapping(t.key)
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == name {
				r.add(at.problem("%q is given twice", name))
				return true
			}
		}
		if v := r.value(at, t.cols[1], label(t.cols[1])); v != nil {
			set(m, name, v)
		} else {
			r.add(at.problem("%s: give a value for %q", label(t.cols[1]), name))
		}
	default:
		m := &yaml.Node{Kind: yaml.MappingNode}
		for i, c := range t.cols {
			at.col = colTable + i
			r.register(item+"."+c.key, at)
			if i == 0 {
				r.register(item, at)
			}
			if v := r.value(at, c, label(c)); v != nil {
				set(m, c.key, v)
			}
		}
		seq := r.sequence(t.key)
		seq.Content = append(seq.Content, m)
	}
	return true
}

// peek reads a cell without reporting anything, a formula without a
// value as its formula; a cell that cannot be read is reported when the
// row is read.
func (r *reader) peek(at cellRef) string {
	c := workbook.Cell(at.col, at.row)
	v, _ := r.f.GetCellValue(at.sheet, c, excelize.Options{RawCellValue: true})
	if v = strings.TrimSpace(v); v == "" {
		v, _ = r.f.GetCellFormula(at.sheet, c)
	}
	return v
}

// sequence returns the list at a dotted path, creating it.
func (r *reader) sequence(path string) *yaml.Node {
	m, key := r.parentOf(path)
	return child(m, key, yaml.SequenceNode)
}

// document wraps the values read in a commented city file.
func (r *reader) document(name string, version int) *yaml.Node {
	for i := 0; i+1 < len(r.root.Content); i += 2 {
		k := r.root.Content[i]
		if t := r.lang.Titles[k.Value]; t != "" {
			k.HeadComment = fmt.Sprintf("%s (sheet %s)", t, r.sheets[k.Value])
		}
	}
	head := fmt.Sprintf("City file read by citypath from the intake workbook %s\n(intake format %d, catalog %s). Each value's comment names the\ncell it came from; correct the workbook and read it again rather than\nediting this file, or edit this file and keep the workbook for the record.",
		name, version, r.cat.Meta.Release)
	return &yaml.Node{Kind: yaml.DocumentNode, HeadComment: head, Content: []*yaml.Node{r.root}}
}

func encode(doc *yaml.Node) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// leadingPath is the city file path a loader message starts with.
var leadingPath = regexp.MustCompile(`^([a-z_]+(?:\[\d+\])?(?:\.[a-z0-9_]+(?:\[\d+\])?)*)`)

// mapProblems places the loader's problems at the cells their values came
// from: at the path the message names when a cell is known for it (a
// missing value), else at the value the problem's position points to, else
// at the closest parent with a cell. A cell the reader has already
// reported keeps the reader's message only.
func (r *reader) mapProblems(out []byte, ps yamlx.Problems) {
	positions := map[yamlx.Pos]string{}
	lines := map[int]string{}
	if root, err := yamlx.Parse("", out); err == nil {
		walk(root, "", func(n *yaml.Node, path string) {
			positions[yamlx.Pos{Line: n.Line, Col: n.Column}] = path
			if _, seen := lines[n.Line]; !seen {
				lines[n.Line] = path
			}
		})
	}
	reported := map[string]bool{}
	for _, p := range r.problems {
		reported[p.Where()] = true
	}
	for _, p := range splitRequired(ps) {
		path, ok := positions[p.Pos]
		if !ok {
			path = lines[p.Pos.Line]
		}
		at, found := r.closest(path)
		if m := leadingPath.FindString(p.Msg); m != "" {
			if exact, ok := r.cells[m]; ok {
				at, found = exact, true
			}
		}
		if !found {
			r.add(Problem{Msg: p.Msg})
			continue
		}
		prob := at.problem("%s", p.Msg)
		if !reported[prob.Where()] {
			r.add(prob)
		}
	}
}

// register records the cell a path's value comes from, and makes it the
// cell of each parent that has none yet, so that a problem with a whole
// section or object ("strategy.team: ...") lands on its first input.
func (r *reader) register(path string, at cellRef) {
	r.cells[path] = at
	for {
		i := strings.LastIndexAny(path, ".[")
		if i <= 0 {
			return
		}
		path = path[:i]
		if _, ok := r.cells[path]; ok {
			return
		}
		r.cells[path] = at
	}
}

// requiredList is the schema's message for several missing keys of one
// object, e.g. "city.name, country, population is required".
var requiredList = regexp.MustCompile(`^((?:[a-z_]+(?:\[\d+\])?\.)*)([a-z_]+(?:, [a-z_]+)+) is required$`)

// splitRequired turns a message about several missing keys into one per
// key, so that each lands on its own cell.
func splitRequired(ps yamlx.Problems) yamlx.Problems {
	var out yamlx.Problems
	for _, p := range ps {
		m := requiredList.FindStringSubmatch(p.Msg)
		if m == nil {
			out = append(out, p)
			continue
		}
		for _, key := range strings.Split(m[2], ", ") {
			q := p
			q.Msg = m[1] + key + " is required"
			out = append(out, q)
		}
	}
	return out
}

// closest is the cell of path or of its closest parent.
func (r *reader) closest(path string) (cellRef, bool) {
	for path != "" {
		if at, ok := r.cells[path]; ok {
			return at, true
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	return cellRef{}, false
}

// walk calls fn with every key and value node and its city file path.
func walk(n *yaml.Node, path string, fn func(*yaml.Node, string)) {
	fn(n, path)
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := n.Content[i].Value
			if path != "" {
				p = path + "." + p
			}
			fn(n.Content[i], p)
			walk(n.Content[i+1], p, fn)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			walk(c, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}
