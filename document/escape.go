package document

import "strings"

// mdSpecial are the characters Escape prefixes with a backslash; CommonMark
// treats a backslash before any ASCII punctuation as a literal.
const mdSpecial = "\\`*_[]<>|&~"

// isMDSpecial marks mdSpecial by byte.
var isMDSpecial = func() (t [128]bool) {
	for i := range len(mdSpecial) {
		t[mdSpecial[i]] = true
	}
	return t
}()

// Escape makes text safe to put into a Markdown template: every character
// with a meaning in Markdown or HTML is backslash-escaped, line breaks
// become spaces, and a line start that would open a heading, list or quote
// is escaped too.
func Escape(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	// The special characters are all ASCII, and no byte of a multi-byte
	// UTF-8 sequence is, so the text is scanned byte by byte.
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 128 && isMDSpecial[c] {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
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
