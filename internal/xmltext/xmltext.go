// Package xmltext escapes text for XML character data and attribute
// values. Both the DOCX writer and the eForms notice writer need the same
// rule: escape the five markup characters that matter and drop what XML 1.0
// cannot hold at all, since one forbidden character makes Word or TED
// refuse the whole file.
package xmltext

import "strings"

// Escape returns s with &, <, > and " escaped and the characters XML 1.0
// forbids (control characters other than tab, newline and carriage return,
// surrogates, U+FFFE and U+FFFF) dropped. Text with nothing to change is
// returned as it is, without copying.
func Escape(s string) string {
	if plain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r != 0xFFFE && r != 0xFFFF && (r < 0xD800 || r > 0xDFFF):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// plain reports whether s is printable ASCII with nothing to escape; any
// other byte takes the rune-by-rune path, which checks each character.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '&' || c == '<' || c == '>' || c == '"' || c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
