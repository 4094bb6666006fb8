package catalog

import (
	"sort"
)

// Money is money.yaml: what catalog amounts are (EUR at a price year) and
// how to turn them into a city's currency. Rates are dated facts with their
// source; converting at a stated rate is the only way an amount changes
// currency, so no figure is ever relabelled.
type Money struct {
	Version int `yaml:"version" json:"version"`
	// Base is the currency of every amount in the catalog.
	Base string `yaml:"base" json:"base" jsonschema:"enum=EUR"`
	// PriceYear is the year whose prices the catalog's amounts are in.
	PriceYear int    `yaml:"price_year" json:"price_year"`
	PriceNote string `yaml:"price_note,omitempty" json:"price_note,omitempty"`
	Rates     []Rate `yaml:"rates" json:"rates"`
	// EuroArea lists the ISO 3166-1 codes of the member states whose
	// currency is the euro, so a city's currency can be checked against its
	// country.
	EuroArea       []string  `yaml:"euro_area" json:"euro_area"`
	EuroAreaSource string    `yaml:"euro_area_source" json:"euro_area_source"`
	StaffCost      StaffCost `yaml:"staff_cost" json:"staff_cost"`
}

// Rate is units of a currency per euro on a reference date.
type Rate struct {
	Currency   string  `yaml:"currency" json:"currency" jsonschema:"pattern=^[A-Z]{3}$"`
	Name       string  `yaml:"name" json:"name"`
	PerEUR     float64 `yaml:"per_eur" json:"per_eur" jsonschema:"exclusiveMinimum=0"`
	Date       string  `yaml:"date" json:"date" jsonschema:"description=Reference date of the rate, YYYY-MM-DD."`
	Source     string  `yaml:"source" json:"source"`
	Confidence string  `yaml:"confidence,omitempty" json:"confidence,omitempty" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// StaffCost is the default yearly cost of one full-time team member per
// country: an assumption that a city replaces with its own figure
// (strategy.team.cost_per_fte).
type StaffCost struct {
	HoursPerYear float64                 `yaml:"hours_per_year" json:"hours_per_year"`
	HoursSource  string                  `yaml:"hours_source" json:"hours_source"`
	Source       string                  `yaml:"source" json:"source"`
	Confidence   string                  `yaml:"confidence,omitempty" json:"confidence,omitempty" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
	Countries    map[string]CountryLabor `yaml:"countries" json:"countries" jsonschema:"description=Hourly labour cost per ISO 3166-1 country code."`
}

// CountryLabor is a country's hourly labour cost in EUR in a year.
type CountryLabor struct {
	HourlyEUR float64 `yaml:"hourly_eur" json:"hourly_eur"`
	Year      int     `yaml:"year" json:"year"`
}

// Drivers is drivers.yaml: the quantities of a city that cost models grow
// with, and how to estimate each one when the city does not give it.
type Drivers struct {
	Version int      `yaml:"version" json:"version"`
	Drivers []Driver `yaml:"drivers" json:"drivers"`
}

// Driver is one quantity, such as the number of municipal buildings.
type Driver struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name"`
	Unit string `yaml:"unit" json:"unit"`
	// Default is a CEL expression over the facts giving a number, used when
	// the city's assets do not hold the quantity.
	Default      Expr   `yaml:"default" json:"default" jsonschema:"type=string"`
	DefaultBasis string `yaml:"default_basis" json:"default_basis" jsonschema:"description=The estimate in words, shown next to the figure."`
	Source       string `yaml:"source" json:"source"`
	Confidence   string `yaml:"confidence" json:"confidence" jsonschema:"enum=confirmed,enum=secondary,enum=inferred"`
}

// Rate returns the exchange rate of a currency; the base has rate 1.
func (c *Catalog) Rate(currency string) (Rate, bool) {
	if currency == "" || currency == "EUR" {
		return Rate{Currency: c.Money.Base, Name: "euro", PerEUR: 1}, true
	}
	for _, r := range c.Money.Rates {
		if r.Currency == currency {
			return r, true
		}
	}
	return Rate{}, false
}

// Currencies lists the currencies the catalog can convert to, base first.
func (c *Catalog) Currencies() []string {
	out := []string{"EUR"}
	for _, r := range c.Money.Rates {
		out = append(out, r.Currency)
	}
	sort.Strings(out[1:])
	return out
}

// Driver returns the cost driver with the given id.
func (c *Catalog) Driver(id string) (*Driver, bool) {
	for i := range c.Drivers.Drivers {
		if c.Drivers.Drivers[i].ID == id {
			return &c.Drivers.Drivers[i], true
		}
	}
	return nil, false
}

// DriverIDs lists the cost driver ids.
func (c *Catalog) DriverIDs() []string {
	ids := make([]string, 0, len(c.Drivers.Drivers))
	for _, d := range c.Drivers.Drivers {
		ids = append(ids, d.ID)
	}
	return ids
}
