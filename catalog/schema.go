package catalog

import (
	"sync"

	"github.com/citypath/citypath/internal/schemagen"
	"github.com/citypath/citypath/internal/yamlx"
)

// Schemas returns the JSON Schema of each kind of catalog file, by kind.
func Schemas() (map[string][]byte, error) {
	out := map[string][]byte{}
	for kind, v := range schemaKinds {
		b, err := schemagen.Generate(v, "yaml", schemaID(kind), "citypath catalog "+kind, "One "+kind+" file of a citypath catalog.")
		if err != nil {
			return nil, err
		}
		out[kind] = b
	}
	return out, nil
}

func schemaID(kind string) string { return "urn:citypath:schema:catalog:" + kind + ":1" }

// schemaOf maps a catalog file to the kind of its schema.
var schemaOf = map[string]string{
	"catalog.yaml": "catalog", "focus_areas.yaml": "focus-areas", "mims.yaml": "mims", "impact.yaml": "impact", "tendering.yaml": "tendering",
	"money.yaml": "money", "drivers.yaml": "drivers",
	"dimensions": "dimension", "initiatives": "initiative", "rules": "rule", "funding": "programme", "benefits": "benefit",
	"thresholds": "thresholds", "procedures": "procedure", "award": "award", "requirements": "requirements",
	"contract": "contract", "terms-of-reference": "terms-of-reference",
}

// validators are the catalog schemas compiled once: every file a loader
// decodes is checked against its kind's schema, the one editors see.
var validators = sync.OnceValues(func() (map[string]*yamlx.Schema, error) {
	raw, err := Schemas()
	if err != nil {
		return nil, err
	}
	out := map[string]*yamlx.Schema{}
	for kind, b := range raw {
		if out[kind], err = yamlx.CompileSchema(schemaID(kind), b); err != nil {
			return nil, err
		}
		// Presence is the loader's to check, except for enum values.
		out[kind].RequiredEnumsOnly = true
	}
	return out, nil
})

var schemaKinds = map[string]any{
	"catalog":      &Meta{},
	"dimension":    &Dimension{},
	"focus-areas":  &FocusAreas{},
	"initiative":   &Initiative{},
	"rule":         &Rule{},
	"mims":         &MIMs{},
	"programme":    &Programme{},
	"benefit":      &Benefit{},
	"impact":       &ImpactMeta{},
	"thresholds":   &Thresholds{},
	"procedure":    &Procedure{},
	"award":        &AwardCriteria{},
	"requirements": &RequirementSet{},
	"tendering":    &Tendering{},
	"money":        &Money{},
	"drivers":      &Drivers{},
	"risk":         &Risk{}, // printed by citypath schema; risks/ keep their own checks
	// The bidder documents' data (contract.go).
	"contract":           &ContractTerms{},
	"terms-of-reference": &TermsOfReference{},
}
