package cmd

import (
	"fmt"
	"strconv"
	"time"
)

// documentDate is the date printed on generated documents. It comes from
// SOURCE_DATE_EPOCH when set (reproducible builds convention), otherwise
// from the input (the assessment date), never from the clock, so that the
// same inputs give the same bytes.
func documentDate(getenv func(string) string, fallback string) (time.Time, error) {
	if v := getenv("SOURCE_DATE_EPOCH"); v != "" {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return time.Time{}, usagef("SOURCE_DATE_EPOCH=%q is not a number of seconds", v)
		}
		return time.Unix(secs, 0).UTC(), nil
	}
	t, err := time.Parse("2006-01-02", fallback)
	if err != nil {
		return time.Time{}, fmt.Errorf("document date from %q: %w", fallback, err)
	}
	return t.UTC(), nil
}
