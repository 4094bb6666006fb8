package templates

import (
	"fmt"
	"strings"

	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/roadmap"
)

// Func is one of citypath's own template functions, with examples that are
// its documentation and, through TestFuncExamples, its test.
type Func struct {
	Name     string
	Fn       any
	Doc      string
	Examples [][2]string // template text → output
}

var ownFuncs = []Func{
	{
		Name: "md", Fn: document.Escape,
		Doc: "escapes text from inputs so that Markdown (and the DOCX and PDF made from it) shows it as written: no markup, no HTML, no table breaks, on one line",
		Examples: [][2]string{
			{`{{ md "a *b* <i>c</i> | d" }}`, `a \*b\* \<i\>c\</i\> \| d`},
			{`{{ md "# not a heading\nnext" }}`, `\# not a heading next`},
			{`{{ md "1. not a list" }}`, `1\. not a list`},
			{`{{ md "-10% and +420 and 2026.11" }}`, `-10% and +420 and 2026.11`},
			{`{{ md "- item" }}`, `\- item`},
		},
	},
	{
		Name: "money", Fn: func(v float64) string { return roadmap.Money(v) },
		Doc:      "formats an amount in whole units with a space between thousands",
		Examples: [][2]string{{`{{ money 1234567.4 }}`, `1 234 567`}},
	},
	{
		Name: "pct", Fn: func(v float64) string {
			return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".") + " %"
		},
		Doc:      "formats a percentage without trailing zeros",
		Examples: [][2]string{{`{{ pct 30.0 }}`, `30 %`}, {`{{ pct 12.5 }}`, `12.5 %`}},
	},
}

// OwnFuncs lists citypath's template functions with their examples.
func OwnFuncs() []Func { return ownFuncs }
