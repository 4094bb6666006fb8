package catalog

import (
	"time"
)

// Holidays is holidays.yaml: the public holidays on which public offices
// close, per country, as rules: fixed dates and days counted from Easter.
// Tender dates never fall on them or on a weekend.
type Holidays struct {
	Version   int               `yaml:"version" json:"version"`
	Countries []CountryHolidays `yaml:"countries" json:"countries"`
}

// CountryHolidays is one country's nationwide public holidays.
type CountryHolidays struct {
	Country    string         `yaml:"country" json:"country" jsonschema:"pattern=^[A-Z]{2}$"`
	Source     string         `yaml:"source" json:"source" jsonschema:"description=The act that sets them, with its sections."`
	Confidence string         `yaml:"confidence" json:"confidence" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
	Fixed      []FixedHoliday `yaml:"fixed" json:"fixed"`
	Easter     []EasterDay    `yaml:"easter,omitempty" json:"easter,omitempty"`
	Note       string         `yaml:"note,omitempty" json:"note,omitempty"`
}

// FixedHoliday falls on the same day every year.
type FixedHoliday struct {
	Date string `yaml:"date" json:"date" jsonschema:"pattern=^[0-9]{2}-[0-9]{2}$,description=MM-DD."`
	Name string `yaml:"name" json:"name"`
}

// EasterDay falls a number of days from Western Easter Sunday.
type EasterDay struct {
	Offset int    `yaml:"offset" json:"offset"`
	Name   string `yaml:"name" json:"name"`
}

// Easter returns Western (Gregorian) Easter Sunday of a year, by the
// anonymous Gregorian computus (Meeus/Jones/Butcher).
func Easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// IsHoliday reports whether a day is a public holiday in a country, and
// its name. Countries without data have none.
func (c *Catalog) IsHoliday(country string, t time.Time) (string, bool) {
	for _, ch := range c.Holidays.Countries {
		if ch.Country != country {
			continue
		}
		md := t.Format("01-02")
		for _, f := range ch.Fixed {
			if f.Date == md {
				return f.Name, true
			}
		}
		easter := Easter(t.Year())
		for _, e := range ch.Easter {
			if easter.AddDate(0, 0, e.Offset).Equal(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)) {
				return e.Name, true
			}
		}
	}
	return "", false
}

// IsWorkingDay reports whether public offices are open: not a weekend and
// not a public holiday of the country.
func (c *Catalog) IsWorkingDay(country string, t time.Time) bool {
	if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := c.IsHoliday(country, t)
	return !holiday
}

// WorkingDayOnOrBefore returns t, or the last working day before it.
func (c *Catalog) WorkingDayOnOrBefore(country string, t time.Time) time.Time {
	for !c.IsWorkingDay(country, t) {
		t = t.AddDate(0, 0, -1)
	}
	return t
}

// WorkingDayOnOrAfter returns t, or the first working day after it.
func (c *Catalog) WorkingDayOnOrAfter(country string, t time.Time) time.Time {
	for !c.IsWorkingDay(country, t) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}
