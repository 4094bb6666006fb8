package procurement

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// Price schedule layout.
const (
	psTenderRow  = 4 // the tenderer's name
	psHeaderRow  = 6
	psQtyCol     = 4
	psPriceCol   = 5
	psTotalCol   = 6
	psSheet      = "Prices"
	psLastColumn = "F"
)

// PriceScheduleWorkbook writes the price schedule tenderers fill in: one
// row per line of the pack's schedule with its unit and quantity, a unit
// price cell for the tenderer (the only cells unlocked), and formulas for
// the line totals, the term, the options and the total cost of ownership
// the award's price criterion compares. Option years are priced at the
// running service's yearly price, as the option is on the same terms. The
// city's estimated unit prices are not in it: they are in the file note.
func PriceScheduleWorkbook(p *Pack) ([]byte, error) {
	ps := p.Prices
	b := newWorkbook(psSheet, p, "Price schedule")
	b.widths(6, 60, 12, 10, 18, 18)
	b.text(1, 1, "Price schedule: "+p.Contract.Title, "title")
	b.text(1, 2, fmt.Sprintf("%s, contracting process %s, %s. Enter a unit price, in %s net of VAT, in every yellow cell; the totals and the total cost of ownership over the %d-year term and the options are computed, and the award compares the total cost of ownership. Option years are priced at the yearly price of the running service.",
		p.Buyer.LegalName, p.OCID, p.Date, ps.Currency, ps.Years), "note")
	b.Merge(psSheet, "A2", psLastColumn+"2")
	b.height(2, 44)
	b.text(1, 3, "Contracting authority", "label")
	b.blank(2, 3, "label")
	b.text(3, 3, p.Buyer.LegalName, "cell")
	b.Merge(psSheet, "A3", "B3")
	b.Merge(psSheet, "C3", psLastColumn+"3")
	b.text(1, psTenderRow, "Tenderer", "label")
	b.blank(2, psTenderRow, "label")
	b.Merge(psSheet, cellName(1, psTenderRow), cellName(2, psTenderRow))
	for col := 3; col <= psTotalCol; col++ {
		b.blank(col, psTenderRow, "input")
	}
	b.Merge(psSheet, cellName(3, psTenderRow), psLastColumn+fmt.Sprint(psTenderRow))
	for i, h := range []string{"No.", "Item", "Unit", "Quantity", "Unit price (" + ps.Currency + ")", "Total (" + ps.Currency + ")"} {
		b.text(i+1, psHeaderRow, h, "header")
	}

	row := psHeaderRow + 1
	sections := []struct{ id, title string }{
		{OneOff, "One-off items"},
		{Yearly, fmt.Sprintf("Running service for each year of the %d-year term", ps.Years)},
		{Option, "Options"},
	}
	sums := map[string][2]int{} // section → first and last total row
	var yearlyPrice string      // the running service's unit price cell
	var inputs []string
	no := 0
	for _, sec := range sections {
		var lines []PriceLine
		for _, l := range ps.Lines {
			if l.Section == sec.id {
				lines = append(lines, l)
			}
		}
		if len(lines) == 0 {
			continue
		}
		b.text(1, row, sec.title, "header")
		b.Merge(psSheet, cellName(1, row), psLastColumn+fmt.Sprint(row))
		row++
		first := row
		for _, l := range lines {
			no++
			b.number(1, row, float64(no), "cell")
			b.text(2, row, l.Item, "cell")
			b.text(3, row, l.Unit, "cell")
			b.number(psQtyCol, row, l.Quantity, "number")
			price := cellName(psPriceCol, row)
			switch {
			case l.Section == Option && yearlyPrice != "":
				b.FormulaCached(psSheet, psPriceCol, row, yearlyPrice, 0.0, "number")
			default:
				b.blank(psPriceCol, row, "inputnum")
				inputs = append(inputs, price)
				if l.Section == Yearly && yearlyPrice == "" {
					yearlyPrice = price
				}
			}
			b.FormulaCached(psSheet, psTotalCol, row, fmt.Sprintf("%s*%s", cellName(psQtyCol, row), price), 0.0, "number")
			row++
		}
		sums[sec.id] = [2]int{first, row - 1}
	}
	total := func(label, formula, style string) string {
		b.text(1, row, label, "label")
		for col := 2; col < psTotalCol; col++ {
			b.blank(col, row, "label")
		}
		b.Merge(psSheet, cellName(1, row), cellName(psTotalCol-1, row))
		b.FormulaCached(psSheet, psTotalCol, row, formula, 0.0, style)
		cell := cellName(psTotalCol, row)
		row++
		return cell
	}
	sumOf := func(ids ...string) string {
		var parts []string
		for _, id := range ids {
			if r, ok := sums[id]; ok {
				parts = append(parts, fmt.Sprintf("SUM(%s:%s)", cellName(psTotalCol, r[0]), cellName(psTotalCol, r[1])))
			}
		}
		if len(parts) == 0 {
			return "0"
		}
		f := parts[0]
		for _, s := range parts[1:] {
			f += "+" + s
		}
		return f
	}
	row++
	term := total(fmt.Sprintf("Total for the %d-year term", ps.Years), sumOf(OneOff, Yearly), "result")
	options := total("Total of the options", sumOf(Option), "result")
	total("Total cost of ownership (term and options), compared in the award", fmt.Sprintf("%s+%s", term, options), "result")
	// A name, so that the evaluation and the tests find the total.
	b.do(b.f.SetDefinedName(&excelize.DefinedName{Name: "TCO", RefersTo: fmt.Sprintf("'%s'!$%s$%d", psSheet, colName(psTotalCol), row-1)}))
	for _, c := range inputs {
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(c)
		b.do(dv.SetRange(0, 1e12, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween))
		dv.SetError(excelize.DataValidationErrorStyleStop, "Unit price", "Enter a unit price of 0 or more, net of VAT.")
		b.do(b.f.AddDataValidation(psSheet, dv))
	}
	b.do(b.f.SetPanes(psSheet, &excelize.Panes{Freeze: true, YSplit: psHeaderRow, TopLeftCell: cellName(1, psHeaderRow+1), ActivePane: "bottomLeft"}))
	b.do(b.f.ProtectSheet(psSheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}))
	return b.finish()
}
