package yamlx_test

import (
	"strings"
	"testing"

	"github.com/citypath/citypath/internal/yamlx"
)

const testSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["name", "size"],
  "properties": {
    "name": {"type": "string", "pattern": "^[a-z]+$", "description": "Lower-case name."},
    "size": {"type": "integer", "minimum": 1, "maximum": 5},
    "cost": {"type": "number", "minimum": 0},
    "kind": {"type": "string", "enum": ["a", "b"]},
    "items": {"type": "array", "items": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}
  }
}`

// TestSchemaValidate checks that schema rules come back as problems at the
// failing value's position, in citypath's words.
func TestSchemaValidate(t *testing.T) {
	s, err := yamlx.CompileSchema("urn:test", []byte(testSchema))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, src string
		want      string // "" for valid
	}{
		{"valid", "name: ab\nsize: 3\n", ""},
		{"pattern with description", "name: AB\nsize: 3\n", `f.yaml:1:7: name: "AB" does not have the form ^[a-z]+$ (Lower-case name)`},
		{"range", "name: ab\nsize: 9\n", "f.yaml:2:7: size: 9 is outside 1-5"},
		{"negative", "name: ab\nsize: 1\ncost: -2\n", "f.yaml:3:7: cost must not be negative"},
		{"enum", "name: ab\nsize: 1\nkind: c\n", `f.yaml:3:7: kind: "c" is not one of a, b`},
		{"required at top", "name: ab\n", "f.yaml:1:1: size is required"},
		{"required in a list", "name: ab\nsize: 1\nitems:\n  - {}\n", "f.yaml:4:5: items[0].id is required"},
		{"types are the decoder's", "name: 3\nsize: x\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v struct {
				Name  string  `yaml:"name"`
				Size  int     `yaml:"size"`
				Cost  float64 `yaml:"cost"`
				Kind  string  `yaml:"kind"`
				Items []struct {
					ID string `yaml:"id"`
				} `yaml:"items"`
			}
			doc, _ := yamlx.Unmarshal("f.yaml", []byte(tt.src), &v) // type errors are the decoder's
			got := s.Validate(doc).Error()
			if tt.want == "" && len(s.Validate(doc)) > 0 || !strings.Contains(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
