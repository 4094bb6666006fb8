package eforms

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/citypath/citypath/internal/xmltext"
)

// Namespaces of a contract notice.
const (
	nsCN    = "urn:oasis:names:specification:ubl:schema:xsd:ContractNotice-2"
	nsCAC   = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
	nsCBC   = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
	nsEXT   = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
	nsEFAC  = "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"
	nsEFEXT = "http://data.europa.eu/p27/eforms-ubl-extensions/1"
	nsEFBC  = "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"
)

// Organisation ids in the notice: the buyer and the review body.
const (
	buyerOrg  = "ORG-0001"
	reviewOrg = "ORG-0002"
)

// ContractNotice writes the notice as UBL XML, elements in the order of
// the XSD's sequences. It checks what the writer needs (codes it can
// translate, the fields the notice cannot go without) and reports every
// problem at once.
func ContractNotice(n *Notice) ([]byte, error) {
	var c check
	lang, ok := Language(n.Language)
	if !ok {
		c.add("notice language %q is not an official EU language (ISO 639-1)", n.Language)
	}
	c.org("buyer", n.Buyer)
	c.org("review body", n.Review)
	c.need("notice id", n.ID)
	c.need("procedure id", n.FolderID)
	c.need("issue date", n.IssueDate)
	c.need("buyer legal type", n.BuyerLegalType)
	c.need("buyer activity", n.BuyerActivity)
	c.need("title", n.Title)
	c.need("description", n.Description)
	c.need("currency", n.Currency)
	c.code("procedure type", n.Procedure, procedureTypes)
	c.code("contract nature", n.Nature, natures)
	if len(n.CPV) == 0 {
		c.add("no CPV code")
	}
	placeCountry, ok := Country(n.Place.Country)
	if !ok {
		c.add("place of performance: country %q is not an EU or EEA member state", n.Place.Country)
	}
	if len(n.Lots) == 0 {
		c.add("no lot")
	}
	var lotLangs [][]string
	for i, l := range n.Lots {
		what := fmt.Sprintf("lot %d", i+1)
		c.need(what+" title", l.Title)
		c.need(what+" description", l.Description)
		c.need(what+" documents address", l.DocumentsURL)
		c.need(what+" submission address", l.SubmissionURL)
		c.need(what+" tender deadline", l.TendersDue)
		c.code(what+" contract nature", l.Nature, natures)
		if len(l.CPV) == 0 {
			c.add("%s: no CPV code", what)
		}
		if twoStage[n.Procedure] && (l.RequestsDue == "" || l.MinCandidates <= 0) {
			c.add("%s: a %s procedure needs the deadline for requests to participate and the minimum number of candidates", what, n.Procedure)
		}
		if len(l.Criteria) == 0 {
			c.add("%s: no award criterion", what)
		}
		for _, cr := range l.Criteria {
			c.code(what+" award criterion type", cr.Type, criterionTypes)
			c.need(what+" award criterion name", cr.Name)
		}
		var codes []string
		for _, x := range l.Languages {
			code, ok := Language(x)
			if !ok {
				c.add("%s: tender language %q is not an official EU language", what, x)
			}
			codes = append(codes, code)
		}
		if len(codes) == 0 {
			c.add("%s: no tender language", what)
		}
		lotLangs = append(lotLangs, codes)
	}
	if err := c.err(); err != nil {
		return nil, err
	}

	w := &writer{lang: lang}
	// About 9 KB of notice and 5 KB per lot: one allocation for most.
	w.b.Grow(10<<10 + 6<<10*len(n.Lots))
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	w.b.WriteString(`<ContractNotice xmlns="` + nsCN + `" xmlns:cac="` + nsCAC + `" xmlns:cbc="` + nsCBC + `" xmlns:ext="` + nsEXT +
		`" xmlns:efac="` + nsEFAC + `" xmlns:efext="` + nsEFEXT + `" xmlns:efbc="` + nsEFBC + `">` + "\n")
	w.depth = 1
	w.open("ext:UBLExtensions")
	w.open("ext:UBLExtension")
	w.open("ext:ExtensionContent")
	w.open("efext:EformsExtension")
	w.open("efac:NoticeSubType")
	w.leaf("cbc:SubTypeCode", SubType, "listName", "notice-subtype")
	w.close("efac:NoticeSubType")
	w.open("efac:Organizations")
	w.organisation(buyerOrg, n.Buyer)
	w.organisation(reviewOrg, n.Review)
	w.close("efac:Organizations")
	w.close("efext:EformsExtension")
	w.close("ext:ExtensionContent")
	w.close("ext:UBLExtension")
	w.close("ext:UBLExtensions")
	w.leaf("cbc:UBLVersionID", "2.3")
	w.leaf("cbc:CustomizationID", Customization)
	w.leaf("cbc:ID", n.ID, "schemeName", "notice-id")
	w.leaf("cbc:ContractFolderID", n.FolderID)
	w.leaf("cbc:IssueDate", n.IssueDate+"Z")
	w.leaf("cbc:IssueTime", "00:00:00Z")
	w.leaf("cbc:VersionID", "01")
	w.leaf("cbc:RegulatoryDomain", LegalBasis)
	w.leaf("cbc:NoticeTypeCode", NoticeType, "listName", "competition")
	w.leaf("cbc:NoticeLanguageCode", lang)

	w.open("cac:ContractingParty")
	w.open("cac:ContractingPartyType")
	w.leaf("cbc:PartyTypeCode", n.BuyerLegalType, "listName", "buyer-legal-type")
	w.close("cac:ContractingPartyType")
	w.open("cac:ContractingActivity")
	w.leaf("cbc:ActivityTypeCode", n.BuyerActivity, "listName", "authority-activity")
	w.close("cac:ContractingActivity")
	w.open("cac:Party")
	w.partyRef("cac:PartyIdentification", buyerOrg)
	w.close("cac:Party")
	w.close("cac:ContractingParty")

	// The exclusion grounds are those of the procurement documents
	// (BT-806): the ESPD of the tender.
	w.open("cac:TenderingTerms")
	w.open("cac:TendererQualificationRequest")
	w.open("cac:SpecificTendererRequirement")
	w.leaf("cbc:TendererRequirementTypeCode", "epo-procurement-document", "listName", "exclusion-grounds-source")
	w.close("cac:SpecificTendererRequirement")
	w.close("cac:TendererQualificationRequest")
	if len(n.Lots) > 1 {
		// Tenderers may tender for, and win, every lot (BT-31, BT-33).
		w.open("cac:LotDistribution")
		w.leaf("cbc:MaximumLotsAwardedNumeric", strconv.Itoa(len(n.Lots)))
		w.leaf("cbc:MaximumLotsSubmittedNumeric", strconv.Itoa(len(n.Lots)))
		w.close("cac:LotDistribution")
	}
	w.close("cac:TenderingTerms")

	w.open("cac:TenderingProcess")
	w.leaf("cbc:ProcedureCode", n.Procedure, "listName", "procurement-procedure-type")
	if n.Procedure != "comp-dial" && n.Procedure != "innovation" {
		// The plan never shortens a time limit for urgency (BT-106).
		w.open("cac:ProcessJustification")
		w.leaf("cbc:ProcessReasonCode", "false", "listName", "accelerated-procedure")
		w.close("cac:ProcessJustification")
	}
	w.close("cac:TenderingProcess")

	w.open("cac:ProcurementProject")
	w.leaf("cbc:ID", "PROC", "schemeName", "InternalID")
	w.text("cbc:Name", n.Title)
	w.text("cbc:Description", n.Description)
	w.leaf("cbc:ProcurementTypeCode", n.Nature, "listName", "contract-nature")
	w.amount("cac:RequestedTenderTotal", "cbc:EstimatedOverallContractAmount", n.Value, n.Currency)
	w.classification(n.CPV)
	w.place(n.Place, placeCountry)
	w.close("cac:ProcurementProject")

	for i := range n.Lots {
		w.lot(n, i, lotLangs[i])
	}
	w.b.WriteString("</ContractNotice>\n")
	return w.b.Bytes(), nil
}

func (w *writer) lot(n *Notice, i int, langs []string) {
	l := &n.Lots[i]
	w.open("cac:ProcurementProjectLot")
	w.leaf("cbc:ID", fmt.Sprintf("LOT-%04d", i+1), "schemeName", "Lot")

	w.open("cac:TenderingTerms")
	w.leaf("cbc:VariantConstraintCode", "not-allowed", "listName", "permission")
	funded := "no-eu-funds"
	if l.EUFunded {
		funded = "eu-funds"
	}
	w.leaf("cbc:FundingProgramCode", funded, "listName", "eu-funded")
	w.open("cac:CallForTendersDocumentReference")
	w.leaf("cbc:ID", "DOC-0001")
	w.leaf("cbc:DocumentType", "non-restricted-document")
	w.open("cac:Attachment")
	w.open("cac:ExternalReference")
	w.leaf("cbc:URI", l.DocumentsURL)
	w.close("cac:ExternalReference")
	w.close("cac:Attachment")
	w.close("cac:CallForTendersDocumentReference")
	w.requirement("cac:TendererQualificationRequest", "cac:SpecificTendererRequirement", "cbc:TendererRequirementTypeCode", "reserved-procurement", "none")
	w.requirement("cac:TendererQualificationRequest", "cac:SpecificTendererRequirement", "cbc:TendererRequirementTypeCode", "selection-criteria-source", "epo-procurement-document")
	w.executionRequirement("reserved-execution", "no")
	w.executionRequirement("einvoicing", "required")
	w.executionRequirement("ecatalog-submission", "not-allowed")
	w.open("cac:AwardingTerms")
	if n.Procedure == "neg-w-call" {
		// The buyer keeps the right to negotiate (BT-120).
		w.leaf("cbc:NoFurtherNegotiationIndicator", "false")
	}
	w.open("cac:AwardingCriterion")
	for _, cr := range l.Criteria {
		w.criterion(cr)
	}
	w.close("cac:AwardingCriterion")
	w.close("cac:AwardingTerms")
	w.open("cac:TenderRecipientParty")
	w.leaf("cbc:EndpointID", l.SubmissionURL)
	w.close("cac:TenderRecipientParty")
	if l.TenderValidityDays > 0 && !twoStage[n.Procedure] {
		// Subtype 16 states the validity of tenders only for single-stage
		// procedures (BR-BT-00098-0052).
		w.open("cac:TenderValidityPeriod")
		w.leaf("cbc:DurationMeasure", strconv.Itoa(l.TenderValidityDays), "unitCode", "DAY")
		w.close("cac:TenderValidityPeriod")
	}
	w.open("cac:AppealTerms")
	if n.ReviewDeadline != "" {
		w.open("cac:PresentationPeriod")
		w.text("cbc:Description", n.ReviewDeadline)
		w.close("cac:PresentationPeriod")
	}
	// The buyer informs about review procedures (OPT-301-Lot-ReviewInfo).
	w.open("cac:AppealInformationParty")
	w.partyRef("cac:PartyIdentification", buyerOrg)
	w.close("cac:AppealInformationParty")
	w.open("cac:AppealReceiverParty")
	w.partyRef("cac:PartyIdentification", reviewOrg)
	w.close("cac:AppealReceiverParty")
	w.close("cac:AppealTerms")
	for _, code := range langs {
		w.open("cac:Language")
		w.leaf("cbc:ID", code)
		w.close("cac:Language")
	}
	w.open("cac:PostAwardProcess")
	w.leaf("cbc:ElectronicOrderUsageIndicator", "false")
	w.leaf("cbc:ElectronicPaymentUsageIndicator", "true")
	w.close("cac:PostAwardProcess")
	w.close("cac:TenderingTerms")

	w.open("cac:TenderingProcess")
	w.leaf("cbc:SubmissionMethodCode", "required", "listName", "esubmission")
	if twoStage[n.Procedure] {
		w.leaf("cbc:CandidateReductionConstraintIndicator", "false")
	}
	// The Government Procurement Agreement covers sub-central authorities'
	// supplies and services above the threshold (BT-115).
	w.leaf("cbc:GovernmentAgreementConstraintIndicator", "true")
	if !twoStage[n.Procedure] {
		w.period("cac:TenderSubmissionDeadlinePeriod", l.TendersDue)
	} else {
		w.period("cac:ParticipationRequestReceptionPeriod", l.RequestsDue)
		w.open("cac:EconomicOperatorShortList")
		// Every suitable candidate is invited, at least the legal minimum
		// (BT-661, BT-50).
		w.leaf("cbc:LimitationDescription", "false")
		w.leaf("cbc:MinimumQuantity", strconv.Itoa(l.MinCandidates))
		w.close("cac:EconomicOperatorShortList")
	}
	w.open("cac:AuctionTerms")
	w.leaf("cbc:AuctionConstraintIndicator", "false")
	w.close("cac:AuctionTerms")
	fa := "none"
	if l.Framework {
		fa = "fa-wo-rc"
	}
	w.open("cac:ContractingSystem")
	w.leaf("cbc:ContractingSystemTypeCode", fa, "listName", "framework-agreement")
	w.close("cac:ContractingSystem")
	w.open("cac:ContractingSystem")
	w.leaf("cbc:ContractingSystemTypeCode", "none", "listName", "dps-usage")
	w.close("cac:ContractingSystem")
	w.close("cac:TenderingProcess")

	w.open("cac:ProcurementProject")
	w.leaf("cbc:ID", l.InternalID, "schemeName", "InternalID")
	w.text("cbc:Name", l.Title)
	w.text("cbc:Description", l.Description)
	w.leaf("cbc:ProcurementTypeCode", l.Nature, "listName", "contract-nature")
	w.amount("cac:RequestedTenderTotal", "cbc:EstimatedOverallContractAmount", l.Value, n.Currency)
	w.classification(l.CPV)
	placeCountry, _ := Country(n.Place.Country)
	w.place(n.Place, placeCountry)
	if l.DurationMonths > 0 {
		w.open("cac:PlannedPeriod")
		w.leaf("cbc:DurationMeasure", strconv.Itoa(l.DurationMonths), "unitCode", "MONTH")
		w.close("cac:PlannedPeriod")
	}
	if l.Options != "" {
		w.open("cac:ContractExtension")
		w.text("cbc:OptionsDescription", l.Options)
		w.close("cac:ContractExtension")
	}
	w.close("cac:ProcurementProject")
	w.close("cac:ProcurementProjectLot")
}

func (w *writer) organisation(id string, o Organisation) {
	country, _ := Country(o.Country)
	w.open("efac:Organization")
	w.open("efac:Company")
	if o.Website != "" {
		w.leaf("cbc:WebsiteURI", o.Website)
	}
	w.partyRef("cac:PartyIdentification", id)
	w.open("cac:PartyName")
	w.text("cbc:Name", o.Name)
	w.close("cac:PartyName")
	w.open("cac:PostalAddress")
	if o.Street != "" {
		w.leaf("cbc:StreetName", o.Street)
	}
	w.leaf("cbc:CityName", o.City)
	if o.PostalCode != "" {
		w.leaf("cbc:PostalZone", o.PostalCode)
	}
	if o.NUTS != "" {
		w.leaf("cbc:CountrySubentityCode", o.NUTS, "listName", "nuts")
	}
	w.open("cac:Country")
	w.leaf("cbc:IdentificationCode", country, "listName", "country")
	w.close("cac:Country")
	w.close("cac:PostalAddress")
	w.open("cac:PartyLegalEntity")
	w.leaf("cbc:CompanyID", o.Identifier)
	w.close("cac:PartyLegalEntity")
	if o.Telephone != "" || o.Email != "" {
		w.open("cac:Contact")
		if o.Telephone != "" {
			w.leaf("cbc:Telephone", o.Telephone)
		}
		if o.Email != "" {
			w.leaf("cbc:ElectronicMail", o.Email)
		}
		w.close("cac:Contact")
	}
	w.close("efac:Company")
	w.close("efac:Organization")
}

func (w *writer) criterion(cr Criterion) {
	w.open("cac:SubordinateAwardingCriterion")
	w.open("ext:UBLExtensions")
	w.open("ext:UBLExtension")
	w.open("ext:ExtensionContent")
	w.open("efext:EformsExtension")
	w.open("efac:AwardCriterionParameter")
	w.leaf("efbc:ParameterCode", "per-exa", "listName", "number-weight")
	w.leaf("efbc:ParameterNumeric", number(cr.Weight))
	w.close("efac:AwardCriterionParameter")
	w.close("efext:EformsExtension")
	w.close("ext:ExtensionContent")
	w.close("ext:UBLExtension")
	w.close("ext:UBLExtensions")
	w.leaf("cbc:AwardingCriterionTypeCode", cr.Type, "listName", "award-criterion-type")
	w.text("cbc:Name", cr.Name)
	if cr.Description != "" {
		w.text("cbc:Description", cr.Description)
	}
	w.close("cac:SubordinateAwardingCriterion")
}

func (w *writer) partyRef(elem, id string) {
	w.open(elem)
	w.leaf("cbc:ID", id, "schemeName", "organization")
	w.close(elem)
}

func (w *writer) requirement(outer, inner, leaf, list, code string) {
	w.open(outer)
	w.open(inner)
	w.leaf(leaf, code, "listName", list)
	w.close(inner)
	w.close(outer)
}

func (w *writer) executionRequirement(list, code string) {
	w.open("cac:ContractExecutionRequirement")
	w.leaf("cbc:ExecutionRequirementCode", code, "listName", list)
	w.close("cac:ContractExecutionRequirement")
}

func (w *writer) amount(outer, elem string, v float64, currency string) {
	if v <= 0 {
		return
	}
	w.open(outer)
	w.leaf(elem, number(v), "currencyID", currency)
	w.close(outer)
}

func (w *writer) classification(cpv []string) {
	for i, code := range cpv {
		elem := "cac:AdditionalCommodityClassification"
		if i == 0 {
			elem = "cac:MainCommodityClassification"
		}
		w.open(elem)
		w.leaf("cbc:ItemClassificationCode", CPV(code), "listName", "cpv")
		w.close(elem)
	}
}

func (w *writer) place(p Place, country string) {
	w.open("cac:RealizedLocation")
	w.open("cac:Address")
	if p.NUTS != "" {
		w.leaf("cbc:CountrySubentityCode", p.NUTS, "listName", "nuts")
	}
	w.open("cac:Country")
	w.leaf("cbc:IdentificationCode", country, "listName", "country")
	w.close("cac:Country")
	w.close("cac:Address")
	w.close("cac:RealizedLocation")
}

// period writes a deadline: the day the plan gives, at noon in UTC, since
// the plan dates days, not hours.
func (w *writer) period(elem, day string) {
	w.open(elem)
	w.leaf("cbc:EndDate", day+"Z")
	w.leaf("cbc:EndTime", "12:00:00Z")
	w.close(elem)
}

// number writes an amount or weight without exponent or trailing zeros.
func number(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// writer writes indented XML into a buffer.
type writer struct {
	b     bytes.Buffer
	depth int
	lang  string
}

// tabs indents up to its length; deeper elements share the last level.
const tabs = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"

func (w *writer) indent() { w.b.WriteString(tabs[:min(w.depth, len(tabs))]) }

func (w *writer) open(name string) {
	w.indent()
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.b.WriteString(">\n")
	w.depth++
}

func (w *writer) close(name string) {
	w.depth--
	w.indent()
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteString(">\n")
}

// leaf writes an element with text and attributes given as name, value
// pairs.
func (w *writer) leaf(name, value string, attrs ...string) {
	w.indent()
	w.b.WriteByte('<')
	w.b.WriteString(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		w.b.WriteByte(' ')
		w.b.WriteString(attrs[i])
		w.b.WriteString(`="`)
		escape(&w.b, attrs[i+1])
		w.b.WriteByte('"')
	}
	w.b.WriteByte('>')
	escape(&w.b, value)
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteString(">\n")
}

// text writes a text in the notice's language.
func (w *writer) text(name, value string) { w.leaf(name, oneLine(value), "languageID", w.lang) }

// oneLine folds runs of white space, as the notice's text fields hold
// plain text.
func oneLine(s string) string {
	clean := true
	for i := 0; i < len(s) && clean; i++ {
		c := s[i]
		clean = c != '\n' && c != '\t' && c != '\r' && c != '\v' && c != '\f' && (c != ' ' || (i > 0 && i+1 < len(s) && s[i-1] != ' '))
	}
	if clean && utf8.ValidString(s) && !strings.ContainsRune(s, '\u00a0') && !strings.ContainsRune(s, '\u0085') {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// escape writes s as XML character data, dropping what XML 1.0 cannot
// hold.
func escape(b *bytes.Buffer, s string) { b.WriteString(xmltext.Escape(s)) }

// check collects the problems of a notice.
type check struct{ problems []string }

func (c *check) add(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

func (c *check) need(what, v string) {
	if strings.TrimSpace(v) == "" {
		c.add("no %s", what)
	}
}

func (c *check) code(what, v string, allowed []string) {
	if err := oneOf(what, v, allowed); err != nil {
		c.problems = append(c.problems, err.Error())
	}
}

func (c *check) org(what string, o Organisation) {
	c.need(what+" name", o.Name)
	c.need(what+" identifier", o.Identifier)
	c.need(what+" city", o.City)
	if _, ok := Country(o.Country); !ok {
		c.add("%s: country %q is not an EU or EEA member state", what, o.Country)
	}
}

func (c *check) err() error {
	if len(c.problems) == 0 {
		return nil
	}
	return fmt.Errorf("the eForms notice cannot be written: %s", strings.Join(c.problems, "; "))
}
