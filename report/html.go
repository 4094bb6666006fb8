package report

import "github.com/citypath/citypath/document"

// HTML renders the council report as one self-contained page through the
// document engine: inline CSS and SVG charts, no scripts, no fonts or
// images from the network, and print rules that follow the PDF's pages.
// Every text from the inputs is escaped by the writer.
func HTML(in Input) ([]byte, error) {
	d, err := Document(in)
	if err != nil {
		return nil, err
	}
	return document.HTML(d)
}
