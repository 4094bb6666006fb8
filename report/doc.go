// Package report renders a roadmap for the people who decide on it: a
// council report (PDF, and DOCX for editing), an XLSX workbook for finance
// staff and a self-contained HTML page for publication.
//
// Every renderer shares one view model (View), computed once from
// roadmap.json's document and the city file, and the chart layouts in
// charts.go, so that the same figures and the same words appear in every
// format. The council report is laid out as a document.Document (layout.go,
// figures.go), which package document writes as PDF and DOCX. Nothing here
// reads the clock or the environment: the document date is an input.
package report
