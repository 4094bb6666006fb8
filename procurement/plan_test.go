package procurement_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/citypath/citypath/internal/golden"
	"github.com/citypath/citypath/internal/schematest"
	"github.com/citypath/citypath/roadmap"
)

// TestPlanExamples checks the procurement plan of every example: golden
// JSON for review, and the promises of issue 4 as invariants.
func TestPlanExamples(t *testing.T) {
	for _, name := range []string{"kladno", "small-town", "advanced-city"} {
		t.Run(name, func(t *testing.T) {
			ctx := example(t, name)
			plan := ctx.Doc.Procurement
			if plan == nil || len(plan.Contracts) == 0 {
				t.Fatal("the roadmap has no procurement plan")
			}
			got, err := json.MarshalIndent(plan, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Assert(t, ".json", append(got, '\n'))
			starts := map[string]string{}
			for _, in := range ctx.Doc.Initiatives {
				starts[in.ID] = in.Start
			}
			for _, c := range plan.Contracts {
				tl := c.Timeline
				// Contracts are awarded before the initiative starts.
				if !(tl.MarketEngagement < tl.Publication && tl.Publication < tl.TendersDue && tl.TendersDue < tl.AwardDecision &&
					tl.AwardDecision <= tl.ContractSigned && tl.ContractSigned < tl.InitiativeStart) {
					t.Errorf("%s: dates out of order: %+v", c.ID, tl)
				}
				if !strings.HasPrefix(tl.InitiativeStart, starts[c.Initiative]) {
					t.Errorf("%s: timeline starts %s, the initiative %s", c.ID, tl.InitiativeStart, starts[c.Initiative])
				}
				if c.Threshold.ValidOn != tl.Publication {
					t.Errorf("%s: threshold looked up for %s, published %s", c.ID, c.Threshold.ValidOn, tl.Publication)
				}
				if c.Threshold.Above != (c.Value.Maximum >= c.Threshold.Amount) || c.Value.Maximum < c.Value.Estimated {
					t.Errorf("%s: value %v..%v against %v, above=%v", c.ID, c.Value.Estimated, c.Value.Maximum, c.Threshold.Amount, c.Threshold.Above)
				}
				for _, l := range c.TimeLimits {
					if l.Planned < l.Minimum {
						t.Errorf("%s: %s planned %d days, below the minimum %d", c.ID, l.Stage, l.Planned, l.Minimum)
					}
				}
				if c.Procedure.Reason == "" || c.Procedure.Article == "" {
					t.Errorf("%s: the procedure has no reason or article", c.ID)
				}
			}
			small := ctx.City.File.City.Population < 50000
			if (plan.Joint != nil) != small {
				t.Errorf("joint procurement advice: got %v for %d inhabitants", plan.Joint != nil, ctx.City.File.City.Population)
			}
		})
	}
}

// TestPlanValidatesAgainstSchema checks that roadmap.json with its
// procurement section still follows `citypath schema roadmap`.
func TestPlanValidatesAgainstSchema(t *testing.T) {
	raw, err := roadmap.Schema()
	if err != nil {
		t.Fatal(err)
	}
	schema := schematest.Compile(t, raw, roadmap.SchemaID)
	ctx := example(t, "kladno")
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(rendered(t, ctx)["roadmap.json"]))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("roadmap.json does not validate: %v", err)
	}
	if !bytes.Contains(rendered(t, ctx)["roadmap.json"], []byte(`"procurement": {`)) {
		t.Error("roadmap.json has no procurement section")
	}
	if !bytes.Contains(rendered(t, ctx)["roadmap.md"], []byte("## Procurement plan")) {
		t.Error("roadmap.md has no procurement plan")
	}
}

// TestProcurementLaw checks that the plan applies the law that governs each
// contract: below the EU threshold no Directive time limit is cited and the
// regime is national; at or above it the Directive's procedure applies.
func TestProcurementLaw(t *testing.T) {
	for _, name := range []string{"kladno", "small-town", "advanced-city"} {
		t.Run(name, func(t *testing.T) {
			ctx := example(t, name)
			for _, c := range ctx.Doc.Procurement.Contracts {
				if c.Value.Maximum >= c.Threshold.Amount != c.Threshold.Above {
					t.Errorf("%s: value %.0f against %.0f, above=%v", c.ID, c.Value.Maximum, c.Threshold.Amount, c.Threshold.Above)
				}
				if c.Threshold.Above {
					if c.Procedure.Regime != "eu" {
						t.Errorf("%s is above the threshold under %s rules", c.ID, c.Procedure.Regime)
					}
					continue
				}
				if c.Procedure.Regime != "national" || strings.Contains(c.Procedure.Article, "2014/24") {
					t.Errorf("%s below the threshold: %s, %s", c.ID, c.Procedure.Regime, c.Procedure.Article)
				}
				for _, l := range c.TimeLimits {
					if strings.Contains(l.LegalBasis, "2014/24") {
						t.Errorf("%s below the threshold cites a Directive time limit: %+v", c.ID, l)
					}
				}
				if c.Timeline.MarketEngagement != "" {
					t.Errorf("%s below the threshold plans a formal market engagement", c.ID)
				}
			}
		})
	}
}
