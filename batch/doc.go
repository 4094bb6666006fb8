// Package batch plans many cities in one run and writes each into its own
// folder as soon as it is done, so that memory holds a few cities at a
// time however many there are.
//
// A batch reads its cities from a directory of city files or from one
// table with a row per city (readers are registered by file extension, so
// other formats plug in). A bounded pool of workers plans and renders the
// cities; each city is written to a temporary folder and renamed into
// place whole. A city that fails never stops the others: it is reported
// with its file, position and reason in the batch report. Each city's
// folder records the hashes of its input, the catalog and the settings,
// so a second run skips the cities that would come out the same; and a
// stable hash of each city's folder name splits a batch into shards that
// several machines run side by side.
//
// The package plans nothing itself: the caller passes the function that
// turns one city file into its files.
package batch
