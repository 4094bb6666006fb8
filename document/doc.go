// Package document is citypath's one document engine. Every prose output,
// the council report and the tender documents alike, is a Document: metadata
// and a flat list of blocks (headings, paragraphs, lists, tables that break
// across pages with their header repeated, figures drawn as vectors, a
// contents list and page breaks). ParseMarkdown reads CommonMark (goldmark)
// into blocks; DOCX, PDF and HTML lay a Document out. Escape is the one
// Markdown escaper for text from inputs.
//
// The writers are deterministic: the same Document gives the same bytes.
package document
