// Package schemagen generates JSON Schemas from Go types, so that the types
// stay the single source of truth for file formats.
package schemagen

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/invopop/jsonschema"
)

// Generate returns the JSON Schema of v's type. tag names the struct tag that
// carries field names ("yaml" for input files, "json" for outputs).
func Generate(v any, tag, id, title, description string) ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:   tag,
		DoNotReference: false,
		ExpandedStruct: true,
	}
	s := r.Reflect(v)
	s.ID = jsonschema.ID(id)
	s.Title = title
	s.Description = description
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encode schema %s: %w", id, err)
	}
	return buf.Bytes(), nil
}
