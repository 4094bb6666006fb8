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
	specTemplate      = "tender-specification.md.tmpl"
	checklistTemplate = "mims-checklist.md.tmpl"
	indexTemplate     = "index.html.tmpl"
)

// Render writes every file of a pack, by name. Nothing is written here: the
// caller writes all packs only once every one has rendered.
func Render(p *Pack, eng *templates.Engine) (map[string][]byte, error) {
	files := map[string][]byte{}
	spec, err := eng.Execute(specTemplate, p)
	if err != nil {
		return nil, err
	}
	files["tender-specification.md"] = spec
	doc, err := newDocument(eng, specTemplate, spec, p, "Tender specification: "+p.Contract.Title)
	if err != nil {
		return nil, err
	}
	if files["tender-specification.docx"], err = document.DOCX(doc); err != nil {
		return nil, fmt.Errorf("tender-specification.docx: %w", err)
	}
	if files["tender-specification.pdf"], err = document.PDF(doc); err != nil {
		return nil, fmt.Errorf("tender-specification.pdf: %w", err)
	}
	// A pack holds a checklist and a matrix only when there is something to
	// answer in them: advice contracts usually have neither.
	if p.HasChecklist() {
		checklist, err := eng.Execute(checklistTemplate, p)
		if err != nil {
			return nil, err
		}
		cdoc, err := newDocument(eng, checklistTemplate, checklist, p, "MIMs conformance checklist: "+p.Contract.Title)
		if err != nil {
			return nil, err
		}
		if files["mims-checklist.docx"], err = document.DOCX(cdoc); err != nil {
			return nil, fmt.Errorf("mims-checklist.docx: %w", err)
		}
	}
	if p.HasMatrix() {
		if files["compliance-matrix.xlsx"], err = ComplianceMatrix(p); err != nil {
			return nil, fmt.Errorf("compliance-matrix.xlsx: %w", err)
		}
	}
	if files["evaluation-grid.xlsx"], err = EvaluationGrid(p); err != nil {
		return nil, fmt.Errorf("evaluation-grid.xlsx: %w", err)
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
