package roadmap

import (
	"strings"
	"testing"
	"time"

	"github.com/citypath/citypath/catalog"
)

// TestFundingWindow checks the edges of the funding rules on a programme
// shaped like the 2021-27 cohesion funds: expenditure eligible to 31
// December 2029 (Regulation (EU) 2021/1060 Art. 63(2)), no operation
// completed before its application (Art. 63(6)), and on a grant that is not
// retroactive.
func TestFundingWindow(t *testing.T) {
	cohesion := &catalog.Programme{ID: "cohesion", EligibleFrom: "2021-01-01", EligibleUntil: "2029-12-31",
		EligibilitySource: "Art. 63(2)", BeforeApplication: catalog.CompletedExcluded, ApplyLeadMonths: 3}
	direct := &catalog.Programme{ID: "direct", BeforeApplication: catalog.NoRetroactivity, ApplyUntil: "2027-12-31", ApplyLeadMonths: 3}
	start, _ := time.Parse("2006-01", "2027-01")
	ctx := &Context{Start: start}
	in := &catalog.Initiative{ID: "x", Phase: "growth"}
	month := func(s string) int {
		t2, _ := time.Parse("2006-01", s)
		return (t2.Year()-start.Year())*12 + int(t2.Month()-start.Month())
	}
	tests := []struct {
		name       string
		prog       *catalog.Programme
		from, to   string
		eligible   int    // months funded; -1 means blocked
		blockedFor string // words the reason must contain
	}{
		{"ends on the last eligible day", cohesion, "2029-01", "2029-12", 12, ""},
		{"runs past the eligibility end", cohesion, "2029-07", "2030-06", 6, ""},
		{"starts after the eligibility end", cohesion, "2030-01", "2030-06", -1, "eligibility period"},
		{"completed before the first application", cohesion, "2027-01", "2027-03", -1, "before a first application"},
		{"completed in the month of the first application", cohesion, "2027-01", "2027-04", 4, ""},
		{"starts before the application, not retroactive", direct, "2027-01", "2027-09", -1, "started before"},
		{"starts after the application", direct, "2027-04", "2027-09", 6, ""},
		{"applies after the last calls", direct, "2028-06", "2028-12", -1, "last applications"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			window, _, why := fundingWindow(ctx, tt.prog, in, month(tt.from), month(tt.to))
			if tt.eligible < 0 {
				if why == "" || !strings.Contains(why, tt.blockedFor) {
					t.Fatalf("want blocked for %q, got %q (window %v)", tt.blockedFor, why, window)
				}
				return
			}
			if why != "" {
				t.Fatalf("blocked: %s", why)
			}
			if got := countTrue(window); got != tt.eligible {
				t.Errorf("eligible months %d, want %d", got, tt.eligible)
			}
		})
	}
}
