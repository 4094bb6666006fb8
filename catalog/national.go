package catalog

import "slices"

// NationalRules is national/<country>.yaml: how a member state's law has a
// municipality buy below the EU thresholds, where Directive 2014/24/EU's
// procedures and time limits do not apply. Bands are value ranges net of
// VAT in the national currency, lowest first.
type NationalRules struct {
	Version    int            `yaml:"version" json:"version"`
	ID         string         `yaml:"id" json:"id" jsonschema:"description=Lower-case ISO 3166-1 code, as the file name."`
	Country    string         `yaml:"country" json:"country" jsonschema:"pattern=^[A-Z]{2}$"`
	Law        string         `yaml:"law" json:"law" jsonschema:"description=The act, with its official citation."`
	URL        string         `yaml:"url" json:"url"`
	ValidFrom  string         `yaml:"valid_from" json:"valid_from"`
	ValidUntil string         `yaml:"valid_until,omitempty" json:"valid_until,omitempty"`
	Bands      []NationalBand `yaml:"bands" json:"bands"`
	// ReviewBody is the body that hears appeals against contracting
	// authorities' decisions, named in every eForms contract notice.
	ReviewBody *ReviewBody `yaml:"review_body,omitempty" json:"review_body,omitempty"`
	Note       string      `yaml:"note,omitempty" json:"note,omitempty"`
	Source     string      `yaml:"source" json:"source"`
	Confidence string      `yaml:"confidence" json:"confidence" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// NationalBand is the procedure national law sets for contracts of some
// types from one value up to (not including) another; Below 0 means up to
// the EU threshold.
type NationalBand struct {
	Name       string   `yaml:"name" json:"name"`
	Contracts  []string `yaml:"contracts" json:"contracts"`
	From       float64  `yaml:"from" json:"from"`
	Below      float64  `yaml:"below,omitempty" json:"below,omitempty"`
	Currency   string   `yaml:"currency" json:"currency" jsonschema:"pattern=^[A-Z]{3}$"`
	Procedure  string   `yaml:"procedure" json:"procedure"`
	LegalBasis string   `yaml:"legal_basis" json:"legal_basis"`
	// MinTenderDays is the national minimum tender period; 0 where the law
	// sets none.
	MinTenderDays int       `yaml:"min_tender_days,omitempty" json:"min_tender_days,omitempty"`
	Notice        string    `yaml:"notice,omitempty" json:"notice,omitempty"`
	OCDSMethod    string    `yaml:"ocds_method" json:"ocds_method" jsonschema:"enum=open,enum=selective,enum=limited,enum=direct"`
	Plan          StagePlan `yaml:"plan" json:"plan" jsonschema:"description=Days citypath plans for the stages: a planning default."`
	Confidence    string    `yaml:"confidence" json:"confidence" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// ReviewBody is a member state's procurement review body (Directive
// 89/665/EEC Art. 2).
type ReviewBody struct {
	Name       string `yaml:"name" json:"name"`
	Identifier string `yaml:"identifier" json:"identifier" jsonschema:"description=National registration number."`
	Street     string `yaml:"street" json:"street"`
	Locality   string `yaml:"locality" json:"locality"`
	PostalCode string `yaml:"postal_code" json:"postal_code"`
	NUTS       string `yaml:"nuts" json:"nuts" jsonschema:"pattern=^[A-Z]{2}[0-9A-Z]{3}$,description=NUTS 3 code of the address."`
	Website    string `yaml:"website,omitempty" json:"website,omitempty"`
	// Appeal says, in a sentence, how and when a bidder appeals.
	Appeal     string `yaml:"appeal" json:"appeal"`
	LegalBasis string `yaml:"legal_basis" json:"legal_basis"`
	Source     string `yaml:"source" json:"source"`
	Confidence string `yaml:"confidence" json:"confidence" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// National returns a country's below-threshold rules.
func (c *Catalog) National(country string) (*NationalRules, bool) {
	for _, n := range c.NationalRules {
		if n.Country == country {
			return n, true
		}
	}
	return nil, false
}

// Band returns the band for a contract type and a value, which valueIn
// gives in a band's currency (false when it cannot be converted).
func (n *NationalRules) Band(contract string, valueIn func(currency string) (float64, bool)) (*NationalBand, bool) {
	for i := range n.Bands {
		b := &n.Bands[i]
		if !slices.Contains(b.Contracts, contract) {
			continue
		}
		if v, ok := valueIn(b.Currency); ok && v >= b.From && (b.Below == 0 || v < b.Below) {
			return b, true
		}
	}
	return nil, false
}
