package intake

import (
	"fmt"
	"github.com/citypath/citypath/internal/workbook"
	"slices"
	"strings"
)

// Problem is one thing wrong with a filled workbook, at its sheet and cell.
type Problem struct {
	// Sheet and Cell locate the problem, e.g. "Assessment" and "C7"; Cell
	// is empty for a problem of a whole sheet, and both for one of the file.
	Sheet, Cell string
	Msg         string
	// order sorts problems as the sheets and rows run.
	sheetIndex, row, col int
}

// Where is the problem's location as a spreadsheet reference,
// e.g. Assessment!C7 or 'State of play'!B9.
func (p Problem) Where() string {
	switch {
	case p.Sheet == "":
		return ""
	case p.Cell == "":
		return quoteSheet(p.Sheet)
	}
	return quoteSheet(p.Sheet) + "!" + p.Cell
}

func (p Problem) Error() string {
	if w := p.Where(); w != "" {
		return w + ": " + p.Msg
	}
	return p.Msg
}

// Problems is every problem found in a workbook, in sheet and cell order.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// sorted orders the problems by sheet, row and column, and drops repeats.
func (ps Problems) sorted() Problems {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b Problem) int {
		if a.sheetIndex != b.sheetIndex {
			return a.sheetIndex - b.sheetIndex
		}
		if a.row != b.row {
			return a.row - b.row
		}
		return a.col - b.col
	})
	return slices.CompactFunc(out, func(a, b Problem) bool { return a.Error() == b.Error() })
}

// cellRef is an input cell: its sheet's section and its coordinates.
type cellRef struct {
	section  string
	sheet    string
	col, row int
}

func (r cellRef) problem(format string, args ...any) Problem {
	p := Problem{Sheet: r.sheet, Msg: fmt.Sprintf(format, args...), sheetIndex: slices.Index(sections, r.section) + 1, row: r.row, col: r.col}
	if r.col > 0 {
		p.Cell = workbook.Cell(r.col, r.row)
	}
	return p
}
