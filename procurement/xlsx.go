package procurement

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/citypath/citypath/internal/workbook"
)

// Every text cell is written as text by package workbook: text from the
// city file or the catalog that starts with = + - @ stays text and never
// becomes a formula. Only the workbook's own formulas are formulas.

// sheetBuilder is a one-sheet workbook with the styles both tender
// workbooks use.
type sheetBuilder struct {
	*workbook.Book
	f     *excelize.File
	sheet string
}

var border = []excelize.Border{
	{Type: "left", Color: "8C8C8C", Style: 1}, {Type: "right", Color: "8C8C8C", Style: 1},
	{Type: "top", Color: "8C8C8C", Style: 1}, {Type: "bottom", Color: "8C8C8C", Style: 1},
}

var wrap = &excelize.Alignment{WrapText: true, Vertical: "top"}

var tenderStyles = map[string]*excelize.Style{
	"title":  {Font: &excelize.Font{Bold: true, Size: 14, Color: "1F3864"}},
	"note":   {Alignment: wrap, Font: &excelize.Font{Size: 9, Color: "404040"}},
	"header": {Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DCE3EE"}, Pattern: 1}, Border: border, Alignment: wrap},
	"cell":   {Border: border, Alignment: wrap},
	"label":  {Font: &excelize.Font{Bold: true}, Border: border, Alignment: wrap},
	"input": {Border: border, Alignment: wrap, Fill: excelize.Fill{Type: "pattern", Color: []string{"FFF4CE"}, Pattern: 1},
		Protection: &excelize.Protection{Locked: false}},
	"number":  {Border: border, Alignment: &excelize.Alignment{Vertical: "top"}, CustomNumFmt: strPtr("#,##0.00")},
	"result":  {Font: &excelize.Font{Bold: true}, Border: border, Alignment: &excelize.Alignment{Vertical: "top"}, CustomNumFmt: strPtr("#,##0.00")},
	"rank":    {Font: &excelize.Font{Bold: true}, Border: border, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}, CustomNumFmt: strPtr("0")},
	"summary": {Font: &excelize.Font{Bold: true}, Border: border, Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top"}},
	"inputnum": {Border: border, Fill: excelize.Fill{Type: "pattern", Color: []string{"FFF4CE"}, Pattern: 1},
		Protection: &excelize.Protection{Locked: false}, CustomNumFmt: strPtr("#,##0.00")},
}

func newWorkbook(sheet string, p *Pack, title string) *sheetBuilder {
	bk := workbook.New(workbook.Props{
		Title: title, Subject: p.Contract.Title, Creator: p.Buyer.LegalName, Language: "en", Identifier: p.OCID,
		Date: p.DateTime, Font: "Arial",
	}, tenderStyles)
	bk.Sheets(sheet)
	return &sheetBuilder{Book: bk, f: bk.F, sheet: sheet}
}

func strPtr(s string) *string { return &s }

func (b *sheetBuilder) do(err error) { b.Check(err) }

func cellName(col, row int) string { return workbook.Cell(col, row) }

func colName(col int) string { return workbook.Col(col) }

// text writes a string cell with a style.
func (b *sheetBuilder) text(col, row int, s, style string) { b.Text(b.sheet, col, row, s, style) }

// height fixes a row's height, overriding the estimate.
func (b *sheetBuilder) height(row int, points float64) { b.Height(b.sheet, row, points) }

func (b *sheetBuilder) number(col, row int, v float64, style string) {
	b.Number(b.sheet, col, row, v, style)
}

func (b *sheetBuilder) formula(col, row int, formula, style string) {
	b.Formula(b.sheet, col, row, formula, style)
}

func (b *sheetBuilder) blank(col, row int, style string) { b.Styled(b.sheet, col, row, style) }

func (b *sheetBuilder) widths(ws ...float64) { b.Widths(b.sheet, ws...) }

func (b *sheetBuilder) finish() ([]byte, error) {
	b.PrintSetup(b.sheet, workbook.Print{Landscape: true})
	return b.Bytes()
}

// Compliance matrix layout: the summary sits above the requirements so a
// reader sees the outcome first.
const (
	cmSummaryRow = 4  // first row of the summary block
	cmFirstRow   = 13 // first requirement row
	cmLevelCol   = 4
	cmRespCol    = 7
)

// ComplianceMatrix writes the workbook bidders fill in: one row per
// requirement with a response drop-down and an evidence column. The
// requirement columns are protected (without a password, so the city can
// still edit them); the summary counts MUST requirements not met.
func ComplianceMatrix(p *Pack) ([]byte, error) {
	const sheet = "Compliance"
	b := newWorkbook(sheet, p, "Compliance matrix")
	b.widths(6, 10, 8, 9, 64, 30, 18, 40)
	b.text(1, 1, "Compliance matrix: "+p.Contract.Title, "title")
	b.text(1, 2, fmt.Sprintf("%s, contracting process %s, %s. This matrix is the one place to answer: answer every requirement once, in column G (%s), and name the evidence in column H. A MUST requirement answered other than %q makes the tender non-compliant.",
		p.Buyer.LegalName, p.OCID, p.Date, strings.Join(p.Responses, ", "), p.Responses[0]), "note")
	b.Merge(sheet, "A2", "H2")
	b.height(2, 42)

	last := cmFirstRow + len(p.Requirements) - 1
	if last < cmFirstRow {
		last = cmFirstRow
	}
	rng := func(col int) string {
		return fmt.Sprintf("$%s$%d:$%s$%d", colName(col), cmFirstRow, colName(col), last)
	}
	level, resp := rng(cmLevelCol), rng(cmRespCol)
	var failures []string
	for _, r := range p.Responses[1:] {
		failures = append(failures, fmt.Sprintf(`COUNTIFS(%s,"MUST",%s,"%s")`, level, resp, r))
	}
	// The summary rows, in order; formulas name the rows they read.
	notMet, unanswered := cellName(5, cmSummaryRow+3), cellName(5, cmSummaryRow+4)
	summary := []struct{ label, value, formula string }{
		{"Contracting authority", p.Buyer.LegalName, ""},
		{"Contracting process", p.OCID, ""},
		{"Tenderer", "", ""},
		{"MUST requirements not met", "", strings.Join(failures, "+")},
		{"MUST requirements not answered", "", fmt.Sprintf(`COUNTIF(%s,"MUST")-COUNTIFS(%s,"MUST",%s,"%s")-%s`, level, level, resp, p.Responses[0], notMet)},
		{"SHOULD requirements met", "", fmt.Sprintf(`COUNTIFS(%s,"SHOULD",%s,"%s")`, level, resp, p.Responses[0])},
		{"Compliant tender", "", fmt.Sprintf(`IF(AND(%s=0,%s=0),"Yes","No")`, notMet, unanswered)},
	}
	// Labels span the narrow columns A-D; values sit in the wide column E.
	for i, s := range summary {
		row := cmSummaryRow + i
		b.text(1, row, s.label, "label")
		for col := 2; col <= 4; col++ {
			b.blank(col, row, "label")
		}
		b.Merge(sheet, cellName(1, row), cellName(4, row))
		b.height(row, 16)
		switch {
		case s.formula != "":
			b.formula(5, row, s.formula, "summary")
		case s.label == "Tenderer":
			b.blank(5, row, "input")
		default:
			b.text(5, row, s.value, "cell")
		}
	}
	headers := []string{"No.", "ID", "MIM", "Level", "Requirement", "Cites", "Response", "Evidence / reference"}
	for i, h := range headers {
		b.text(i+1, cmFirstRow-1, h, "header")
	}
	for i, r := range p.Requirements {
		row := cmFirstRow + i
		b.number(1, row, float64(r.No), "cell")
		b.text(2, row, r.ID, "cell")
		b.text(3, row, r.MIM, "cell")
		b.text(4, row, r.Level, "cell")
		text := r.Text
		if r.Evidence != "" {
			text += "\nEvidence: " + r.Evidence
		}
		b.text(5, row, text, "cell")
		b.text(6, row, r.Cites, "cell")
		b.blank(7, row, "input")
		b.blank(8, row, "input")
	}
	// The drop-down reads its answers from a hidden sheet: inline lists are
	// limited to 255 characters and break on commas.
	b.addList(p.Responses)
	dv := excelize.NewDataValidation(true)
	dv.SetSqref(fmt.Sprintf("G%d:G%d", cmFirstRow, last))
	dv.SetSqrefDropList(fmt.Sprintf("Lists!$A$1:$A$%d", len(p.Responses)))
	dv.SetError(excelize.DataValidationErrorStyleStop, "Response", "Choose one of: "+strings.Join(p.Responses, ", "))
	b.do(b.f.AddDataValidation(sheet, dv))
	b.do(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: cmFirstRow - 1, TopLeftCell: cellName(1, cmFirstRow), ActivePane: "bottomLeft"}))
	b.do(b.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}))
	return b.finish()
}

// addList adds the hidden sheet Lists with values in column A.
func (b *sheetBuilder) addList(values []string) {
	b.Sheets("Lists")
	for i, v := range values {
		b.Text("Lists", 1, i+1, v, "")
	}
	b.Hide("Lists")
}

// Evaluation grid layout.
const (
	egFirstBidderCol = 4
	egNameRow        = 5
	egPriceRow       = 6
	egFirstScoreRow  = 8
)

// EvaluationGrid writes the workbook the evaluation committee scores: the
// award criteria and weights, a column per bidder for prices and quality
// scores, and formulas for price points, weighted totals, ranking and the
// check that the weights sum to 100 %.
func EvaluationGrid(p *Pack) ([]byte, error) {
	const sheet = "Evaluation"
	b := newWorkbook(sheet, p, "Evaluation grid")
	n := p.Bidders
	first, lastCol := egFirstBidderCol, egFirstBidderCol+n-1
	ws := []float64{44, 10, 11}
	for range n {
		ws = append(ws, 16)
	}
	b.widths(ws...)
	b.text(1, 1, "Evaluation grid: "+p.Contract.Title, "title")
	priceWeight := p.Award.Price.Weight
	top := p.Scoring.Max()
	b.text(1, 2, fmt.Sprintf("%s, contracting process %s, %s. Award on the %s. Enter each tenderer's name and total cost of ownership from its price schedule, and score every quality criterion from 0 to %d with the descriptors of the sheet Descriptors; the points, totals and ranking are computed. Price points: lowest price ÷ tenderer's price × %g. Quality points: score ÷ %d × weight.",
		p.Buyer.LegalName, p.OCID, p.Date, strings.ReplaceAll(p.Award.Method, "-", " "), top, priceWeight, top), "note")
	b.Merge(sheet, "A2", cellName(lastCol, 2))
	b.height(2, 54)
	b.text(1, 3, "Contracting authority", "label")
	b.text(2, 3, p.Buyer.LegalName, "cell")
	b.Merge(sheet, "B3", cellName(lastCol, 3))

	for i, h := range []string{"Criterion", "Type", "Weight (%)"} {
		b.text(i+1, 4, h, "header")
	}
	for j := range n {
		b.text(first+j, 4, fmt.Sprintf("Tenderer %d", j+1), "header")
	}
	b.text(1, egNameRow, "Name of the tenderer", "label")
	b.blank(2, egNameRow, "cell")
	b.blank(3, egNameRow, "cell")
	b.text(1, egPriceRow, "Total cost of ownership offered (price schedule, net of VAT, options included)", "label")
	b.text(2, egPriceRow, p.Award.Price.Type, "cell")
	b.blank(3, egPriceRow, "cell")
	for j := range n {
		b.blank(first+j, egNameRow, "input")
		b.blank(first+j, egPriceRow, "inputnum")
	}
	b.text(1, egFirstScoreRow-1, fmt.Sprintf("Quality scores (0 to %d)", top), "header")
	var quality []int // rows of quality scores, in criteria order
	row := egFirstScoreRow
	for _, cr := range p.Award.Criteria {
		if cr.Type != "quality" {
			continue
		}
		b.text(1, row, cr.Name, "cell")
		b.text(2, row, cr.Type, "cell")
		b.number(3, row, cr.Weight, "number")
		for j := range n {
			b.blank(first+j, row, "inputnum")
		}
		quality = append(quality, row)
		row++
	}
	if len(quality) > 0 {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s%d:%s%d", colName(first), quality[0], colName(lastCol), quality[len(quality)-1]))
		b.do(dv.SetRange(0, top, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween))
		dv.SetError(excelize.DataValidationErrorStyleStop, "Score", fmt.Sprintf("Scores are whole numbers from 0 to %d; see the sheet Descriptors.", top))
		b.do(b.f.AddDataValidation(sheet, dv))
	}
	prices := fmt.Sprintf("$%s$%d:$%s$%d", colName(first), egPriceRow, colName(lastCol), egPriceRow)
	b.do(func() error {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s%d:%s%d", colName(first), egPriceRow, colName(lastCol), egPriceRow))
		if err := dv.SetRange(0, 1e12, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		return b.f.AddDataValidation(sheet, dv)
	}())

	row++
	b.text(1, row, "Weighted points", "header")
	row++
	firstPoints := row
	qi := 0
	for _, cr := range p.Award.Criteria {
		b.text(1, row, cr.Name, "cell")
		b.text(2, row, cr.Type, "cell")
		b.number(3, row, cr.Weight, "number")
		for j := range n {
			c := colName(first + j)
			var f string
			if cr.Type == "quality" {
				f = fmt.Sprintf(`IF(%s$%d>0,%s%d/%d*$C%d,0)`, c, egPriceRow, c, quality[qi], top, row)
			} else {
				f = fmt.Sprintf(`IF(%s$%d>0,MIN(%s)/%s$%d*$C%d,0)`, c, egPriceRow, prices, c, egPriceRow, row)
			}
			b.formula(first+j, row, f, "number")
		}
		if cr.Type == "quality" {
			qi++
		}
		row++
	}
	lastPoints := row - 1
	total := row
	b.text(1, total, "Total points", "label")
	b.blank(2, total, "cell")
	b.formula(3, total, fmt.Sprintf("SUM(C%d:C%d)", firstPoints, lastPoints), "result")
	for j := range n {
		c := colName(first + j)
		b.formula(first+j, total, fmt.Sprintf("SUM(%s%d:%s%d)", c, firstPoints, c, lastPoints), "result")
	}
	rank := total + 1
	b.text(1, rank, "Rank", "label")
	b.blank(2, rank, "cell")
	b.blank(3, rank, "cell")
	totals := fmt.Sprintf("$%s$%d:$%s$%d", colName(first), total, colName(lastCol), total)
	for j := range n {
		c := colName(first + j)
		b.formula(first+j, rank, fmt.Sprintf(`IF(%s$%d>0,RANK(%s%d,%s),"")`, c, egPriceRow, c, total, totals), "rank")
	}
	check := rank + 2
	b.text(1, check, "Weights", "label")
	b.formula(2, check, fmt.Sprintf(`IF(ROUND(C%d,6)=100,"Weights sum to 100 %%","Check: the weights must sum to 100 %%")`, total), "result")
	b.Merge(sheet, cellName(2, check), cellName(lastCol, check))
	b.do(b.f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 3, YSplit: 4, TopLeftCell: cellName(first, 5), ActivePane: "bottomRight"}))
	b.do(b.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}))
	descriptors(b, p)
	return b.finish()
}

// descriptors adds the sheet that says what earns each score on each
// quality criterion, the same table the specification publishes.
func descriptors(b *sheetBuilder, p *Pack) {
	const sheet = "Descriptors"
	b.Sheets(sheet)
	b.Widths(sheet, 40, 16, 80)
	b.Text(sheet, 1, 1, "What earns each score", "title")
	for i, h := range []string{"Criterion", "Score", "Descriptor"} {
		b.Text(sheet, i+1, 2, h, "header")
	}
	row := 3
	for _, cr := range p.Award.Quality {
		for _, lv := range cr.Levels {
			b.Text(sheet, 1, row, cr.Name, "cell")
			b.Text(sheet, 2, row, fmt.Sprintf("%d (%s)", lv.Score, lv.Label), "cell")
			b.Text(sheet, 3, row, lv.Text, "cell")
			row++
		}
	}
	b.PrintSetup(sheet, workbook.Print{Landscape: true, TitleRow: 2})
	b.do(b.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}))
}
