package catalog

import (
	"fmt"
	"math"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types/ref"

	"github.com/citypath/citypath/internal/numfmt"
	"github.com/citypath/citypath/internal/yamlx"
)

// A rule's why and recommend texts may quote the city's facts with
// ${expression}, a CEL expression over the same facts as its condition, so
// that the reason names the city's own figures ("2 of 4 systems have no open
// interface") rather than a generic sentence. Expressions are compiled when
// the catalog loads; a text without ${ is returned as it is.

// textPart is a literal or an expression of a text.
type textPart struct {
	literal string
	expr    string
	prg     cel.Program
}

// splitText cuts a text into literals and ${...} expressions.
func splitText(s string) ([]textPart, error) {
	var parts []textPart
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			if s != "" {
				parts = append(parts, textPart{literal: s})
			}
			return parts, nil
		}
		j := strings.Index(s[i:], "}")
		if j < 0 {
			return nil, fmt.Errorf("%q has ${ without a closing }", s[i:min(len(s), i+30)])
		}
		if i > 0 {
			parts = append(parts, textPart{literal: s[:i]})
		}
		parts = append(parts, textPart{expr: strings.TrimSpace(s[i+2 : i+j])})
		s = s[i+j+1:]
	}
}

// textJobs splits every rule's why and recommend into literals and ${...}
// expressions and returns the expressions as compile jobs, so that they are
// compiled with the other conditions (in parallel, and from the snapshot for
// the built-in catalog) and may give a value of any type.
func (l *loader) textJobs(env *cel.Env) []*celJob {
	c := l.c
	c.texts = map[string][]textPart{}
	var jobs []*celJob
	for _, r := range c.Rules {
		for _, f := range []struct{ field, text string }{{"why", r.Why}, {"recommend", r.Recommend}} {
			if !strings.Contains(f.text, "${") {
				continue
			}
			parts, err := splitText(f.text)
			if err != nil {
				l.problem(r, f.field, "%s: %v", f.field, err)
				continue
			}
			key := r.ID + "\x00" + f.field
			c.texts[key] = parts
			var pos yamlx.Pos
			if doc := c.docs[r]; doc != nil {
				pos = doc.At(f.field)
			}
			for i := range parts {
				if parts[i].expr == "" {
					continue
				}
				jobs = append(jobs, &celJob{env: env, key: r, field: f.field, expr: Expr{Text: parts[i].expr, Pos: pos}, want: cel.DynType,
					store: func(prg cel.Program) { parts[i].prg = prg }})
			}
		}
	}
	return jobs
}

// RuleText returns a rule's why or recommend text with its ${...}
// expressions replaced by their values for these facts.
func (c *Catalog) RuleText(r *Rule, field string, f *Facts) (string, error) {
	text := r.Why
	if field == "recommend" {
		text = r.Recommend
	}
	parts, ok := c.texts[r.ID+"\x00"+field]
	if !ok {
		return text, nil
	}
	var b strings.Builder
	act := f.bind()
	for _, p := range parts {
		if p.expr == "" {
			b.WriteString(p.literal)
			continue
		}
		if p.prg == nil {
			return text, fmt.Errorf("rule %q %s: ${%s} was not compiled", r.ID, field, p.expr)
		}
		out, _, err := p.prg.Eval(act)
		if err != nil {
			return text, fmt.Errorf("rule %q %s: ${%s}: %w", r.ID, field, p.expr, err)
		}
		b.WriteString(formatText(out))
	}
	return b.String(), nil
}

// formatText writes a value as prose: whole numbers without decimals,
// thousands separated by a space, lists joined with commas.
func formatText(v ref.Val) string {
	switch x := v.Value().(type) {
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return numfmt.Prose(x)
		}
		return fmt.Sprintf("%.1f", x)
	case int64:
		return numfmt.Prose(float64(x))
	case uint64:
		return numfmt.Prose(float64(x))
	}
	return fmt.Sprint(v.Value())
}
