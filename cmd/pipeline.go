package cmd

import (
	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/roadmap"
)

// pipeline is the roadmap's default pipeline with the steps of other
// packages added before the roadmap is rendered, so that roadmap.json and
// roadmap.md include their sections.
func pipeline() []roadmap.Step {
	var steps []roadmap.Step
	for _, s := range roadmap.Steps() {
		if _, ok := s.(roadmap.WriteStep); ok {
			steps = append(steps, procurement.PlanStep{})
		}
		steps = append(steps, s)
	}
	return steps
}
