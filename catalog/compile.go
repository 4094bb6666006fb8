package catalog

import (
	"fmt"
	"sort"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/parser"

	"github.com/citypath/citypath/internal/parallel"
	"github.com/citypath/citypath/internal/yamlx"
)

// Limits on the work catalog conditions may do at run time, in CEL cost
// units (about one per operation; more for operations on long strings and
// lists). Catalog conditions are small: a whole generation of the built-in
// catalog spends a few thousand. The limits only stop pathological ones,
// and are documented in the README ("Limits").
const (
	// MaxCostPerCondition bounds one evaluation of one condition.
	MaxCostPerCondition = 100_000
	// MaxCostPerGeneration bounds all the evaluations of one roadmap and
	// its tender packs together (Facts carries the count).
	MaxCostPerGeneration = 1_000_000
)

func (l *loader) compile() {
	c := l.c
	ruleEnv, err := newEnv(false)
	if err != nil {
		l.add(fmt.Errorf("cannot build the rule environment: %w", err))
		return
	}
	fundEnv, err := newEnv(true)
	if err != nil {
		l.add(fmt.Errorf("cannot build the funding environment: %w", err))
		return
	}
	l.envNames[ruleEnv], l.envNames[fundEnv] = "rule", "funding"
	c.ruleEnv = ruleEnv
	c.rulePrograms = map[string]cel.Program{}
	c.eligibility = map[string]cel.Program{}
	var jobs []*celJob
	c.sites = map[*Expr]exprSite{}
	for _, r := range c.Rules {
		l.site(r, "when", &r.When)
		jobs = append(jobs, &celJob{env: ruleEnv, key: r, field: "when", expr: r.When,
			store: func(p cel.Program) { c.rulePrograms[r.ID] = p }})
	}
	for _, p := range c.Programmes {
		l.site(p, "eligible", &p.Eligible)
		jobs = append(jobs, &celJob{env: fundEnv, key: p, field: "eligible", expr: p.Eligible,
			store: func(prg cel.Program) { c.eligibility[p.ID] = prg }})
	}
	c.drivers = map[string]cel.Program{}
	c.inferences = map[*Expr]cel.Program{}
	c.driverIndex = map[string]int{}
	for i := range c.Drivers.Drivers {
		d := &c.Drivers.Drivers[i]
		c.driverIndex[d.ID] = i
		l.site(&c.Drivers, fmt.Sprintf("drivers[%d].default", i), &d.Default)
		jobs = append(jobs, &celJob{env: ruleEnv, key: &c.Drivers, field: fmt.Sprintf("drivers[%d].default", i), expr: d.Default, want: cel.DoubleType,
			store: func(prg cel.Program) { c.drivers[d.ID] = prg }})
	}
	for _, in := range c.Initiatives {
		for i := range in.Infer {
			e := &in.Infer[i].When
			l.site(in, fmt.Sprintf("infer[%d].when", i), e)
			jobs = append(jobs, &celJob{env: ruleEnv, key: in, field: fmt.Sprintf("infer[%d].when", i), expr: *e,
				store: func(prg cel.Program) { c.inferences[e] = prg }})
		}
		for i := range in.Variants {
			e := &in.Variants[i].When
			l.site(in, fmt.Sprintf("variants[%d].when", i), e)
			jobs = append(jobs, &celJob{env: ruleEnv, key: in, field: fmt.Sprintf("variants[%d].when", i), expr: *e,
				store: func(prg cel.Program) { c.inferences[e] = prg }})
		}
	}
	jobs = append(jobs, l.riskJobs()...)
	tender, reportDuplicates := l.tenderJobs()
	jobs = append(jobs, l.textJobs(ruleEnv)...)
	l.compileAll(append(jobs, tender...))
	reportDuplicates()
}

// celJob is one condition to compile; store receives the program when it
// compiles.
type celJob struct {
	env   *cel.Env
	key   any
	field string
	expr  Expr
	store func(cel.Program)
	// want is the type the expression must give; nil means bool and
	// cel.DynType any type (a value quoted in a text).
	want     *cel.Type
	prg      cel.Program
	problems yamlx.Problems
}

// compileAll compiles conditions on every core: compiling CEL is most of the
// time a catalog takes to load, and environments are safe for concurrent use.
// Results are applied in job order, so problems come out the same every run.
func (l *loader) compileAll(jobs []*celJob) {
	parallel.For(len(jobs), func(i int) {
		j := jobs[i]
		j.prg, j.problems = l.compileExpr(j.env, j.key, j.field, j.expr, j.want)
	})
	for _, j := range jobs {
		l.problems = append(l.problems, j.problems...)
		if j.prg != nil {
			j.store(j.prg)
		}
	}
}

func (l *loader) compileExpr(env *cel.Env, key any, field string, e Expr, want *cel.Type) (cel.Program, yamlx.Problems) {
	if want == nil {
		want = cel.BoolType
	}
	if strings.TrimSpace(e.Text) == "" {
		return nil, nil
	}
	doc := l.c.docs[key]
	exprKey := l.envNames[env] + "\x00" + e.Text
	checked, iss := l.checked[exprKey], (*cel.Issues)(nil)
	if checked == nil {
		checked, iss = env.Compile(e.Text)
	}
	if iss != nil && iss.Err() != nil {
		var ps yamlx.Problems
		for _, ce := range iss.Errors() {
			ps = append(ps, l.celProblem(doc, e, ce.Location.Line(), ce.Location.Column(), field+": "+ce.Message))
		}
		return nil, ps
	}
	if want != cel.DynType && !checked.OutputType().IsExactType(want) {
		what := "the condition must be true or false"
		if want == cel.DoubleType {
			what = "the expression must give a number (double)"
		}
		return nil, yamlx.Problems{l.celProblem(doc, e, 1, 0, fmt.Sprintf("%s: %s, but it gives %s", field, what, checked.OutputType()))}
	}
	prg, err := env.Program(checked, cel.CostLimit(MaxCostPerCondition))
	if err != nil {
		return nil, yamlx.Problems{l.celProblem(doc, e, 1, 0, field+": "+err.Error())}
	}
	if l.record {
		l.mu.Lock()
		l.compiled[exprKey] = checked
		l.mu.Unlock()
	}
	return prg, nil
}

// celProblem maps a position inside a CEL expression (1-based line, 0-based
// column) to the YAML file, with that line of the file as its source.
func (l *loader) celProblem(doc *yamlx.Doc, e Expr, line, col int, msg string) yamlx.Problem {
	name := "catalog"
	if doc != nil {
		name = doc.File
	}
	pos := e.Pos
	switch {
	case e.Block:
		// The block's indentation is that of its first content line.
		base := l.indentOf(name, pos.Line+1)
		pos.Line += line
		pos.Col = base + col + 1
	case line <= 1:
		pos.Col += col
		if e.Quoted {
			pos.Col++
		}
	default:
		pos.Line += line - 1
		pos.Col = col + 1
	}
	return yamlx.Problem{File: name, Pos: pos, Msg: msg, Source: l.sourceLine(name, pos.Line)}
}

// indentOf returns the indentation of a line of a catalog file, for block
// scalars whose content starts on the line after the key.
func (l *loader) indentOf(display string, line int) int {
	s := l.sourceLine(display, line)
	return len(s) - len(strings.TrimLeft(s, " "))
}

// sourceLine returns a line of the catalog file shown as display.
func (l *loader) sourceLine(display string, line int) string {
	for _, f := range l.c.files {
		if f.display == display {
			return yamlx.SourceLine(f.data, line)
		}
	}
	return ""
}

// Fires evaluates a rule's condition against the facts.
func (c *Catalog) Fires(r *Rule, f *Facts) (bool, error) {
	prg, ok := c.rulePrograms[r.ID]
	if !ok {
		return false, fmt.Errorf("rule %q was not compiled", r.ID)
	}
	return c.evalBool(&r.When, prg, f, f.bind())
}

// HoldsFor evaluates a state-of-play inference or a variant condition; an empty
// condition holds.
func (c *Catalog) HoldsFor(e *Expr, f *Facts) (bool, error) {
	if strings.TrimSpace(e.Text) == "" {
		return true, nil
	}
	prg, ok := c.inferences[e]
	if !ok {
		return false, fmt.Errorf("condition %q was not compiled", e.String())
	}
	return c.evalBool(e, prg, f, f.bind())
}

// DriverDefault estimates a cost driver's quantity from the facts.
func (c *Catalog) DriverDefault(id string, f *Facts) (float64, error) {
	prg, ok := c.drivers[id]
	if !ok {
		return 0, fmt.Errorf("cost driver %q was not compiled", id)
	}
	out, err := c.eval(&c.Drivers.Drivers[c.driverIndex[id]].Default, prg, f, f.bind())
	if err != nil {
		return 0, err
	}
	v, ok := out.(types.Double)
	if !ok {
		return 0, fmt.Errorf("cost driver %q gave %v, not a number", id, out)
	}
	return float64(v), nil
}

// Eligible evaluates a programme's eligibility for one initiative.
func (c *Catalog) Eligible(p *Programme, f *Facts, in InitiativeFacts) (bool, error) {
	prg, ok := c.eligibility[p.ID]
	if !ok {
		return false, fmt.Errorf("programme %q was not compiled", p.ID)
	}
	act := f.bind()
	act.initiative = in
	return c.evalBool(&p.Eligible, prg, f, act)
}

// exprSite is where a condition stands, for errors at run time: a
// problem whose message is completed by the error.
type exprSite struct {
	at    yamlx.Problem
	field string
}

// site records where a condition stands, as a compile error would show it.
func (l *loader) site(key any, field string, e *Expr) {
	if doc := l.c.docs[key]; doc != nil && strings.TrimSpace(e.Text) != "" {
		l.c.sites[e] = exprSite{l.celProblem(doc, *e, 1, 0, ""), field}
	}
}

// evalBool evaluates a condition and charges its cost to the generation.
// An error at run time (a missing map key, a cost limit) is a problem of
// the catalog at the condition's position, like a compile error.
func (c *Catalog) evalBool(e *Expr, prg cel.Program, f *Facts, act *activation) (bool, error) {
	out, err := c.eval(e, prg, f, act)
	if err != nil {
		return false, err
	}
	if b, ok := out.(types.Bool); ok {
		return bool(b), nil
	}
	return false, c.runtimeProblem(e, f, fmt.Errorf("condition gave %v, not true or false", out))
}

// eval evaluates an expression, charging its cost to the generation.
func (c *Catalog) eval(e *Expr, prg cel.Program, f *Facts, act *activation) (ref.Val, error) {
	if f != nil {
		if first := f.failed.Load(); first != nil {
			// The first error stands for the whole generation, whichever
			// caller reports it: a caller that tries alternatives may
			// drop an error, and must not see a different one later.
			return nil, *first
		}
	}
	out, det, err := prg.Eval(act)
	if cost := det.ActualCost(); cost != nil && f != nil {
		if total := f.spent.Add(*cost); total > MaxCostPerGeneration && err == nil {
			err = fmt.Errorf("the catalog's conditions together cost more than %d for this city; this one took it over", MaxCostPerGeneration)
		}
	}
	if err != nil {
		err = c.runtimeProblem(e, f, err)
		if f != nil {
			f.failed.CompareAndSwap(nil, &err)
			return nil, *f.failed.Load()
		}
		return nil, err
	}
	return out, nil
}

// runtimeProblem places an error at run time at the expression, when its
// site is known.
func (c *Catalog) runtimeProblem(e *Expr, f *Facts, err error) error {
	site, ok := c.sites[e]
	if !ok {
		return err
	}
	if strings.Contains(err.Error(), "cost limit exceeded") {
		err = fmt.Errorf("the condition costs more than %d, the limit for one condition", MaxCostPerCondition)
	}
	p := site.at
	p.Msg = fmt.Sprintf("%s: %v (evaluating it for %s)", site.field, err, f.City.Name)
	return p
}

// Observation is one value a condition looked at, for `citypath explain`.
type Observation struct {
	Expr  string `json:"expr"`
	Value string `json:"value"`
}

// Observe lists the facts a rule's condition reads and their values for
// these facts, so that a consultant can see why it fired or not.
func (c *Catalog) Observe(r *Rule, f *Facts) []Observation {
	checked, iss := c.ruleEnv.Compile(r.When.Text)
	if iss != nil && iss.Err() != nil {
		return nil
	}
	native := checked.NativeRep()
	seen := map[string]bool{}
	var exprs []string
	var walk func(e ast.Expr)
	walk = func(e ast.Expr) {
		switch e.Kind() {
		case ast.SelectKind, ast.IdentKind:
			if root := rootIdent(e); root != "" && isVariable(root) {
				if s, err := parser.Unparse(e, native.SourceInfo()); err == nil && !seen[s] {
					seen[s] = true
					exprs = append(exprs, s)
				}
				return
			}
			if e.Kind() == ast.SelectKind {
				walk(e.AsSelect().Operand())
			}
		case ast.CallKind:
			call := e.AsCall()
			if call.IsMemberFunction() {
				walk(call.Target())
			}
			for _, a := range call.Args() {
				walk(a)
			}
		case ast.ComprehensionKind:
			walk(e.AsComprehension().IterRange())
		case ast.ListKind:
			for _, el := range e.AsList().Elements() {
				walk(el)
			}
		}
	}
	walk(native.Expr())
	sort.Strings(exprs)
	act := f.bind()
	var out []Observation
	for _, s := range exprs {
		out = append(out, Observation{Expr: s, Value: c.evalShow(s, act)})
	}
	return out
}

func rootIdent(e ast.Expr) string {
	for e.Kind() == ast.SelectKind {
		e = e.AsSelect().Operand()
	}
	if e.Kind() == ast.IdentKind {
		return e.AsIdent()
	}
	return ""
}

func isVariable(name string) bool {
	for _, v := range Variables {
		if v.Name == name {
			return true
		}
	}
	return false
}

func (c *Catalog) evalShow(src string, act *activation) string {
	checked, iss := c.ruleEnv.Compile(src)
	if iss != nil && iss.Err() != nil {
		return "?"
	}
	prg, err := c.ruleEnv.Program(checked, cel.CostLimit(MaxCostPerCondition)) // explain shows parts of a condition; they are bounded like it
	if err != nil {
		return "?"
	}
	out, _, err := prg.Eval(act)
	if err != nil {
		return "(absent)"
	}
	v, err := out.ConvertToNative(anyType)
	if err != nil {
		return fmt.Sprint(out)
	}
	return formatValue(v)
}
