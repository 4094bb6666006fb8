package eforms

// Notice is what a contract notice says, decided before it is written.
// Dates are YYYY-MM-DD; amounts are net of VAT in Currency.
type Notice struct {
	// ID and FolderID are the notice identifier (BT-701) and the
	// procedure identifier (BT-04): version 4 UUIDs.
	ID, FolderID string
	IssueDate    string // BT-05
	// Language is the language the notice's texts are written in, as an
	// ISO 639-1 code (en); the notice gives its three-letter code.
	Language string
	Buyer    Organisation
	// BuyerLegalType and BuyerActivity are the codes of the
	// buyer-legal-type (BT-11) and authority-activity (BT-10) lists.
	BuyerLegalType, BuyerActivity string
	// Review is the body that hears appeals (OPT-301-Lot-ReviewOrg); its
	// ReviewDeadline says how long bidders have to appeal (BT-99).
	Review         Organisation
	ReviewDeadline string
	// Procedure is the procurement-procedure-type code (BT-105).
	Procedure   string
	Title       string // BT-21
	Description string // BT-24
	Nature      string // contract-nature code: services, supplies, works (BT-23)
	// CPV codes with or without check digit; the first is the main one
	// (BT-262, BT-263).
	CPV      []string
	Place    Place // place of performance (BT-5071, BT-5141)
	Currency string
	Value    float64 // estimated value of the procedure (BT-27)
	Lots     []Lot
}

// Organisation is a party the notice names. Country is ISO 3166-1 alpha-2;
// NUTS is a NUTS 3 code.
type Organisation struct {
	Name, Identifier          string
	Street, City, PostalCode  string
	NUTS, Country             string
	Email, Telephone, Website string
}

// Place is where a contract is performed.
type Place struct{ NUTS, Country string }

// Lot is one lot of the procedure; a tender without lots has one.
type Lot struct {
	Title, Description string
	// InternalID is the buyer's reference of the lot (BT-22).
	InternalID string
	Nature     string
	CPV        []string
	Value      float64 // BT-27-Lot
	// DurationMonths is the contract term without options (BT-36).
	DurationMonths int
	// Options describes the options counted in the value (BT-54).
	Options string
	// Framework says the lot awards a framework agreement without
	// reopening of competition among several suppliers (BT-765).
	Framework bool
	// EUFunded says the lot is planned with EU funds (BT-60).
	EUFunded bool
	Criteria []Criterion
	// TendersDue and RequestsDue are the deadlines for tenders (BT-131)
	// and, in two-stage procedures, for requests to participate (BT-1311).
	TendersDue, RequestsDue string
	// MinCandidates is the fewest candidates a two-stage procedure
	// invites (BT-50).
	MinCandidates int
	// TenderValidityDays is how long tenders must stay valid (BT-98).
	TenderValidityDays int
	// Languages are the ISO 639-1 codes in which tenders may be submitted
	// (BT-97).
	Languages []string
	// DocumentsURL is where the procurement documents are (BT-15) and
	// SubmissionURL where tenders are submitted (BT-18).
	DocumentsURL, SubmissionURL string
}

// Criterion is an award criterion with its weight in percent (BT-539,
// BT-734, BT-540, BT-541).
type Criterion struct {
	Type              string // award-criterion-type: price, cost, quality
	Name, Description string
	Weight            float64
}
