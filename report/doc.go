// Package report renders a roadmap for the people who decide on it: a PDF
// report for the council, an XLSX workbook for finance staff and a
// self-contained HTML page for publication.
//
// The three renderers share one view model (View), computed once from
// roadmap.json's document and the city file, and the chart layouts in
// charts.go, so that the same figures and the same words appear in every
// format. Nothing here reads the clock or the environment: the document date
// is an input.
package report
