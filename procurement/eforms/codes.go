package eforms

import (
	"fmt"
	"strings"
)

// Codes the notice gives, from the code lists of eForms SDK 1.15.1
// (codelists/ of OP-TED/eForms-SDK, tag 1.15.1).
const (
	// SubType is notice-subtype 16: contract notice under Directive
	// 2014/24/EU, standard regime (notice-types/notice-types.json).
	SubType = "16"
	// NoticeType is notice-type cn-standard (notice-type_competition.gc).
	NoticeType = "cn-standard"
	// LegalBasis is legal-basis 32014L0024 (legal-basis_legal-basis-16.gc).
	LegalBasis = "32014L0024"
	// Customization is the SDK version a notice is written for.
	Customization = "eforms-sdk-1.15"
)

// procedureTypes are the procurement-procedure-type codes subtype 16
// allows (procurement-procedure-type_procedure-type-16.gc).
var procedureTypes = []string{"open", "restricted", "neg-w-call", "comp-dial", "innovation", "oth-single", "oth-mult"}

// twoStage are the procedures that first receive requests to participate.
var twoStage = map[string]bool{"restricted": true, "neg-w-call": true, "comp-dial": true, "innovation": true, "oth-mult": true}

// natures are the contract-nature codes (contract-nature.gc).
var natures = []string{"services", "supplies", "works"}

// criterionTypes are the award-criterion-type codes
// (award-criterion-type.gc).
var criterionTypes = []string{"price", "cost", "quality"}

// countries maps ISO 3166-1 alpha-2 codes to the three-letter codes of the
// EU country authority table that eForms uses, for the member states of
// the EU and the EEA, where Directive 2014/24/EU applies.
var countries = map[string]string{
	"AT": "AUT", "BE": "BEL", "BG": "BGR", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK", "EE": "EST",
	"ES": "ESP", "FI": "FIN", "FR": "FRA", "GR": "GRC", "HR": "HRV", "HU": "HUN", "IE": "IRL", "IT": "ITA",
	"LT": "LTU", "LU": "LUX", "LV": "LVA", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU",
	"SE": "SWE", "SI": "SVN", "SK": "SVK", "IS": "ISL", "LI": "LIE", "NO": "NOR",
}

// languages maps ISO 639-1 codes to the three-letter codes of the EU
// language authority table, for the 24 official languages of the EU: the
// languages a notice may be written in (BT-702).
var languages = map[string]string{
	"bg": "BUL", "cs": "CES", "da": "DAN", "de": "DEU", "el": "ELL", "en": "ENG", "es": "SPA", "et": "EST",
	"fi": "FIN", "fr": "FRA", "ga": "GLE", "hr": "HRV", "hu": "HUN", "it": "ITA", "lt": "LIT", "lv": "LAV",
	"mt": "MLT", "nl": "NLD", "pl": "POL", "pt": "POR", "ro": "RON", "sk": "SLK", "sl": "SLV", "sv": "SWE",
}

// Country returns the three-letter code of an ISO 3166-1 alpha-2 country.
func Country(alpha2 string) (string, bool) {
	c, ok := countries[strings.ToUpper(alpha2)]
	return c, ok
}

// Language returns the three-letter code of an ISO 639-1 language.
func Language(code string) (string, bool) {
	l, ok := languages[strings.ToLower(code)]
	return l, ok
}

// CPV is a CPV code as eForms writes it: eight digits, without the check
// digit the CPV regulation appends ("72230000-6" is 72230000).
func CPV(code string) string {
	code, _, _ = strings.Cut(strings.TrimSpace(code), "-")
	return code
}

func oneOf(field, v string, allowed []string) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return fmt.Errorf("%s %q is not one of %s", field, v, strings.Join(allowed, ", "))
}
