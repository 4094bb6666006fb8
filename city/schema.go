package city

import "github.com/citypath/citypath/internal/schemagen"

// SchemaID identifies the city file schema.
const SchemaID = "urn:citypath:schema:city:1"

// Schema returns the JSON Schema of a city file, generated from File.
func Schema() ([]byte, error) {
	return schemagen.Generate(&File{}, "yaml", SchemaID, "citypath city file",
		"A city's identity, maturity assessment, strategy and IT inventory, read by citypath.")
}
