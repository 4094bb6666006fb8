// Package city reads and checks a city file: the city's identity, its
// maturity assessment, its strategy and its IT inventory.
//
// A city file is the one input a helpdesk consultant writes. Decoding is
// strict (unknown keys are errors) and every problem is reported at once with
// the file, line and column it concerns. The package knows nothing of the
// catalog; the catalog's vocabulary (dimension, indicator and focus-area ids)
// is passed in as a Vocabulary.
package city
