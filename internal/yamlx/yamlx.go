// Package yamlx decodes YAML strictly and remembers where every value stood.
//
// go.yaml.in/yaml/v3 can reject unknown keys, but its errors carry a line and
// no column, stop at the first syntax problem, and forget positions once the
// value is decoded. citypath promises users file:line:col for every problem,
// all problems at once, so this package walks the yaml.Node tree itself and
// records a position for every path it decodes.
package yamlx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits on every file decoded here. City files and catalog entries are a
// few kilobytes; anything near these limits is a mistake, and refusing it
// before any work keeps time and memory bounded. They are part of the
// documented contract (README, "Limits").
const (
	// MaxFileSize is the largest YAML file accepted, in bytes; it is
	// checked while reading, so a larger file is never read whole.
	MaxFileSize = 2 << 20
	// MaxText is the longest text value, in characters, unless the field's
	// jsonschema tag gives a smaller maxLength.
	MaxText = 10000
	// MaxKey is the longest mapping key, in characters.
	MaxKey = 100
	// MaxMagnitude bounds every number: larger values are refused, as are
	// NaN and infinities, so sums and JSON output stay finite.
	MaxMagnitude = 1e15
)

// Pos is a 1-based line and column in a file.
type Pos struct {
	Line int
	Col  int
}

// Problem is one thing wrong with an input file, at a position.
type Problem struct {
	File string
	Pos  Pos
	Msg  string
	// Severity is "error" (also when empty) or "warning".
	Severity string
	// Source is the text of the line at Pos, when known, for showing the
	// line with a caret under the column.
	Source string
}

// Level is the problem's severity, "error" unless it says otherwise.
func (p Problem) Level() string {
	if p.Severity == "" {
		return "error"
	}
	return p.Severity
}

// SourceLine returns line n (1-based) of data without its line break, or
// "" when there is no such line. Long lines are cut, so that a message
// stays readable whatever the input.
func SourceLine(data []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(data, '\n')
		if j < 0 {
			return ""
		}
		data = data[j+1:]
	}
	if j := bytes.IndexByte(data, '\n'); j >= 0 {
		data = data[:j]
	}
	line := strings.TrimSuffix(string(data), "\r")
	cut := len(line) > maxSourceLine
	if cut {
		line = line[:maxSourceLine]
	}
	// The line is shown on a terminal: nothing in it may act on one.
	line = strings.Map(func(r rune) rune {
		if r == '\t' {
			return ' '
		}
		if controlIn(string(r)) >= 0 || notInYAML(r) {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(line, "\uFFFD"))
	if cut {
		line += "…"
	}
	return line
}

// maxSourceLine is the longest source line shown with a problem, in bytes.
const maxSourceLine = 300

func (p Problem) Error() string {
	return fmt.Sprintf("%s:%d:%d: %s", p.File, p.Pos.Line, p.Pos.Col, p.Msg)
}

// Problems is every problem found in one pass, sorted by file and position.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Sort orders problems by file, line, column and message.
func (ps Problems) Sort() {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line < b.Pos.Line
		}
		if a.Pos.Col != b.Pos.Col {
			return a.Pos.Col < b.Pos.Col
		}
		return a.Msg < b.Msg
	})
}

// Err returns nil when there are no problems, so callers can return it
// directly. A problem found twice (by the schema and a check) is kept once.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	ps.Sort()
	out := ps[:1]
	for _, p := range ps[1:] {
		if last := out[len(out)-1]; p.File != last.File || p.Pos != last.Pos || p.Msg != last.Msg {
			out = append(out, p)
		}
	}
	return out
}

// AsProblems extracts the problems from err, if it carries any.
func AsProblems(err error) (Problems, bool) {
	var ps Problems
	if errors.As(err, &ps) {
		return ps, true
	}
	var p Problem
	if errors.As(err, &p) {
		return Problems{p}, true
	}
	return nil, false
}

// Doc is a decoded file: its name and its node tree. Positions are looked
// up in the tree only when a problem needs one, which keeps decoding cheap.
type Doc struct {
	File string
	root *yaml.Node
	// data is parsed on first use when the doc was made by NewDoc.
	data []byte
	once sync.Once
}

// NewDoc returns a doc for a file whose values were decoded some other way
// (a precompiled snapshot); its text is parsed only if a position is asked for.
func NewDoc(file string, data []byte) *Doc {
	return &Doc{File: file, data: data}
}

// Has reports whether a value stands at path, such as
// "strategy.focus_areas[1].priority".
func (d *Doc) Has(path string) bool {
	_, found := d.lookup(path)
	return found
}

// At returns where the value at path starts, or with a "#key" suffix where
// its key starts. A path that is not there falls back to its closest
// parent, so a missing value is reported where it should have been.
func (d *Doc) At(path string) Pos {
	n, _ := d.lookup(path)
	return Pos{n.Line, n.Column}
}

// lookup walks path through the tree and returns the node it reaches, or the
// last node on the way and false.
func (d *Doc) lookup(path string) (*yaml.Node, bool) {
	d.once.Do(func() {
		if d.root == nil && d.data != nil {
			d.root, _ = Parse(d.File, d.data)
		}
	})
	n := d.root
	if n == nil {
		return &yaml.Node{Line: 1, Column: 1}, false
	}
	wantKey := strings.HasSuffix(path, "#key")
	path = strings.TrimSuffix(path, "#key")
	if path == "" {
		return n, true
	}
	segs := strings.Split(path, ".")
	for si, seg := range segs {
		name, indices, _ := strings.Cut(seg, "[")
		if name != "" {
			key, val := mappingEntry(n, name)
			if val == nil {
				return n, false
			}
			n = val
			if wantKey && indices == "" && si == len(segs)-1 {
				n = key
			}
		}
		for indices != "" {
			idx, rest, _ := strings.Cut(indices, "]")
			indices = strings.TrimPrefix(rest, "[")
			i, err := strconv.Atoi(idx)
			if err != nil || n.Kind != yaml.SequenceNode || i < 0 || i >= len(n.Content) {
				return n, false
			}
			n = n.Content[i]
		}
	}
	return n, true
}

func mappingEntry(n *yaml.Node, name string) (key, val *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == name {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// Problem builds a problem located at path.
func (d *Doc) Problem(path, format string, args ...any) Problem {
	return d.problemAt(d.At(path), fmt.Sprintf(format, args...))
}

func (d *Doc) problemAt(pos Pos, msg string) Problem {
	return Problem{File: d.File, Pos: pos, Msg: msg, Source: SourceLine(d.data, pos.Line)}
}

var lineRe = regexp.MustCompile(`line (\d+)(?:, column (\d+))?`)

// Parse checks that data is a readable YAML document and returns its root node.
// It never panics on garbage: binary data, invalid UTF-8 and oversize input
// come back as problems with a position.
func Parse(file string, data []byte) (*yaml.Node, error) {
	if len(data) > MaxFileSize {
		return nil, Problems{{File: file, Pos: Pos{1, 1}, Msg: fmt.Sprintf("file is %s; the limit is %s", humanBytes(len(data)), humanBytes(MaxFileSize))}}
	}
	if pos, bad := firstBadByte(data); bad != "" {
		return nil, Problems{{File: file, Pos: pos, Msg: bad + "; is this a YAML text file?", Source: SourceLine(data, pos.Line)}}
	}
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&root)
	if errors.Is(err, io.EOF) {
		return nil, Problems{{File: file, Pos: Pos{1, 1}, Msg: "file is empty"}}
	}
	if err == nil {
		var second yaml.Node
		if err2 := dec.Decode(&second); !errors.Is(err2, io.EOF) {
			pos := Pos{second.Line, second.Column}
			if err2 != nil || pos.Line == 0 {
				pos = Pos{1, 1}
				if m := lineRe.FindStringSubmatch(fmt.Sprint(err2)); m != nil {
					pos.Line, _ = strconv.Atoi(m[1])
				}
			}
			return nil, Problems{{File: file, Pos: pos, Msg: "a second YAML document starts here; a file holds exactly one", Source: SourceLine(data, pos.Line)}}
		}
	}
	if err != nil {
		pos := Pos{1, 1}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := lineRe.FindStringSubmatch(msg); m != nil {
			pos.Line, _ = strconv.Atoi(m[1])
			if m[2] != "" {
				pos.Col, _ = strconv.Atoi(m[2])
			}
			msg = strings.TrimSpace(lineRe.ReplaceAllString(msg, ""))
			msg = strings.TrimPrefix(strings.TrimPrefix(msg, ":"), " ")
		}
		return nil, Problems{{File: file, Pos: pos, Msg: "YAML syntax: " + msg, Source: SourceLine(data, pos.Line)}}
	}
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		return root.Content[0], nil
	}
	return nil, Problems{{File: file, Pos: Pos{1, 1}, Msg: "file is empty"}}
}

func firstBadByte(data []byte) (Pos, string) {
	line, col := 1, 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return Pos{line, col}, fmt.Sprintf("invalid UTF-8 byte 0x%02x", data[i])
		case r == 0 || (r < 0x20 && r != '\n' && r != '\r' && r != '\t'):
			return Pos{line, col}, fmt.Sprintf("control character U+%04X", r)
		case notInYAML(r):
			return Pos{line, col}, fmt.Sprintf("character U+%04X is not allowed in YAML", r)
		case r == '\n':
			line, col = line+1, 1
		default:
			col++
		}
		i += size
	}
	return Pos{}, ""
}

// notInYAML reports runes outside YAML's printable set (C1 controls but
// NEL, surrogates, U+FFFE and U+FFFF), which the parser refuses without a
// position.
func notInYAML(r rune) bool {
	return r == 0x7F || (r >= 0x80 && r <= 0x9F && r != 0x85) || (r >= 0xD800 && r <= 0xDFFF) || r == 0xFFFE || r == 0xFFFF
}

// controlIn returns the first control character in a decoded text value
// other than tab and newline, such as an escaped "\x1b" that would reach a
// terminal or a document, or -1.
func controlIn(s string) rune {
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7F || (r >= 0x80 && r <= 0x9F) || r == 0xFFFE || r == 0xFFFF {
			return r
		}
	}
	return -1
}

func humanBytes(n int) string {
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// Unmarshal parses data and decodes it strictly into v.
func Unmarshal(file string, data []byte, v any) (*Doc, error) {
	root, err := Parse(file, data)
	if err != nil {
		return nil, err
	}
	return decode(&Doc{File: file, root: root, data: data}, root, v)
}

// Decode fills v, a pointer to a struct, from node. Every unknown key, wrong
// type and duplicate key is reported; decoding continues past each problem.
func Decode(file string, node *yaml.Node, v any) (*Doc, error) {
	return decode(&Doc{File: file, root: node}, node, v)
}

func decode(doc *Doc, node *yaml.Node, v any) (*Doc, error) {
	d := &decoder{doc: doc, limits: limits{maxLen: MaxText}}
	d.value(node, reflect.ValueOf(v).Elem(), "")
	return d.doc, d.problems.Err()
}

type decoder struct {
	doc      *Doc
	problems Problems
	limits   limits // of the field being decoded
}

func (d *decoder) fail(n *yaml.Node, format string, args ...any) {
	d.problems = append(d.problems, d.doc.problemAt(Pos{n.Line, n.Column}, fmt.Sprintf(format, args...)))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// Unmarshaler is implemented by types that decode themselves from a node,
// such as values that accept either a number or a mapping.
type Unmarshaler interface {
	UnmarshalYAMLNode(n *yaml.Node) error
}

var unmarshalerType = reflect.TypeOf((*Unmarshaler)(nil)).Elem()

func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode {
		d.fail(n, "anchors and aliases are not supported; write the value out")
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		if err := v.Addr().Interface().(Unmarshaler).UnmarshalYAMLNode(n); err != nil {
			d.fail(n, "%s", err)
		}
		return
	}
	if n.Tag == "!!null" && n.Kind == yaml.ScalarNode {
		// An explicit null leaves the zero value; "key:" with nothing is common.
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem(), path)
	case reflect.Struct:
		d.structValue(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(n, "%s: expected a list, got %s", describePath(path), describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.value(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.fail(n, "%s: expected a mapping, got %s", describePath(path), describe(n))
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode {
				d.fail(k, "%s: keys must be plain words", describePath(path))
				continue
			}
			if seen[k.Value] {
				d.fail(k, "%s: key %q appears twice", describePath(path), k.Value)
				continue
			}
			if utf8.RuneCountInString(k.Value) > MaxKey || controlIn(k.Value) >= 0 {
				d.fail(k, "%s: a key must be at most %d characters without control characters", describePath(path), MaxKey)
				continue
			}
			seen[k.Value] = true
			key := reflect.New(v.Type().Key()).Elem()
			if err := k.Decode(key.Addr().Interface()); err != nil {
				d.fail(k, "%s: bad key %q", describePath(path), k.Value)
				continue
			}
			elem := reflect.New(v.Type().Elem()).Elem()
			sub := join(path, k.Value)
			d.value(val, elem, sub)
			m.SetMapIndex(key, elem)
		}
		v.Set(m)
	default:
		d.scalar(n, v, path)
	}
}

func (d *decoder) structValue(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, "%s: expected a mapping of keys, got %s", describePath(path), describe(n))
		return
	}
	fields := fieldsOf(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		idx, ok := fields.index[k.Value]
		if !ok {
			d.fail(k, "%s: unknown key %q%s", describePath(path), k.Value, suggest(k.Value, fields.names))
			continue
		}
		if seen[k.Value] {
			d.fail(k, "%s: key %q appears twice", describePath(path), k.Value)
			continue
		}
		seen[k.Value] = true
		sub := join(path, k.Value)
		saved := d.limits
		d.limits = fields.limits[idx]
		d.value(val, v.Field(idx), sub)
		d.limits = saved
	}
}

func (d *decoder) scalar(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, "%s: expected %s, got %s", describePath(path), kindName(v.Type()), describe(n))
		return
	}
	switch v.Kind() {
	case reflect.String:
		if n.Tag != "!!str" && n.Style == 0 && (n.Tag == "!!map" || n.Tag == "!!seq") {
			d.fail(n, "%s: expected text, got %s", describePath(path), describe(n))
			return
		}
		if r := controlIn(n.Value); r >= 0 {
			d.fail(n, "%s: control character U+%04X in text", describePath(path), r)
			return
		}
		if limit := d.limits.maxLen; utf8.RuneCountInString(n.Value) > limit {
			d.fail(n, "%s: text of %d characters; the limit is %d", describePath(path), utf8.RuneCountInString(n.Value), limit)
			return
		}
		v.SetString(n.Value)
		return
	case reflect.Bool:
		if n.Tag != "!!bool" {
			d.fail(n, "%s: expected true or false, got %q", describePath(path), n.Value)
			return
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		if n.Tag != "!!int" {
			d.fail(n, "%s: expected a whole number, got %q", describePath(path), n.Value)
			return
		}
	case reflect.Float64, reflect.Float32:
		if n.Tag != "!!int" && n.Tag != "!!float" {
			d.fail(n, "%s: expected a number, got %q", describePath(path), n.Value)
			return
		}
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		d.fail(n, "%s: expected %s, got %q", describePath(path), kindName(v.Type()), n.Value)
		return
	}
	var f float64
	switch v.Kind() {
	case reflect.Float64, reflect.Float32:
		f = v.Float()
	case reflect.Int, reflect.Int64, reflect.Int32:
		f = float64(v.Int())
	default:
		return
	}
	l := d.limits
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > MaxMagnitude:
		d.fail(n, "%s: %s is not a finite number within ±%s", describePath(path), n.Value, number(MaxMagnitude))
	case l.hasMax && f > l.max && l.hasMin:
		d.fail(n, "%s: %s is outside %s-%s", describePath(path), n.Value, number(l.min), number(l.max))
	case l.hasMax && f > l.max:
		d.fail(n, "%s: %s is above the limit of %s", describePath(path), n.Value, number(l.max))
	}
}

type fieldSet struct {
	index  map[string]int
	names  []string
	limits map[int]limits // field index → its limits, from its jsonschema tag
}

// limits are the bounds a field's jsonschema tag declares (maxLength,
// maximum; minimum only to phrase messages), checked while decoding so
// that the schema editors see and the decoder agree. They apply to the
// field's value and, for a list or mapping, to each of its elements.
type limits struct {
	maxLen         int
	min, max       float64
	hasMin, hasMax bool
}

// number writes a limit as people write it: 100000000, not 1e+08.
func number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func tagLimits(tag string) limits {
	l := limits{maxLen: MaxText}
	for _, opt := range strings.Split(tag, ",") {
		key, val, _ := strings.Cut(opt, "=")
		f, err := strconv.ParseFloat(val, 64)
		if err != nil {
			continue
		}
		switch key {
		case "maxLength":
			l.maxLen = min(int(f), MaxText)
		case "minimum":
			l.min, l.hasMin = f, true
		case "maximum":
			l.max, l.hasMax = f, true
		}
	}
	return l
}

var fieldCache sync.Map // reflect.Type → fieldSet

func fieldsOf(t reflect.Type) fieldSet {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(fieldSet)
	}
	fs := fieldsOfType(t)
	fieldCache.Store(t, fs)
	return fs
}

func fieldsOfType(t reflect.Type) fieldSet {
	fs := fieldSet{index: map[string]int{}, limits: map[int]limits{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name := strings.Split(f.Tag.Get("yaml"), ",")[0]
		if name == "-" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fs.index[name] = i
		fs.names = append(fs.names, name)
		fs.limits[i] = tagLimits(f.Tag.Get("jsonschema"))
	}
	sort.Strings(fs.names)
	return fs
}

func describePath(path string) string {
	if path == "" {
		return "top level"
	}
	return path
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if len(n.Value) > 40 {
			return strconv.Quote(n.Value[:40] + "…")
		}
		return strconv.Quote(n.Value)
	}
	return "something else"
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "a whole number"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping"
	}
	return t.String()
}

// Suggest proposes the closest allowed value, so "populaton" points at
// "population", for messages about unknown ids as well as unknown keys.
func Suggest(got string, allowed []string) string { return suggest(got, allowed) }

// suggest proposes the closest allowed key, so "populaton" points at "population".
func suggest(got string, allowed []string) string {
	best, bestDist := "", 4
	for _, a := range allowed {
		if dist := levenshtein(got, a); dist < bestDist {
			best, bestDist = a, dist
		}
	}
	if best != "" {
		return fmt.Sprintf("; did you mean %q?", best)
	}
	if len(allowed) <= 12 {
		return "; allowed: " + strings.Join(allowed, ", ")
	}
	return ""
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// Join merges the problems carried by several errors into one report. An
// error that carries no problems is returned as it is, since it is not about
// the input.
func Join(errs ...error) error {
	var all Problems
	for _, err := range errs {
		if err == nil {
			continue
		}
		ps, ok := AsProblems(err)
		if !ok {
			return err
		}
		all = append(all, ps...)
	}
	return all.Err()
}

// JoinChecks merges decoding problems with the problems semantic checks
// found in the same file. A value that failed to decode was checked as its
// zero value, so a check problem at the same position only repeats the
// decoding problem in other words; it is dropped.
func JoinChecks(decodeErr, checkErr error) error {
	decoded, _ := AsProblems(decodeErr)
	checked, ok := AsProblems(checkErr)
	if checkErr != nil && !ok {
		return checkErr
	}
	at := map[Pos]bool{}
	for _, p := range decoded {
		at[p.Pos] = true
	}
	all := append(Problems{}, decoded...)
	for _, p := range checked {
		if !at[p.Pos] {
			all = append(all, p)
		}
	}
	if decodeErr != nil && len(decoded) == 0 {
		return decodeErr
	}
	return all.Err()
}
