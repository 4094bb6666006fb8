package batch

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"go.yaml.in/yaml/v3"

	"github.com/citypath/citypath/city"
	"github.com/citypath/citypath/internal/yamlx"
)

// MaxTableSize bounds a table file: a national run's table of some
// thousands of rows is a few megabytes.
const MaxTableSize = 64 << 20

// A table's header names, per column, the key of the city file its cells
// fill, as a dotted path (city.population,
// assessment.dimensions.governance.score, assets.municipal_buildings).
// Lists are one cell: items separated by ';', and for focus areas
// ID:PRIORITY, for the state of play INITIATIVE:STATUS[:SINCE]. A bare
// dimension id is the dimension's score; the column id names the city's
// output folder (else city.name does).
const (
	idColumn      = "id"
	listSeparator = ";"
)

// cell is one value of a row with where it was written.
type cell struct {
	value     string
	row, col  int
	reference string // "Sheet1!C7" in a workbook, "" in a CSV file
}

// column is a header cell resolved against the city file's types.
type column struct {
	path []string // keys from the document root
	kind columnKind
}

type columnKind int

const (
	scalarColumn columnKind = iota
	stringColumn
	numberColumn
	boolColumn
	stringListColumn
	focusAreasColumn
	inPlaceColumn
	idOnlyColumn
)

func readCSV(env Env, path string) ([]Entry, error) {
	data, err := readTable(path)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	var rows [][]cell
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, yamlx.Problems{{File: path, Pos: yamlx.Pos{Line: pe.Line, Col: pe.Column}, Msg: "CSV: " + pe.Err.Error()}}
			}
			return nil, inputErrorf("%s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		row := make([]cell, len(rec))
		for i, v := range rec {
			row[i] = cell{value: v, row: line, col: i + 1}
		}
		rows = append(rows, row)
	}
	return tableEntries(env, path, rows)
}

func readXLSX(env Env, path string) ([]Entry, error) {
	data, err := readTable(path)
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		return nil, inputErrorf("%s: not a readable workbook: %v", path, err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	values, err := f.GetRows(sheet)
	if err != nil {
		return nil, inputErrorf("%s: %v", path, err)
	}
	var rows [][]cell
	for r, rec := range values {
		row := make([]cell, len(rec))
		for c, v := range rec {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			row[c] = cell{value: v, row: r + 1, col: c + 1, reference: sheet + "!" + ref}
		}
		rows = append(rows, row)
	}
	return tableEntries(env, path, rows)
}

// readTable reads a table file whole, refusing anything but a regular
// file within MaxTableSize.
func readTable(path string) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, inputErrorf("%s: %v", path, errors.Unwrap(err))
	}
	if !st.Mode().IsRegular() {
		return nil, inputErrorf("%s: not a regular file", path)
	}
	if st.Size() > MaxTableSize {
		return nil, inputErrorf("%s: the table is %d MB; the limit is %d MB", path, st.Size()>>20, MaxTableSize>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, inputErrorf("%s: %v", path, err)
	}
	return data, nil
}

// tableEntries turns a header row and the rows under it into cities. A
// header problem stops the batch (every row would fail the same way), with
// every such problem at once.
func tableEntries(env Env, path string, rows [][]cell) ([]Entry, error) {
	if len(rows) == 0 {
		return nil, inputErrorf("%s: the table is empty; its first row names the columns", path)
	}
	header := rows[0]
	columns := make([]column, len(header))
	var problems yamlx.Problems
	seen := map[string]int{}
	idCol, nameCol := -1, -1
	for i, h := range header {
		name := strings.TrimSpace(h.value)
		col, err := resolveColumn(name)
		switch {
		case name == "":
			err = fmt.Errorf("the column has no name; name it after a city file key such as city.name")
		case err == nil && seen[strings.Join(col.path, ".")] > 0:
			err = fmt.Errorf("column %q repeats column %d", name, seen[strings.Join(col.path, ".")])
		}
		if err != nil {
			problems = append(problems, tableProblem(path, h, err.Error()))
			continue
		}
		seen[strings.Join(col.path, ".")] = i + 1
		columns[i] = col
		switch strings.Join(col.path, ".") {
		case idColumn:
			idCol = i
		case "city.name":
			nameCol = i
		}
	}
	if err := problems.Err(); err != nil {
		return nil, err
	}
	var defaults *yaml.Node
	defaultsName := ""
	if env.Defaults != nil {
		defaultsName = env.Defaults.Name
		node, err := yamlx.Parse(env.Defaults.Name, env.Defaults.Data)
		if err != nil {
			return nil, err
		}
		if node.Kind != yaml.MappingNode {
			return nil, yamlx.Problems{{File: env.Defaults.Name, Pos: yamlx.Pos{Line: node.Line, Col: node.Column}, Msg: "the defaults file must be a mapping, as a city file is"}}
		}
		defaults = node
	}
	var entries []Entry
	for _, row := range rows[1:] {
		if blank(row) {
			continue
		}
		for len(row) > len(header) && strings.TrimSpace(row[len(row)-1].value) == "" {
			row = row[:len(row)-1] // empty cells past the last column are no data
		}
		if len(row) > len(header) {
			extra := row[len(header)]
			entries = append(entries, Entry{Source: path, Position: extra.row, Row: extra.row, Folder: fmt.Sprintf("row-%d", extra.row),
				Open: func() (City, error) {
					return City{}, yamlx.Problems{tableProblem(path, extra, fmt.Sprintf("the row has %d cells but the header names %d columns", len(row), len(header)))}
				}})
			continue
		}
		folder := ""
		for _, i := range []int{idCol, nameCol} {
			if i >= 0 && i < len(row) && strings.TrimSpace(row[i].value) != "" {
				folder = Slug(strings.TrimSpace(row[i].value))
				break
			}
		}
		rowNum := row[0].row
		entries = append(entries, Entry{Source: path, Position: rowNum, Row: rowNum, Folder: folder,
			Open: func() (City, error) { return rowCity(path, row, columns, defaults, defaultsName) }})
	}
	if len(entries) == 0 {
		return nil, inputErrorf("%s: the table has a header but no rows", path)
	}
	return entries, nil
}

func blank(row []cell) bool {
	for _, c := range row {
		if strings.TrimSpace(c.value) != "" {
			return false
		}
	}
	return true
}

// tableProblem is a problem at a cell: file:row:column, and the cell's
// name in a workbook.
func tableProblem(file string, c cell, msg string) yamlx.Problem {
	if c.reference != "" {
		msg = c.reference + ": " + msg
	}
	return yamlx.Problem{File: file, Pos: yamlx.Pos{Line: c.row, Col: c.col}, Msg: msg}
}

var fileType = reflect.TypeFor[city.File]()

// resolveColumn finds the city file key a header names and how its cells
// are written.
func resolveColumn(name string) (column, error) {
	if name == idColumn {
		return column{path: []string{idColumn}, kind: idOnlyColumn}, nil
	}
	path := strings.Split(name, ".")
	if len(path) == 1 && !hasYAMLField(fileType, name) {
		// A bare dimension id: LORDIMAS results come as one score per
		// dimension.
		path = []string{"assessment", "dimensions", name, "score"}
	}
	t := fileType
	for i, key := range path {
		if key == "" {
			return column{}, fmt.Errorf("column %q: an empty key", name)
		}
		switch t.Kind() {
		case reflect.Struct:
			f, ok := yamlField(t, key)
			if !ok {
				return column{}, fmt.Errorf("column %q: %q is not a key of %s%s", name, key, describe(path[:i]), yamlx.Suggest(key, yamlKeys(t)))
			}
			t = f.Type
		case reflect.Map:
			t = t.Elem()
		default:
			return column{}, fmt.Errorf("column %q: %s holds no keys", name, describe(path[:i]))
		}
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	col := column{path: path}
	switch {
	case t == reflect.TypeFor[[]city.FocusArea]():
		col.kind = focusAreasColumn
	case t == reflect.TypeFor[[]city.InPlace]():
		col.kind = inPlaceColumn
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		col.kind = stringListColumn
	case t.Kind() == reflect.String:
		col.kind = stringColumn
	case t.Kind() == reflect.Bool:
		col.kind = boolColumn
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64:
		col.kind = numberColumn
	default:
		return column{}, fmt.Errorf("column %q: %s is a section, not a value; name one of its keys, such as %s.%s", name, describe(path), name, firstKey(t))
	}
	return col, nil
}

func describe(path []string) string {
	if len(path) == 0 {
		return "a city file"
	}
	return strings.Join(path, ".")
}

func yamlField(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ","); tag == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func hasYAMLField(t reflect.Type, key string) bool { _, ok := yamlField(t, key); return ok }

func yamlKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" && tag != "-" {
			keys = append(keys, tag)
		}
	}
	return keys
}

func firstKey(t reflect.Type) string {
	if t.Kind() == reflect.Struct {
		if keys := yamlKeys(t); len(keys) > 0 {
			return keys[0]
		}
	}
	return "KEY"
}

// origin is where a line of a generated city file came from.
type origin struct {
	file     string
	pos      yamlx.Pos
	cellName string
}

// rowCity writes the city file of one row: the defaults, with the row's
// cells put in, and remembers where each line came from so that problems
// are reported at the row's cells or the defaults' lines.
func rowCity(path string, row []cell, columns []column, defaults *yaml.Node, defaultsName string) (City, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	origins := map[*yaml.Node]origin{}
	if defaults != nil {
		doc = cloneNode(defaults, defaultsName, origins)
	}
	rowOrigin := origin{file: path, pos: yamlx.Pos{Line: row[0].row, Col: 1}}
	for i, c := range row {
		v := strings.TrimSpace(c.value)
		if v == "" || columns[i].kind == idOnlyColumn {
			continue
		}
		o := origin{file: path, pos: yamlx.Pos{Line: c.row, Col: c.col}, cellName: c.reference}
		node, err := cellNode(columns[i].kind, v)
		if err != nil {
			return City{}, yamlx.Problems{tableProblem(path, c, fmt.Sprintf("%s: %v", strings.Join(columns[i].path, "."), err))}
		}
		mark(node, o, origins)
		set(doc, columns[i].path, node, o, origins)
	}
	e := &emitter{origins: origins}
	e.block(doc, 0)
	name := fmt.Sprintf("%s:%d", path, row[0].row)
	return City{Name: name, Data: e.buf.Bytes(), Locate: func(ps yamlx.Problems) yamlx.Problems {
		out := make(yamlx.Problems, 0, len(ps))
		for _, p := range ps {
			if p.File == name {
				o := rowOrigin
				if p.Pos.Line >= 1 && p.Pos.Line <= len(e.lines) && p.Pos != (yamlx.Pos{Line: 1, Col: 1}) {
					o = e.lines[p.Pos.Line-1]
				}
				p.File, p.Pos, p.Source = o.file, o.pos, ""
				if o.cellName != "" {
					p.Msg = o.cellName + ": " + p.Msg
				}
			}
			out = append(out, p)
		}
		if err := out.Err(); err != nil {
			return err.(yamlx.Problems)
		}
		return nil
	}}, nil
}

// cellNode reads a cell as the YAML its column takes. A number or yes/no
// cell that is not one is kept as text, for the city loader to report
// against the schema at the cell.
func cellNode(kind columnKind, v string) (*yaml.Node, error) {
	switch kind {
	case numberColumn:
		if _, err := strconv.ParseFloat(v, 64); err == nil && !strings.ContainsAny(v, "xXpP_") {
			tag := "!!float"
			if _, err := strconv.ParseInt(v, 10, 64); err == nil {
				tag = "!!int"
			}
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: v}, nil
		}
	case boolColumn:
		switch strings.ToLower(v) {
		case "true", "yes", "y", "1":
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"}, nil
		case "false", "no", "n", "0":
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"}, nil
		}
	case stringListColumn, focusAreasColumn, inPlaceColumn:
		seq := &yaml.Node{Kind: yaml.SequenceNode}
		for item := range strings.SplitSeq(v, listSeparator) {
			item = strings.TrimSpace(item)
			if item == "" {
				continue
			}
			n, err := listItem(kind, item)
			if err != nil {
				return nil, err
			}
			seq.Content = append(seq.Content, n)
		}
		return seq, nil
	}
	return str(v), nil
}

func listItem(kind columnKind, item string) (*yaml.Node, error) {
	parts := strings.Split(item, ":")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	switch kind {
	case focusAreasColumn:
		if len(parts) != 2 {
			return nil, fmt.Errorf("%q: write a focus area as ID:PRIORITY, e.g. mobility:4", item)
		}
		prio, _ := cellNode(numberColumn, parts[1])
		return mapping("id", str(parts[0]), "priority", prio), nil
	case inPlaceColumn:
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("%q: write the state of play as INITIATIVE:STATUS or INITIATIVE:STATUS:SINCE, e.g. gis-platform:done:2021", item)
		}
		n := mapping("initiative", str(parts[0]), "status", str(parts[1]))
		if len(parts) == 3 {
			n.Content = append(n.Content, str("since"), str(parts[2]))
		}
		return n, nil
	}
	return str(item), nil
}

func str(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

func mapping(kv ...any) *yaml.Node {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i < len(kv); i += 2 {
		n.Content = append(n.Content, str(kv[i].(string)), kv[i+1].(*yaml.Node))
	}
	return n
}

// mark records o as the origin of n and everything in it.
func mark(n *yaml.Node, o origin, origins map[*yaml.Node]origin) {
	origins[n] = o
	for _, c := range n.Content {
		mark(c, o, origins)
	}
}

// cloneNode copies the defaults, recording each node's position there.
func cloneNode(n *yaml.Node, file string, origins map[*yaml.Node]origin) *yaml.Node {
	c := &yaml.Node{Kind: n.Kind, Tag: n.ShortTag(), Value: n.Value}
	origins[c] = origin{file: file, pos: yamlx.Pos{Line: n.Line, Col: n.Column}}
	for _, k := range n.Content {
		c.Content = append(c.Content, cloneNode(k, file, origins))
	}
	return c
}

// set puts value at path in the mapping doc, making the mappings on the
// way, and replacing what the defaults had there.
func set(doc *yaml.Node, path []string, value *yaml.Node, o origin, origins map[*yaml.Node]origin) {
	n := doc
	for i, key := range path {
		var next *yaml.Node
		if n.Kind != yaml.MappingNode { // the defaults had a value here: the cell wins
			n.Kind, n.Tag, n.Value, n.Content = yaml.MappingNode, "", "", nil
		}
		for j := 0; j+1 < len(n.Content); j += 2 {
			if n.Content[j].Value == key {
				next = n.Content[j+1]
				if i == len(path)-1 {
					n.Content[j+1] = value
				}
				break
			}
		}
		if next == nil {
			k := str(key)
			origins[k] = o
			next = value
			if i < len(path)-1 {
				next = &yaml.Node{Kind: yaml.MappingNode}
				origins[next] = o
			}
			n.Content = append(n.Content, k, next)
		}
		n = next
	}
}

// emitter writes a node tree as block YAML, one value per line, and
// records the origin of each line.
type emitter struct {
	buf     bytes.Buffer
	lines   []origin
	origins map[*yaml.Node]origin
}

func (e *emitter) line(indent int, text string, o origin) {
	e.buf.WriteString(strings.Repeat("  ", indent))
	e.buf.WriteString(text)
	e.buf.WriteByte('\n')
	e.lines = append(e.lines, o)
}

func (e *emitter) block(n *yaml.Node, indent int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			key := e.flow(k)
			if (v.Kind == yaml.MappingNode || v.Kind == yaml.SequenceNode) && len(v.Content) > 0 {
				e.line(indent, key+":", e.origins[k])
				e.block(v, indent+1)
				continue
			}
			e.line(indent, key+": "+e.flow(v), e.origins[v])
		}
	case yaml.SequenceNode:
		for _, item := range n.Content {
			e.line(indent, "- "+e.flow(item), e.origins[item])
		}
	default:
		e.line(indent, e.flow(n), e.origins[n])
	}
}

// flow writes a node on one line.
func (e *emitter) flow(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		parts := make([]string, 0, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			parts = append(parts, e.flow(n.Content[i])+": "+e.flow(n.Content[i+1]))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case yaml.SequenceNode:
		parts := make([]string, 0, len(n.Content))
		for _, c := range n.Content {
			parts = append(parts, e.flow(c))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	switch n.Tag {
	case "!!int", "!!float", "!!bool", "!!null":
		return n.Value
	}
	b, _ := json.Marshal(n.Value) // JSON's string syntax is YAML's
	return string(b)
}
