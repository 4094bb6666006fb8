package catalog

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

var (
	cpvRe   = regexp.MustCompile(`^\d{8}-\d$`)
	idRe    = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]*$`)
	mimIDRe = regexp.MustCompile(`^MIM\d+$`)
)

// maxIDLen bounds ids, which become folder names in tender packs.
const maxIDLen = 80

func (l *loader) check() {
	l.checkMeta()
	l.checkMoney()
	l.checkDrivers()
	l.checkDimensions()
	l.checkFocusAreas()
	for _, in := range l.c.Initiatives {
		l.checkInitiative(in)
	}
	l.checkCycles()
	for _, r := range l.c.Rules {
		l.checkRule(r)
		l.checkRuleCost(r)
	}
	l.checkReachable()
	l.checkMIMs()
	for _, p := range l.c.Programmes {
		l.checkProgramme(p)
		l.checkProgrammeDates(p)
	}
	l.checkTendering()
	for _, n := range l.c.NationalRules {
		l.checkNational(n)
	}
	l.checkImpact()
	l.checkRisks()
	l.checkCitations()
}

func (l *loader) requireVersion(key any, v int) {
	if v != 1 {
		l.problem(key, "version", "version must be 1 (this citypath reads catalog format 1)")
	}
}

func (l *loader) checkMeta() {
	m := &l.c.Meta
	if l.c.docs[m] == nil {
		return
	}
	l.requireVersion(m, m.Version)
	if m.Name == "" {
		l.problem(m, "name", "name is required")
	}
	if m.Release == "" {
		l.problem(m, "release", "release is required")
	}
	if len(m.Levels) != 5 {
		l.problem(m, "levels", "levels: the scale needs exactly 5 levels, found %d", len(m.Levels))
	}
	for i, lv := range m.Levels {
		p := fmt.Sprintf("levels[%d]", i)
		if lv.Level != i+1 {
			l.problem(m, p+".level", "%s.level must be %d", p, i+1)
		}
		if i > 0 && lv.MinScore <= m.Levels[i-1].MinScore {
			l.problem(m, p+".min_score", "%s.min_score must rise from level to level", p)
		}
		if lv.Name == "" {
			l.problem(m, p+".name", "%s.name is required", p)
		}
	}
	if len(m.Levels) > 0 && m.Levels[0].MinScore != 0 {
		l.problem(m, "levels[0].min_score", "the first level must start at score 0")
	}
	for _, id := range []string{"ldp", "ldt"} {
		rm, ok := m.Readiness[id]
		if !ok {
			l.problem(m, "readiness", "readiness.%s is required", id)
			continue
		}
		total := 0.0
		for _, dim := range sortedKeys(rm.Weights) {
			if _, ok := l.c.dimensions[dim]; !ok {
				l.problem(m, "readiness."+id+".weights."+dim+"#key", "readiness.%s.weights: unknown dimension %q", id, dim)
			}
			total += rm.Weights[dim]
		}
		if total <= 0 {
			l.problem(m, "readiness."+id+".weights", "readiness.%s.weights must sum to more than 0", id)
		}
	}
}

func (l *loader) checkDimensions() {
	if len(l.c.Dimensions) == 0 {
		l.problem(nil, "", "the catalog has no dimensions/")
	}
	seen := map[string]string{}
	for _, d := range l.c.Dimensions {
		l.requireVersion(d, d.Version)
		if d.Name == "" {
			l.problem(d, "name", "name is required")
		}
		if !idRe.MatchString(d.ID) || strings.Contains(d.ID, "-") {
			l.problem(d, "id", "dimension id %q must be lower case with underscores, so rules can write scores.%s", d.ID, d.ID)
		}
		for i, ind := range d.Indicators {
			p := fmt.Sprintf("indicators[%d]", i)
			if other, dup := seen[ind.ID]; dup {
				l.problem(d, p+".id", "indicator %q is already defined in dimension %q", ind.ID, other)
			}
			seen[ind.ID] = d.ID
			if ind.ID == "" || ind.Name == "" {
				l.problem(d, p, "%s needs an id and a name", p)
			}
			if len(ind.Levels) != len(l.c.Meta.Levels) {
				l.problem(d, p+".levels", "%s.levels: give one descriptor per level (%d), found %d", p, len(l.c.Meta.Levels), len(ind.Levels))
			}
		}
	}
}

func (l *loader) checkFocusAreas() {
	if len(l.c.FocusAreas) == 0 {
		l.problem(nil, "", "the catalog has no focus_areas.yaml or it lists none")
	}
	for i, fa := range l.c.FocusAreas {
		p := fmt.Sprintf("focus_areas[%d]", i)
		if !idRe.MatchString(fa.ID) || strings.Contains(fa.ID, "-") {
			l.problem("focus_areas", p+".id", "focus area id %q must be lower case with underscores", fa.ID)
		}
		if fa.Name == "" {
			l.problem("focus_areas", p+".name", "%s.name is required", p)
		}
	}
}

func (l *loader) checkInitiative(in *Initiative) {
	c := l.c
	l.requireVersion(in, in.Version)
	for field, v := range map[string]string{"title": in.Title, "description": in.Description, "source": in.Source} {
		if strings.TrimSpace(v) == "" {
			l.problem(in, field, "%s is required", field)
		}
	}
	// Phase, kind, and the objects' type and maturity are the schema's enums.
	pi := PhaseIndex(in.Phase)
	if in.FocusArea != CrossCutting {
		if _, ok := c.focusAreas[in.FocusArea]; !ok {
			l.problem(in, "focus_area", "focus_area %q is neither a focus area nor %s", in.FocusArea, CrossCutting)
		}
	}
	for i, d := range in.Raises {
		if _, ok := c.dimensions[d]; !ok {
			l.problem(in, fmt.Sprintf("raises[%d]", i), "raises: unknown dimension %q", d)
		}
	}
	if in.Priority < 1 || in.Priority > 5 {
		l.problem(in, "priority", "priority %d is outside 1-5", in.Priority)
	}
	if in.DurationMonths < 1 || in.DurationMonths > 60 {
		l.problem(in, "duration_months", "duration_months %d is outside 1-60", in.DurationMonths)
	}
	if in.FTE < 0 || in.FTE > 20 {
		l.problem(in, "fte", "fte %g is outside 0-20", in.FTE)
	}
	l.checkCost(in, "cost", &in.Cost)
	l.checkStateOfPlay(in)
	l.checkTenderAfter(in)
	for i, dep := range in.DependsOn {
		p := fmt.Sprintf("depends_on[%d]", i)
		d, ok := c.initiatives[dep]
		switch {
		case !ok:
			l.problem(in, p, "depends_on: unknown initiative %q", dep)
		case dep == in.ID:
			l.problem(in, p, "depends_on: an initiative cannot depend on itself")
		case PhaseIndex(d.Phase) > pi && pi >= 0:
			l.problem(in, p, "depends_on: %q is in the later phase %s; a %s initiative cannot wait for it", dep, d.Phase, in.Phase)
		}
	}
	for i, m := range in.MIMs {
		if _, ok := c.mims[m]; !ok {
			l.problem(in, fmt.Sprintf("mims[%d]", i), "mims: unknown MIM %q", m)
		}
	}
	for i, s := range in.SDM {
		if parts := strings.Split(s, "/"); len(parts) != 2 || parts[0] == "" || parts[1] == "" {
			l.problem(in, fmt.Sprintf("sdm[%d]", i), "sdm: %q must be Subject/EntityType, e.g. WasteManagement/WasteContainer", s)
		}
	}
	if len(in.KPIs) == 0 {
		l.problem(in, "kpis", "kpis: give at least one KPI")
	}
	for i, k := range in.KPIs {
		p := fmt.Sprintf("kpis[%d]", i)
		if k.Baseline != "" && !baselineRe.MatchString(k.Baseline) {
			l.problem(in, p+".baseline", "%s.baseline %q must be a strategy.baselines key such as building_energy_mwh", p, k.Baseline)
		}
		if (k.Baseline == "") != (k.BaselineUnit == "") {
			l.problem(in, p, "%s: baseline and baseline_unit go together", p)
		}
		if c.KPIOwner(in, k) == "" {
			l.problem(in, p, "%s has no owner: give owner, the initiative's kpi_owner, the focus area's kpi_owner or kpi_owners in catalog.yaml", p)
		}
	}
	seen := map[string]bool{}
	for i, m := range in.Milestones {
		p := fmt.Sprintf("milestones[%d]", i)
		if m.ID == "" || m.Title == "" {
			l.problem(in, p, "%s needs an id and a title", p)
		}
		if seen[m.ID] {
			l.problem(in, p+".id", "milestone id %q is used twice", m.ID)
		}
		seen[m.ID] = true
		if m.Month < 0 || (in.DurationMonths > 0 && m.Month >= in.DurationMonths) {
			l.problem(in, p+".month", "%s.month %d must be within the initiative's %d months (0-%d)", p, m.Month, in.DurationMonths, in.DurationMonths-1)
		}
	}
	share := 0.0
	objects := map[string]bool{}
	for i, po := range in.Procurement {
		p := fmt.Sprintf("procurement[%d]", i)
		switch {
		case po.ID == "" || po.Title == "":
			l.problem(in, p, "%s needs an id and a title", p)
		case !idRe.MatchString(po.ID) || len(po.ID) > maxIDLen:
			// The id names the tender pack's folder: DIR/INITIATIVE/OBJECT.
			l.problem(in, p+".id", "%s.id %q must be lower-case letters, digits, '-' and '_', starting with a letter or digit, at most %d characters", p, po.ID, maxIDLen)
		case objects[po.ID]:
			l.problem(in, p+".id", "%s.id %q is used twice; each object gets its own tender pack folder", p, po.ID)
		}
		objects[po.ID] = true
		if len(po.CPV) == 0 {
			l.problem(in, p+".cpv", "%s.cpv: give at least the main CPV code", p)
		}
		for j, code := range po.CPV {
			if !cpvRe.MatchString(code) {
				l.problem(in, fmt.Sprintf("%s.cpv[%d]", p, j), "CPV code %q must look like 72000000-5", code)
			}
		}
		if po.Share <= 0 || po.Share > 1 {
			l.problem(in, p+".share", "%s.share %g must be in (0, 1]", p, po.Share)
		}
		share += po.Share
		if po.ContractYears < 1 {
			l.problem(in, p+".contract_years", "%s.contract_years must be at least 1", p)
		}
	}
	if share > 1.0001 {
		l.problem(in, "procurement", "procurement: shares add up to %.2f, more than the whole capex", share)
	}
}

// checkCycles reports each dependency cycle once, at the depends_on entry
// that closes it.
func (l *loader) checkCycles() {
	const (
		unvisited = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var visit func(id string)
	visit = func(id string) {
		state[id] = active
		stack = append(stack, id)
		in := l.c.initiatives[id]
		for i, dep := range in.DependsOn {
			if _, ok := l.c.initiatives[dep]; !ok {
				continue
			}
			switch state[dep] {
			case active:
				start := slices.Index(stack, dep)
				cycle := append(append([]string{}, stack[start:]...), dep)
				l.problem(in, fmt.Sprintf("depends_on[%d]", i), "dependency cycle: %s", strings.Join(cycle, " → "))
			case unvisited:
				visit(dep)
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for _, in := range l.c.Initiatives {
		if state[in.ID] == unvisited {
			visit(in.ID)
		}
	}
}

func (l *loader) checkRule(r *Rule) {
	l.requireVersion(r, r.Version)
	if strings.TrimSpace(r.When.Text) == "" {
		l.problem(r, "when", "when is required (write 'true' for a rule that always applies)")
	}
	if strings.TrimSpace(r.Why) == "" {
		l.problem(r, "why", "why is required: say in a sentence why the rule exists")
	}
	if r.Source == "" {
		l.problem(r, "source", "source is required")
	}
	if len(r.Include)+len(r.Exclude)+len(r.Raise)+len(r.Lower) == 0 && r.Recommend == "" {
		l.problem(r, "", "the rule does nothing: give include, exclude, raise, lower or recommend")
	}
	for field, ids := range map[string][]string{"include": r.Include, "exclude": r.Exclude, "raise": r.Raise, "lower": r.Lower} {
		for i, id := range ids {
			if _, ok := l.c.initiatives[id]; !ok {
				l.problem(r, fmt.Sprintf("%s[%d]", field, i), "%s: unknown initiative %q", field, id)
			}
		}
	}
	if r.By < 0 || r.By > 4 {
		l.problem(r, "by", "by %d is outside 0-4", r.By)
	}
}

// checkReachable reports initiatives no rule can ever bring into a roadmap.
func (l *loader) checkReachable() {
	reached := map[string]bool{}
	var pull func(id string)
	pull = func(id string) {
		if reached[id] {
			return
		}
		reached[id] = true
		if in, ok := l.c.initiatives[id]; ok {
			for _, dep := range in.DependsOn {
				pull(dep)
			}
		}
	}
	for _, r := range l.c.Rules {
		for _, id := range r.Include {
			pull(id)
		}
	}
	for _, in := range l.c.Initiatives {
		if !reached[in.ID] {
			l.problem(in, "id", "initiative %q cannot be reached: no rule includes it or anything that depends on it", in.ID)
		}
	}
}

func (l *loader) checkMIMs() {
	m := &l.c.MIMs
	if l.c.docs[m] == nil {
		l.problem(nil, "", "the catalog has no mims.yaml")
		return
	}
	l.requireVersion(m, m.Version)
	if m.Edition == "" || m.Source == "" {
		l.problem(m, "", "mims.yaml needs an edition and a source")
	}
	for i, mim := range m.MIMs {
		p := fmt.Sprintf("mims[%d]", i)
		if !mimIDRe.MatchString(mim.ID) {
			l.problem(m, p+".id", "MIM id %q must look like MIM1", mim.ID)
		}
		if mim.Name == "" || mim.Source == "" {
			l.problem(m, p, "%s needs a name and a source", p)
		}
	}
}

func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	return t, err == nil
}

func (l *loader) checkProgramme(p *Programme) {
	l.requireVersion(p, p.Version)
	if p.Name == "" || p.Route == "" {
		l.problem(p, "", "a programme needs a name and a route")
	}
	if p.Rate < 0 || p.Rate > 1 {
		l.problem(p, "rate", "rate %g must be a fraction between 0 and 1", p.Rate)
	}
	for _, k := range sortedKeys(p.RatesByRegion) {
		if v := p.RatesByRegion[k]; v < 0 || v > 1 {
			l.problem(p, "rates_by_region."+k, "rates_by_region.%s %g must be between 0 and 1", k, v)
		}
		if !slices.Contains([]string{"less-developed", "transition", "more-developed"}, k) {
			l.problem(p, "rates_by_region."+k+"#key", "rates_by_region: %q is not a region category", k)
		}
	}
	// Dated facts must say where they come from and when they hold.
	if strings.TrimSpace(p.Source) == "" {
		l.problem(p, "source", "source is required: rates and deadlines are dated facts")
	}
	from, okFrom := parseDate(p.ValidFrom)
	until, okUntil := parseDate(p.ValidUntil)
	if !okFrom {
		l.problem(p, "valid_from", "valid_from %q must be a date YYYY-MM-DD", p.ValidFrom)
	}
	if !okUntil {
		l.problem(p, "valid_until", "valid_until %q must be a date YYYY-MM-DD", p.ValidUntil)
	}
	if okFrom && okUntil && until.Before(from) {
		l.problem(p, "valid_until", "valid_until is before valid_from")
	}
	if p.WorkUntil != "" {
		if _, ok := parseDate(p.WorkUntil); !ok {
			l.problem(p, "work_until", "work_until %q must be a date YYYY-MM-DD", p.WorkUntil)
		}
	}
	for i, ph := range p.Phases {
		if PhaseIndex(ph) < 0 {
			l.problem(p, fmt.Sprintf("phases[%d]", i), "unknown phase %q", ph)
		}
	}
	if strings.TrimSpace(p.Eligible.Text) == "" {
		l.problem(p, "eligible", "eligible is required (write 'true' if every initiative qualifies)")
	}
}
