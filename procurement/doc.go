// Package procurement turns a roadmap's initiatives into tenders. PlanStep
// adds the procurement plan to roadmap.json: each procurement object valued
// over its term with options, checked against the EU threshold in force on
// its planned publication date, given a recommended procedure with its
// reason and minimum time limits, and dated so that the contract is signed
// before the initiative starts. BuildPack then selects the requirements a
// tender needs, by the catalog's rules, at the level they take in that
// contract, leaves to another contract of the initiative what that one owns
// (requirements.go), states the scope against the related contracts, and
// Render writes the pack: the
// specification (DOCX, PDF, Markdown), the compliance matrix and evaluation
// grid (XLSX), an OCDS 1.1.5 release package, a MIMs conformance
// checklist and, for a tender published above the EU threshold, the draft
// eForms contract notice that package eforms writes from what BuildPack
// decided.
//
// Every legal figure comes from the catalog with its source; this package
// only applies them. It never reads the clock or the environment.
package procurement
