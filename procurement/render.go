package procurement

import (
	"fmt"

	"github.com/citypath/citypath/document"
	"github.com/citypath/citypath/procurement/eforms"
	"github.com/citypath/citypath/roadmap"
	"github.com/citypath/citypath/templates"
)

// Template names of a pack.
const (
	indexTemplate  = "index.html.tmpl"
	readmeTemplate = "README.md.tmpl"
)

// packDocument is one document of a pack made from a template: its file
// name without extension, its title, the formats written and whether the
// pack has it. Bidder says whether tenderers receive it; the procurement
// file note is the buyer's alone.
type packDocument struct {
	name, title string
	formats     []string // md, docx, pdf
	bidder      bool
	has         func(*Pack) bool
}

func always(*Pack) bool { return true }

// packDocuments are the template documents of a pack, in the order the
// README lists them.
var packDocuments = []packDocument{
	{name: "tender-specification", title: "Tender specification", formats: []string{"md", "docx", "pdf"}, bidder: true, has: always},
	// The documents the city completes before publishing are written to
	// edit (DOCX, Markdown); a PDF each would double the run's time.
	{name: "instructions-to-tenderers", title: "Instructions to tenderers", formats: []string{"md", "docx"}, bidder: true, has: always},
	{name: "draft-contract", title: "Draft contract", formats: []string{"md", "docx"}, bidder: true, has: always},
	{name: "terms-of-reference", title: "Terms of reference", formats: []string{"md", "docx"}, bidder: true, has: func(p *Pack) bool { return p.ToR != nil }},
	// A pack holds the MIMs reference only when a MIM requirement applies.
	{name: "mims-checklist", title: "MIMs reference", formats: []string{"docx"}, bidder: true, has: (*Pack).HasChecklist},
	// The file note stays with the buyer, who edits and files it: DOCX and
	// Markdown, like the other documents completed before publication.
	{name: "procurement-file-note", title: "Procurement file note", formats: []string{"md", "docx"}, has: always},
}

// BidderDocuments names the files of a pack tenderers receive, for the
// check that no buyer-only text reaches them.
func BidderDocuments(files map[string][]byte) []string {
	var out []string
	for _, d := range packDocuments {
		if !d.bidder {
			continue
		}
		for _, f := range d.formats {
			if _, ok := files[d.name+"."+f]; ok {
				out = append(out, d.name+"."+f)
			}
		}
	}
	for _, name := range []string{"compliance-matrix.xlsx", "price-schedule.xlsx"} {
		if _, ok := files[name]; ok {
			out = append(out, name)
		}
	}
	return out
}

// Render writes every file of a pack, by name. Nothing is written here: the
// caller writes all packs only once every one has rendered.
func Render(p *Pack, eng *templates.Engine) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, d := range packDocuments {
		if !d.has(p) {
			continue
		}
		if err := renderDocument(files, eng, d, p); err != nil {
			return nil, err
		}
	}
	readme, err := eng.Execute(readmeTemplate, p)
	if err != nil {
		return nil, err
	}
	files["README.md"] = readme
	// Advice contracts usually have nothing to answer, so no matrix.
	if p.HasMatrix() {
		if files["compliance-matrix.xlsx"], err = ComplianceMatrix(p); err != nil {
			return nil, fmt.Errorf("compliance-matrix.xlsx: %w", err)
		}
	}
	if files["evaluation-grid.xlsx"], err = EvaluationGrid(p); err != nil {
		return nil, fmt.Errorf("evaluation-grid.xlsx: %w", err)
	}
	if files["price-schedule.xlsx"], err = PriceScheduleWorkbook(p); err != nil {
		return nil, fmt.Errorf("price-schedule.xlsx: %w", err)
	}
	if files["ocds-release-package.json"], err = OCDS(p); err != nil {
		return nil, err
	}
	if p.Notice != nil {
		if files[NoticeFile], err = eforms.ContractNotice(p.Notice); err != nil {
			return nil, fmt.Errorf("%s: %w", NoticeFile, err)
		}
	}
	return files, nil
}

// renderDocument executes a document's template and writes it in each of
// its formats through the document engine.
func renderDocument(files map[string][]byte, eng *templates.Engine, d packDocument, p *Pack) error {
	tmpl := d.name + ".md.tmpl"
	md, err := eng.Execute(tmpl, p)
	if err != nil {
		return err
	}
	doc, err := newDocument(eng, tmpl, md, p, d.title+": "+p.Contract.Title)
	if err != nil {
		return err
	}
	for _, f := range d.formats {
		name := d.name + "." + f
		var b []byte
		switch f {
		case "md":
			b = md
		case "docx":
			b, err = document.DOCX(doc)
		case "pdf":
			b, err = document.PDF(doc)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		files[name] = b
	}
	return nil
}

func newDocument(eng *templates.Engine, name string, md []byte, p *Pack, title string) (*document.Document, error) {
	blocks, err := document.ParseMarkdown(eng.Source(name), md)
	if err != nil {
		return nil, err
	}
	return &document.Document{
		Title: title, Subject: p.Initiative.Title, Author: p.Buyer.LegalName, Language: "en", Date: p.DateTime, Blocks: blocks,
	}, nil
}

// Index is what the overview page of a tender run shows.
type Index struct {
	City    roadmap.CitySummary
	Buyer   Buyer
	Date    string
	Catalog roadmap.CatalogRef
	Packs   []*Pack
}

// RenderIndex writes index.html, the overview of the packs of one run.
func RenderIndex(packs []*Pack, eng *templates.Engine) ([]byte, error) {
	if len(packs) == 0 {
		return nil, fmt.Errorf("no packs to index")
	}
	p := packs[0]
	return eng.Execute(indexTemplate, Index{City: p.City, Buyer: p.Buyer, Date: p.Date, Catalog: p.Catalog, Packs: packs})
}
