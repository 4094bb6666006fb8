package catalog

import "github.com/citypath/citypath/internal/schemagen"

// Schemas returns the JSON Schema of each kind of catalog file, by kind.
func Schemas() (map[string][]byte, error) {
	kinds := map[string]any{
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
		"risk":         &Risk{},
	}
	out := map[string][]byte{}
	for kind, v := range kinds {
		b, err := schemagen.Generate(v, "yaml", "urn:citypath:schema:catalog:"+kind+":1", "citypath catalog "+kind, "One "+kind+" file of a citypath catalog.")
		if err != nil {
			return nil, err
		}
		out[kind] = b
	}
	return out, nil
}
