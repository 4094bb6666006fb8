package templates

import (
	"fmt"
	"strings"

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
		Name: "md", Fn: Escape,
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

// mdSpecial are the characters Escape prefixes with a backslash; CommonMark
// treats a backslash before any ASCII punctuation as a literal.
const mdSpecial = "\\`*_[]<>|&~"

// Escape makes text safe to put into a Markdown template: every character
// with a meaning in Markdown or HTML is backslash-escaped, line breaks
// become spaces, and a line start that would open a heading, list or quote
// is escaped too.
func Escape(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(mdSpecial, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	// Only a line start that CommonMark would read as a block opener is
	// escaped: "# ", "- ", "+ ", "1. ", ">" or a line of "=" alone.
	if blockOpener(out) {
		out = "\\" + out
	}
	i := 0
	for i < len(out) && out[i] >= '0' && out[i] <= '9' {
		i++
	}
	if i > 0 && i < len(out) && (out[i] == '.' || out[i] == ')') && (i+1 == len(out) || out[i+1] == ' ') {
		out = out[:i] + "\\" + out[i:]
	}
	return out
}

func blockOpener(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '>':
		return true
	case '#', '-', '+':
		return len(s) == 1 || s[1] == ' ' || s[0] == '#' && strings.TrimLeft(s, "#") == "" || s[0] == '-' && strings.Trim(s, "- ") == ""
	case '=':
		return strings.Trim(s, "= ") == ""
	}
	return false
}
