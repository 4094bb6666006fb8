package city

import (
	"sync"

	"github.com/citypath/citypath/internal/schemagen"
	"github.com/citypath/citypath/internal/yamlx"
)

// SchemaID identifies the city file schema.
const SchemaID = "urn:citypath:schema:city:1"

// Schema returns the JSON Schema of a city file, generated from File.
func Schema() ([]byte, error) {
	return schemagen.Generate(&File{}, "yaml", SchemaID, "citypath city file",
		"A city's identity, maturity assessment, strategy and IT inventory, read by citypath.")
}

// validator is the city schema compiled once, which checks every city
// file: its enums, ranges, patterns and required keys are the ones
// editors see in city.schema.json.
var validator = sync.OnceValues(func() (*yamlx.Schema, error) {
	raw, err := Schema()
	if err != nil {
		return nil, err
	}
	return yamlx.CompileSchema(SchemaID, raw)
})
