package cmd

import (
	"fmt"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/roadmap"
)

// listTendering lists the procurement knowledge of the catalog.
func listTendering(tw *tabwriter.Writer, c *catalog.Catalog, kind string) {
	switch kind {
	case "thresholds":
		fmt.Fprintln(tw, "ID\tVALID\tSUB-CENTRAL S&S\tWORKS\tTITLE")
		for _, t := range c.Thresholds {
			fmt.Fprintf(tw, "%s\t%s..%s\t%s\t%s\t%s\n", t.ID, t.ValidFrom, t.ValidUntil,
				roadmap.Money(thresholdFor(t, "sub-central", "services")), roadmap.Money(thresholdFor(t, "sub-central", "works")), t.Title)
		}
	case "procedures":
		fmt.Fprintln(tw, "ORDER\tID\tRECOMMENDED WHEN\tARTICLE")
		for _, p := range c.Procedures {
			when := p.Recommend.String()
			if when == "" {
				when = "(alternative only)"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", p.Order, p.ID, when, p.Article)
		}
	case "award":
		fmt.Fprintln(tw, "ORDER\tID\tAPPLIES\tCRITERIA")
		for _, a := range c.AwardSets {
			var cs []string
			for _, cr := range a.Criteria {
				cs = append(cs, fmt.Sprintf("%s %g%%", cr.ID, cr.Weight))
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", a.Order, a.ID, a.Applies.String(), strings.Join(cs, ", "))
		}
	case "requirements":
		fmt.Fprintln(tw, "ID\tSECTION\tMIM\tREQUIREMENTS\tAPPLIES")
		for _, s := range c.Requirements {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", s.ID, s.Section, s.MIM, len(s.Requirements), s.Applies.String())
		}
	}
}

func thresholdFor(t *catalog.Thresholds, authority, contract string) float64 {
	for _, v := range t.Values {
		if slices.Contains(v.Authorities, authority) && slices.Contains(v.Contracts, contract) {
			return v.Amount
		}
	}
	return 0
}
