// Package pipeline declares citypath's roadmap pipeline: every step from
// the city file to the complete roadmap, in order, in one list. Each step
// is named; the name appears in progress messages and in errors. No step
// finds another: the order is this list.
//
// Rendering is not a step: each output format renders the finished roadmap
// once, in package cmd's format list.
package pipeline

import (
	"context"
	"github.com/citypath/citypath/procurement"
	"github.com/citypath/citypath/roadmap"
)

// Steps is the pipeline, from city file to the roadmap with its funding
// plan, impact case, procurement plan, risks and the decisions put to the
// council.
func Steps() []roadmap.Step {
	return []roadmap.Step{
		roadmap.LoadStep{},
		roadmap.ValidateStep{},
		roadmap.ScoreStep{},
		roadmap.StateStep{},
		roadmap.MatchStep{},
		roadmap.ScopeStep{},
		roadmap.ScheduleStep{},
		roadmap.MilestoneStep{},
		roadmap.KPIStep{},
		roadmap.SummaryStep{},
		roadmap.FundingStep{},
		roadmap.ImpactStep{},
		procurement.PlanStep{},
		roadmap.RiskStep{},
		roadmap.CouncilStep{},
	}
}

// Generate runs the pipeline on one city. Tenders are planned inside the
// schedule by the procurement package unless the request brings its own
// planner.
func Generate(req roadmap.Request) (*roadmap.Context, error) {
	if req.Tenders == nil {
		req.Tenders = procurement.NewPlanner()
	}
	return roadmap.Run(context.Background(), req, Steps())
}
