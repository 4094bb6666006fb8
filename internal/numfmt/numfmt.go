// Package numfmt writes numbers the way citypath's documents print them:
// whole units with digit groups separated by a space (1 234 567), the
// European style that reads the same in every language the tool serves.
package numfmt

import (
	"fmt"
	"strings"
)

// Grouped writes v rounded to a whole number, with digit groups.
func Grouped(v float64) string { return group(fmt.Sprintf("%.0f", v), 3) }

// Prose writes a whole number for running text: numbers of up to four
// digits, such as years, stay ungrouped.
func Prose(v float64) string { return group(fmt.Sprintf("%.0f", v), 4) }

// group inserts a space every three digits when the number has more than
// keep digits.
func group(s string, keep int) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if len(s) > keep {
		var out []byte
		for i := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				out = append(out, ' ')
			}
			out = append(out, s[i])
		}
		s = string(out)
	}
	if neg {
		return "-" + s
	}
	return s
}
