package roadmap

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// plural counts something in words: "1 planned grant", "3 planned grants",
// "no planned grants".
func plural(n int, one, many string) string {
	switch n {
	case 0:
		return "no " + many
	case 1:
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// quoteTitle quotes an initiative's title where a sentence names it, so
// that readers see the title they know, never the catalog id.
func quoteTitle(title string) string { return `"` + title + `"` }

// upperFirst starts a sentence made from a clause with a capital letter.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
