// Package synth generates a population of plausible city files for tests
// and benchmarks: cities of every size, in the catalog's countries and
// currencies, at every maturity, with their priorities, budgets, state of
// play and assets, and a chosen share of invalid ones that between them
// make every kind of mistake the city loader reports.
//
// Generation is deterministic: city i of a seed is the same bytes whatever
// the number of cities asked for, so a population of 6,250 starts with the
// population of 100, and a test knows which cities are invalid and why
// without reading them.
package synth
