package yamlx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Schema is a compiled JSON Schema that checks decoded YAML files, so that
// the rules a schema declares (enums, ranges, patterns, required keys) are
// enforced from the one place editors read them too.
type Schema struct {
	s   *jsonschema.Schema
	raw any // the schema as JSON, to read a failing keyword's neighbours
	// RequiredEnumsOnly keeps "required" only for keys whose value is one
	// of an enum: for formats whose Go types mark optional keys loosely
	// (no omitempty), where the loader checks presence itself.
	RequiredEnumsOnly bool
}

// CompileSchema compiles a generated JSON Schema.
func CompileSchema(id string, raw []byte) (*Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", id, err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(id, doc); err != nil {
		return nil, err
	}
	s, err := c.Compile(id)
	if err != nil {
		return nil, err
	}
	return &Schema{s: s, raw: doc}, nil
}

var printer = message.NewPrinter(language.English)

// Validate checks a decoded file's node tree against the schema and
// returns a problem at the position of every failing value. Unknown keys
// and wrong types are the decoder's to report (with suggestions); they are
// left out here.
func (s *Schema) Validate(d *Doc) Problems {
	if d == nil || d.root == nil {
		return nil
	}
	err := s.s.Validate(instance(d.root))
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return nil
	}
	var ps Problems
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		switch k := e.ErrorKind.(type) {
		case *kind.AdditionalProperties, *kind.Type, *kind.FalseSchema:
			return
		case *kind.Required:
			if s.RequiredEnumsOnly {
				props, _ := s.keyword(e.SchemaURL)["properties"].(map[string]any)
				var enums []string
				for _, m := range k.Missing {
					if p, _ := props[m].(map[string]any); p["enum"] != nil {
						enums = append(enums, m)
					}
				}
				if len(enums) == 0 {
					return
				}
				e.ErrorKind = &kind.Required{Missing: enums}
			}
		}
		path, n := d.locate(e.InstanceLocation)
		ps = append(ps, d.problemAt(Pos{n.Line, n.Column}, s.message(e, path)))
	}
	walk(ve)
	return ps
}

// message says what is wrong in the words citypath uses elsewhere, with
// the field's description where a pattern alone would not say it.
func (s *Schema) message(e *jsonschema.ValidationError, path string) string {
	where := s.keyword(e.SchemaURL)
	num := func(key string) (string, bool) {
		v, ok := where[key].(json.Number)
		return string(v), ok
	}
	min, hasMin := num("minimum")
	max, hasMax := num("maximum")
	switch k := e.ErrorKind.(type) {
	case *kind.Minimum:
		if k.Want.Sign() == 0 {
			return describePath(path) + " must not be negative"
		}
		if hasMax {
			return fmt.Sprintf("%s: %s is outside %s-%s", describePath(path), k.Got.FloatString(0), min, max)
		}
		return fmt.Sprintf("%s: %s is below the minimum of %s", describePath(path), k.Got.FloatString(0), min)
	case *kind.Maximum:
		if hasMin {
			return fmt.Sprintf("%s: %s is outside %s-%s", describePath(path), k.Got.FloatString(0), min, max)
		}
		return fmt.Sprintf("%s: %s is above the limit of %s", describePath(path), k.Got.FloatString(0), max)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprint(w)
		}
		return fmt.Sprintf("%s: %q is not one of %s", describePath(path), fmt.Sprint(k.Got), strings.Join(want, ", "))
	case *kind.Pattern:
		msg := fmt.Sprintf("%s: %q does not have the form %s", describePath(path), k.Got, k.Want)
		if desc, ok := where["description"].(string); ok {
			msg += " (" + strings.TrimSuffix(desc, ".") + ")"
		}
		return msg
	case *kind.Required:
		props, _ := where["properties"].(map[string]any)
		if prop, _ := props[k.Missing[0]].(map[string]any); path == "" && len(k.Missing) == 1 && (prop["$ref"] != nil || prop["type"] == "object") {
			return fmt.Sprintf("section %q is missing", k.Missing[0])
		}
		return fmt.Sprintf("%s is required", join(path, strings.Join(k.Missing, ", ")))
	}
	return describePath(path) + ": " + e.ErrorKind.LocalizedString(printer)
}

// keyword returns the schema object a failing value was checked against,
// from the error's schema URL (".../$defs/City/properties/country").
func (s *Schema) keyword(url string) map[string]any {
	_, ptr, _ := strings.Cut(url, "#")
	v := s.raw
	for _, t := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if t == "" {
			continue
		}
		t = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[t]
	}
	m, _ := v.(map[string]any)
	return m
}

// locate walks a JSON pointer's tokens through the node tree and returns
// the dotted path and the node reached.
func (d *Doc) locate(tokens []string) (string, *yaml.Node) {
	n := d.root
	path := ""
	for _, t := range tokens {
		switch n.Kind {
		case yaml.MappingNode:
			_, val := mappingEntry(n, t)
			if val == nil {
				return path, n
			}
			n, path = val, join(path, t)
		case yaml.SequenceNode:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(n.Content) {
				return path, n
			}
			n, path = n.Content[i], fmt.Sprintf("%s[%d]", path, i)
		default:
			return path, n
		}
	}
	return path, n
}

// instance turns a node tree into the value a JSON parser would give for
// the same data. Values the decoder refuses (aliases, NaN) become null; the
// decoder reports them.
func instance(n *yaml.Node) any {
	switch n.Kind {
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = instance(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		l := make([]any, len(n.Content))
		for i, c := range n.Content {
			l[i] = instance(c)
		}
		return l
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil
		case "!!bool":
			var b bool
			if n.Decode(&b) == nil {
				return b
			}
		case "!!int":
			var i int64
			if n.Decode(&i) == nil {
				return json.Number(strconv.FormatInt(i, 10))
			}
			return nil
		case "!!float":
			var f float64
			if n.Decode(&f) == nil && !math.IsNaN(f) && !math.IsInf(f, 0) {
				return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
			}
			return nil
		}
		return n.Value
	}
	return nil
}
