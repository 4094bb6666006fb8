package batch

import (
	"strings"
	"unicode"
)

// MaxSlug bounds a folder name made from a file name, in characters.
const MaxSlug = 80

// Slug makes a folder name from text: letters and digits (any script), '-',
// '_' and '.' are kept, runs of anything else become one '-', and the name
// never starts with '.' or '-', so it cannot be "..", hidden or an option.
func Slug(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == MaxSlug {
			break
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '.':
		case r == '-':
		default:
			r = '-'
		}
		if r == '-' && strings.HasSuffix(b.String(), "-") {
			continue
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimRight(strings.TrimLeft(b.String(), ".-"), "-")
}
