package catalog

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
)

var (
	sdmRe    = regexp.MustCompile(`^[A-Za-z0-9-]+/[A-Za-z0-9_]+$`)
	reqIDRe  = regexp.MustCompile(`^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\d{2}$`)
	prefixRe = regexp.MustCompile(`^\d{1,8}$`)
	// ocidPrefixRe is the form of an OCDS prefix the Open Contracting
	// Partnership issues: its issuer id and six lower-case letters or digits.
	ocidPrefixRe = regexp.MustCompile(`^ocds-[a-z0-9]{6}$`)
)

// boundaryRelations are how a related contract stands to a contract.
var boundaryRelations = []string{"same", "builds-on", "built-on"}

// Vocabularies of the tender data, checked by lint.
var (
	authorityTypes = []string{"sub-central", "central"}
	contractTypes  = []string{"supplies", "services", "works", "social"}
	ocdsMethods    = []string{"open", "selective", "limited", "direct"}
	confidences    = []string{"", "confirmed", "secondary", "inferred"}
)

// HasTendering reports whether the catalog holds what tender packs need.
func (c *Catalog) HasTendering() bool {
	return c.Tendering != nil && len(c.Thresholds) > 0 && len(c.Procedures) > 0 && len(c.AwardSets) > 0
}

// checkTendering runs after the ordering: lists are sorted by Order (then
// id) so that "first match wins" reads top to bottom in `catalog list`.
func (l *loader) checkTendering() {
	c := l.c
	sort.SliceStable(c.Thresholds, func(i, j int) bool { return c.Thresholds[i].ValidFrom < c.Thresholds[j].ValidFrom })
	sort.SliceStable(c.Procedures, func(i, j int) bool {
		return orderLess(c.Procedures[i].Order, c.Procedures[j].Order, c.Procedures[i].ID, c.Procedures[j].ID)
	})
	sort.SliceStable(c.AwardSets, func(i, j int) bool {
		return orderLess(c.AwardSets[i].Order, c.AwardSets[j].Order, c.AwardSets[i].ID, c.AwardSets[j].ID)
	})
	sort.SliceStable(c.Requirements, func(i, j int) bool {
		return orderLess(c.Requirements[i].Order, c.Requirements[j].Order, c.Requirements[i].ID, c.Requirements[j].ID)
	})
	some := len(c.Thresholds)+len(c.Procedures)+len(c.AwardSets)+len(c.Requirements) > 0
	if some && c.Tendering == nil {
		l.problem(nil, "", "the catalog has tender data (thresholds/, procedures/, award/, requirements/) but no tendering.yaml")
	}
	if c.Tendering != nil {
		for _, need := range []struct {
			n    int
			what string
		}{{len(c.Thresholds), "thresholds/"}, {len(c.Procedures), "procedures/"}, {len(c.AwardSets), "award/"}} {
			if need.n == 0 {
				l.problem(c.Tendering, "", "tendering.yaml is present but the catalog has no %s", need.what)
			}
		}
		l.checkTenderingPolicy(c.Tendering)
		l.checkTenderPrerequisites(c.Tendering)
	}
	for i, t := range c.Thresholds {
		l.checkThresholds(t)
		if i > 0 && t.ValidFrom <= c.Thresholds[i-1].ValidUntil {
			l.problem(t, "valid_from", "thresholds %q start on %s, before %q end on %s; validity periods must not overlap", t.ID, t.ValidFrom, c.Thresholds[i-1].ID, c.Thresholds[i-1].ValidUntil)
		}
	}
	for _, p := range c.Procedures {
		l.checkProcedure(p)
	}
	if n := len(c.Procedures); n > 0 && strings.TrimSpace(c.Procedures[n-1].Recommend.Text) != "true" {
		last := c.Procedures[n-1]
		l.problem(last, "recommend", "the last procedure by order (%q) must have recommend: 'true', so that every purchase gets a recommendation", last.ID)
	}
	for _, a := range c.AwardSets {
		l.checkAwardSet(a)
	}
	if n := len(c.AwardSets); n > 0 && strings.TrimSpace(c.AwardSets[n-1].Applies.Text) != "true" {
		last := c.AwardSets[n-1]
		l.problem(last, "applies", "the last award set by order (%q) must have applies: 'true', so that every purchase gets criteria", last.ID)
	}
	seen := map[string]string{}
	for _, s := range c.Requirements {
		l.checkRequirementSet(s, seen)
	}
	l.checkContractData()
}

func orderLess(a, b int, ida, idb string) bool {
	if a != b {
		return a < b
	}
	return ida < idb
}

func (l *loader) checkConfidence(key any, p, v string) {
	if !slices.Contains(confidences, v) {
		l.problem(key, p, "confidence %q is not one of confirmed, secondary, inferred", v)
	}
}

func (l *loader) checkThresholds(t *Thresholds) {
	l.requireVersion(t, t.Version)
	if t.Title == "" || len(t.LegalBasis) == 0 {
		l.problem(t, "", "thresholds need a title and their legal_basis")
	}
	if t.Currency != "EUR" {
		l.problem(t, "currency", "currency %q: EU thresholds are set in EUR", t.Currency)
	}
	l.checkValidity(t, t.Source, t.ValidFrom, t.ValidUntil, "thresholds are dated facts")
	l.checkConfidence(t, "confidence", t.Confidence)
	set := map[string]bool{}
	for i, v := range t.Values {
		p := fmt.Sprintf("values[%d]", i)
		if v.Amount <= 0 {
			l.problem(t, p+".amount", "%s.amount must be more than 0", p)
		}
		if v.Article == "" {
			l.problem(t, p, "%s needs the article that sets it", p)
		}
		for j, a := range v.Authorities {
			if !slices.Contains(authorityTypes, a) {
				l.problem(t, fmt.Sprintf("%s.authorities[%d]", p, j), "authority %q is not one of %s", a, strings.Join(authorityTypes, ", "))
			}
		}
		for j, k := range v.Contracts {
			if !slices.Contains(contractTypes, k) {
				l.problem(t, fmt.Sprintf("%s.contracts[%d]", p, j), "contract type %q is not one of %s", k, strings.Join(contractTypes, ", "))
			}
			for _, a := range v.Authorities {
				if set[a+"/"+k] {
					l.problem(t, p, "%s: the threshold for %s %s is given twice", p, a, k)
				}
				set[a+"/"+k] = true
			}
		}
	}
	for _, a := range authorityTypes {
		for _, k := range []string{"supplies", "services", "works"} {
			if !set[a+"/"+k] {
				l.problem(t, "values", "values: no threshold for %s %s contracts", a, k)
			}
		}
	}
}

// checkValidity checks the source and validity period of a dated fact.
func (l *loader) checkValidity(key any, source, from, until, why string) {
	if strings.TrimSpace(source) == "" {
		l.problem(key, "source", "source is required: %s", why)
	}
	f, okF := parseDate(from)
	u, okU := parseDate(until)
	if !okF {
		l.problem(key, "valid_from", "valid_from %q must be a date YYYY-MM-DD", from)
	}
	if !okU {
		l.problem(key, "valid_until", "valid_until %q must be a date YYYY-MM-DD", until)
	}
	if okF && okU && u.Before(f) {
		l.problem(key, "valid_until", "valid_until is before valid_from")
	}
}

func (l *loader) checkProcedure(p *Procedure) {
	l.requireVersion(p, p.Version)
	for field, v := range map[string]string{"name": p.Name, "article": p.Article, "reason": p.Reason, "source": p.Source} {
		if strings.TrimSpace(v) == "" {
			l.problem(p, field, "%s is required", field)
		}
	}
	if !slices.Contains(ocdsMethods, p.OCDSMethod) {
		l.problem(p, "ocds_method", "ocds_method %q is not in the OCDS method codelist (%s)", p.OCDSMethod, strings.Join(ocdsMethods, ", "))
	}
	l.checkConfidence(p, "confidence", p.Confidence)
	minimum := map[string]int{}
	for i, t := range p.TimeLimits {
		path := fmt.Sprintf("time_limits[%d]", i)
		if t.Stage != "requests" && t.Stage != "tenders" {
			l.problem(p, path+".stage", "stage %q is not requests or tenders", t.Stage)
		}
		if _, dup := minimum[t.Stage]; dup {
			l.problem(p, path+".stage", "the %s time limit is given twice", t.Stage)
		}
		if t.Days <= 0 || t.ElectronicDays < 0 || t.ElectronicDays > t.Days {
			l.problem(p, path, "%s: need days > 0 and 0 <= electronic_days <= days", path)
		}
		if t.LegalBasis == "" {
			l.problem(p, path+".legal_basis", "%s.legal_basis is required: a lawyer must be able to check the figure", path)
		}
		l.checkConfidence(p, path+".confidence", t.Confidence)
		minimum[t.Stage] = t.Minimum()
	}
	if p.Plan.Tenders <= 0 || p.Plan.Evaluation <= 0 {
		l.problem(p, "plan", "plan: tenders and evaluation must be more than 0 days")
	}
	if p.Plan.Tenders < minimum["tenders"] {
		l.problem(p, "plan.tenders", "plan.tenders is %d days, less than the legal minimum of %d", p.Plan.Tenders, minimum["tenders"])
	}
	if p.Plan.Requests < minimum["requests"] {
		l.problem(p, "plan.requests", "plan.requests is %d days, less than the legal minimum of %d", p.Plan.Requests, minimum["requests"])
	}
	if p.Plan.Requests < 0 || p.Plan.Selection < 0 || p.Plan.Dialogue < 0 {
		l.problem(p, "plan", "plan: days cannot be negative")
	}
}

func (l *loader) checkAwardSet(a *AwardCriteria) {
	l.requireVersion(a, a.Version)
	if a.Title == "" || strings.TrimSpace(a.Why) == "" || a.Source == "" {
		l.problem(a, "", "an award set needs a title, a why and a source")
	}
	total, prices, quality := 0.0, 0, 0
	ids := map[string]bool{}
	for i, cr := range a.Criteria {
		p := fmt.Sprintf("criteria[%d]", i)
		if cr.ID == "" || cr.Name == "" || cr.Description == "" {
			l.problem(a, p, "%s needs an id, a name and a description", p)
		}
		if ids[cr.ID] {
			l.problem(a, p+".id", "criterion %q is given twice", cr.ID)
		}
		ids[cr.ID] = true
		if cr.Weight <= 0 {
			l.problem(a, p+".weight", "%s.weight must be more than 0", p)
		}
		total += cr.Weight
		if cr.Type == "quality" {
			quality++
		} else {
			prices++
		}
	}
	if math.Abs(total-100) > 1e-9 {
		l.problem(a, "criteria", "criteria: the weights sum to %g%%, not 100%%", total)
	}
	if prices != 1 {
		l.problem(a, "criteria", "criteria: give exactly one price or cost criterion, found %d", prices)
	}
	if a.Method == "best-price-quality-ratio" && quality == 0 {
		l.problem(a, "criteria", "criteria: the best price-quality ratio needs at least one quality criterion")
	}
}

func (l *loader) checkRequirementSet(s *RequirementSet, seen map[string]string) {
	l.requireVersion(s, s.Version)
	if s.Title == "" || s.Source == "" {
		l.problem(s, "", "a requirement set needs a title and a source")
	}
	if s.MIM != "" {
		if _, ok := l.c.mims[s.MIM]; !ok {
			l.problem(s, "mim", "mim: unknown MIM %q", s.MIM)
		}
	}
	if s.Section == "mims" && s.MIM == "" {
		l.problem(s, "mim", "a set in the mims section names its MIM")
	}
	if strings.TrimSpace(s.Applies.Text) == "" {
		l.problem(s, "applies", "applies is required (write 'true' for a set every tender gets)")
	}
	if len(s.Requirements) == 0 {
		l.problem(s, "requirements", "requirements: the set is empty")
	}
	l.checkLevels(s, "levels", s.Levels)
	if s.Owner != "" && !slices.Contains(contractRoles, s.Owner) {
		l.problem(s, "owner", "owner %q is not a contract role (%s)", s.Owner, strings.Join(contractRoles, ", "))
	}
	for i, r := range s.Requirements {
		p := fmt.Sprintf("requirements[%d]", i)
		if !reqIDRe.MatchString(r.ID) {
			l.problem(s, p+".id", "requirement id %q must look like MIM1-01 or EXIT-03", r.ID)
		}
		if other, dup := seen[r.ID]; dup {
			l.problem(s, p+".id", "requirement %q is already defined in %q", r.ID, other)
		}
		seen[r.ID] = s.ID
		if r.Level != "MUST" && r.Level != "SHOULD" {
			l.problem(s, p+".level", "level %q is not MUST or SHOULD", r.Level)
		}
		l.checkLevels(s, p+".levels", r.Levels)
		if r.Owner != "" && !slices.Contains(contractRoles, r.Owner) {
			l.problem(s, p+".owner", "owner %q is not a contract role (%s)", r.Owner, strings.Join(contractRoles, ", "))
		}
		if r.Interface != "" && strings.TrimSpace(r.Interface) == "" {
			l.problem(s, p+".interface", "interface: say why the requirement belongs in each contract")
		}
		if strings.TrimSpace(r.Text) == "" || strings.TrimSpace(r.Cites) == "" {
			l.problem(s, p, "%s needs its text and what it cites", p)
		}
		for j, e := range r.SDM {
			if !sdmRe.MatchString(e) {
				l.problem(s, fmt.Sprintf("%s.sdm[%d]", p, j), "sdm: %q must be Subject/EntityType, e.g. WasteManagement/WasteContainer", e)
			}
		}
		l.checkConfidence(s, p+".confidence", r.Confidence)
	}
}

// checkLevels checks level rules; their conditions compile with the other
// tender conditions.
func (l *loader) checkLevels(key any, path string, rules []LevelRule) {
	for i, lr := range rules {
		p := fmt.Sprintf("%s[%d]", path, i)
		if lr.Level != "MUST" && lr.Level != "SHOULD" {
			l.problem(key, p+".level", "level %q is not MUST or SHOULD", lr.Level)
		}
		if strings.TrimSpace(lr.When.Text) == "" {
			l.problem(key, p+".when", "%s.when is required: the condition under which the level applies", p)
		}
		if strings.TrimSpace(lr.Why) == "" {
			l.problem(key, p+".why", "%s.why is required: the buyer must be able to say why the level differs", p)
		}
	}
}

// checkBoundaries checks the scope sentences: known relation, roles and
// placeholders, and a sentence for every relation whatever the roles.
func (l *loader) checkBoundaries(t *Tendering) {
	fallback := map[string]bool{}
	for i, b := range t.Boundaries {
		p := fmt.Sprintf("boundaries[%d]", i)
		if !slices.Contains(boundaryRelations, b.Relation) {
			l.problem(t, p+".relation", "relation %q is not one of %s", b.Relation, strings.Join(boundaryRelations, ", "))
		}
		for field, role := range map[string]string{"role": b.Role, "other": b.Other} {
			if role != "" && !slices.Contains(contractRoles, role) {
				l.problem(t, p+"."+field, "%s %q is not a contract role (%s)", field, role, strings.Join(contractRoles, ", "))
			}
		}
		if strings.TrimSpace(b.Text) == "" {
			l.problem(t, p+".text", "%s.text is required", p)
		}
		rest := b.Text
		for _, f := range boundaryFields {
			rest = strings.ReplaceAll(rest, f, "")
		}
		if strings.ContainsAny(rest, "{}") {
			l.problem(t, p+".text", "%s.text: only the placeholders %s may stand in braces", p, strings.Join(boundaryFields, ", "))
		}
		if b.Role == "" && b.Other == "" {
			fallback[b.Relation] = true
		}
	}
	if len(t.Boundaries) > 0 {
		for _, r := range boundaryRelations {
			if !fallback[r] {
				l.problem(t, "boundaries", "boundaries: give a sentence for relation %s without role and other, used when no other fits", r)
			}
		}
	}
}

// checkOCDSPrefixes checks the dated list of registered ocid prefixes.
func (l *loader) checkOCDSPrefixes(t *Tendering) {
	o := t.OCDSPrefixes
	if o == nil {
		return
	}
	if strings.TrimSpace(o.Source) == "" || strings.TrimSpace(o.Register) == "" {
		l.problem(t, "ocds_prefixes", "ocds_prefixes needs the register's address and a source")
	}
	if _, ok := parseDate(o.AsOf); !ok {
		l.problem(t, "ocds_prefixes.as_of", "as_of %q must be a date YYYY-MM-DD", o.AsOf)
	}
	seen := map[string]bool{}
	for i, p := range o.Prefixes {
		path := fmt.Sprintf("ocds_prefixes.prefixes[%d]", i)
		if !ocidPrefixRe.MatchString(p.Prefix) {
			l.problem(t, path+".prefix", "prefix %q is not of the form ocds-xxxxxx (six lower-case letters or digits)", p.Prefix)
		}
		if seen[p.Prefix] {
			l.problem(t, path+".prefix", "prefix %q is listed twice", p.Prefix)
		}
		seen[p.Prefix] = true
		if p.Publisher == "" || p.Source == "" {
			l.problem(t, path, "%s needs the publisher and the source that names the prefix", path)
		}
	}
}

func (l *loader) checkTenderingPolicy(t *Tendering) {
	l.requireVersion(t, t.Version)
	if t.Source == "" {
		l.problem(t, "source", "source is required")
	}
	cats := map[string]bool{}
	prefixes := map[string]string{}
	for i, cat := range t.Categories {
		p := fmt.Sprintf("categories[%d]", i)
		if !idRe.MatchString(cat.ID) || cat.Name == "" {
			l.problem(t, p, "%s needs a lower-case id and a name", p)
		}
		if !slices.Contains(contractRoles, cat.Role) {
			l.problem(t, p+".role", "%s.role %q is not a contract role (%s)", p, cat.Role, strings.Join(contractRoles, ", "))
		}
		cats[cat.ID] = true
		for j, pre := range cat.Prefixes {
			if !prefixRe.MatchString(pre) {
				l.problem(t, fmt.Sprintf("%s.cpv_prefixes[%d]", p, j), "CPV prefix %q must be 1-8 digits", pre)
			}
			if other, dup := prefixes[pre]; dup {
				l.problem(t, fmt.Sprintf("%s.cpv_prefixes[%d]", p, j), "CPV prefix %q is already in category %q", pre, other)
			}
			prefixes[pre] = cat.ID
		}
	}
	// Every procurement object must fall into a category, or no
	// requirement rule could ever reason about it.
	for _, in := range l.c.Initiatives {
		l.checkRoles(t, in, "procurement", in.Procurement)
		for i, v := range in.Variants {
			l.checkRoles(t, in, fmt.Sprintf("variants[%d].procurement", i), v.Procurement)
		}
	}
	l.checkBoundaries(t)
	l.checkOCDSPrefixes(t)
	for i, o := range t.Options {
		if o.Years < 1 || o.What == "" || o.Why == "" {
			l.problem(t, fmt.Sprintf("options[%d]", i), "options[%d] needs years >= 1, what and why", i)
		}
	}
	if strings.TrimSpace(t.Joint.When.Text) == "" || t.Joint.Advice == "" || t.Joint.LegalBasis == "" {
		l.problem(t, "joint_procurement", "joint_procurement needs when, advice and legal_basis")
	}
	for name, st := range map[string]Stage{"market_engagement": t.MarketEngagement, "standstill": t.Standstill, "mobilisation": t.Mobilisation} {
		if st.Days < 0 || st.What == "" || st.LegalBasis == "" {
			l.problem(t, name, "%s needs days >= 0, what and legal_basis", name)
		}
		l.checkConfidence(t, name+".confidence", st.Confidence)
	}
	if len(t.Selection) == 0 {
		l.problem(t, "selection", "selection: give the selection criteria every tender states")
	}
	if len(t.Responses) < 2 {
		l.problem(t, "responses", "responses: give at least a compliant and a not compliant answer")
	}
	if t.Bidders < 1 || t.Bidders > 20 {
		l.problem(t, "bidders", "bidders %d is outside 1-20", t.Bidders)
	}
}

// checkRoles checks that every procurement object falls into a category,
// or no requirement rule could ever reason about it, and that a role it
// names is known.
func (l *loader) checkRoles(t *Tendering, in *Initiative, path string, objects []ProcurementObject) {
	for i, po := range objects {
		p := fmt.Sprintf("%s[%d]", path, i)
		if len(po.CPV) > 0 && cpvRe.MatchString(po.CPV[0]) && t.CategoryOf(po.CPV[0]) == "" {
			l.problem(in, p+".cpv[0]", "main CPV code %s falls into no category of tendering.yaml", po.CPV[0])
		}
		if po.Role != "" && !slices.Contains(contractRoles, po.Role) {
			l.problem(in, p+".role", "role %q is not a contract role (%s)", po.Role, strings.Join(contractRoles, ", "))
		}
	}
}

// CategoryOf returns the category of a CPV code: the one with the longest
// matching prefix, or "" when none matches.
func (t *Tendering) CategoryOf(cpv string) string {
	best, bestLen := "", 0
	for _, cat := range t.Categories {
		for _, pre := range cat.Prefixes {
			if strings.HasPrefix(cpv, pre) && len(pre) > bestLen {
				best, bestLen = cat.ID, len(pre)
			}
		}
	}
	return best
}

// tenderJobs returns the jobs that compile every tender condition in one
// environment. Identical texts share one job: many requirements repeat a
// condition. When a shared text fails, reportDuplicates reports it at every
// other place it occurs too, so lint still names each one.
func (l *loader) tenderJobs() (jobs []*celJob, reportDuplicates func()) {
	c := l.c
	reportDuplicates = func() {}
	if c.Tendering == nil && len(c.Procedures)+len(c.AwardSets)+len(c.Requirements) == 0 {
		return nil, reportDuplicates
	}
	env, err := newTenderEnv()
	if err != nil {
		l.add(fmt.Errorf("cannot build the tender environment: %w", err))
		return nil, reportDuplicates
	}
	l.envNames[env] = "tender"
	c.tender = map[*Expr]cel.Program{}
	type place struct {
		key   any
		field string
		expr  *Expr
	}
	groups := map[string][]place{}
	var order []string
	add := func(key any, field string, e *Expr) {
		if strings.TrimSpace(e.Text) == "" {
			return
		}
		if _, ok := groups[e.Text]; !ok {
			order = append(order, e.Text)
		}
		groups[e.Text] = append(groups[e.Text], place{key, field, e})
		l.site(key, field, e)
	}
	if t := c.Tendering; t != nil {
		add(t, "joint_procurement.when", &t.Joint.When)
		for i := range t.Options {
			add(t, "applies", &t.Options[i].Applies)
		}
		for i := range t.Prerequisites {
			add(t, fmt.Sprintf("prerequisites[%d].when", i), &t.Prerequisites[i].When)
		}
	}
	for _, p := range c.Procedures {
		add(p, "recommend", &p.Recommend)
	}
	for _, a := range c.AwardSets {
		add(a, "applies", &a.Applies)
	}
	for _, t := range c.ContractTerms {
		add(t, "applies", &t.Applies)
	}
	for _, t := range c.TermsOfReference {
		add(t, "applies", &t.Applies)
	}
	for _, s := range c.Requirements {
		add(s, "applies", &s.Applies)
		for i := range s.Levels {
			add(s, fmt.Sprintf("levels[%d].when", i), &s.Levels[i].When)
		}
		for i := range s.Requirements {
			r := &s.Requirements[i]
			add(s, fmt.Sprintf("requirements[%d].applies", i), &r.Applies)
			for j := range r.Levels {
				add(s, fmt.Sprintf("requirements[%d].levels[%d].when", i, j), &r.Levels[j].When)
			}
		}
	}
	compiled := map[string]bool{}
	for _, text := range order {
		places := groups[text]
		first := places[0]
		jobs = append(jobs, &celJob{env: env, key: first.key, field: first.field, expr: *first.expr,
			store: func(prg cel.Program) {
				compiled[text] = true
				for _, p := range places {
					c.tender[p.expr] = prg
				}
			}})
	}
	reportDuplicates = func() {
		for _, text := range order {
			if compiled[text] {
				continue
			}
			for _, p := range groups[text][1:] {
				_, ps := l.compileExpr(env, p.key, p.field, *p.expr, nil)
				l.problems = append(l.problems, ps...)
			}
		}
	}
	return jobs, reportDuplicates
}

// TenderScope is what a tender condition is evaluated against: the city's
// facts, one initiative and one of its procurement objects.
type TenderScope struct {
	act   *activation
	facts *Facts
}

// NewTenderScope binds the variables of tender conditions.
func NewTenderScope(f *Facts, in InitiativeFacts, po ProcurementFacts) TenderScope {
	act := f.bind()
	act.initiative, act.procurement = in, po
	return TenderScope{act: act, facts: f}
}

// Holds evaluates a tender condition of this catalog. An empty condition
// holds: it adds nothing to the one around it.
func (c *Catalog) Holds(e *Expr, s TenderScope) (bool, error) {
	if strings.TrimSpace(e.Text) == "" {
		return true, nil
	}
	prg, ok := c.tender[e]
	if !ok {
		return false, fmt.Errorf("condition %q was not compiled", e.String())
	}
	return c.evalBool(e, prg, s.facts, s.act)
}

// TenderConditions counts the distinct compiled tender conditions.
func (c *Catalog) TenderConditions() int {
	return len(c.tender)
}

// RequirementCount counts the requirements of the library.
func (c *Catalog) RequirementCount() int {
	n := 0
	for _, s := range c.Requirements {
		n += len(s.Requirements)
	}
	return n
}
