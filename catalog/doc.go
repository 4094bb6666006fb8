// Package catalog loads citypath's knowledge: the maturity model (dimensions,
// indicators, levels), focus areas, initiatives, rules, MIMs and funding
// programmes.
//
// The catalog is data. The default ships embedded in the binary; a directory
// given by the user overlays it file by file, or replaces it when its
// catalog.yaml says replace: true. Every file is decoded strictly, every
// reference is resolved, and every rule condition (CEL) is compiled and
// type-checked at load time, so a bad catalog fails before any roadmap is
// built, with every problem at its file:line:col.
package catalog
