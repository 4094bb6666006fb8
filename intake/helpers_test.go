package intake

import "time"

func timeParse(layout, s string) (time.Time, error) { return time.Parse(layout, s) }
