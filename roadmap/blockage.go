package roadmap

import (
	"fmt"
	"math"
	"sort"
)

// Blockage explains why a selected initiative found no window: for the
// start that comes closest, what is short (money in a year, team time in a
// month) and what used it.
type Blockage struct {
	Start string `json:"start" jsonschema:"description=The start month that comes closest to fitting."`
	// MoneyShort is how much more budget, per year, would let it in;
	// FTEShort how much more team time at the tightest month.
	MoneyShort []YearShort `json:"money_short,omitempty"`
	FTEShort   float64     `json:"fte_short,omitempty"`
	FTEMonth   string      `json:"fte_month,omitempty"`
	// UsedBy lists what takes the budget in the short years, largest first.
	UsedBy []Use `json:"used_by,omitempty"`
	// Horizon is set when it cannot fit at all before the horizon ends.
	Horizon string `json:"horizon,omitempty"`
}

// YearShort is a budget shortfall in one year.
type YearShort struct {
	Year   int     `json:"year"`
	Amount float64 `json:"amount"`
}

// Use is what one initiative spends in the short years.
type Use struct {
	Initiative string  `json:"initiative"`
	Amount     float64 `json:"amount"`
}

// blockage rebuilds the ledger of the final schedule and finds, for a
// deferred initiative, the start with the smallest shortfall.
func blockage(ctx *Context, id string) *Blockage {
	d, p := ctx.Decisions[id], ctx.Placed[id]
	if d == nil || p == nil || p.Deferred == "" || d.Plan == nil {
		return nil
	}
	dur := d.Plan.DurationMonths
	if p.Earliest+dur > ctx.Months {
		need := p.Earliest + dur - ctx.Months
		return &Blockage{Horizon: fmt.Sprintf("it can start %s at the earliest and runs %d months: the horizon would need %s more", ctx.Month(min(p.Earliest, ctx.Months-1)), dur, countOf(need, "month"))}
	}
	l := newLedger(ctx)
	byYear := map[string]map[int]float64{}
	for _, other := range sortedKeys(ctx.Placed) {
		op := ctx.Placed[other]
		if other == id || op.Deferred != "" {
			continue
		}
		od := ctx.Decisions[other]
		l.commit(od, op.Start, 0, 0)
		capex, opex := l.spend(od, op.Start)
		byYear[other] = map[int]float64{}
		for y, v := range capex {
			byYear[other][y] += v
		}
		for y, v := range opex {
			byYear[other][y] += v
		}
	}
	var best *Blockage
	bestTotal := math.Inf(1)
	for s := p.Earliest; s+dur <= ctx.Months; s++ {
		b := &Blockage{Start: ctx.Month(s)}
		total := 0.0
		for m := s; m < s+dur; m++ {
			if over := l.fte[m] + d.Plan.FTE - l.capacity; over > b.FTEShort+epsilon {
				b.FTEShort, b.FTEMonth = round2(over), ctx.Month(m)
			}
		}
		capex, opex := l.spend(d, s)
		for _, y := range sortedYears(capex, opex) {
			if over := l.capex[y] + l.opex[y] + capex[y] + opex[y] - l.cap[y]; over > 0.5 {
				b.MoneyShort = append(b.MoneyShort, YearShort{Year: y, Amount: math.Ceil(over)})
				total += over
			}
		}
		total += b.FTEShort * ctx.Doc.Staff.CostPerFTE
		if total < bestTotal {
			best, bestTotal = b, total
		}
	}
	if best == nil {
		return nil
	}
	short := map[int]bool{}
	for _, ys := range best.MoneyShort {
		short[ys.Year] = true
	}
	for other, years := range byYear {
		sum := 0.0
		for y, v := range years {
			if short[y] {
				sum += v
			}
		}
		if sum > 0.5 {
			best.UsedBy = append(best.UsedBy, Use{Initiative: other, Amount: math.Round(sum)})
		}
	}
	sort.Slice(best.UsedBy, func(i, j int) bool {
		if best.UsedBy[i].Amount != best.UsedBy[j].Amount {
			return best.UsedBy[i].Amount > best.UsedBy[j].Amount
		}
		return best.UsedBy[i].Initiative < best.UsedBy[j].Initiative
	})
	if len(best.UsedBy) > 5 {
		best.UsedBy = best.UsedBy[:5]
	}
	return best
}

// Text says the blockage in a sentence or two.
func (b *Blockage) Text(currency string) string {
	if b.Horizon != "" {
		return b.Horizon + "."
	}
	var parts []string
	for _, ys := range b.MoneyShort {
		parts = append(parts, fmt.Sprintf("%s %s more in %d", currency, Money(ys.Amount), ys.Year))
	}
	if b.FTEShort > 0 {
		parts = append(parts, fmt.Sprintf("%.2g FTE more in %s", b.FTEShort, b.FTEMonth))
	}
	need := joinAnd(parts)
	if need == "" {
		need = "nothing more"
	}
	out := fmt.Sprintf("Starting %s it would need %s.", b.Start, need)
	if len(b.UsedBy) > 0 {
		var uses []string
		for _, u := range b.UsedBy {
			uses = append(uses, fmt.Sprintf("%s (%s)", u.Initiative, Money(u.Amount)))
		}
		out += " In those years the budget goes to " + joinAnd(uses) + "."
	}
	return out
}
