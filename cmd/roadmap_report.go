package cmd

import (
	"github.com/citypath/citypath/report"
	"github.com/citypath/citypath/roadmap"
)

// reportInput is what the council formats are rendered from, dated by
// documentDate so that a rerun gives the same bytes.
func reportInput(ctx *roadmap.Context, opts *RoadmapOptions) (report.Input, error) {
	date, err := documentDate(opts.Getenv, ctx.Doc.Assessment.Date)
	if err != nil {
		return report.Input{}, err
	}
	return report.Input{Doc: ctx.Doc, City: ctx.City.File, Date: date}, nil
}

func renderPDF(ctx *roadmap.Context, opts *RoadmapOptions) ([]byte, error) {
	in, err := reportInput(ctx, opts)
	if err != nil {
		return nil, err
	}
	return report.PDF(in)
}

func renderXLSX(ctx *roadmap.Context, opts *RoadmapOptions) ([]byte, error) {
	in, err := reportInput(ctx, opts)
	if err != nil {
		return nil, err
	}
	return report.XLSX(in)
}

func renderHTML(ctx *roadmap.Context, opts *RoadmapOptions) ([]byte, error) {
	in, err := reportInput(ctx, opts)
	if err != nil {
		return nil, err
	}
	return report.HTML(in)
}

func renderDOCX(ctx *roadmap.Context, opts *RoadmapOptions) ([]byte, error) {
	in, err := reportInput(ctx, opts)
	if err != nil {
		return nil, err
	}
	return report.DOCX(in)
}
