package catalog

import (
	"testing"
	"time"
)

// TestEaster checks the computus against published Easter Sundays.
func TestEaster(t *testing.T) {
	for year, want := range map[int]string{2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2028: "2028-04-16", 2030: "2030-04-21", 2038: "2038-04-25"} {
		if got := Easter(year).Format("2006-01-02"); got != want {
			t.Errorf("Easter %d = %s, want %s", year, got, want)
		}
	}
}

// TestWorkingDays checks weekends and holiday rules of both kinds.
func TestWorkingDays(t *testing.T) {
	c := &Catalog{Holidays: Holidays{Countries: []CountryHolidays{{
		Country: "CZ", Fixed: []FixedHoliday{{Date: "12-24", Name: "Christmas Eve"}},
		Easter: []EasterDay{{Offset: 1, Name: "Easter Monday"}},
	}}}}
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	tests := []struct {
		country, day string
		working      bool
	}{
		{"CZ", "2027-03-29", false}, // Easter Monday
		{"CZ", "2027-03-30", true},
		{"CZ", "2027-12-24", false},
		{"DE", "2027-12-24", true},  // no data for DE in this catalog
		{"CZ", "2027-03-27", false}, // Saturday
	}
	for _, tt := range tests {
		if got := c.IsWorkingDay(tt.country, day(tt.day)); got != tt.working {
			t.Errorf("%s %s: working %v, want %v", tt.country, tt.day, got, tt.working)
		}
	}
	if got := c.WorkingDayOnOrAfter("CZ", day("2027-03-27")).Format("2006-01-02"); got != "2027-03-30" {
		t.Errorf("next working day after Saturday before Easter Monday: %s", got)
	}
}
