package xmltext

import "testing"

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain text", "plain text"},
		{`a & b < c > d "e"`, "a &amp; b &lt; c &gt; d &quot;e&quot;"},
		{"tab\tnew\nline\rreturn", "tab\tnew\nline\rreturn"},
		{"bell\x07 and nul\x00 dropped", "bell and nul dropped"},
		{"Statutární město", "Statutární město"},
		{"\uFFFE\uFFFF gone", " gone"},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
