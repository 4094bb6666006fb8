package procurement

import (
	"crypto/sha256"
	"fmt"
	"regexp"
	"strings"

	"github.com/citypath/citypath/catalog"
	"github.com/citypath/citypath/procurement/eforms"
	"github.com/citypath/citypath/roadmap"
)

// NoticeFile is the name of the draft eForms contract notice in a pack.
const NoticeFile = "eforms-contract-notice.xml"

// noticeLanguage is the language the notice's texts are in: the catalog's
// and the specification's, English.
const noticeLanguage = "en"

// nuts3Re is the form of a NUTS 3 code, the level eForms addresses take.
var nuts3Re = regexp.MustCompile(`^[A-Z]{2}[0-9A-Z]{3}$`)

// NeedsNotice reports whether a contract is published with a contract
// notice of its own: above the EU threshold, under the directive, and not a
// call-off from a framework agreement whose notice already covered it.
func NeedsNotice(c roadmap.Contract) bool {
	return c.Threshold.Above && c.Procedure.Regime == "eu" && (c.Aggregate == nil || c.Aggregate.Role != "call-off")
}

// notice decides the draft eForms contract notice of a pack's contract
// (subtype 16), or says in the pack's notes why there is none.
func (p *Pack) notice(ctx *roadmap.Context) {
	c := p.Contract
	if !NeedsNotice(c) {
		return
	}
	cat := ctx.Catalog
	var proc *catalog.Procedure
	for _, pr := range cat.Procedures {
		if pr.ID == c.Procedure.ID {
			proc = pr
		}
	}
	if proc == nil || proc.EFormsCode == "" {
		p.Notes = append(p.Notes, fmt.Sprintf("no eForms contract notice is drafted: the %s has no procedure type under Directive 2014/24/EU; publish its call as its own rules require", c.Procedure.Name))
		return
	}
	file := ctx.City.File.City
	b := file.Buyer
	var missing []string
	need := func(v, field string) string {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, field)
		}
		return v
	}
	nuts := b.Address.NUTS
	if nuts == "" && nuts3Re.MatchString(file.NUTS) {
		nuts = file.NUTS
	}
	platform := b.TenderPlatform
	if platform == "" {
		platform = b.Website
	}
	n := &eforms.Notice{
		ID: uuid(p.OCID + "/contract-notice/01"), FolderID: uuid(p.OCID),
		IssueDate: c.Timeline.Publication, Language: noticeLanguage,
		Buyer: eforms.Organisation{
			Name: p.Buyer.LegalName, Identifier: need(p.Buyer.Identifier, "city.buyer.identifier"),
			Street: p.Buyer.Street, City: need(p.Buyer.Locality, "city.buyer.address.locality"), PostalCode: p.Buyer.PostalCode,
			NUTS: need(nuts, "city.buyer.address.nuts (a NUTS 3 code)"), Country: p.Buyer.Country,
			Email: need(p.Buyer.Email, "city.buyer.contact.email"), Telephone: need(p.Buyer.Telephone, "city.buyer.contact.telephone"),
			Website: b.Website,
		},
		BuyerLegalType: buyerLegalType(ctx.Doc.City.AuthorityType), BuyerActivity: "gen-pub",
		Procedure: proc.EFormsCode, Title: c.Title, Description: describe(p),
		Nature: c.Type, CPV: c.CPV, Place: eforms.Place{NUTS: nuts, Country: p.Buyer.Country},
		Currency: currencyOf(c.Threshold.Currency), Value: c.Value.Estimated,
	}
	need(platform, "city.buyer.tender_platform (or city.buyer.website)")
	switch rb := b.ReviewBody; {
	case rb != nil:
		n.Review = eforms.Organisation{Name: rb.LegalName, Identifier: rb.Identifier, Street: rb.Address.Street, City: rb.Address.Locality,
			PostalCode: rb.Address.PostalCode, NUTS: rb.Address.NUTS, Country: rb.Address.Country, Website: rb.Website}
	default:
		if nat, ok := cat.National(file.Country); ok && nat.ReviewBody != nil {
			r := nat.ReviewBody
			n.Review = eforms.Organisation{Name: r.Name, Identifier: r.Identifier, Street: r.Street, City: r.Locality,
				PostalCode: r.PostalCode, NUTS: r.NUTS, Country: nat.Country, Website: r.Website}
			n.ReviewDeadline = r.Appeal
		} else {
			missing = append(missing, "city.buyer.review_body (the catalog names no review body for "+file.Country+")")
		}
	}
	if len(missing) > 0 {
		p.Notes = append(p.Notes, "no eForms contract notice is drafted: it needs "+strings.Join(missing, ", "))
		return
	}
	lot := eforms.Lot{
		Nature: c.Type, CPV: c.CPV, TendersDue: c.Timeline.TendersDue, RequestsDue: c.Timeline.RequestsDue,
		MinCandidates: minCandidates(*proc), TenderValidityDays: cat.Tendering.Instructions.ValidityDays,
		Languages: tenderLanguages(ctx.Doc.City.Language), DocumentsURL: platform, SubmissionURL: platform,
		DurationMonths: 12 * c.ContractYears, Options: options(c), EUFunded: p.PlannedFunding() != "",
	}
	for _, cr := range p.Award.Criteria {
		lot.Criteria = append(lot.Criteria, eforms.Criterion{Type: cr.Type, Name: cr.Name, Description: cr.Description, Weight: cr.Weight})
	}
	switch {
	case c.Aggregate != nil && c.Aggregate.Role == "framework":
		// A framework agreement with a lot for each purchase of its group
		// that is not bought as a small lot (Art. 5(10)).
		years := cat.Tendering.FrameworkYears
		if years == 0 {
			years = 4
		}
		n.Value = 0
		for _, m := range frameworkMembers(ctx, c) {
			l := lot
			l.Title, l.Description, l.InternalID = m.Title, m.Title+" ("+m.Initiative+")", m.ID
			l.Nature, l.CPV, l.Value = m.Type, m.CPV, m.Value.Estimated
			l.Framework, l.DurationMonths, l.Options = true, 12*years, ""
			n.Value += m.Value.Estimated
			n.Lots = append(n.Lots, l)
		}
	case len(c.Lots) > 0:
		// The plan values the contract, not its lots, so the lots state
		// no value of their own.
		for i, title := range c.Lots {
			l := lot
			l.Title, l.Description, l.InternalID = title, title, fmt.Sprintf("%s-%d", c.ID, i+1)
			n.Lots = append(n.Lots, l)
		}
	default:
		lot.Title, lot.Description, lot.InternalID, lot.Value = c.Title, describe(p), c.ID, c.Value.Estimated
		n.Lots = []eforms.Lot{lot}
	}
	p.Notice = n
}

// frameworkMembers are the contracts a framework agreement has a lot for:
// its own and its group's call-offs, in the plan's order.
func frameworkMembers(ctx *roadmap.Context, fw roadmap.Contract) []roadmap.Contract {
	out := []roadmap.Contract{fw}
	if ctx.Doc.Procurement == nil {
		return out
	}
	for _, c := range ctx.Doc.Procurement.Contracts {
		if c.Aggregate != nil && c.Aggregate.Role == "call-off" && c.Aggregate.Framework == fw.ID {
			out = append(out, c)
		}
	}
	return out
}

// describe is the notice's description of the purchase: what the
// initiative it serves is about.
func describe(p *Pack) string {
	if d := strings.TrimSpace(p.Initiative.Description); d != "" {
		return p.Contract.Title + " for the initiative " + p.Initiative.Title + ". " + d
	}
	return p.Contract.Title + " for the initiative " + p.Initiative.Title + "."
}

// options describes the options the value counts.
func options(c roadmap.Contract) string {
	var parts []string
	for _, o := range c.Options {
		parts = append(parts, fmt.Sprintf("%s: %d year(s)", o.What, o.Years))
	}
	return strings.Join(parts, "; ")
}

// buyerLegalType is the buyer-legal-type code of the SDK's code list for
// citypath's buyers, which are municipalities (la, local authority) unless
// the city file says the authority is central (cga).
func buyerLegalType(authority string) string {
	if authority == "central" {
		return "cga"
	}
	return "la"
}

// tenderLanguages are the languages tenders may be submitted in: the
// city's and English, the language of the tender documents.
func tenderLanguages(city string) []string {
	city, _, _ = strings.Cut(strings.ToLower(city), "-")
	if city == "" || city == noticeLanguage {
		return []string{noticeLanguage}
	}
	return []string{city, noticeLanguage}
}

// uuid derives a version 4 UUID from a name, so that the same tender
// always gets the same notice identifiers; eForms requires the form of a
// version 4 UUID (BR-BT-00701).
func uuid(name string) string {
	h := sha256.Sum256([]byte("citypath eForms\x00" + name))
	h[6] = h[6]&0x0f | 0x40
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// minCandidates is the fewest candidates a procedure with a selection stage
// invites, from its mechanics in the catalog; 0 for a single-stage one.
func minCandidates(proc catalog.Procedure) int {
	if proc.Mechanics == nil {
		return 0
	}
	return proc.Mechanics.MinCandidates
}
