package numfmt

import "testing"

func TestGrouping(t *testing.T) {
	for _, tt := range []struct {
		v            float64
		grouped, pro string
	}{
		{0, "0", "0"},
		{2026, "2 026", "2026"},
		{12345.6, "12 346", "12 346"},
		{-1234567, "-1 234 567", "-1 234 567"},
	} {
		if got := Grouped(tt.v); got != tt.grouped {
			t.Errorf("Grouped(%v) = %q, want %q", tt.v, got, tt.grouped)
		}
		if got := Prose(tt.v); got != tt.pro {
			t.Errorf("Prose(%v) = %q, want %q", tt.v, got, tt.pro)
		}
	}
}
