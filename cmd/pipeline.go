package cmd

import (
	"github.com/citypath/citypath/pipeline"
	"github.com/citypath/citypath/roadmap"
)

// pipeline is the roadmap pipeline, declared in package pipeline.
func steps() []roadmap.Step { return pipeline.Steps() }
