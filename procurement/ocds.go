package procurement

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/citypath/citypath/catalog"
)

// OCDS 1.1.5 release package types: only the fields a planning and tender
// release use. Field names are the standard's.
type ocdsPackage struct {
	URI           string        `json:"uri"`
	Version       string        `json:"version"`
	Extensions    []string      `json:"extensions,omitempty"`
	PublishedDate string        `json:"publishedDate"`
	Publisher     ocdsPublisher `json:"publisher"`
	Releases      []ocdsRelease `json:"releases"`
}

type ocdsPublisher struct {
	Name   string `json:"name"`
	Scheme string `json:"scheme,omitempty"`
	UID    string `json:"uid,omitempty"`
	URI    string `json:"uri,omitempty"`
}

type ocdsRelease struct {
	OCID           string       `json:"ocid"`
	ID             string       `json:"id"`
	Date           string       `json:"date"`
	Tag            []string     `json:"tag"`
	InitiationType string       `json:"initiationType"`
	Language       string       `json:"language"`
	Parties        []ocdsParty  `json:"parties"`
	Buyer          ocdsOrgRef   `json:"buyer"`
	Planning       ocdsPlanning `json:"planning"`
	Tender         ocdsTender   `json:"tender"`
}

type ocdsOrgRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type ocdsParty struct {
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	Identifier   *ocdsIdentifier `json:"identifier,omitempty"`
	Address      *ocdsAddress    `json:"address,omitempty"`
	ContactPoint *ocdsContact    `json:"contactPoint,omitempty"`
	Roles        []string        `json:"roles"`
}

type ocdsIdentifier struct {
	Scheme    string `json:"scheme,omitempty"`
	ID        string `json:"id,omitempty"`
	LegalName string `json:"legalName,omitempty"`
	URI       string `json:"uri,omitempty"`
}

type ocdsAddress struct {
	StreetAddress string `json:"streetAddress,omitempty"`
	Locality      string `json:"locality,omitempty"`
	PostalCode    string `json:"postalCode,omitempty"`
	CountryName   string `json:"countryName,omitempty"`
}

type ocdsContact struct {
	Name      string `json:"name,omitempty"`
	Email     string `json:"email,omitempty"`
	Telephone string `json:"telephone,omitempty"`
	URL       string `json:"url,omitempty"`
}

type ocdsPlanning struct {
	Rationale  string          `json:"rationale"`
	Budget     ocdsBudget      `json:"budget"`
	Milestones []ocdsMilestone `json:"milestones"`
}

type ocdsBudget struct {
	Description string    `json:"description"`
	Amount      ocdsValue `json:"amount"`
	Project     string    `json:"project"`
	ProjectID   string    `json:"projectID"`
}

type ocdsValue struct {
	Amount   float64 `json:"amount"`
	Currency string  `json:"currency"`
}

type ocdsMilestone struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Type        string `json:"type"`
	DueDate     string `json:"dueDate"`
	Status      string `json:"status"`
	Description string `json:"description,omitempty"`
}

type ocdsTender struct {
	ID                         string          `json:"id"`
	Title                      string          `json:"title"`
	Description                string          `json:"description"`
	Status                     string          `json:"status"`
	ProcuringEntity            ocdsOrgRef      `json:"procuringEntity"`
	Items                      []ocdsItem      `json:"items"`
	Value                      ocdsValue       `json:"value"`
	ProcurementMethod          string          `json:"procurementMethod"`
	ProcurementMethodDetails   string          `json:"procurementMethodDetails"`
	ProcurementMethodRationale string          `json:"procurementMethodRationale"`
	MainProcurementCategory    string          `json:"mainProcurementCategory"`
	AwardCriteria              string          `json:"awardCriteria"`
	AwardCriteriaDetails       string          `json:"awardCriteriaDetails"`
	SubmissionMethod           []string        `json:"submissionMethod"`
	TenderPeriod               ocdsPeriod      `json:"tenderPeriod"`
	AwardPeriod                ocdsPeriod      `json:"awardPeriod"`
	ContractPeriod             ocdsPeriod      `json:"contractPeriod"`
	Documents                  []ocdsDocument  `json:"documents"`
	Milestones                 []ocdsMilestone `json:"milestones"`
	Lots                       []ocdsLot       `json:"lots,omitempty"`
}

type ocdsItem struct {
	ID                        string               `json:"id"`
	Description               string               `json:"description"`
	Classification            ocdsClassification   `json:"classification"`
	AdditionalClassifications []ocdsClassification `json:"additionalClassifications,omitempty"`
	RelatedLot                string               `json:"relatedLot,omitempty"`
}

type ocdsClassification struct {
	Scheme string `json:"scheme"`
	ID     string `json:"id"`
}

type ocdsPeriod struct {
	StartDate      string `json:"startDate,omitempty"`
	EndDate        string `json:"endDate,omitempty"`
	DurationInDays int    `json:"durationInDays,omitempty"`
}

type ocdsDocument struct {
	ID           string `json:"id"`
	DocumentType string `json:"documentType"`
	Title        string `json:"title"`
	Format       string `json:"format"`
	Language     string `json:"language"`
}

type ocdsLot struct {
	ID    string     `json:"id"`
	Title string     `json:"title"`
	Value *ocdsValue `json:"value,omitempty"`
}

// lotsExtension declares the lots fields, which are not in the core schema.
const lotsExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json"

// ocdsCategory maps contract types to OCDS mainProcurementCategory.
var ocdsCategory = map[string]string{"supplies": "goods", "services": "services", "works": "works"}

// OCDS writes the contract's OCDS 1.1.5 release package: a planning release
// dated on the document date and a tender release dated on the planned
// publication day, both for the same ocid.
func OCDS(p *Pack) ([]byte, error) {
	c := p.Contract
	buyerID := "buyer"
	if p.Buyer.Scheme != "" && p.Buyer.Identifier != "" {
		buyerID = p.Buyer.Scheme + "-" + p.Buyer.Identifier
	}
	party := ocdsParty{ID: buyerID, Name: p.Buyer.LegalName, Roles: []string{"buyer", "procuringEntity"}}
	if p.Buyer.Identifier != "" {
		party.Identifier = &ocdsIdentifier{Scheme: p.Buyer.Scheme, ID: p.Buyer.Identifier, LegalName: p.Buyer.LegalName}
	}
	if p.Buyer.Address() != "" {
		party.Address = &ocdsAddress{StreetAddress: p.Buyer.Street, Locality: p.Buyer.Locality, PostalCode: p.Buyer.PostalCode, CountryName: p.Buyer.Country}
	}
	website := ""
	if w := p.Buyer.Website; strings.HasPrefix(w, "https://") || strings.HasPrefix(w, "http://") {
		website = w
	}
	if p.Buyer.ContactName+p.Buyer.Email+p.Buyer.Telephone+website != "" {
		party.ContactPoint = &ocdsContact{Name: p.Buyer.ContactName, Email: p.Buyer.Email, Telephone: p.Buyer.Telephone, URL: website}
	}
	ref := ocdsOrgRef{ID: buyerID, Name: p.Buyer.LegalName}

	var rationale []string
	for _, r := range p.Initiative.Reasons {
		rationale = append(rationale, r.Text)
	}
	items := []ocdsItem{{ID: "1", Description: c.Title, Classification: ocdsClassification{Scheme: "CPV", ID: c.CPV[0]}}}
	for _, code := range c.CPV[1:] {
		items[0].AdditionalClassifications = append(items[0].AdditionalClassifications, ocdsClassification{Scheme: "CPV", ID: code})
	}
	var lots []ocdsLot
	for i, l := range c.Lots {
		lot := ocdsLot{ID: fmt.Sprintf("LOT-%04d", i+1), Title: l}
		if i < len(c.LotValues) {
			lot.Value = &ocdsValue{Amount: c.LotValues[i].Estimated, Currency: currencyOf(c.Threshold.Currency)}
		}
		lots = append(lots, lot)
	}
	lang := p.Language()
	var criteria []string
	for _, cr := range p.Award.Criteria {
		criteria = append(criteria, fmt.Sprintf("%s %g%%", cr.Name, cr.Weight))
	}
	awardCriteria := "ratedCriteria"
	switch p.Award.Method {
	case "price":
		awardCriteria = "priceOnly"
	case "cost":
		awardCriteria = "costOnly"
	}
	signed := at(c.Timeline.ContractSigned)
	end, _ := time.Parse(dateFormat, c.Timeline.ContractSigned)
	years := c.ContractYears
	for _, o := range c.Options {
		years += o.Years
	}
	tl := c.Timeline
	var milestones []ocdsMilestone
	if tl.MarketEngagement != "" {
		milestones = append(milestones, ocdsMilestone{ID: "market-engagement", Title: "Market engagement starts", Type: "engagement", DueDate: at(tl.MarketEngagement), Status: "scheduled"})
	}
	milestones = append(milestones,
		ocdsMilestone{ID: "award-decision", Title: "Award decision", Type: "approval", DueDate: at(tl.AwardDecision), Status: "scheduled"},
		ocdsMilestone{ID: "contract-signature", Title: "Contract signed", Type: "approval", DueDate: signed, Status: "scheduled"},
	)
	const docx, xlsx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	docs := []ocdsDocument{{ID: "tender-specification", DocumentType: "technicalSpecifications", Title: "Tender specification", Format: docx, Language: lang}}
	if p.HasMatrix() {
		docs = append(docs, ocdsDocument{ID: "compliance-matrix", DocumentType: "eligibilityCriteria", Title: "Compliance matrix", Format: xlsx, Language: lang})
	}
	docs = append(docs, ocdsDocument{ID: "evaluation-grid", DocumentType: "evaluationCriteria", Title: "Evaluation grid", Format: xlsx, Language: lang})
	if p.HasChecklist() {
		docs = append(docs, ocdsDocument{ID: "mims-checklist", DocumentType: "technicalSpecifications", Title: "MIMs conformance checklist", Format: docx, Language: lang})
	}
	tender := func(status string) ocdsTender {
		return ocdsTender{
			ID: p.OCID + "-tender", Title: c.Title, Description: p.Initiative.Title + ": " + c.Title, Status: status,
			ProcuringEntity: ref, Items: items, Value: ocdsValue{Amount: c.Value.Estimated, Currency: currencyOf(c.Threshold.Currency)},
			ProcurementMethod: c.Procedure.OCDSMethod, ProcurementMethodDetails: c.Procedure.Name + " (" + c.Procedure.Article + ")",
			ProcurementMethodRationale: c.Procedure.Reason, MainProcurementCategory: ocdsCategory[c.Type],
			AwardCriteria: awardCriteria, AwardCriteriaDetails: strings.Join(criteria, "; "),
			SubmissionMethod: []string{"electronicSubmission"},
			TenderPeriod:     ocdsPeriod{StartDate: at(tl.Publication), EndDate: at(tl.TendersDue)},
			AwardPeriod:      ocdsPeriod{StartDate: at(tl.TendersDue), EndDate: at(tl.AwardDecision)},
			ContractPeriod:   ocdsPeriod{StartDate: signed, EndDate: end.AddDate(years, 0, 0).Format(dateFormat) + "T00:00:00Z"},
			Documents:        docs, Milestones: milestones, Lots: lots,
		}
	}
	release := func(tag, date, status string) ocdsRelease {
		return ocdsRelease{
			OCID: p.OCID, ID: p.OCID + "-" + tag + "-" + date[:10], Date: date, Tag: []string{tag}, InitiationType: "tender", Language: lang,
			Parties: []ocdsParty{party}, Buyer: ref,
			Planning: ocdsPlanning{
				Rationale: strings.Join(rationale, " "),
				Budget: ocdsBudget{Description: c.Value.Basis, Amount: ocdsValue{Amount: c.Value.Estimated, Currency: currencyOf(c.Threshold.Currency)},
					Project: p.Initiative.Title, ProjectID: p.Initiative.ID},
				Milestones: []ocdsMilestone{{ID: "initiative-start", Title: "Initiative starts", Type: "delivery", DueDate: at(tl.InitiativeStart), Status: "scheduled"}},
			},
			Tender: tender(status),
		}
	}
	pkg := ocdsPackage{
		URI: packageURI(p), Version: "1.1", PublishedDate: p.DateTime.UTC().Format(time.RFC3339),
		Publisher: ocdsPublisher{Name: p.Buyer.LegalName, Scheme: p.Buyer.Scheme, UID: p.Buyer.Identifier, URI: website},
		Releases: []ocdsRelease{
			release("planning", p.DateTime.UTC().Format(time.RFC3339), "planning"),
			release("tender", at(tl.Publication), "active"),
		},
	}
	if len(lots) > 0 {
		pkg.Extensions = []string{lotsExtension}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(pkg); err != nil {
		return nil, fmt.Errorf("encode OCDS: %w", err)
	}
	return buf.Bytes(), nil
}

// at turns a plan day into an OCDS date-time.
func at(day string) string { return day + "T00:00:00Z" }

// packageURI is where the package is meant to be published: under the
// buyer's website when the city file gives one.
func packageURI(p *Pack) string {
	if w := strings.TrimSuffix(p.Buyer.Website, "/"); strings.HasPrefix(w, "https://") || strings.HasPrefix(w, "http://") {
		return w + "/ocds/" + p.OCID + ".json"
	}
	return "urn:ocds:" + p.OCID
}

// currencyOf is the currency of a contract's amounts: the plan's.
func currencyOf(cur string) string {
	if cur != "" {
		return cur
	}
	return "EUR"
}

// ocidPrefixWarning says when the buyer's ocid prefix is not among the
// registered prefixes the catalog holds; "" when it is, or when the city
// gives none (the pack notes that it uses a placeholder).
func ocidPrefixWarning(list *catalog.OCDSPrefixes, prefix string) string {
	switch {
	case prefix == "":
		return ""
	case !ocidPrefixRe.MatchString(prefix):
		return fmt.Sprintf("the ocid prefix %q (city.buyer.ocid_prefix) is not of the registered form ocds-xxxxxx (six lower-case letters or digits); the packs use the placeholder %s", prefix, draftPrefix)
	case list == nil || list.Registered(prefix):
		return ""
	case list.Complete:
		return fmt.Sprintf("the ocid prefix %q (city.buyer.ocid_prefix) is not in the register of OCDS prefixes (as of %s, %s); register it with the Open Contracting Partnership before publishing, as only a registered prefix keeps the ocids unique", prefix, list.AsOf, list.Register)
	default:
		return fmt.Sprintf("the ocid prefix %q (city.buyer.ocid_prefix) is not among the %d registered OCDS prefixes the catalog holds, which are only those the OCDS documentation names (as of %s); check it in the Open Contracting Partnership's register (%s) before publishing, as only a registered prefix keeps the ocids unique", prefix, len(list.Prefixes), list.AsOf, list.Register)
	}
}
