package cmd

import (
	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/roadmap"
)

// pipeline is the roadmap's default pipeline with the procurement plan,
// which roadmap.json and roadmap.md then include.
func pipeline() []roadmap.Step {
	return procurement.WithPlan(roadmap.Steps())
}
