// Package schematron checks XML documents against ISO Schematron rules with
// an XSLT processor. Compile turns a schema (with its includes, one phase's
// active patterns, its namespaces and let variables) into an XSLT 3.0
// stylesheet that prints one line per failed assert; Run applies that
// stylesheet to many documents in one run of the processor and reads the
// lines back.
//
// The stylesheet follows the standard's semantics: every active pattern
// walks the whole document, elements and attributes alike, and within one
// pattern a node is handled by the first rule whose context matches it.
// Lets of the schema and of its patterns become global variables, evaluated
// once per document (the eForms rules' lets are absolute paths); lets of a
// rule are evaluated for each node it handles.
// Only asserts and reports are evaluated; diagnostics and message texts are
// not needed to say which rule failed where.
package schematron
